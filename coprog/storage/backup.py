"""A consistent copy of the live database, taken while the app runs (SQLite's
online backup API: pages are copied under the database's own locking, so
writes in progress are either wholly in the copy or not at all)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coprog.storage.db import Database


def backup(database: Database, out: str | Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    target = sqlite3.connect(str(out))
    try:
        with database.read() as source:
            source.backup(target, pages=256)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    return out


def integrity(path: str | Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
