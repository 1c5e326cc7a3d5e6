"""The process and its people: percorso, sessions and phases, ETS and delegates."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from . import access, audit, permissions, taxonomy
from .audit import Actor
from .db import Database
from .errors import NotAllowed, NotFound, ValidationError
from .validation import (
    Problems,
    as_list,
    choice,
    date_value,
    datetime_value,
    email,
    fiscal_code,
    municipi,
    text,
    yes_no,
)

# -- sessions and phases ------------------------------------------------------


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
    from .processes import session_problem

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
        session_id = _with_fresh_code(
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


def _with_fresh_code(column: str, generate, write):
    """``write(code)`` with a freshly generated code, again with another one if
    the UNIQUE constraint on ``column`` says it is taken (astronomically rare)."""
    for _ in range(20):
        try:
            return write(generate())
        except sqlite3.IntegrityError as exc:
            if column not in str(exc):
                raise
    raise RuntimeError(f"no free {column} after 20 tries")


# -- organisations and delegates ---------------------------------------------


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
    fields_ok = []
    for code in as_list(fields.get("activity_fields")):
        code = str(code).strip().lower()
        if code not in taxonomy.codes("activity_field"):
            problems.add("activity_fields", "validation.unknown_activity", value=code[:10])
        elif code not in fields_ok:
            fields_ok.append(code)
    clean["activity_fields"] = sorted(fields_ok)
    clean["municipi"] = municipi(problems, "municipi", fields.get("municipi"))
    return clean, problems


def validate_delegate(fields: dict) -> tuple[dict, Problems]:
    problems = Problems()
    clean = {
        "name": text(problems, "delegate_name", fields.get("name"), min_len=2, max_len=120),
        "role": text(problems, "delegate_role", fields.get("role"), required=False, max_len=120),
        "email": email(problems, "delegate_email", fields.get("email")),
    }
    return clean, problems


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


def insert_delegate(db, actor: Actor, organisation_id: int, clean: dict) -> int:
    """Insert a validated delegate with a fresh unique access code."""
    delegate_id = _with_fresh_code(
        "access_code",
        access.new_access_code,
        lambda code: db.insert_row(
            "delegate",
            {
                "organisation_id": organisation_id,
                "name": clean["name"],
                "role": clean.get("role", ""),
                "email": clean.get("email", ""),
                "access_code": code,
            },
        ),
    )
    audit.log(db, actor, "crea", "delegate", delegate_id, organisation_id=organisation_id)
    return delegate_id


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


def delegates(database: Database, process_id: int) -> list[dict]:
    """The delegates of a percorso's ETS, with their organisation's admission."""
    return database.query(
        "SELECT d.id, d.name, d.role, d.email, d.access_code, d.revoked, d.code_issued_at, d.erased_at,"
        " d.replaced_by, o.id AS organisation_id, o.name AS organisation, o.admission FROM delegate d"
        " JOIN organisation o ON o.id = d.organisation_id WHERE o.process_id = ? ORDER BY o.name, d.name",
        (process_id,),
    )


def get_delegate(database: Database, delegate_id: int) -> dict | None:
    """A delegate with what decides whether they may take part: the ETS's
    admission and the percorso's state (and the secretariat's contact)."""
    return database.query_one(
        "SELECT d.id, d.name, d.role, d.access_code, d.revoked, d.organisation_id, d.privacy_ack_at,"
        " o.name AS organisation, o.admission, o.process_id, p.status AS process_status,"
        " p.title AS process_title, p.contact AS process_contact, p.pec AS process_pec, p.is_demo"
        " FROM delegate d JOIN organisation o ON o.id = d.organisation_id JOIN process p ON p.id = o.process_id"
        " WHERE d.id = ?",
        (delegate_id,),
    )


def participation_refusal(delegate: dict) -> str | None:
    """Why this delegate may not take part now (a catalogue key), or None."""
    return permissions.participation_refusal(delegate.get("admission"), delegate.get("process_status"))


def delegate_by_code(database: Database, typed: str) -> dict | None:
    code = access.normalize_code(typed)
    if not code or len(code) != access.CODE_LENGTH:
        return None
    row = database.query_one("SELECT id FROM delegate WHERE access_code = ? AND revoked = 0", (code,))
    return get_delegate(database, row["id"]) if row else None


def identify_person(database: Database, typed: str, client: str) -> tuple[str, dict]:
    """A delegate's or a facilitator's personal code -> ("delegato"|"facilitatore", row)."""
    access.check_not_throttled(database, client)
    delegate = delegate_by_code(database, typed)
    if delegate is not None:
        access.record_success(database, client)
        return "delegato", delegate
    code = access.normalize_code(typed)
    facilitator = (
        code
        and len(code) == access.CODE_LENGTH
        and database.query_one("SELECT * FROM facilitator WHERE access_code = ? AND revoked = 0", (code,))
    )
    if facilitator:
        access.record_success(database, client)
        return "facilitatore", facilitator
    access.record_failure(database, client)
    raise NotFound("access.unknown_code")


def delegate_from_token(database: Database, secret_key: str, token: str | None) -> dict | None:
    parsed = access.read_delegate_token(secret_key, token)
    if not parsed:
        return None
    delegate = get_delegate(database, parsed[0])
    if not delegate or delegate["revoked"] or not access.token_matches(parsed[1], delegate["access_code"]):
        return None
    return delegate


def reissue_code(database: Database, actor: Actor, delegate_id: int) -> str:
    """A new code for a delegate; the old code and its cookies stop working."""
    permissions.require_staff(actor)
    with database.write() as db:
        row = db.execute("SELECT erased_at, replaced_by FROM delegate WHERE id = ?", [delegate_id]).fetchone()
        if row is None:
            raise NotFound("delegate.unknown")
        if row["erased_at"] or row["replaced_by"]:
            raise NotAllowed("delegate.not_active")
        code = assign_new_code(db, "delegate", delegate_id)
        audit.log(db, actor, "nuovo_codice", "delegate", delegate_id)
    return code


def assign_new_code(db, table: str, row_id: int) -> str:
    """Inside a write transaction: a fresh personal code for a delegate or a
    facilitator (revoked ones come back); the old code and its cookies stop working."""
    stamp = ", code_issued_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')" if table == "delegate" else ""

    def assign(code: str) -> str:
        db.execute(f"UPDATE {table} SET access_code = ?, revoked = 0{stamp} WHERE id = ?", [code, row_id])
        return code

    return _with_fresh_code("access_code", access.new_access_code, assign)


def revoke_code(database: Database, actor: Actor, delegate_id: int) -> None:
    permissions.require_staff(actor)
    with database.write() as db:
        cur = db.execute("UPDATE delegate SET revoked = 1 WHERE id = ?", [delegate_id])
        if cur.rowcount == 0:
            raise NotFound("delegate.unknown")
        audit.log(db, actor, "revoca_codice", "delegate", delegate_id)


def add_delegate(database: Database, actor: Actor, organisation_id: int, fields: dict) -> int:
    """One more delegate for an ETS already registered (on the day too)."""
    permissions.require_organiser(actor)
    clean, problems = validate_delegate(fields)
    problems.raise_if_any()
    with database.write() as db:
        row = db.execute("SELECT process_id FROM organisation WHERE id = ?", [organisation_id]).fetchone()
        if row is None:
            raise NotFound("organisation.unknown")
        permissions.require_editable(db, row["process_id"])
        _refuse_same_name(db, organisation_id, clean["name"])
        return insert_delegate(db, actor, organisation_id, clean)


def replace_delegate(database: Database, actor: Actor, delegate_id: int, fields: dict) -> int:
    """Another person takes a delegate's place: the old code (and its cookies)
    stops working at once; the new delegate gets a code of their own. What the
    old delegate did stays with the ETS. Returns the new delegate's id."""
    permissions.require_organiser(actor)
    clean, problems = validate_delegate(fields)
    problems.raise_if_any()
    with database.write() as db:
        old = db.execute(
            "SELECT d.organisation_id, d.revoked, d.replaced_by, o.process_id FROM delegate d"
            " JOIN organisation o ON o.id = d.organisation_id WHERE d.id = ?",
            [delegate_id],
        ).fetchone()
        if old is None:
            raise NotFound("delegate.unknown")
        if old["replaced_by"]:
            raise NotAllowed("delegate.not_active")
        permissions.require_editable(db, old["process_id"])
        _refuse_same_name(db, old["organisation_id"], clean["name"])
        new_id = insert_delegate(db, actor, old["organisation_id"], clean)
        db.execute("UPDATE delegate SET revoked = 1, replaced_by = ? WHERE id = ?", [new_id, delegate_id])
        audit.log(db, actor, "sostituisce_delegato", "delegate", delegate_id, replaced_by=new_id)
    return new_id


