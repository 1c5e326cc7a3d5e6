"""The attendance register: joining checks a delegate in; the facilitator
checks people in and out by hand, sets the mode (in person / online) and marks
delegations (a delegate speaking for another ETS). Delegates' open pages send
a heartbeat, so the projector can say who is connected right now."""

from __future__ import annotations

import time

from coprog.procedure import delegates, permissions
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts.errors import NotAllowed, NotFound
from coprog.texts.vocabulary import ON_BEHALF, SPOKE

HEARTBEAT_EVERY = 20  # seconds between two heartbeats of one page
CONNECTED_WITHIN = 45  # a page seen this recently counts as connected
MODES = ("presenza", "online")


def check_in_by_hand(
    database: Database,
    actor: Actor,
    session_id: int,
    delegate_id: int,
    mode: str = "presenza",
    represents_organisation_id: int | None = None,
) -> None:
    """Check a person in (or back in) by hand: arrivals without a device."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    if mode not in MODES:
        raise NotAllowed("attendance.bad_mode")
    with database.write() as db:
        delegate = db.execute("SELECT organisation_id FROM delegate WHERE id = ?", [delegate_id]).fetchone()
        if delegate is None:
            raise NotFound("delegate.unknown")
        permissions.require_participation(db, delegate["organisation_id"], session_id)
        if represents_organisation_id == delegate["organisation_id"]:
            represents_organisation_id = None
        if represents_organisation_id is not None:
            permissions.require_participation(db, represents_organisation_id, session_id)
        before = db.execute(
            "SELECT checked_in_at, checked_out_at, mode, represents_organisation_id"
            " FROM attendance WHERE session_id = ? AND delegate_id = ?",
            [session_id, delegate_id],
        ).fetchone()
        db.execute(
            "INSERT INTO attendance (session_id, delegate_id, organisation_id, mode,"
            " represents_organisation_id, entered_by, delegation_entered_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(session_id, delegate_id) DO UPDATE SET checked_out_at = NULL,"
            " mode = excluded.mode, represents_organisation_id = excluded.represents_organisation_id,"
            " delegation_entered_by = excluded.delegation_entered_by",
            [
                session_id,
                delegate_id,
                delegate["organisation_id"],
                mode,
                represents_organisation_id,
                ON_BEHALF,
                actor.label if represents_organisation_id else "",
            ],
        )
        audit.log(
            db,
            actor,
            "registra_entrata",
            "attendance",
            delegate_id,
            session_id=session_id,
            before=dict(before) if before else None,
            after={"mode": mode, "represents_organisation_id": represents_organisation_id},
        )


def hand_new_code(database: Database, actor: Actor, session_id: int, delegate_id: int, mode: str = "presenza") -> str:
    """A delegate who lost their link: the facilitator of the session checks
    them in and hands a new personal code (the old one stops working). One
    transaction, audited as both. Returns the new code."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    with database.write():
        check_in_by_hand(database, actor, session_id, delegate_id, mode)
        return delegates.reissue_code(database, actor, delegate_id)


def _scope(session_id: int | None, process_id: int | None) -> tuple[str, tuple]:
    if session_id:
        return "AND session_id = ?", (session_id,)
    if process_id:
        return "AND session_id IN (SELECT id FROM session WHERE process_id = ?)", (process_id,)
    raise ValueError("a session or a process")


def check_out(database: Database, actor: Actor, session_id: int, delegate_id: int) -> None:
    permissions.require("run_session", actor, database=database, session_id=session_id)
    with database.write() as db:
        cur = db.execute(
            "UPDATE attendance SET checked_out_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
            " WHERE session_id = ? AND delegate_id = ? AND checked_out_at IS NULL",
            [session_id, delegate_id],
        )
        if cur.rowcount == 0:
            raise NotAllowed("attendance.not_in")
        audit.log(db, actor, "registra_uscita", "attendance", delegate_id, session_id=session_id)


