"""The floor: delegates checked in to a session ask to speak from their page
(and may withdraw); the facilitator sees the queue, calls the next (or a
chosen one), and ends the turn; each turn has a time limit the projector counts
down. Turns and their times go into the verbale and the attendance register.

Order of the queue (``order``, a pure function): by request time; with
"first-time speakers first" on (the default), the ETS that have not yet spoken
in the session come before those that have, each part by request time. One
organisation, one voice: what counts is the ETS, whichever delegate spoke."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from coprog.procedure import permissions
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts.errors import NotAllowed, NotFound
from coprog.texts.validation import Problems, integer
from coprog.texts.vocabulary import SPEAKING, SPOKE, WAITING, WITHDRAWN_REQUEST

_DB_ERRORS = {
    "floor_one_live": "floor.already_asked",
    "floor_request.session_id, floor_request.delegate_id": "floor.already_asked",
    "floor_one_speaker": "floor.someone_speaking",
    "floor_request.session_id": "floor.someone_speaking",
    "non_presente": "floor.not_checked_in",
    "richiesta_chiusa": "floor.request_closed",
}


def _db_error(exc: sqlite3.IntegrityError) -> Exception:
    return permissions.translate(exc, _DB_ERRORS)


def stamp(moment: datetime | None = None) -> str:
    """The database's time format (UTC, milliseconds)."""
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def seconds_between(start: str, end: str) -> int:
    return max(0, round((_parse(end) - _parse(start)).total_seconds()))


def order(waiting: list[dict], spoken: set[int], first_timers_first: bool) -> list[dict]:
    """The queue: requests by time (then id); with ``first_timers_first``, the
    requests of ETS not in ``spoken`` first."""
    return sorted(
        waiting, key=lambda r: (first_timers_first and r["organisation_id"] in spoken, r["requested_at"], r["id"])
    )


# What moves when the queue does (a request, a withdrawal, a call, a turn's end): the
# delegates' watch (coprog/live/live.py) and the facilitator's console poll it.
FINGERPRINT_SQL = (
    "(SELECT count(*) || '.' || coalesce(max(f.id), 0) || '.' || coalesce(max(f.called_at), '')"
    f" || '.' || coalesce(max(f.ended_at), '') || '.' || sum(f.status = '{WITHDRAWN_REQUEST}')"
    " FROM floor_request f WHERE f.session_id = s.id)"
)


def fingerprint(database: Database, session_id: int) -> str | None:
    return database.scalar(f"SELECT {FINGERPRINT_SQL} FROM session s WHERE s.id = ?", (session_id,))


# -- delegates --------------------------------------------------------------------------


def ask(database: Database, actor: Actor, session_id: int, at: datetime | None = None) -> int:
    """The delegate asks to speak (once at a time; checked in to the session)."""
    permissions.require("ask_floor", actor)
    try:
        with database.write() as db:
            permissions.require_participation(db, actor.organisation_id, session_id)
            request_id = db.insert_row(
                "floor_request",
                {
                    "session_id": session_id,
                    "organisation_id": actor.organisation_id,
                    "delegate_id": actor.id,
                    "requested_at": stamp(at),
                },
            )
            audit.log(db, actor, "chiede_parola", "floor_request", request_id, session_id=session_id)
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc
    return request_id


def withdraw(database: Database, actor: Actor, session_id: int) -> None:
    """The delegate withdraws a request still waiting."""
    permissions.require("ask_floor", actor)
    with database.write() as db:
        row = db.execute(
            "SELECT id FROM floor_request WHERE session_id = ? AND delegate_id = ? AND status = ?",
            [session_id, actor.id, WAITING],
        ).fetchone()
        if row is None:
            raise NotAllowed("floor.nothing_to_withdraw")
        db.execute("UPDATE floor_request SET status = ? WHERE id = ?", [WITHDRAWN_REQUEST, row[0]])
        audit.log(db, actor, "ritira_richiesta", "floor_request", row[0], session_id=session_id)


def mine(database: Database, session_id: int, delegate_id: int) -> dict | None:
    """The delegate's live request (waiting or speaking) with its place in the queue."""
    row = database.query_one(
        "SELECT * FROM floor_request WHERE session_id = ? AND delegate_id = ? AND status IN (?, ?)",
        (session_id, delegate_id, WAITING, SPEAKING),
    )
    if row and row["status"] == WAITING:
        row["place"] = next(n for n, r in enumerate(queue(database, session_id), start=1) if r["id"] == row["id"])
    return row


# -- the facilitator ----------------------------------------------------------------------------


def settings(database: Database, session_id: int) -> dict:
    return database.one("SELECT floor_limit, floor_first_timers FROM session WHERE id = ?", (session_id,))


