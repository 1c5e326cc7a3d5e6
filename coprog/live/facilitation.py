"""Running a session: who may run it, its agenda of phases, the switches the
facilitator flips (contributions, voting, results on the projector, the
board's chart) and the countdown timer. Every change is audited and bumps the
session's version, so delegates' pages and the projector follow within 3 s."""

from __future__ import annotations

import time

from coprog.procedure import permissions, sessions
from coprog.procedure.permissions import may_run
from coprog.storage import audit, edits
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import taxonomy, vocabulary
from coprog.texts.errors import NotAllowed, NotFound
from coprog.texts.validation import Problems, integer, text

BOARD_VIEWS = (
    "auto",
    "aree",
    "mappa",
    "municipi",
    "matrice",
    "albero",
    "intensita",
    "tempo",
    "parole",
    "contesto",
    "risorse",
    "contributi",
    "opinione",
)
MAX_PHASES = vocabulary.MAX_PHASES


def sessions_for(database: Database, actor: Actor, process_id: int) -> list[dict]:
    return [s for s in sessions.sessions(database, process_id) if may_run(database, actor, s["id"])]


def _bump(db, session_id: int) -> None:
    db.execute("UPDATE session SET version = version + 1 WHERE id = ?", [session_id])


def _phase(db, phase_id: int):
    row = db.execute("SELECT * FROM phase WHERE id = ?", [phase_id]).fetchone()
    if row is None:
        raise NotFound("phase.unknown")
    return row


# -- the agenda ---------------------------------------------------------------


def _clean_phase(name, types) -> tuple[str, str]:
    problems = Problems()
    name = text(problems, "phase_name", name, max_len=120)
    allowed = taxonomy.codes("contribution_type")
    kinds = []
    for kind in types or []:
        if kind not in allowed:
            problems.add("contribution_types", "validation.unknown_value", value=str(kind)[:30])
        elif kind not in kinds:
            kinds.append(kind)
    problems.raise_if_any()
    return name, ",".join(kinds)


def add_phase(database: Database, actor: Actor, session_id: int, name: str, types=()) -> int:
    name, kinds = _clean_phase(name, types)
    permissions.require("run_session", actor, database=database, session_id=session_id)
    with database.write() as db:
        last = db.execute(
            "SELECT count(*), coalesce(max(position), 0) FROM phase WHERE session_id = ?", [session_id]
        ).fetchone()
        if last[0] >= MAX_PHASES:
            raise NotAllowed("phase.too_many", max=MAX_PHASES)
        phase_id = db.insert_row(
            "phase", {"session_id": session_id, "position": last[1] + 1, "name": name, "contribution_types": kinds}
        )
        audit.log(db, actor, "aggiunge_fase", "phase", phase_id, after={"name": name, "types": kinds})
    return phase_id


PHASE = ("name", "contribution_types")  # what the phase's editor saves (coprog/storage/edits.py)


def phase_fields(phase) -> dict:
    """A phase as its editor shows it: its name and the list of the types it collects."""
    return {"name": phase["name"], "contribution_types": [k for k in phase["contribution_types"].split(",") if k]}


def edit_phase(
    database: Database, actor: Actor, phase_id: int, name: str, types=(), based_on: str | None = None
) -> None:
    """Rename a phase and choose which contributions it collects (``based_on``: the
    version the editor started from; a save over another one is refused)."""
    name, kinds = _clean_phase(name, types)
    with database.write() as db:
        phase = _phase(db, phase_id)
        permissions.require("run_session", actor, database=database, session_id=phase["session_id"])
        edits.require_unchanged(db, based_on, phase_fields(phase), PHASE, "phase", phase_id, ("modifica_fase",))
        db.execute("UPDATE phase SET name = ?, contribution_types = ? WHERE id = ?", [name, kinds, phase_id])
        audit.log(
            db,
            actor,
            "modifica_fase",
            "phase",
            phase_id,
            before={"name": phase["name"], "types": phase["contribution_types"]},
            after={"name": name, "types": kinds},
        )


def move_phase(database: Database, actor: Actor, phase_id: int, step: int) -> None:
    """Swap a phase with its neighbour (step -1 = earlier, +1 = later)."""
    with database.write() as db:
        phase = _phase(db, phase_id)
        permissions.require("run_session", actor, database=database, session_id=phase["session_id"])
        other = db.execute(
            "SELECT id, position FROM phase WHERE session_id = ? AND position "
            + ("< ? ORDER BY position DESC" if step < 0 else "> ? ORDER BY position")
            + " LIMIT 1",
            [phase["session_id"], phase["position"]],
        ).fetchone()
        if other is None:
            return
        db.execute("UPDATE phase SET position = ? WHERE id = ?", [10_000 + phase["position"], phase_id])
        db.execute("UPDATE phase SET position = ? WHERE id = ?", [phase["position"], other["id"]])
        db.execute("UPDATE phase SET position = ? WHERE id = ?", [other["position"], phase_id])
        audit.log(
            db,
            actor,
            "sposta_fase",
            "phase",
            phase_id,
            before={"position": phase["position"]},
            after={"position": other["position"]},
        )


