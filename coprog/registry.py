"""The process and its people: percorso, sessions and phases, ETS and delegates."""

from __future__ import annotations

import sqlite3

from . import access, audit, taxonomy
from .audit import Actor
from .errors import NotAllowed, NotFound
from .validation import Problems, as_list, choice, email, fiscal_code, municipi, text

# -- process ------------------------------------------------------------------

def create_process(database, actor: Actor, *, title: str, description: str = "",
                   start_date: str | None = None, end_date: str | None = None,
                   office: str = "", is_demo: bool = False) -> int:
    problems = Problems()
    title = text(problems, "title", title, max_len=200)
    description = text(problems, "description", description, required=False,
                       max_len=5000, multiline=True)
    office = text(problems, "office", office, required=False, max_len=200)
    if start_date and end_date and end_date < start_date:
        problems.add("end_date", "validation.dates_order")
    problems.raise_if_any()
    with database.write() as db:
        process_id = db["process"].insert({
            "title": title, "description": description, "start_date": start_date,
            "end_date": end_date, "office": office, "is_demo": int(is_demo),
        }).last_pk
        audit.log(db, actor, "crea", "process", process_id, title=title)
    return process_id


def current_process(database) -> dict | None:
    return database.query_one("SELECT * FROM process ORDER BY id DESC LIMIT 1")


# -- sessions and phases ------------------------------------------------------

def create_session(database, actor: Actor, *, process_id: int, kind: str, title: str,
                   theme: str = "", date: str | None = None, place: str = "",
                   moderated: bool = False) -> int:
    """A plenary or working table with the default agenda of phases."""
    problems = Problems()
    choice(problems, "kind", kind, ("plenaria", "tavolo"))
    title = text(problems, "title", title, max_len=200)
    theme = text(problems, "theme", theme, required=False, max_len=500)
    place = text(problems, "place", place, required=False, max_len=200)
    problems.raise_if_any()
    with database.write() as db:
        session_id = _with_fresh_code("join_code", access.new_join_code, lambda code: db["session"].insert({
            "process_id": process_id, "kind": kind, "title": title, "theme": theme,
            "date": date, "place": place, "moderated": int(moderated), "join_code": code,
        }).last_pk)
        first_phase = None
        for template in taxonomy.default_phases():
            phase_id = db["phase"].insert({
                "session_id": session_id, "position": template.position, "name": template.it,
                "contribution_types": template.contribution_types,
            }).last_pk
            first_phase = first_phase or phase_id
        db.execute("UPDATE session SET current_phase_id = ? WHERE id = ?", [first_phase, session_id])
        audit.log(db, actor, "crea", "session", session_id, title=title, kind=kind)
    return session_id


def sessions(database, process_id: int | None = None) -> list[dict]:
    sql = ("SELECT s.*, p.name AS phase_name, p.contributions_open, p.contribution_types"
           " FROM session s LEFT JOIN phase p ON p.id = s.current_phase_id")
    if process_id is not None:
        return database.query(sql + " WHERE s.process_id = ? ORDER BY s.id", (process_id,))
    return database.query(sql + " ORDER BY s.id")


def get_session(database, session_id: int) -> dict:
    row = database.query_one(
        "SELECT s.*, p.name AS phase_name, p.contributions_open, p.contribution_types,"
        " p.position AS phase_position FROM session s"
        " LEFT JOIN phase p ON p.id = s.current_phase_id WHERE s.id = ?",
        (session_id,),
    )
    if row is None:
        raise NotFound("session.unknown")
    row["open_types"] = open_types(row)
    return row


def open_types(session_row: dict) -> list[str]:
    """Contribution types a delegate may submit now in this session."""
    if not session_row.get("contributions_open"):
        return []
    return [t for t in (session_row.get("contribution_types") or "").split(",") if t]


def session_by_join_code(database, typed: str) -> dict:
    code = access.normalize_code(typed)
    row = code and database.query_one("SELECT id FROM session WHERE join_code = ?", (code,))
    if not row:
        raise NotFound("session.unknown_code")
    return get_session(database, row["id"])


def session_version(database, session_id: int) -> int:
    """One cheap number that moves whenever the session's state or content does."""
    return database.scalar("SELECT version FROM session WHERE id = ?", (session_id,)) or 0


def phases(database, session_id: int) -> list[dict]:
    return database.query(
        "SELECT * FROM phase WHERE session_id = ? ORDER BY position", (session_id,)
    )


