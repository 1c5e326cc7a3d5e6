"""Percorsi: create one from nothing, edit it, pick the current one, close and
archive it, delete the demo with everything it holds, and erase the
delegates' personal data once the retention period is over."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from coprog.procedure import delegates, permissions
from coprog.procedure.permissions import require_editable
from coprog.procedure.sessions import session_problem
from coprog.storage import audit, edits
from coprog.storage.audit import Actor
from coprog.storage.db import Database, meta_set
from coprog.texts import vocabulary
from coprog.texts.errors import NotAllowed, NotFound, ValidationError
from coprog.texts.validation import Problems, date_value, datetime_value, email, integer, text
from coprog.texts.vocabulary import BALLOT_OPEN, BALLOT_PREPARED, RUNNING

STATUSES = vocabulary.PROCESS_STATUSES
DEFAULT_RETENTION_MONTHS = vocabulary.DEFAULT_RETENTION_MONTHS
EDITABLE = (
    "title",
    "description",
    "office",
    "start_date",
    "end_date",
    "avviso_protocol",
    "avviso_date",
    "application_deadline",
    "clarification_deadline",
    "pec",
    "contact",
    "retention_months",
    "privacy_controller",
    "privacy_text",
)


def validate(fields: dict) -> dict:
    """Clean the fields of a percorso; raise ValidationError listing every problem."""
    problems = Problems()
    clean: dict[str, Any] = {
        "title": text(problems, "title", fields.get("title"), max_len=200),
        "description": text(
            problems, "description", fields.get("description"), required=False, max_len=5000, multiline=True
        ),
        "office": text(problems, "office", fields.get("office"), required=False, max_len=200),
        "start_date": date_value(problems, "start_date", fields.get("start_date")),
        "end_date": date_value(problems, "end_date", fields.get("end_date")),
        "avviso_protocol": text(problems, "avviso_protocol", fields.get("avviso_protocol"), required=False, max_len=60),
        "avviso_date": date_value(problems, "avviso_date", fields.get("avviso_date")),
        "application_deadline": datetime_value(problems, "application_deadline", fields.get("application_deadline")),
        "clarification_deadline": datetime_value(
            problems, "clarification_deadline", fields.get("clarification_deadline")
        ),
        "pec": email(problems, "pec", fields.get("pec")),
        "contact": text(problems, "contact", fields.get("contact"), required=False, max_len=300),
        "retention_months": integer(
            problems, "retention_months", fields.get("retention_months"), low=1, high=240, required=False
        )
        or DEFAULT_RETENTION_MONTHS,
        "privacy_controller": text(
            problems,
            "privacy_controller",
            fields.get("privacy_controller"),
            required=False,
            max_len=500,
            multiline=True,
        ),
        "privacy_text": text(
            problems, "privacy_text", fields.get("privacy_text"), required=False, max_len=20000, multiline=True
        ),
    }
    if clean["start_date"] and clean["end_date"] and clean["end_date"] < clean["start_date"]:
        problems.add("end_date", "validation.dates_order")
    deadline = clean["application_deadline"]
    if clean["avviso_date"] and deadline and deadline[:10] < clean["avviso_date"]:
        problems.add("application_deadline", "validation.deadline_before_avviso")
    questions = clean["clarification_deadline"]
    if questions and deadline and questions > deadline:
        problems.add("clarification_deadline", "validation.clarifications_after_deadline")
    problems.raise_if_any()
    return clean


def _check_sessions(db, problems: Problems, clean: dict, process_id: int | None) -> None:
    """The first session comes after the application deadline, and every session
    falls within the percorso's dates."""
    if process_id is None:
        return
    for row in db.execute("SELECT title, date FROM session WHERE process_id = ? AND date IS NOT NULL", [process_id]):
        session_problem(problems, clean, row["date"], row["title"])


def _duplicate(db, title: str, process_id: int | None) -> dict | None:
    row = db.execute(
        "SELECT * FROM process WHERE lower(title) = lower(?) AND id IS NOT ?", [title, process_id]
    ).fetchone()
    return dict(row) if row else None