def configure(database: Database, actor: Actor, session_id: int, limit_seconds, first_timers_first: bool) -> None:
    """The turn's time limit (30 s – 30 min) and whether first-time speakers go first."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    problems = Problems()
    limit = integer(problems, "floor_limit", limit_seconds, low=30, high=1800)
    problems.raise_if_any()
    with database.write() as db:
        db.execute(
            "UPDATE session SET floor_limit = ?, floor_first_timers = ?, version = version + 1 WHERE id = ?",
            [limit, int(bool(first_timers_first)), session_id],
        )
        audit.log(
            db, actor, "imposta_interventi", "session", session_id, limit=limit, first_timers=bool(first_timers_first)
        )


def _spoken(conn, session_id: int) -> set[int]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT organisation_id FROM floor_request WHERE session_id = ? AND status IN (?, ?)",
            [session_id, SPOKE, SPEAKING],
        )
    }


def queue(database: Database, session_id: int) -> list[dict]:
    """Who waits, in the order they will be called, with delegate and ETS names
    and whether their ETS already spoke."""
    with database.read() as conn:
        return _queue(conn, session_id)


def _queue(conn, session_id: int) -> list[dict]:
    first = bool(conn.execute("SELECT floor_first_timers FROM session WHERE id = ?", [session_id]).fetchone()[0])
    spoken = _spoken(conn, session_id)
    waiting = [
        dict(r)
        for r in conn.execute(
            "SELECT f.id, f.organisation_id, f.delegate_id, f.requested_at, d.name AS delegate,"
            " o.name AS organisation FROM floor_request f JOIN organisation o ON o.id = f.organisation_id"
            " LEFT JOIN delegate d ON d.id = f.delegate_id WHERE f.session_id = ? AND f.status = ?",
            [session_id, WAITING],
        )
    ]
    for r in waiting:
        r["spoke_before"] = r["organisation_id"] in spoken
    return order(waiting, spoken, first)


def speaker(database: Database, session_id: int) -> dict | None:
    """Who has the floor now, with the turn's limit (seconds)."""
    return database.query_one(
        "SELECT f.id, f.organisation_id, f.delegate_id, f.called_at, d.name AS delegate, o.name AS organisation,"
        " s.floor_limit AS limit_seconds FROM floor_request f JOIN organisation o ON o.id = f.organisation_id"
        " JOIN session s ON s.id = f.session_id"
        " LEFT JOIN delegate d ON d.id = f.delegate_id WHERE f.session_id = ? AND f.status = ?",
        (session_id, SPEAKING),
    )


def elapsed(current: dict, now: datetime | None = None) -> int:
    return seconds_between(current["called_at"], stamp(now))


def _end(db, actor: Actor, session_id: int, at: str) -> int | None:
    row = db.execute(
        "SELECT id, called_at FROM floor_request WHERE session_id = ? AND status = ?", [session_id, SPEAKING]
    ).fetchone()
    if row is None:
        return None
    seconds = seconds_between(row["called_at"], at)
    db.execute(
        "UPDATE floor_request SET status = ?, ended_at = ?, seconds = ? WHERE id = ?", [SPOKE, at, seconds, row["id"]]
    )
    audit.log(db, actor, "chiude_intervento", "floor_request", row["id"], seconds=seconds)
    return row["id"]


def end_turn(database: Database, actor: Actor, session_id: int, at: datetime | None = None) -> None:
    """The speaker's turn ends: its time is recorded."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    with database.write() as db:
        if _end(db, actor, session_id, stamp(at)) is None:
            raise NotAllowed("floor.nobody_speaking")


def call(
    database: Database, actor: Actor, session_id: int, request_id: int | None = None, at: datetime | None = None
) -> dict:
    """Give the floor to ``request_id`` (by default the first in the queue);
    the current speaker's turn, if any, ends at that moment."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    now = stamp(at)
    try:
        with database.write() as db:
            if request_id is None:  # the first in the queue as this transaction sees it
                waiting = _queue(db.conn, session_id)
                if not waiting:
                    raise NotAllowed("floor.queue_empty")
                request_id = waiting[0]["id"]
            row = db.execute(
                "SELECT status FROM floor_request WHERE id = ? AND session_id = ?", [request_id, session_id]
            ).fetchone()
            if row is None:
                raise NotFound("floor.unknown_request")
            if row[0] != WAITING:
                raise NotAllowed("floor.request_closed")
            _end(db, actor, session_id, now)
            db.execute("UPDATE floor_request SET status = ?, called_at = ? WHERE id = ?", [SPEAKING, now, request_id])
            audit.log(db, actor, "dà_parola", "floor_request", request_id)
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc
    current = speaker(database, session_id)
    assert current is not None
    return current


# -- the records ------------------------------------------------------------------------


def turns(database: Database, session_id: int) -> list[dict]:
    """Every turn spoken in the session, in order: delegate, ETS, start, seconds."""
    return database.query(
        "SELECT f.called_at, f.seconds, d.name AS delegate, o.name AS organisation FROM floor_request f"
        " JOIN organisation o ON o.id = f.organisation_id LEFT JOIN delegate d ON d.id = f.delegate_id"
        " WHERE f.session_id = ? AND f.status = ? ORDER BY f.called_at, f.id",
        (session_id, SPOKE),
    )


def by_organisation(database: Database, session_id: int) -> list[dict]:
    """Turns and seconds per ETS in the session, most time first."""
    return database.query(
        "SELECT o.name AS organisation, count(*) AS turns, sum(f.seconds) AS seconds FROM floor_request f"
        " JOIN organisation o ON o.id = f.organisation_id WHERE f.session_id = ? AND f.status = ?"
        " GROUP BY o.id ORDER BY seconds DESC, o.name",
        (session_id, SPOKE),
    )


def duration(seconds: int | None) -> str:
    """«2 min 05 s», «45 s»."""
    seconds = int(seconds or 0)
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"