def set_current_phase(database, actor: Actor, session_id: int, phase_id: int) -> None:
    _require_staff(actor)
    with database.write() as db:
        phase = db.execute("SELECT session_id FROM phase WHERE id = ?", [phase_id]).fetchone()
        if phase is None or phase[0] != session_id:
            raise NotFound("phase.unknown")
        before = db.execute("SELECT current_phase_id FROM session WHERE id = ?", [session_id]).fetchone()
        db.execute("UPDATE session SET current_phase_id = ?, version = version + 1 WHERE id = ?",
                   [phase_id, session_id])
        audit.log(db, actor, "fase_corrente", "session", session_id,
                  before=before[0], after=phase_id)


def set_contributions_open(database, actor: Actor, phase_id: int, is_open: bool) -> None:
    _require_staff(actor)
    with database.write() as db:
        row = db.execute("SELECT contributions_open FROM phase WHERE id = ?", [phase_id]).fetchone()
        if row is None:
            raise NotFound("phase.unknown")
        stamp = "opened_at" if is_open else "closed_at"
        db.execute(
            f"UPDATE phase SET contributions_open = ?, {stamp} = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
            " WHERE id = ?", [int(is_open), phase_id])
        audit.log(db, actor, "apre_contributi" if is_open else "chiude_contributi", "phase",
                  phase_id, before=row[0], after=int(is_open))


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


def _require_staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise NotAllowed("auth.staff_only")


# -- organisations and delegates ---------------------------------------------

