"""Where things live: paths and settings read from the environment."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = ROOT / "var" / "coprog.db"
DEFAULT_PORT = 8501


def db_path() -> Path:
    """The live database file: ``COPROG_DB`` or ``var/coprog.db`` (git-ignored)."""
    return Path(os.environ.get("COPROG_DB") or DEFAULT_DB)


def live_push() -> bool:
    """Whether open pages are told what moved by a server-sent stream (the
    default), or ask every 1.5 s as before (``COPROG_LIVE=poll``: the previous
    design, kept for comparison and for a proxy that cannot stream)."""
    return (os.environ.get("COPROG_LIVE") or "push").strip().lower() != "poll"


def lotl_signers_file() -> Path | None:
    """A PEM file with the certificates the European Commission signs its list
    of the trusted lists with (``COPROG_LOTL_SIGNERS``), when they are to be
    other than those pyHanko ships: a change the Commission announced before
    pyHanko's next release, or the tests' own Commission."""
    value = os.environ.get("COPROG_LOTL_SIGNERS")
    return Path(value) if value else None


DEFAULT_RUNS = 4  # page runs one process executes at once (the others wait their turn)


def concurrent_runs() -> int:
    """How many page runs one server process executes at the same time:
    ``COPROG_RUNS`` (0: no limit, every run at once as Streamlit does), else 4."""
    try:
        return max(int(os.environ.get("COPROG_RUNS") or DEFAULT_RUNS), 0)
    except ValueError:
        return DEFAULT_RUNS


def port(served: int | None = None) -> int:
    """The port links carry: ``COPROG_PORT`` (exported by ``make run PORT=8600``,
    set by ``serve`` for its processes behind nginx), else the one this process
    serves on when known, else 8501."""
    try:
        return int(os.environ.get("COPROG_PORT") or served or DEFAULT_PORT)
    except ValueError:
        return DEFAULT_PORT


def secret(name: str, secrets: dict | None = None) -> str | None:
    """A secret from the environment first, then from a secrets mapping
    (``.streamlit/secrets.toml`` as read by the app), never from the repo."""
    value = os.environ.get(name)
    if value:
        return value
    if secrets:
        value = secrets.get(name) or secrets.get(name.lower())
        if value:
            return str(value)
    return None
