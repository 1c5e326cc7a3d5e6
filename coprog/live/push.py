"""Pushing what moved to the open pages, instead of waiting for their poll.

One thread per server process watches the database file for commits: SQLite's
``PRAGMA data_version``, read on a connection of its own that never writes,
moves whenever any other connection commits, in this process or in another
one sharing the file (the several-processes mode). Only then are the
fingerprints (coprog/live/live.py) of the sessions that some page follows read
again, once per session for all its pages; each page whose session moved is
told at once. A quiet database costs one pragma per tick; a page costs nothing
until something it shows moves.

Two parts move with every vote or every new contribution; they are told at
most every ``THROTTLE`` seconds (the last change always arrives), as the poll
paced them: a burst of votes redraws live results every ten seconds, not 500
pages on every vote."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coprog.live import attendance, floor, live, tallies
from coprog.storage import audit
from coprog.storage.db import Database, connect

CHECK_EVERY = 10.0  # seconds: the pushed pages' access read again, their heartbeats written (one query, one write)
TICK = 0.01  # seconds between two looks at the file (a quiet database: 100 pragmas a second)
IDLE_TICK = 0.25  # the same when no page follows anything
# parts told at most this often (seconds, or a function of the pages following); the others at once:
# live results every ten seconds, the list less often the more pages follow it (live.push_pace)
THROTTLE = {"votes": live.RESULTS_EVERY, "list": lambda pages: live.push_pace(pages)["list_every"] / 1000}


Reader = Callable[[], "dict[str, str] | None"]


@dataclass(eq=False)
class Follower:
    """One open page following one thing (``key``: a session's fingerprints, a
    board's version...): ``tell`` is called (from the watcher's thread) with
    what to send it."""

    key: tuple
    tell: Callable[[dict[str, str]], None]
    delegate_id: int | None = None  # a delegate's page: its access is checked, its heartbeat written


@dataclass
class _Watched:
    reader: Reader  # reads the parts, or None when the thing is gone
    throttle: dict  # part -> told at most every so many seconds (or a function of the pages following)
    followers: set[Follower] = field(default_factory=set)
    read: dict[str, str] | None = None  # the parts as last read
    told: dict[str, str] | None = None  # as last told to the pages
    told_at: dict[str, float] = field(default_factory=dict)  # part -> when it was last told


def _limit(throttle: dict, part: str, pages: int) -> float:
    limit = throttle.get(part, 0)
    return limit(pages) if callable(limit) else limit


class Changes:
    """The watcher of one process (``start`` is called by the first ``follow``)."""

    def __init__(self, database: Database, tick: float = TICK, clock=time.monotonic):
        self.database = database
        self.tick, self.clock = tick, clock
        self._watched: dict[tuple, _Watched] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.reads = 0  # fingerprint reads (the bench reports them)
        self.last_check = clock()

    # -- pages ------------------------------------------------------------
    def follow(
        self,
        key: tuple,
        reader: Reader,
        tell: Callable[[dict[str, str]], None],
        throttle: dict | None = None,
        delegate_id: int | None = None,
    ) -> tuple[Follower, dict | None]:
        """Follow what ``reader`` reads (one reader per ``key``, shared by every page
        following it): the follower, and the parts to send first (None: gone)."""
        follower = Follower(key, tell, delegate_id)
        with self._lock:
            entry = self._watched.setdefault(key, _Watched(reader, dict(throttle or {})))
            entry.followers.add(follower)
            fresh = entry.read is None
        if fresh:  # read outside the lock: the watcher's thread keeps going meanwhile
            found = reader()
            self.reads += 1
            with self._lock:
                if entry.read is None:
                    entry.read = entry.told = found
        self._ensure_thread()
        return follower, entry.told

    def follow_session(
        self, session_id: int, tell: Callable[[dict[str, str]], None], delegate_id: int | None = None
    ) -> tuple[Follower, dict | None]:
        """A delegate's page: the session's fingerprints (coprog/live/live.py)."""
        reader = lambda: live.fingerprints(self.database, session_id)  # noqa: E731
        return self.follow(("session", session_id), reader, tell, THROTTLE, delegate_id)

    def unfollow(self, follower: Follower) -> None:
        with self._lock:
            entry = self._watched.get(follower.key)
            if entry is None:
                return
            entry.followers.discard(follower)
            if not entry.followers:
                self._watched.pop(follower.key, None)

    def followers(self, key: tuple) -> int:
        with self._lock:
            entry = self._watched.get(key)
            return len(entry.followers) if entry else 0

    # -- the thread -------------------------------------------------------
    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="coprog-push", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        conn = connect(Path(self.database.path), readonly=True)
        try:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            while not self._stop.is_set():
                with self._lock:
                    busy = bool(self._watched)
                self._stop.wait(self.tick if busy else IDLE_TICK)
                try:
                    now_version = conn.execute("PRAGMA data_version").fetchone()[0]
                except sqlite3.Error:
                    continue  # the file is busy a moment: look again at the next tick
                moved = now_version != version
                version = now_version
                self.step(read_again=moved)
                if self.clock() - self.last_check >= CHECK_EVERY:
                    self.check_pages()
        finally:
            conn.close()

    def step(self, *, read_again: bool) -> None:
        """One look: read the followed things again when the file moved, and
        tell the pages what is due (a throttled part whose time came, too)."""
        now = self.clock()
        with self._lock:
            entries = list(self._watched.values())
        for entry in entries:
            if read_again:
                entry.read = entry.reader()
                self.reads += 1
            found, told = entry.read, entry.told
            if found is None or told is None:
                if found is not told:
                    entry.told = found
                    self._tell(entry, found if found is not None else {"access": "gone"})
                continue
            pages = len(entry.followers)
            due = [
                part
                for part, value in found.items()
                if told.get(part) != value
                and now - entry.told_at.get(part, -1e9) >= _limit(entry.throttle, part, pages)
            ]
            if not due:
                continue
            sent = {**told, **{part: found[part] for part in due}}
            for part in due:
                entry.told_at[part] = now
            entry.told = sent
            self._tell(entry, sent)

    def check_pages(self) -> None:
        """Every ``CHECK_EVERY`` s, for all the delegates' pages of this process at
        once: who may no longer take part is told so; the others' heartbeats."""
        self.last_check = self.clock()
        with self._lock:
            pages = [(f, f.delegate_id, f.key[1]) for e in self._watched.values() for f in e.followers if f.delegate_id]
        try:
            refused = live.check_pages(self.database, [(d, s) for _, d, s in pages])
        except sqlite3.Error:
            return  # busy: at the next check
        for follower, delegate_id, _ in pages:
            if delegate_id in refused:
                follower.tell({"access": "no"})

    def _tell(self, entry: _Watched, fingerprints: dict[str, str]) -> None:
        with self._lock:
            followers = list(entry.followers)
        for follower in followers:
            follower.tell(fingerprints)


