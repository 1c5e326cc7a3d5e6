"""Where things live: paths and settings read from the environment."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = ROOT / "var" / "coprog.db"
DEFAULT_BASE_URL = "http://localhost:8501"


def db_path() -> Path:
    """The live database file: ``COPROG_DB`` or ``var/coprog.db`` (git-ignored)."""
    return Path(os.environ.get("COPROG_DB") or DEFAULT_DB)


def base_url() -> str:
    """The public address used in invite links and QR codes."""
    return (os.environ.get("COPROG_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


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