def create(database: Database, actor: Actor, *, is_demo: bool = False, make_current: bool = True, **fields) -> int:
    """A new percorso (status attivo). A title already used is refused."""
    permissions.require("open_percorso", actor)
    clean = validate(fields)
    with database.write() as db:
        if _duplicate(db, clean["title"], None):
            raise ValidationError([("title", "process.duplicate", {"title": clean["title"]})])
        process_id = db.insert_row("process", {**clean, "is_demo": int(is_demo)})
        if make_current and not is_demo:
            meta_set(db, "current_process", str(process_id))
        audit.log(db, actor, "crea", "process", process_id, title=clean["title"], demo=is_demo)
    return process_id


def find_same(database: Database, **fields) -> dict | None:
    """The percorso with this title if every given field matches it (so a
    repeated CLI call is a no-op); raises ValidationError if the title is taken
    by a percorso that differs."""
    clean = validate(fields)
    existing = database.query_one("SELECT * FROM process WHERE lower(title) = lower(?)", (clean["title"],))
    if existing is None:
        return None
    given = {k: v for k, v in clean.items() if fields.get(k) not in (None, "")}
    if all(existing.get(k) == v for k, v in given.items()):
        return existing
    raise ValidationError([("title", "process.duplicate", {"title": clean["title"]})])


def update(database: Database, actor: Actor, process_id: int, based_on: str | None = None, **fields) -> None:
    """Change the percorso's settings (only the fields that change are written;
    ``based_on``: the version of the settings the editor started from)."""
    permissions.require("prepare", actor)
    current = get(database, process_id)
    clean = validate({**{k: current.get(k) for k in EDITABLE}, **fields})
    with database.write() as db:
        require_editable(db, process_id)
        stored = db.execute("SELECT * FROM process WHERE id = ?", [process_id]).fetchone()
        edits.require_unchanged(db, based_on, stored, EDITABLE, "process", process_id, ("modifica",))
        if _duplicate(db, clean["title"], process_id):
            raise ValidationError([("title", "process.duplicate", {"title": clean["title"]})])
        problems = Problems()
        _check_sessions(db, problems, clean, process_id)
        problems.raise_if_any()
        before = {k: dict(stored).get(k) for k in clean}  # as stored now, in this transaction
        changed = {k: v for k, v in clean.items() if before.get(k) != v}
        if not changed:
            return
        sets = ", ".join(f"{k} = ?" for k in changed)
        db.execute(f"UPDATE process SET {sets} WHERE id = ?", [*changed.values(), process_id])
        audit.log(db, actor, "modifica", "process", process_id, before={k: before[k] for k in changed}, after=changed)


def get(database: Database, process_id: int) -> dict:
    row = database.query_one("SELECT * FROM process WHERE id = ?", (process_id,))
    if row is None:
        raise NotFound("process.unknown")
    return row


def processes(database: Database) -> list[dict]:
    """Every percorso, the running ones first, newest first."""
    return database.query(
        "SELECT p.*, (SELECT count(*) FROM session s WHERE s.process_id = p.id) AS sessions,"
        " (SELECT count(*) FROM organisation o WHERE o.process_id = p.id) AS organisations"
        f" FROM process p ORDER BY p.status != '{RUNNING}', p.id DESC"
    )


def current(database: Database, chosen: int | None = None) -> dict | None:
    """The percorso to work on: the one chosen (by an organiser in this tab),
    else the one organisers made current, else the newest running real one,
    else the newest of all (the demo on a demo database)."""
    if chosen:
        row = database.query_one("SELECT * FROM process WHERE id = ?", (chosen,))
        if row:
            return row
    marked = database.scalar("SELECT value FROM meta WHERE key = 'current_process'")
    if marked:
        row = database.query_one("SELECT * FROM process WHERE id = ?", (int(marked),))
        if row:
            return row
    return database.query_one(
        f"SELECT * FROM process WHERE status = '{RUNNING}' AND is_demo = 0 ORDER BY id DESC LIMIT 1"
    ) or database.query_one(f"SELECT * FROM process ORDER BY status != '{RUNNING}', id DESC LIMIT 1")