def register(database: Database, session_id: int | None = None, *, process_id: int | None = None) -> list[dict]:
    """The attendance register: one row per person and session (one session, or
    every session of the percorso): session, date, organisation, delegate, in,
    out, mode, the ETS they hold a delega for, who entered it, and their
    speaking turns (count and seconds, from the floor's queue); each ETS with
    its admission (the records flag one not admitted)."""
    where = "WHERE a.session_id = ?" if session_id else "WHERE s.process_id = ?"
    return database.query(
        "SELECT a.delegate_id, a.session_id, s.title AS session, s.date, o.id AS organisation_id,"
        " o.name AS organisation, o.admission, d.name AS delegate, a.checked_in_at, a.checked_out_at, a.mode,"
        " r.id AS represents_id, r.name AS represents, r.admission AS represents_admission, a.entered_by,"
        " coalesce(t.turns, 0) AS turns, coalesce(t.spoken, 0) AS spoken FROM attendance a"
        " JOIN session s ON s.id = a.session_id JOIN delegate d ON d.id = a.delegate_id"
        " JOIN organisation o ON o.id = a.organisation_id"
        " LEFT JOIN organisation r ON r.id = a.represents_organisation_id"
        " LEFT JOIN (SELECT session_id, delegate_id, count(*) AS turns, sum(seconds) AS spoken FROM floor_request"
        f"   WHERE status = '{SPOKE}' GROUP BY session_id, delegate_id) t"
        f"   ON t.session_id = a.session_id AND t.delegate_id = a.delegate_id {where}"
        " ORDER BY s.id, o.name, d.name",
        (session_id or process_id,),
    )


def heartbeat(database: Database, delegate_id: int, session_id: int, now: float | None = None) -> bool:
    """Record that the delegate's page is open; at most one write per HEARTBEAT_EVERY s."""
    now = time.time() if now is None else now
    with database.read() as conn:
        row = conn.execute(
            "SELECT last_seen_at FROM attendance WHERE session_id = ? AND delegate_id = ?", (session_id, delegate_id)
        ).fetchone()
    if row is None or (row[0] is not None and now - row[0] < HEARTBEAT_EVERY):
        return False
    with database.write() as db:
        db.execute(
            "UPDATE attendance SET last_seen_at = ? WHERE session_id = ? AND delegate_id = ?",
            [now, session_id, delegate_id],
        )
    return True


def heartbeats(database: Database, pages: list[tuple[int, int]], now: float | None = None) -> int:
    """The same for many open pages (delegate, session) in one write: those not
    seen for HEARTBEAT_EVERY s are marked seen now. How many were."""
    now = time.time() if now is None else now
    if not pages:
        return 0
    with database.write() as db:
        return sum(
            db.execute(
                "UPDATE attendance SET last_seen_at = ? WHERE session_id = ? AND delegate_id = ?"
                " AND (last_seen_at IS NULL OR last_seen_at <= ?)",
                [now, session_id, delegate_id, now - HEARTBEAT_EVERY],
            ).rowcount
            for delegate_id, session_id in pages
        )


def counts(
    database: Database, session_id: int | None = None, now: float | None = None, *, process_id: int | None = None
) -> dict:
    """Organisations present (delegations count for the ETS represented), delegates
    checked in, and delegates whose page is open right now: in one session, or
    across the sessions of one percorso."""
    now = time.time() if now is None else now
    where, scope = _scope(session_id, process_id)
    params = (now - CONNECTED_WITHIN, *scope)
    row = database.one(
        "SELECT count(DISTINCT coalesce(represents_organisation_id, organisation_id)) AS organisations,"
        " count(*) AS delegates, sum(last_seen_at >= ?) AS connected"
        f" FROM attendance WHERE checked_out_at IS NULL {where}",
        params,
    )
    return {
        "organisations": row["organisations"] or 0,
        "delegates": row["delegates"] or 0,
        "connected": row["connected"] or 0,
    }


def check_in(database: Database, delegate: dict, session_id: int) -> None:
    """Joining a session checks the delegate in (the first join's time is kept;
    joining again after a check-out checks them back in). Only delegates of an
    admitted ETS, in a session of its own running percorso."""
    with database.write() as db:
        permissions.require_participation(db, delegate["organisation_id"], session_id)
        cur = db.execute(
            "INSERT INTO attendance (session_id, delegate_id, organisation_id) VALUES (?, ?, ?)"
            " ON CONFLICT(session_id, delegate_id) DO UPDATE SET checked_out_at = NULL"
            " WHERE checked_out_at IS NOT NULL",
            [session_id, delegate["id"], delegate["organisation_id"]],
        )
        if cur.rowcount:
            audit.log(db, delegates.delegate_actor(delegate), "entra", "session", session_id)