KEEPALIVE = 30.0  # seconds: a comment on a quiet stream, so proxies and phones keep it open
RETRY_MS = 2000  # the browser reconnects this long after losing the stream (a server restart)


def event(fingerprints: dict[str, str], allowed: bool, paced: dict[str, int]) -> str:
    """One server-sent event: the fingerprints, ``access`` and the ``pace``."""
    body = {**fingerprints, "access": "ok" if allowed else "no", "pace": paced}
    return f"data: {json.dumps(body, separators=(',', ':'))}\n\n"


def _inbox() -> tuple[asyncio.Queue, Callable[[dict[str, str]], object]]:
    """A page's queue on the event loop, and the ``tell`` the watcher's thread calls to fill it."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    return queue, lambda found: loop.call_soon_threadsafe(queue.put_nowait, found)


async def _told(queue: asyncio.Queue):
    """What the watcher tells the page, as it comes; None after a quiet ``KEEPALIVE``."""
    while True:
        try:
            yield await asyncio.wait_for(queue.get(), timeout=KEEPALIVE)
        except TimeoutError:
            yield None


async def stream(changes: Changes, watch: live.Watch, delegate_id: int, session_id: int, run_blocking):
    """The events of one delegate's page (text/event-stream): what moved, when it
    moves; ``run_blocking`` runs the database reads off the event loop. Whether
    the delegate may still take part is checked with all the pages of the
    process (``Changes.check_pages``)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    follower, first = await run_blocking(
        changes.follow_session,
        session_id,
        lambda found: loop.call_soon_threadsafe(queue.put_nowait, found),
        delegate_id,
    )
    try:
        allowed = await run_blocking(watch.allowed, delegate_id, session_id, time.time())
        yield f"retry: {RETRY_MS}\n\n"
        if first is None or not allowed:  # a session gone or a delegate refused: the page reruns whole
            yield 'data: {"access":"no"}\n\n'
            return
        yield event(first, True, live.push_pace(changes.followers(follower.key)))
        async for found in _told(queue):
            if found is None:
                yield ":\n\n"
                continue
            if found.get("access") in ("no", "gone"):
                yield 'data: {"access":"no"}\n\n'
                return
            yield event(found, True, live.push_pace(changes.followers(follower.key)))
    finally:
        changes.unfollow(follower)


# -- the staff pages: a projector, a board, the console's queue and counters, documents ---
SIGNALS = ("board", "floor", "present", "records")
# a board redraws at most once a second; a page of documents is told once that they are out of date
SIGNAL_THROTTLE = {"board": 1.0, "floor": 0.0, "present": 2.0, "records": 2.0}


def signal_reader(database: Database, kind: str, session_id: int | None, process_id: int | None) -> Reader:
    """What a staff page redraws on: the board's version (the projector, the
    board), the floor's queue (the console), the room's counters (the console),
    the percorso's last audited write (a page offering documents built from it)."""
    if kind == "board":
        return lambda: {"v": str(tallies.board_version(database, session_id, process_id=process_id))}
    if kind == "floor" and session_id is not None:
        return lambda: {"v": str(floor.fingerprint(database, session_id))}
    if kind == "present":
        return lambda: {"v": json.dumps(attendance.counts(database, session_id, process_id=process_id))}
    if kind == "records" and process_id is not None:
        return lambda: {"v": str(audit.last_change(database, process_id))}
    raise ValueError(kind)


async def signal_stream(changes: Changes, kind: str, session_id: int | None, process_id: int | None, run_blocking):
    """The events of one staff page: the value it redraws on, when it moves."""
    queue, tell = _inbox()
    reader = signal_reader(changes.database, kind, session_id, process_id)
    key = ("signal", kind, session_id, process_id)
    follower, first = await run_blocking(changes.follow, key, reader, tell, {"v": SIGNAL_THROTTLE[kind]})
    try:
        yield f"retry: {RETRY_MS}\n\n"
        yield f"data: {json.dumps(first or {})}\n\n"
        async for found in _told(queue):
            yield ":\n\n" if found is None else f"data: {json.dumps(found)}\n\n"
    finally:
        changes.unfollow(follower)
