"""Organisers' preparation and care of the records: editing the process and its
sessions, admitting applications, the facilitator's notes, and erasing a
delegate's personal data on request (GDPR art. 17) while their contributions
stay attributed to the organisation."""

from __future__ import annotations

from . import audit
from .audit import Actor
from .errors import NotAllowed, NotFound
from .facilitation import require_run
from .validation import Problems, choice, text

ADMISSION = ("ricevuta", "ammessa", "non_ammessa")


def _organiser(actor: Actor) -> None:
    if actor.kind != "organizzatore":
        raise NotAllowed("auth.organiser_only")


def _dates(problems: Problems, start, end) -> tuple[str | None, str | None]:
    start = str(start) if start else None
    end = str(end) if end else None
    if start and end and end < start:
        problems.add("end_date", "validation.dates_order")
    return start, end


def update_process(database, actor: Actor, process_id: int, *, title, description="", start_date=None,
                   end_date=None, office="") -> None:
    _organiser(actor)
    problems = Problems()
    values = {
        "title": text(problems, "title", title, max_len=200),
        "description": text(problems, "description", description, required=False, max_len=5000, multiline=True),
        "office": text(problems, "office", office, required=False, max_len=200),
    }
    values["start_date"], values["end_date"] = _dates(problems, start_date, end_date)
    problems.raise_if_any()
    _update(database, actor, "process", process_id, values)


def update_session(database, actor: Actor, session_id: int, *, title, kind, theme="", date=None, place="") -> None:
    _organiser(actor)
    problems = Problems()
    values = {
        "title": text(problems, "title", title, max_len=200),
        "kind": choice(problems, "kind", kind, ("plenaria", "tavolo")),
        "theme": text(problems, "theme", theme, required=False, max_len=500),
        "place": text(problems, "place", place, required=False, max_len=200),
        "date": str(date) if date else None,
    }
    problems.raise_if_any()
    _update(database, actor, "session", session_id, values)


def _update(database, actor: Actor, table: str, row_id: int, values: dict) -> None:
    with database.write() as db:
        row = db.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id]).fetchone()
        if row is None:
            raise NotFound("session.unknown" if table == "session" else "process.unknown")
        sets = ", ".join(f"{k} = ?" for k in values)
        db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])
        audit.log(db, actor, "modifica", table, row_id, before={k: row[k] for k in values}, after=values)


def set_admission(database, actor: Actor, organisation_id: int, status: str, reason: str = "") -> None:
    """ricevuta, ammessa, or non ammessa with a reason."""
    _organiser(actor)
    problems = Problems()
    choice(problems, "admission", status, ADMISSION)
    reason = text(problems, "admission_reason", reason, required=status == "non_ammessa", min_len=3, max_len=500)
    problems.raise_if_any()
    with database.write() as db:
        row = db.execute("SELECT admission, admission_reason FROM organisation WHERE id = ?", [organisation_id]).fetchone()
        if row is None:
            raise NotFound("organisation.unknown")
        db.execute("UPDATE organisation SET admission = ?, admission_reason = ? WHERE id = ?",
                   [status, reason if status == "non_ammessa" else "", organisation_id])
        audit.log(db, actor, "ammissione", "organisation", organisation_id, before=dict(row),
                  after={"admission": status, "admission_reason": reason})


def admitted(database) -> list[dict]:
    """The admitted ETS, for publication: public registry data only."""
    return database.query(
        "SELECT o.name AS denominazione, o.codice_fiscale, o.runts_number AS numero_runts, o.legal_form AS forma_giuridica,"
        " (SELECT group_concat(municipio, ';') FROM organisation_municipio m WHERE m.organisation_id = o.id) AS municipi,"
        " (SELECT group_concat(field, ';') FROM organisation_field f WHERE f.organisation_id = o.id) AS attivita"
        " FROM organisation o WHERE o.admission = 'ammessa' ORDER BY o.name")


def set_notes(database, actor: Actor, session_id: int, notes: str) -> None:
    """The facilitator's notes for the minutes of the session."""
    require_run(database, actor, session_id)
    problems = Problems()
    notes = text(problems, "notes", notes, required=False, max_len=20000, multiline=True)
    problems.raise_if_any()
    with database.write() as db:
        before = db.execute("SELECT notes FROM session WHERE id = ?", [session_id]).fetchone()
        if before is None:
            raise NotFound("session.unknown")
        db.execute("UPDATE session SET notes = ? WHERE id = ?", [notes, session_id])
        audit.log(db, actor, "note_verbale", "session", session_id, length=len(notes))


ERASED_NAME = "Delegato rimosso"


def erase_delegate(database, actor: Actor, delegate_id: int) -> None:
    """Erase a delegate's personal data: name, role, email and code go; the
    contributions, votes and attendance stay with the organisation. Audited
    without repeating the data erased."""
    _organiser(actor)
    from .access import new_access_code

    with database.write() as db:
        row = db.execute("SELECT organisation_id, erased_at FROM delegate WHERE id = ?", [delegate_id]).fetchone()
        if row is None:
            raise NotFound("delegate.unknown")
        if row["erased_at"]:
            raise NotAllowed("delegate.already_erased")
        db.execute(
            "UPDATE delegate SET name = ?, role = '', email = '', access_code = ?, revoked = 1,"
            " erased_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
            [f"{ERASED_NAME} {delegate_id}", new_access_code(), delegate_id])
        # the audit log keeps no copy of what was erased
        db.execute("UPDATE audit_log SET actor_label = ? WHERE actor_kind = 'delegato' AND actor_id = ?",
                   [f"{ERASED_NAME} {delegate_id}", delegate_id])
        audit.log(db, actor, "cancella_dati_personali", "delegate", delegate_id, organisation_id=row["organisation_id"])
