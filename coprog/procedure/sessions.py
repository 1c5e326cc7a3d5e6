"""Sessions, one module for their writes: a plenary or a working table created with
its default agenda, its details changed, the facilitator's notes for its minutes;
and the reads every page needs (a session, its phases, its join code, its version)."""

from __future__ import annotations

from coprog.procedure import access, permissions
from coprog.storage import audit, edits
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import i18n, taxonomy
from coprog.texts.errors import NotFound, ValidationError
from coprog.texts.validation import Problems, choice, date_value, text


def session_problem(problems: Problems, process: dict, day: str | None, title: str = "") -> None:
    """A session's date against its percorso: not before the application
    deadline (the first session follows the admissions), not outside start-end."""
    if not day:
        return
    deadline = process.get("application_deadline")
    if deadline and day < deadline[:10]:
        problems.add("date", "validation.session_before_deadline", session=title, deadline=i18n.local_when(deadline))
    if (process.get("start_date") and day < process["start_date"]) or (
        process.get("end_date") and day > process["end_date"]
    ):
        problems.add("date", "validation.session_outside_process", session=title)


def create_session(
    database: Database,
    actor: Actor,
    *,
    process_id: int,
    kind: str,
    title: str,
    theme: str = "",
    date: str | None = None,
    place: str = "",
    moderated: bool = False,
) -> int:
    """A plenary or working table with the default agenda of phases."""
    problems = Problems()
    choice(problems, "kind", kind, ("plenaria", "tavolo"))
    title = text(problems, "title", title, max_len=200)
    theme = text(problems, "theme", theme, required=False, max_len=500)
    place = text(problems, "place", place, required=False, max_len=200)
    date = date_value(problems, "date", date)
    problems.raise_if_any()
    with database.write() as db:
        process = db.execute("SELECT * FROM process WHERE id = ?", [process_id]).fetchone()
        if process is None:
            raise NotFound("process.unknown")
        permissions.require_editable(db, process_id)
        if db.execute(
            "SELECT 1 FROM session WHERE process_id = ? AND lower(title) = lower(?)", [process_id, title]
        ).fetchone():
            raise ValidationError([("title", "session.duplicate", {"title": title})])
        session_problem(problems, dict(process), date, title)
        problems.raise_if_any()
        session_id = access.with_fresh_code(
            "join_code",
            access.new_join_code,
            lambda code: db.insert_row(
                "session",
                {
                    "process_id": process_id,
                    "kind": kind,
                    "title": title,
                    "theme": theme,
                    "date": date,
                    "place": place,
                    "moderated": int(moderated),
                    "join_code": code,
                },
            ),
        )
        first_phase = None
        for template in taxonomy.default_phases():
            phase_id = db.insert_row(
                "phase",
                {
                    "session_id": session_id,
                    "position": template.position,
                    "name": template.it,
                    "contribution_types": template.contribution_types,
                },
            )
            first_phase = first_phase or phase_id
        db.execute("UPDATE session SET current_phase_id = ? WHERE id = ?", [first_phase, session_id])
        audit.log(db, actor, "crea", "session", session_id, title=title, kind=kind)
    return session_id


def sessions(database: Database, process_id: int | None = None) -> list[dict]:
    sql = (
        "SELECT s.*, p.name AS phase_name, p.contributions_open, p.contribution_types"
        " FROM session s LEFT JOIN phase p ON p.id = s.current_phase_id"
    )
    if process_id is not None:
        return database.query(sql + " WHERE s.process_id = ? ORDER BY s.id", (process_id,))
    return database.query(sql + " ORDER BY s.id")


def get_session(database: Database, session_id: int) -> dict:
    row = database.query_one(
        "SELECT s.*, p.name AS phase_name, p.contributions_open, p.contribution_types,"
        " p.position AS phase_position, coalesce(p.silent, 0) AS silent,"
        " coalesce(p.reactions_open, 0) AS reactions_open FROM session s"
        " LEFT JOIN phase p ON p.id = s.current_phase_id WHERE s.id = ?",
        (session_id,),
    )
    if row is None:
        raise NotFound("session.unknown")
    row["open_types"] = open_types(row)
    return row


def phase_types(session_row: dict) -> list[str]:
    """The contribution types the session's current phase is for (open or not)."""
    return [t for t in (session_row.get("contribution_types") or "").split(",") if t]


def open_types(session_row: dict) -> list[str]:
    """Contribution types a delegate may submit now in this session."""
    return phase_types(session_row) if session_row.get("contributions_open") else []


def session_by_join_code(database: Database, typed: str) -> dict:
    code = access.normalize_code(typed)
    row = code and database.query_one("SELECT id FROM session WHERE join_code = ?", (code,))
    if not row:
        raise NotFound("session.unknown_code")
    return get_session(database, row["id"])


def session_version(database: Database, session_id: int) -> int:
    """One cheap number that moves whenever the session's state or content does."""
    return database.scalar("SELECT version FROM session WHERE id = ?", (session_id,)) or 0


def phases(database: Database, session_id: int) -> list[dict]:
    return database.query("SELECT * FROM phase WHERE session_id = ? ORDER BY position", (session_id,))


DETAILS = ("title", "kind", "theme", "date", "place")  # what the session's editor saves (coprog/storage/edits.py)


def update_session(
    database: Database,
    actor: Actor,
    session_id: int,
    *,
    title,
    kind,
    theme="",
    date=None,
    place="",
    based_on: str | None = None,
) -> None:
    """Change a session's details (``based_on``: the version the editor started from)."""
    permissions.require("prepare", actor)
    problems = Problems()
    values = {
        "title": text(problems, "title", title, max_len=200),
        "kind": choice(problems, "kind", kind, ("plenaria", "tavolo")),
        "theme": text(problems, "theme", theme, required=False, max_len=500),
        "place": text(problems, "place", place, required=False, max_len=200),
        "date": date_value(problems, "date", date),
    }
    problems.raise_if_any()
    process = database.query_one(
        "SELECT p.* FROM process p JOIN session s ON s.process_id = p.id WHERE s.id = ?", (session_id,)
    )
    if process is None:
        raise NotFound("session.unknown")
    session_problem(problems, process, values["date"], values["title"])
    problems.raise_if_any()
    with database.write() as db:
        row = db.execute("SELECT * FROM session WHERE id = ?", [session_id]).fetchone()
        if row is None:
            raise NotFound("session.unknown")
        edits.require_unchanged(db, based_on, row, DETAILS, "session", session_id, ("modifica",))
        sets = ", ".join(f"{k} = ?" for k in values)
        db.execute(f"UPDATE session SET {sets} WHERE id = ?", [*values.values(), session_id])
        audit.log(db, actor, "modifica", "session", session_id, before={k: row[k] for k in values}, after=values)


NOTES = ("notes",)  # what the notes' editor saves (coprog/storage/edits.py)


def set_notes(database: Database, actor: Actor, session_id: int, notes: str, based_on: str | None = None) -> None:
    """The facilitator's notes for the minutes of the session (``based_on``: the
    version the editor started from; a save over another one is refused)."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    problems = Problems()
    notes = text(problems, "notes", notes, required=False, max_len=20000, multiline=True)
    problems.raise_if_any()
    with database.write() as db:
        before = db.execute("SELECT notes FROM session WHERE id = ?", [session_id]).fetchone()
        if before is None:
            raise NotFound("session.unknown")
        edits.require_unchanged(db, based_on, before, NOTES, "session", session_id, ("note_verbale",))
        db.execute("UPDATE session SET notes = ? WHERE id = ?", [notes, session_id])
        audit.log(db, actor, "note_verbale", "session", session_id, length=len(notes))
