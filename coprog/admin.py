"""Organisers' preparation and care of the records: editing the process and its
sessions, admitting applications, the facilitator's notes, and erasing a
delegate's personal data on request (GDPR art. 17) while their contributions
stay attributed to the organisation."""

from __future__ import annotations

from . import audit, vocabulary
from .audit import Actor
from .db import Database
from .errors import NotAllowed, NotFound
from .permissions import require_editable, require_organiser, require_run
from .processes import session_problem
from .validation import Problems, choice, date_value, text

ADMISSION = vocabulary.ADMISSION


def update_session(
    database: Database, actor: Actor, session_id: int, *, title, kind, theme="", date=None, place=""
) -> None:
    require_organiser(actor)
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
    _update(database, actor, "session", session_id, values)


def _update(database: Database, actor: Actor, table: str, row_id: int, values: dict) -> None:
    with database.write() as db:
        row = db.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id]).fetchone()
        if row is None:
            raise NotFound("session.unknown")
        sets = ", ".join(f"{k} = ?" for k in values)
        db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])
        audit.log(db, actor, "modifica", table, row_id, before={k: row[k] for k in values}, after=values)


def set_admission(database: Database, actor: Actor, organisation_id: int, status: str, reason: str = "") -> dict:
    """ricevuta, ammessa, or non ammessa with a reason; every change audited with
    its reason. An ETS that took part keeps what it did (flagged as not admitted
    wherever it shows): returns what is affected, for the organiser to read."""
    return set_admissions(database, actor, [organisation_id], status, reason)[organisation_id]


def set_admissions(
    database: Database, actor: Actor, organisation_ids: list[int], status: str, reason: str = ""
) -> dict:
    """The same decision for several applications, in one transaction (all or
    none), one audit row each. Returns {organisation id: what it had done}."""
    require_organiser(actor)
    problems = Problems()
    choice(problems, "admission", status, ADMISSION)
    reason = text(problems, "admission_reason", reason, required=status == "non_ammessa", min_len=3, max_len=500)
    if not organisation_ids:
        problems.add("organisations", "validation.required")
    problems.raise_if_any()
    impacts = {}
    with database.write() as db:
        for organisation_id in dict.fromkeys(organisation_ids):
            row = db.execute(
                "SELECT admission, admission_reason, process_id, cf_non_conforme FROM organisation WHERE id = ?",
                [organisation_id],
            ).fetchone()
            if row is None:
                raise NotFound("organisation.unknown")
            require_editable(db, row["process_id"])
            if status == "ammessa" and row["cf_non_conforme"]:
                raise NotAllowed("validation.fiscal_code_person", value="")
            db.execute(
                "UPDATE organisation SET admission = ?, admission_reason = ?,"
                " admission_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                [status, reason, organisation_id],
            )
            impacts[organisation_id] = participation(db, organisation_id)
            audit.log(
                db,
                actor,
                "ammissione",
                "organisation",
                organisation_id,
                before={"admission": row["admission"], "admission_reason": row["admission_reason"]},
                after={"admission": status, "admission_reason": reason},
                affected=impacts[organisation_id],
            )
    return impacts


def received_on_time(applications: list[dict]) -> list[int]:
    """The applications still to examine that arrived by the deadline (or with
    no deadline set): what «admit every application on time» selects."""
    return [
        a["id"]
        for a in applications
        if a["admission"] == "ricevuta" and a["on_time"] is not False and not a["cf_non_conforme"]
    ]


def participation(db, organisation_id: int) -> dict:
    """What an ETS has done so far: sessions attended, contributions, ballots cast
    (and how many of those are still open)."""
    one = lambda sql: db.execute(sql, [organisation_id]).fetchone()[0]  # noqa: E731
    return {
        "sessions": one("SELECT count(DISTINCT session_id) FROM attendance WHERE organisation_id = ?"),
        "contributions": one(
            "SELECT count(*) FROM contribution_author a JOIN contribution c ON c.id = a.contribution_id"
            " WHERE a.organisation_id = ? AND c.status != 'ritirato'"
        ),
        "votes": one("SELECT count(*) FROM vote WHERE organisation_id = ?"),
        "open_votes": one(
            "SELECT count(*) FROM vote v JOIN ballot b ON b.id = v.ballot_id"
            " WHERE v.organisation_id = ? AND b.status = 'aperta'"
        ),
    }


