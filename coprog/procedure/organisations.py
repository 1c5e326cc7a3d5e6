"""The ETS, one module for their writes: an application registered (by hand or
by the import), its admission decided with a reason; the lists of applications
and of admitted ETS, what an ETS has done so far, and the ETS grouped by what
they declared (Municipi, activity fields) and by the tables they sat at."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coprog.procedure import permissions
from coprog.procedure.delegates import insert_delegate, validate_delegate
from coprog.procedure.permissions import require_editable
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import taxonomy, vocabulary
from coprog.texts.errors import NotAllowed, NotFound
from coprog.texts.validation import (
    Problems,
    as_list,
    choice,
    datetime_value,
    email,
    fiscal_code,
    municipi,
    person_fiscal_code,
    text,
    yes_no,
)
from coprog.texts.vocabulary import ADMITTED, BALLOT_OPEN, WITHDRAWN


def validate_organisation(fields: dict) -> tuple[dict, Problems]:
    """Clean an ETS record; problems are collected, not raised."""
    problems = Problems()
    clean = {
        "name": text(problems, "name", fields.get("name"), min_len=2, max_len=200),
        "codice_fiscale": fiscal_code(problems, "codice_fiscale", fields.get("codice_fiscale")),
        "runts_number": text(problems, "runts_number", fields.get("runts_number"), required=False, max_len=30),
        "legal_form": choice(problems, "legal_form", fields.get("legal_form"), taxonomy.codes("legal_form")),
        "email": email(problems, "email", fields.get("email")),
        "phone": text(problems, "phone", fields.get("phone"), required=False, max_len=40),
        "received_at": datetime_value(problems, "received_at", fields.get("received_at")),
        "experience": text(
            problems, "experience", fields.get("experience"), required=False, max_len=3000, multiline=True
        ),
        "coherent_activities": yes_no(problems, "coherent_activities", fields.get("coherent_activities")),
    }
    clean["seat"] = text(problems, "seat", fields.get("seat"), required=False, max_len=300)
    clean["legal_rep_name"] = text(
        problems, "legal_rep_name", fields.get("legal_rep_name"), required=False, max_len=200
    )
    clean["legal_rep_cf"] = person_fiscal_code(problems, "legal_rep_cf", fields.get("legal_rep_cf"))
    clean["privacy_ack"] = yes_no(problems, "privacy_ack", fields.get("privacy_ack"))
    fields_ok = []
    for given in as_list(fields.get("activity_fields")):
        code = activity_letter(given)
        if code not in taxonomy.codes("activity_field"):
            problems.add("activity_fields", "validation.unknown_activity", value=code[:10])
        elif code not in fields_ok:
            fields_ok.append(code)
    clean["activity_fields"] = sorted(fields_ok)
    clean["municipi"] = municipi(problems, "municipi", fields.get("municipi"))
    return clean, problems


_LETTER = re.compile(r"(?:art\.?\s*5\s*)?(?:lett(?:era)?\.?\s*)?\(?([a-z])\s*\)?\.?", re.IGNORECASE)


def activity_letter(value) -> str:
    """An activity of general interest as people write its letter of art. 5 CTS:
    «a», «A», «a)», «(a)», «lett. a», «lettera a», «art. 5 lett. a» -> 'a'; anything
    else as typed (lower case), for the check to refuse."""
    raw = str(value).strip()
    match = _LETTER.fullmatch(raw)
    return match[1].lower() if match else raw.lower()


ORGANISATION_COLUMNS = (
    "name",
    "codice_fiscale",
    "runts_number",
    "legal_form",
    "email",
    "phone",
    "received_at",
    "experience",
    "coherent_activities",
    "seat",
    "legal_rep_name",
    "legal_rep_cf",
    "privacy_ack",
)


def insert_organisation(db, actor: Actor, clean: dict, process_id: int) -> int:
    """Insert a validated ETS (an application to the percorso, status ricevuta)
    inside an open write transaction."""
    permissions.require_editable(db, process_id)
    org_id = db.insert_row("organisation", {"process_id": process_id, **{k: clean[k] for k in ORGANISATION_COLUMNS}})
    db["organisation_field"].insert_all([{"organisation_id": org_id, "field": f} for f in clean["activity_fields"]])
    db["organisation_municipio"].insert_all([{"organisation_id": org_id, "municipio": m} for m in clean["municipi"]])
    audit.log(db, actor, "crea", "organisation", org_id, name=clean["name"])
    return org_id


def add_organisation(
    database: Database, actor: Actor, fields: dict, delegates: Sequence[dict] = (), *, process_id: int
) -> int:
    clean, problems = validate_organisation(fields)
    cleaned_delegates = []
    for d in delegates:
        cd, dp = validate_delegate(d)
        problems.extend(dp)
        cleaned_delegates.append(cd)
    problems.raise_if_any()
    with database.write() as db:
        if db.execute(
            "SELECT 1 FROM organisation WHERE process_id = ? AND codice_fiscale = ?",
            [process_id, clean["codice_fiscale"]],
        ).fetchone():
            Problems(
                [("codice_fiscale", "validation.duplicate_fiscal_code", {"value": clean["codice_fiscale"]})]
            ).raise_if_any()
        org_id = insert_organisation(db, actor, clean, process_id)
        for cd in cleaned_delegates:
            insert_delegate(db, actor, org_id, cd)
    return org_id


def organisations(database: Database, process_id: int) -> list[dict]:
    """The ETS that applied to a percorso (every admission status)."""
    return database.query(
        "SELECT o.*, (SELECT group_concat(municipio) FROM organisation_municipio m"
        "  WHERE m.organisation_id = o.id) AS municipi,"
        " (SELECT group_concat(field) FROM organisation_field f"
        "  WHERE f.organisation_id = o.id) AS activity_fields,"
        " (SELECT count(*) FROM delegate d WHERE d.organisation_id = o.id) AS delegates"
        " FROM organisation o WHERE o.process_id = ? ORDER BY o.name",
        (process_id,),
    )


ADMISSION = vocabulary.ADMISSION


def admitted_names(database: Database, process_id: int) -> dict[int, str]:
    """The admitted ETS of a percorso, id -> name, by name: those a facilitator may
    check in, enter a contribution or a paper ballot for."""
    return {
        row["id"]: row["name"]
        for row in database.query(
            "SELECT id, name FROM organisation WHERE process_id = ? AND admission = ? ORDER BY name",
            (process_id, ADMITTED),
        )
    }


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
    permissions.require("prepare", actor)
    problems = Problems()
    choice(problems, "admission", status, ADMISSION)
    reason = text(problems, "admission_reason", reason, required=status == vocabulary.REFUSED, min_len=3, max_len=500)
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
            if status == vocabulary.ADMITTED and row["cf_non_conforme"]:
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
        if a["admission"] == vocabulary.RECEIVED and a["on_time"] is not False and not a["cf_non_conforme"]
    ]


def to_decide(chosen: list[int], applications: list[dict], all_on_time: bool = False) -> list[int]:
    """The applications one admission decision applies to: those ``chosen``,
    and with «every application on time» ticked each one ``received_on_time``
    too; each once, the chosen first."""
    return list(dict.fromkeys([*chosen, *(received_on_time(applications) if all_on_time else [])]))


def participation(db, organisation_id: int) -> dict:
    """What an ETS has done so far: sessions attended, contributions, ballots cast
    (and how many of those are still open)."""
    one = lambda sql: db.execute(sql, [organisation_id]).fetchone()[0]  # noqa: E731
    return {
        "sessions": one("SELECT count(DISTINCT session_id) FROM attendance WHERE organisation_id = ?"),
        "contributions": one(
            "SELECT count(*) FROM contribution_author a JOIN contribution c ON c.id = a.contribution_id"
            f" WHERE a.organisation_id = ? AND c.status != '{WITHDRAWN}'"
        ),
        "votes": one("SELECT count(*) FROM vote WHERE organisation_id = ?"),
        "open_votes": one(
            "SELECT count(*) FROM vote v JOIN ballot b ON b.id = v.ballot_id"
            f" WHERE v.organisation_id = ? AND b.status = '{BALLOT_OPEN}'"
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
        f" FROM organisation o WHERE o.process_id = ? AND o.admission = '{ADMITTED}' ORDER BY o.name",
        (process_id,),
    )


def _to_second(value: str) -> str:
    """'YYYY-MM-DDTHH:MM[:SS]' -> 'YYYY-MM-DDTHH:MM:SS' (a minute means its first second)."""
    value = value.replace(" ", "T")[:19]
    return value + ":00" if len(value) == 16 else value


def on_time(received_at: str | None, deadline: str | None) -> bool | None:
    """Whether an application arrived by the deadline, to the second (both local
    Europe/Rome 'YYYY-MM-DDTHH:MM[:SS]': a deadline of 12:00 takes 12:00:00 and
    refuses 12:00:01); None when either is unknown."""
    if not received_at or not deadline:
        return None
    return _to_second(received_at) <= _to_second(deadline)


def replace_application(db, actor: Actor, org_id: int, clean: dict, delegates: Sequence[dict]) -> None:
    """A later application of the same ETS takes the place of the earlier one,
    inside an open write transaction: its fields, its declared fields and
    Municipi, and (while the ETS is still only ricevuta, so nobody has an
    access code yet) its delegates; once admitted, delegates are only added."""
    row = db.execute("SELECT process_id, admission FROM organisation WHERE id = ?", [org_id]).fetchone()
    permissions.require_editable(db, row["process_id"])
    db["organisation"].update(org_id, {k: clean[k] for k in ORGANISATION_COLUMNS if k != "codice_fiscale"})
    db.execute("DELETE FROM organisation_field WHERE organisation_id = ?", [org_id])
    db.execute("DELETE FROM organisation_municipio WHERE organisation_id = ?", [org_id])
    db["organisation_field"].insert_all([{"organisation_id": org_id, "field": f} for f in clean["activity_fields"]])
    db["organisation_municipio"].insert_all([{"organisation_id": org_id, "municipio": m} for m in clean["municipi"]])
    names = {d["name"].casefold() for d in delegates}
    existing = {
        r["name"].casefold(): r["id"]
        for r in db.execute("SELECT id, name FROM delegate WHERE organisation_id = ?", [org_id])
    }
    if row["admission"] == vocabulary.RECEIVED:
        for name, delegate_id in existing.items():
            if name not in names:
                db.execute("DELETE FROM delegate WHERE id = ?", [delegate_id])
    for delegate in delegates:
        if delegate["name"].casefold() not in existing:
            insert_delegate(db, actor, org_id, delegate)
    audit.log(db, actor, "sostituisce_domanda", "organisation", org_id, name=clean["name"])


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


def declared_groups(conn, process_id: int) -> dict[str, dict[str, set[int]]]:
    """The percorso's organisations by Municipio, by activity field (an ETS may
    be in several) and by working table (``tavolo``: the ETS whose delegates
    checked in to it, keyed by the table's title)."""
    groups: dict[str, dict[str, set[int]]] = {"municipio": {}, "attivita": {}, "tavolo": {}}
    for org, municipio in conn.execute(
        "SELECT m.organisation_id, m.municipio FROM organisation_municipio m"
        " JOIN organisation o ON o.id = m.organisation_id WHERE o.process_id = ?",
        [process_id],
    ):
        groups["municipio"].setdefault(str(municipio), set()).add(org)
    for org, field in conn.execute(
        "SELECT f.organisation_id, f.field FROM organisation_field f"
        " JOIN organisation o ON o.id = f.organisation_id WHERE o.process_id = ?",
        [process_id],
    ):
        groups["attivita"].setdefault(field, set()).add(org)
    for org, table in conn.execute(
        "SELECT DISTINCT a.organisation_id, s.title FROM attendance a JOIN session s ON s.id = a.session_id"
        " WHERE s.kind = 'tavolo' AND s.process_id = ?",
        [process_id],
    ):
        groups["tavolo"].setdefault(table, set()).add(org)
    return groups