def _refuse_same_name(db, organisation_id: int, name: str) -> None:
    if db.execute(
        "SELECT 1 FROM delegate WHERE organisation_id = ? AND lower(name) = lower(?)", [organisation_id, name]
    ).fetchone():
        raise ValidationError([("delegate_name", "delegate.duplicate", {"name": name})])


def acknowledge_privacy(database: Database, delegate: dict) -> None:
    """The delegate has read the informativa (art. 13 GDPR): shown once."""
    with database.write() as db:
        cur = db.execute(
            "UPDATE delegate SET privacy_ack_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
            " WHERE id = ? AND privacy_ack_at IS NULL",
            [delegate["id"]],
        )
        if cur.rowcount:
            audit.log(db, delegate_actor(delegate), "legge_informativa", "delegate", delegate["id"])


def delegate_actor(delegate: dict) -> Actor:
    return Actor("delegato", delegate["id"], delegate["name"], delegate["organisation_id"])


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
            audit.log(db, delegate_actor(delegate), "entra", "session", session_id)


# -- settings kept in the database (shared by every server process) ----------


def meta_get(database: Database, key: str) -> str | None:
    return database.scalar("SELECT value FROM meta WHERE key = ?", (key,))


def meta_set(db, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def cookie_secret(database: Database, configured: str | None = None) -> str:
    """The key that signs identity cookies: from the environment/secrets when
    set, otherwise generated once and kept in the database so every server
    process sharing the file agrees on it."""
    if configured:
        return configured
    value = meta_get(database, "cookie_secret")
    if value:
        return value
    import secrets as _secrets

    with database.write() as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'cookie_secret'").fetchone()
        if row:
            return row[0]
        value = _secrets.token_urlsafe(32)
        meta_set(db, "cookie_secret", value)
    return value