def set_current(database: Database, actor: Actor, process_id: int) -> None:
    """The percorso every staff page opens on by default."""
    permissions.require("prepare", actor)
    get(database, process_id)
    with database.write() as db:
        meta_set(db, "current_process", str(process_id))
        audit.log(db, actor, "rende_corrente", "process", process_id)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def _move(
    database: Database,
    actor: Actor,
    process_id: int,
    *,
    needs: str,
    refusal: str,
    to: str,
    action: str,
    stamps: dict,
    before=None,
) -> None:
    """One step of the percorso's life (attivo -> chiuso -> archiviato, or back
    to attivo), with the times it sets (``stamps``: column -> value): checked,
    written and audited in one transaction."""
    permissions.require("prepare", actor)
    with database.write() as db:
        row = db.execute("SELECT status FROM process WHERE id = ?", [process_id]).fetchone()
        if row is None:
            raise NotFound("process.unknown")
        if row["status"] != needs:
            raise NotAllowed(refusal)
        if before:
            before(db)
        sets = "".join(f", {column} = ?" for column in stamps)
        db.execute(f"UPDATE process SET status = ?{sets} WHERE id = ?", [to, *stamps.values(), process_id])
        audit.log(db, actor, action, "process", process_id)


def close(database: Database, actor: Actor, process_id: int) -> None:
    """The procedure is over: no more contributions, votes or check-ins; the
    records can still be completed; the retention period starts."""

    def no_open_ballot(db) -> None:
        if db.execute(
            "SELECT 1 FROM ballot b JOIN session s ON s.id = b.session_id"
            f" WHERE s.process_id = ? AND b.status IN ('{BALLOT_OPEN}', '{BALLOT_PREPARED}')",
            [process_id],
        ).fetchone():
            raise NotAllowed("process.open_ballots")
        db.execute(
            "UPDATE phase SET contributions_open = 0, voting_open = 0 WHERE contributions_open + voting_open > 0"
            " AND session_id IN (SELECT id FROM session WHERE process_id = ?)",
            [process_id],
        )

    _move(
        database,
        actor,
        process_id,
        needs="attivo",
        refusal="process.not_running",
        to="chiuso",
        action="chiude_percorso",
        stamps={"closed_at": _now()},
        before=no_open_ballot,
    )


def archive(database: Database, actor: Actor, process_id: int) -> None:
    """A closed percorso becomes read-only (records are still generated)."""
    _move(
        database,
        actor,
        process_id,
        needs="chiuso",
        refusal="process.archive_needs_closed",
        to="archiviato",
        action="archivia_percorso",
        stamps={"archived_at": _now()},
    )


def reopen(database: Database, actor: Actor, process_id: int) -> None:
    """A closed (not archived) percorso runs again."""
    _move(
        database,
        actor,
        process_id,
        needs="chiuso",
        refusal="process.reopen_needs_closed",
        to="attivo",
        action="riapre_percorso",
        stamps={"closed_at": None},
    )


# Every table that holds a percorso's content, children first: what deleting the demo removes.
_CONTENT = (
    ("outgoing_mail", "process_id = :p"),
    ("vote_entry", "vote_id IN (SELECT v.id FROM vote v JOIN ballot b ON b.id = v.ballot_id {S_BALLOT})"),
    ("vote", "ballot_id IN (SELECT b.id FROM ballot b {S_BALLOT})"),
    ("ballot_paper", "ballot_id IN (SELECT b.id FROM ballot b {S_BALLOT})"),
    ("ballot_item", "ballot_id IN (SELECT b.id FROM ballot b {S_BALLOT})"),
    ("ballot", "session_id IN ({SESSIONS})"),
    ("seed_item", "session_id IN ({SESSIONS})"),
    ("paper_count", "session_id IN ({SESSIONS})"),
    ("contribution_author", "contribution_id IN (SELECT id FROM contribution WHERE session_id IN ({SESSIONS}))"),
    ("contribution_nil", "contribution_id IN (SELECT id FROM contribution WHERE session_id IN ({SESSIONS}))"),
    ("contribution_municipio", "contribution_id IN (SELECT id FROM contribution WHERE session_id IN ({SESSIONS}))"),
    ("contribution", "session_id IN ({SESSIONS})"),
    ("attendance", "session_id IN ({SESSIONS})"),
    ("session_facilitator", "session_id IN ({SESSIONS})"),
    ("delegate", "organisation_id IN ({ORGS})"),
    ("organisation_field", "organisation_id IN ({ORGS})"),
    ("organisation_municipio", "organisation_id IN ({ORGS})"),
    ("organisation", "process_id = :p"),
    ("phase", "session_id IN ({SESSIONS})"),
    ("session", "process_id = :p"),
    ("synthesis", "process_id = :p"),
    ("audit_log", "process_id = :p"),
    ("process", "id = :p"),
)