def validate_organisation(fields: dict) -> tuple[dict, Problems]:
    """Clean an ETS record; problems are collected, not raised."""
    problems = Problems()
    clean = {
        "name": text(problems, "name", fields.get("name"), min_len=2, max_len=200),
        "codice_fiscale": fiscal_code(problems, "codice_fiscale", fields.get("codice_fiscale")),
        "runts_number": text(problems, "runts_number", fields.get("runts_number"),
                             required=False, max_len=30),
        "legal_form": choice(problems, "legal_form", fields.get("legal_form"),
                             taxonomy.codes("legal_form")),
        "email": email(problems, "email", fields.get("email")),
        "phone": text(problems, "phone", fields.get("phone"), required=False, max_len=40),
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


def insert_organisation(db, actor: Actor, clean: dict) -> int:
    """Insert a validated ETS inside an open write transaction."""
    org_id = db["organisation"].insert({
        k: clean[k] for k in ("name", "codice_fiscale", "runts_number", "legal_form", "email", "phone")
    }).last_pk
    db["organisation_field"].insert_all(
        [{"organisation_id": org_id, "field": f} for f in clean["activity_fields"]])
    db["organisation_municipio"].insert_all(
        [{"organisation_id": org_id, "municipio": m} for m in clean["municipi"]])
    audit.log(db, actor, "crea", "organisation", org_id, name=clean["name"])
    return org_id


def insert_delegate(db, actor: Actor, organisation_id: int, clean: dict) -> int:
    """Insert a validated delegate with a fresh unique access code."""
    delegate_id = _with_fresh_code("access_code", access.new_access_code, lambda code: db["delegate"].insert({
        "organisation_id": organisation_id, "name": clean["name"], "role": clean.get("role", ""),
        "email": clean.get("email", ""), "access_code": code,
    }).last_pk)
    audit.log(db, actor, "crea", "delegate", delegate_id, organisation_id=organisation_id)
    return delegate_id


def add_organisation(database, actor: Actor, fields: dict, delegates: list[dict] = ()) -> int:
    clean, problems = validate_organisation(fields)
    cleaned_delegates = []
    for d in delegates:
        cd, dp = validate_delegate(d)
        problems.extend(dp)
        cleaned_delegates.append(cd)
    problems.raise_if_any()
    with database.write() as db:
        if db.execute("SELECT 1 FROM organisation WHERE codice_fiscale = ?",
                      [clean["codice_fiscale"]]).fetchone():
            Problems([("codice_fiscale", "validation.duplicate_fiscal_code",
                       {"value": clean["codice_fiscale"]})]).raise_if_any()
        org_id = insert_organisation(db, actor, clean)
        for cd in cleaned_delegates:
            insert_delegate(db, actor, org_id, cd)
    return org_id


def organisations(database) -> list[dict]:
    return database.query(
        "SELECT o.*, (SELECT group_concat(municipio) FROM organisation_municipio m"
        "  WHERE m.organisation_id = o.id) AS municipi,"
        " (SELECT group_concat(field) FROM organisation_field f"
        "  WHERE f.organisation_id = o.id) AS activity_fields,"
        " (SELECT count(*) FROM delegate d WHERE d.organisation_id = o.id) AS delegates"
        " FROM organisation o ORDER BY o.name"
    )


def organisation_municipi(database, organisation_id: int) -> list[int]:
    return [r["municipio"] for r in database.query(
        "SELECT municipio FROM organisation_municipio WHERE organisation_id = ? ORDER BY 1", (organisation_id,))]


def delegates(database) -> list[dict]:
    return database.query(
        "SELECT d.id, d.name, d.role, d.email, d.access_code, d.revoked, d.code_issued_at,"
        " o.id AS organisation_id, o.name AS organisation FROM delegate d"
        " JOIN organisation o ON o.id = d.organisation_id ORDER BY o.name, d.name"
    )


def get_delegate(database, delegate_id: int) -> dict | None:
    return database.query_one(
        "SELECT d.id, d.name, d.role, d.access_code, d.revoked, d.organisation_id,"
        " o.name AS organisation FROM delegate d JOIN organisation o ON o.id = d.organisation_id"
        " WHERE d.id = ?", (delegate_id,))


def delegate_by_code(database, typed: str) -> dict | None:
    code = access.normalize_code(typed)
    if not code or len(code) != access.CODE_LENGTH:
        return None
    row = database.query_one("SELECT id FROM delegate WHERE access_code = ? AND revoked = 0", (code,))
    return get_delegate(database, row["id"]) if row else None


def identify_person(database, typed: str, client: str) -> tuple[str, dict]:
    """A delegate's or a facilitator's personal code -> ("delegato"|"facilitatore", row)."""
    access.check_not_throttled(database, client)
    delegate = delegate_by_code(database, typed)
    if delegate is not None:
        access.record_success(database, client)
        return "delegato", delegate
    code = access.normalize_code(typed)
    facilitator = code and len(code) == access.CODE_LENGTH and database.query_one(
        "SELECT * FROM facilitator WHERE access_code = ? AND revoked = 0", (code,))
    if facilitator:
        access.record_success(database, client)
        return "facilitatore", facilitator
    access.record_failure(database, client)
    raise NotFound("access.unknown_code")


def delegate_from_token(database, secret_key: str, token: str | None) -> dict | None:
    parsed = access.read_delegate_token(secret_key, token)
    if not parsed:
        return None
    delegate = get_delegate(database, parsed[0])
    if not delegate or delegate["revoked"] or not access.token_matches(parsed[1], delegate["access_code"]):
        return None
    return delegate


def reissue_code(database, actor: Actor, delegate_id: int) -> str:
    """A new code for a delegate; the old code and its cookies stop working."""
    _require_staff(actor)
    with database.write() as db:
        if not db.execute("SELECT 1 FROM delegate WHERE id = ?", [delegate_id]).fetchone():
            raise NotFound("delegate.unknown")

        def assign(code: str) -> str:
            db.execute("UPDATE delegate SET access_code = ?, revoked = 0,"
                       " code_issued_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                       [code, delegate_id])
            return code

        code = _with_fresh_code("access_code", access.new_access_code, assign)
        audit.log(db, actor, "nuovo_codice", "delegate", delegate_id)
    return code


def revoke_code(database, actor: Actor, delegate_id: int) -> None:
    _require_staff(actor)
    with database.write() as db:
        cur = db.execute("UPDATE delegate SET revoked = 1 WHERE id = ?", [delegate_id])
        if cur.rowcount == 0:
            raise NotFound("delegate.unknown")
        audit.log(db, actor, "revoca_codice", "delegate", delegate_id)


def delegate_actor(delegate: dict) -> Actor:
    return Actor("delegato", delegate["id"], delegate["name"], delegate["organisation_id"])


def check_in(database, delegate: dict, session_id: int) -> None:
    """Joining a session checks the delegate in (the first join's time is kept;
    joining again after a check-out checks them back in)."""
    with database.write() as db:
        cur = db.execute(
            "INSERT INTO attendance (session_id, delegate_id, organisation_id) VALUES (?, ?, ?)"
            " ON CONFLICT(session_id, delegate_id) DO UPDATE SET checked_out_at = NULL"
            " WHERE checked_out_at IS NOT NULL",
            [session_id, delegate["id"], delegate["organisation_id"]])
        if cur.rowcount:
            audit.log(db, delegate_actor(delegate), "entra", "session", session_id)


# -- settings kept in the database (shared by every server process) ----------

def meta_get(database, key: str) -> str | None:
    return database.scalar("SELECT value FROM meta WHERE key = ?", (key,))


def meta_set(db, key: str, value: str) -> None:
    db.execute("INSERT INTO meta (key, value) VALUES (?, ?)"
               " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])


def cookie_secret(database, configured: str | None = None) -> str:
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