def admitted(database: Database, process_id: int) -> list[dict]:
    """The admitted ETS, for publication: public registry data only."""
    return database.query(
        "SELECT o.name AS denominazione, o.codice_fiscale, o.runts_number AS numero_runts, o.legal_form "
        "AS forma_giuridica,"
        " (SELECT group_concat(municipio, ';') FROM organisation_municipio m WHERE m.organisation_id = "
        "o.id) AS municipi,"
        " (SELECT group_concat(field, ';') FROM organisation_field f WHERE f.organisation_id = o.id) AS attivita"
        " FROM organisation o WHERE o.process_id = ? AND o.admission = 'ammessa' ORDER BY o.name",
        (process_id,),
    )


def on_time(received_at: str | None, deadline: str | None) -> bool | None:
    """Whether an application arrived by the deadline (both local 'YYYY-MM-DDTHH:MM';
    None when either is unknown)."""
    if not received_at or not deadline:
        return None
    return received_at[:16] <= deadline[:16]


def applications(database: Database, process_id: int) -> list[dict]:
    """Every application to the percorso with its outcome: arrival by PEC, on
    time or late, RUNTS, legal form, fields, Municipi, the triennio, outcome and reason."""
    deadline = database.scalar("SELECT application_deadline FROM process WHERE id = ?", (process_id,))
    rows = database.query(
        "SELECT o.id, o.name, o.codice_fiscale, o.runts_number, o.legal_form, o.received_at, o.experience,"
        " o.coherent_activities, o.admission, o.admission_reason, o.admission_at, o.cf_non_conforme,"
        " (SELECT group_concat(municipio, ';') FROM organisation_municipio m WHERE m.organisation_id = "
        "o.id) AS municipi,"
        " (SELECT group_concat(field, ';') FROM organisation_field f WHERE f.organisation_id = o.id) AS attivita"
        " FROM organisation o WHERE o.process_id = ? ORDER BY coalesce(o.received_at, '9'), o.name",
        (process_id,),
    )
    for row in rows:
        row["on_time"] = on_time(row["received_at"], deadline)
    return rows


def set_notes(database: Database, actor: Actor, session_id: int, notes: str) -> None:
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


def erase_delegate(database: Database, actor: Actor, delegate_id: int) -> None:
    """Erase a delegate's personal data: name, role, email and code go; the
    contributions, votes and attendance stay with the organisation. Audited
    without repeating the data erased."""
    require_organiser(actor)
    with database.write() as db:
        row = db.execute("SELECT organisation_id, erased_at FROM delegate WHERE id = ?", [delegate_id]).fetchone()
        if row is None:
            raise NotFound("delegate.unknown")
        if row["erased_at"]:
            raise NotAllowed("delegate.already_erased")
        erase_delegate_in(db, delegate_id)
        audit.log(db, actor, "cancella_dati_personali", "delegate", delegate_id, organisation_id=row["organisation_id"])


def erase_delegate_in(db, delegate_id: int) -> None:
    """Inside a write transaction: the erasure itself (the audit log keeps no copy of what was erased)."""
    from .access import new_access_code

    db.execute(
        "UPDATE delegate SET name = ?, role = '', email = '', access_code = ?, revoked = 1,"
        " erased_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
        [f"{ERASED_NAME} {delegate_id}", new_access_code(), delegate_id],
    )
    db.execute(
        "UPDATE audit_log SET actor_label = ? WHERE actor_kind = 'delegato' AND actor_id = ?",
        [f"{ERASED_NAME} {delegate_id}", delegate_id],
    )