def delete_demo(database: Database, actor: Actor, process_id: int, confirm_title: str) -> dict:
    """Delete the demo percorso with everything it holds (one transaction,
    nothing of another percorso touched). Only a demo can be deleted: a real
    procedure's records are kept. Returns the rows removed per table."""
    permissions.require("prepare", actor)
    process = get(database, process_id)
    if not process["is_demo"]:
        raise NotAllowed("process.only_demo_deleted")
    if (confirm_title or "").strip().casefold() != process["title"].strip().casefold():
        raise ValidationError([("confirm", "process.confirm_title", {})])
    sessions, orgs = "SELECT id FROM session WHERE process_id = :p", "SELECT id FROM organisation WHERE process_id = :p"
    removed = {}
    with database.write() as db:
        db.execute("UPDATE session SET current_phase_id = NULL WHERE process_id = ?", [process_id])
        db.execute(
            "UPDATE contribution SET merged_into = NULL WHERE session_id IN"
            " (SELECT id FROM session WHERE process_id = ?)",
            [process_id],
        )
        for table, where in _CONTENT:
            where = where.format(SESSIONS=sessions, ORGS=orgs, S_BALLOT=f"WHERE b.session_id IN ({sessions})")
            removed[table] = db.execute(f"DELETE FROM {table} WHERE {where}", {"p": process_id}).rowcount
        db.execute("DELETE FROM meta WHERE key = 'current_process' AND value = ?", [str(process_id)])
        db.execute("DELETE FROM meta WHERE key = 'demo_password'")
        audit.log(db, actor, "elimina_demo", "percorso_eliminato", process_id, title=process["title"], removed=removed)
    return removed


def retention_ends(process: dict) -> str | None:
    """The day the delegates' personal data may be erased: closing date plus
    the retention period (None while the percorso runs)."""
    if not process.get("closed_at"):
        return None
    closed = datetime.fromisoformat(process["closed_at"].replace("Z", "+00:00")).date()
    months = closed.month - 1 + int(process.get("retention_months") or DEFAULT_RETENTION_MONTHS)
    year, month = closed.year + months // 12, months % 12 + 1
    day = min(
        closed.day,
        [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
            month - 1
        ],
    )
    return f"{year:04d}-{month:02d}-{day:02d}"


def purge(database: Database, actor: Actor, process_id: int, today: str | None = None) -> int:
    """Erase the personal data of every delegate of a closed percorso whose
    retention period is over (names, roles, emails, codes; also from the audit
    log's labels). Contributions, votes and attendance stay with the ETS.
    Returns how many delegates were erased."""
    permissions.require("prepare", actor)
    process = get(database, process_id)
    ends = retention_ends(process)
    if ends is None:
        raise NotAllowed("process.purge_needs_closed")
    today = today or datetime.now(UTC).date().isoformat()
    if today < ends:
        raise NotAllowed("process.retention_running", until=ends)
    with database.write() as db:
        ids = [
            r[0]
            for r in db.execute(
                "SELECT d.id FROM delegate d JOIN organisation o ON o.id = d.organisation_id"
                " WHERE o.process_id = ? AND d.erased_at IS NULL",
                [process_id],
            )
        ]
        for delegate_id in ids:
            delegates.erase_delegate_in(db, delegate_id)
        db.execute("UPDATE process SET purged_at = ? WHERE id = ?", [_now(), process_id])
        audit.log(db, actor, "cancella_dati_percorso", "process", process_id, delegates=len(ids))
    return len(ids)