def remove_phase(database: Database, actor: Actor, phase_id: int) -> None:
    """Remove a phase that is not current and holds no contributions."""
    with database.write() as db:
        phase = _phase(db, phase_id)
        permissions.require("run_session", actor, database=database, session_id=phase["session_id"])
        current = db.execute("SELECT current_phase_id FROM session WHERE id = ?", [phase["session_id"]]).fetchone()[0]
        if current == phase_id:
            raise NotAllowed("phase.is_current")
        if db.execute("SELECT 1 FROM contribution WHERE phase_id = ? LIMIT 1", [phase_id]).fetchone():
            raise NotAllowed("phase.has_contributions")
        db.execute("DELETE FROM phase WHERE id = ?", [phase_id])
        later = db.execute(
            "SELECT id, position FROM phase WHERE session_id = ? AND position > ? ORDER BY position",
            [phase["session_id"], phase["position"]],
        ).fetchall()
        for row in later:  # close the gap, keeping positions unique at every step
            db.execute("UPDATE phase SET position = ? WHERE id = ?", [row["position"] - 1, row["id"]])
        _bump(db, phase["session_id"])
        audit.log(
            db, actor, "rimuove_fase", "phase", phase_id, before={"name": phase["name"], "position": phase["position"]}
        )


# -- switches -----------------------------------------------------------------


def set_current_phase(database: Database, actor: Actor, session_id: int, phase_id: int) -> None:
    """The facilitator moves the session to another phase of its agenda; a
    phase that collects contributions opens them in the same step (closing
    them stays the facilitator's explicit choice)."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    with database.write() as db:
        phase = db.execute(
            "SELECT session_id, contribution_types, contributions_open FROM phase WHERE id = ?", [phase_id]
        ).fetchone()
        if phase is None or phase[0] != session_id:
            raise NotFound("phase.unknown")
        before = db.execute("SELECT current_phase_id FROM session WHERE id = ?", [session_id]).fetchone()
        db.execute(
            "UPDATE session SET current_phase_id = ?, version = version + 1 WHERE id = ?", [phase_id, session_id]
        )
        audit.log(db, actor, "fase_corrente", "session", session_id, before=before[0], after=phase_id)
        if phase["contribution_types"] and not phase["contributions_open"]:
            db.execute(
                "UPDATE phase SET contributions_open = 1, opened_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                " WHERE id = ?",
                [phase_id],
            )
            audit.log(db, actor, "apre_contributi", "phase", phase_id, before=0, after=1, with_phase=True)


def set_silent(database: Database, actor: Actor, phase_id: int, silent: bool) -> None:
    """A silent round: while on, delegates and the projector see only their own
    contributions and counts, no chart; turning it off reveals everything at once."""
    with database.write() as db:
        phase = _phase(db, phase_id)
        permissions.require("run_session", actor, database=database, session_id=phase["session_id"])
        db.execute("UPDATE phase SET silent = ? WHERE id = ?", [int(silent), phase_id])
        audit.log(db, actor, "giro_silenzioso" if silent else "rivela", "phase", phase_id, silent=bool(silent))


def silent_sessions(database: Database, process_id: int) -> set[int]:
    """The percorso's sessions whose current phase is a silent round."""
    return {
        r["id"]
        for r in database.query(
            "SELECT s.id FROM session s JOIN phase p ON p.id = s.current_phase_id WHERE s.process_id = "
            "? AND p.silent = 1",
            (process_id,),
        )
    }


def _require_run_phase(database: Database, actor: Actor, phase_id: int) -> None:
    """The phase exists and the actor may run its session."""
    with database.read() as conn:
        phase = conn.execute("SELECT session_id FROM phase WHERE id = ?", (phase_id,)).fetchone()
    if phase is None:
        raise NotFound("phase.unknown")
    permissions.require("run_session", actor, database=database, session_id=phase["session_id"])


