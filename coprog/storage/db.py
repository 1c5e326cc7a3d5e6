"""Connections and transactions on the one SQLite file.

One writer connection per process, behind a lock (Streamlit runs each script
run in a fresh thread, so connections are opened with
``check_same_thread=False``); reads borrow connections from a small pool.
Every write is one ``BEGIN IMMEDIATE`` transaction, so a read-then-write never
fails with SQLITE_BUSY half-way under WAL, and several processes sharing the
file queue up within the busy timeout. That wait is ours (``_begin``): SQLite's
own busy handler sleeps in growing steps (up to 100 ms) however soon the other
process commits, and with two processes writing votes a waiting writer slept
through most of its wait while every other write of its process queued behind
it (bench/load.py at 500: a vote's p50 0.7 s with the server a quarter busy).
"""

from __future__ import annotations

import itertools
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from coprog.storage.migrations import migrate as run_migrations
from coprog.texts.errors import Busy, NotFound

BUSY_TIMEOUT_MS = 5000
BEGIN_PAUSES = (0.0002, 0.0005, 0.001, 0.002)  # seconds between two tries at the write lock, then the last
READ_POOL_SIZE = 4


def connect(path: str | Path, *, readonly: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """Open one connection with the house settings (WAL, busy timeout, FKs)."""
    path = Path(path)
    if not readonly:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        str(path),
        check_same_thread=False,
        isolation_level=None,  # we issue BEGIN/COMMIT ourselves
        timeout=busy_timeout_ms / 1000,
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    else:
        conn.execute("PRAGMA query_only = ON")
    return conn


class Transaction(sqlite_utils.Database):
    """What ``Database.write()`` yields: sqlite-utils on the writer connection,
    inside one transaction."""

    def __getitem__(self, name: str) -> sqlite_utils.db.Table:
        """A table (never a view: the core writes tables only)."""
        return self.table(name)

    def insert_row(self, table: str, row: dict) -> int:
        """Insert one row; its new id."""
        pk = self.table(table).insert(row).last_pk
        assert pk is not None, table
        return int(pk)


class Database:
    """The app's handle on the database file: ``write()`` and ``read()``."""

    def __init__(self, path: str | Path, *, migrate: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = Path(path)
        self._writer = connect(self.path, busy_timeout_ms=busy_timeout_ms)
        self._busy_timeout_ms = int(busy_timeout_ms)
        self._write_lock = threading.RLock()
        self._readers: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._opened = 0
        self._opened_lock = threading.Lock()
        if migrate:
            run_migrations(self)

    # -- writes -----------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """One transaction: everything inside commits together or not at all."""
        with self._write_lock:
            conn = self._writer
            if conn.in_transaction:  # nested: ride on the outer transaction
                yield Transaction(conn, execute_plugins=False)
                return
            self._begin(conn)
            try:
                yield Transaction(conn, execute_plugins=False)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            else:
                try:
                    conn.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise Busy("error.busy") from exc

    def _begin(self, conn: sqlite3.Connection) -> None:
        """``BEGIN IMMEDIATE``, trying again every few tenths of a millisecond (at
        most 2 ms) while another process holds the write lock, until the busy
        timeout: a write starts about when the other one ends. Inside the
        transaction the connection's own busy timeout applies again."""
        deadline = time.monotonic() + self._busy_timeout_ms / 1000
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            for attempt in itertools.count():
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not ("locked" in str(exc) or "busy" in str(exc)):
                        raise
                    if time.monotonic() >= deadline:
                        raise Busy("error.busy") from exc
                time.sleep(BEGIN_PAUSES[min(attempt, len(BEGIN_PAUSES) - 1)])
        finally:
            conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")

    @contextmanager
    def exclusive_connection(self) -> Iterator[sqlite3.Connection]:
        """The writer connection, held for this thread (``write()`` may nest
        inside): for connection settings that must change outside a transaction."""
        with self._write_lock:
            yield self._writer

    # -- reads ------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads, borrowed from the pool."""
        try:
            conn = self._readers.get_nowait()
        except queue.Empty:
            conn = connect(self.path, readonly=True)
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if self._readers.qsize() < READ_POOL_SIZE:
                self._readers.put(conn)
            else:
                conn.close()

    def query(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        with self.read() as conn:
            return [dict(row) for row in conn.execute(sql, params)]

    def query_one(self, sql: str, params: tuple | dict = ()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def one(self, sql: str, params: tuple | dict = ()) -> dict:
        """The row a query always returns (an aggregate, or a row that must exist)."""
        row = self.query_one(sql, params)
        if row is None:
            raise NotFound("record.unknown")
        return row

    def scalar(self, sql: str, params: tuple | dict = ()):
        with self.read() as conn:
            row = conn.execute(sql, params).fetchone()
            return row[0] if row else None

    def close(self) -> None:
        with self._write_lock:
            self._writer.close()
        while True:
            try:
                self._readers.get_nowait().close()
            except queue.Empty:
                break


# -- settings kept in the database (shared by every server process) ----------


def meta_get(database: Database, key: str) -> str | None:
    return database.scalar("SELECT value FROM meta WHERE key = ?", (key,))


def meta_set(db, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