def set_contributions_open(database: Database, actor: Actor, phase_id: int, is_open: bool) -> None:
    """The facilitator opens or closes the phase's collection of contributions."""
    _require_run_phase(database, actor, phase_id)
    with database.write() as db:
        row = db.execute("SELECT contributions_open FROM phase WHERE id = ?", [phase_id]).fetchone()
        stamp = "opened_at" if is_open else "closed_at"
        db.execute(
            f"UPDATE phase SET contributions_open = ?, {stamp} = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
            [int(is_open), phase_id],
        )
        audit.log(
            db,
            actor,
            "apre_contributi" if is_open else "chiude_contributi",
            "phase",
            phase_id,
            before=row[0],
            after=int(is_open),
        )


def set_reactions_open(database: Database, actor: Actor, phase_id: int, is_open: bool) -> None:
    """The facilitator opens or closes reactions and adesioni in the phase
    (the database refuses a reaction while they are closed)."""
    _require_run_phase(database, actor, phase_id)
    with database.write() as db:
        before = db.execute("SELECT reactions_open FROM phase WHERE id = ?", [phase_id]).fetchone()[0]
        db.execute("UPDATE phase SET reactions_open = ? WHERE id = ?", [int(is_open), phase_id])
        audit.log(
            db,
            actor,
            "apre_reazioni" if is_open else "chiude_reazioni",
            "phase",
            phase_id,
            before=before,
            after=int(is_open),
        )


def _set_session(database: Database, actor: Actor, session_id: int, action: str, **values) -> None:
    permissions.require("run_session", actor, database=database, session_id=session_id)
    with database.write() as db:
        row = db.execute("SELECT * FROM session WHERE id = ?", [session_id]).fetchone()
        if row is None:
            raise NotFound("session.unknown")
        sets = ", ".join(f"{k} = ?" for k in values)
        db.execute(f"UPDATE session SET {sets}, version = version + 1 WHERE id = ?", [*values.values(), session_id])
        audit.log(db, actor, action, "session", session_id, before={k: row[k] for k in values}, after=values)


def set_show_results(database: Database, actor: Actor, session_id: int, show: bool) -> None:
    _set_session(
        database, actor, session_id, "mostra_risultati" if show else "nasconde_risultati", show_results=int(show)
    )


def set_moderated(database: Database, actor: Actor, session_id: int, moderated: bool) -> None:
    """Moderated mode: new contributions wait for approval; open mode: visible at once."""
    _set_session(
        database, actor, session_id, "modalita_moderata" if moderated else "modalita_aperta", moderated=int(moderated)
    )


def set_board_view(database: Database, actor: Actor, session_id: int, view: str) -> None:
    if view not in BOARD_VIEWS:
        Problems([("board_view", "validation.unknown_value", {"value": str(view)[:20]})]).raise_if_any()
    _set_session(database, actor, session_id, "vista_tabellone", board_view=view)


# -- the countdown timer ------------------------------------------------------


def timer_remaining(session: dict, now: float | None = None) -> float:
    """Seconds left: running, paused, or the full duration when reset."""
    now = time.time() if now is None else now
    if session.get("timer_started_at") is not None:
        return max(0.0, session["timer_remaining"] - (now - session["timer_started_at"]))
    if session.get("timer_remaining") is not None:
        return max(0.0, session["timer_remaining"])
    return float(session.get("timer_seconds") or 0)


def timer_running(session: dict) -> bool:
    return session.get("timer_started_at") is not None


def timer_set(database: Database, actor: Actor, session_id: int, minutes) -> None:
    """Set (and reset) the duration; the timer stops at the full duration."""
    problems = Problems()
    minutes = integer(problems, "minutes", minutes, low=1, high=240)
    problems.raise_if_any()
    _set_session(
        database,
        actor,
        session_id,
        "timer_imposta",
        timer_seconds=minutes * 60,
        timer_started_at=None,
        timer_remaining=None,
    )


def timer_start(database: Database, actor: Actor, session_id: int, now: float | None = None) -> None:
    session = sessions.get_session(database, session_id)
    if timer_running(session):
        return
    left = timer_remaining(session, now)
    if left <= 0:
        left = float(session["timer_seconds"])
    _set_session(
        database,
        actor,
        session_id,
        "timer_avvia",
        timer_started_at=time.time() if now is None else now,
        timer_remaining=left,
    )


def timer_pause(database: Database, actor: Actor, session_id: int, now: float | None = None) -> None:
    session = sessions.get_session(database, session_id)
    if not timer_running(session):
        return
    _set_session(
        database, actor, session_id, "timer_pausa", timer_started_at=None, timer_remaining=timer_remaining(session, now)
    )


def timer_reset(database: Database, actor: Actor, session_id: int) -> None:
    _set_session(database, actor, session_id, "timer_azzera", timer_started_at=None, timer_remaining=None)


def format_clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
