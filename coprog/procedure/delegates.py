"""Delegates, one module for their writes: added to an ETS, replaced by another
person, their personal code reissued or revoked, the informativa acknowledged,
their personal data erased (GDPR art. 17, on request or at the end of the
retention); and who a typed code or a signed cookie belongs to."""

from __future__ import annotations

from coprog.procedure import access, permissions
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import vocabulary
from coprog.texts.errors import NotAllowed, NotFound, ValidationError
from coprog.texts.validation import Problems, email, text


def validate_delegate(fields: dict) -> tuple[dict, Problems]:
    problems = Problems()
    clean = {
        "name": text(problems, "delegate_name", fields.get("name"), min_len=2, max_len=120),
        "role": text(problems, "delegate_role", fields.get("role"), required=False, max_len=120),
        "email": email(problems, "delegate_email", fields.get("email")),
    }
    return clean, problems


def insert_delegate(db, actor: Actor, organisation_id: int, clean: dict) -> int:
    """Insert a validated delegate with a fresh unique access code."""
    delegate_id = access.with_fresh_code(
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
        return vocabulary.DELEGATE, delegate
    code = access.normalize_code(typed)
    facilitator = (
        code
        and len(code) == access.CODE_LENGTH
        and database.query_one("SELECT * FROM facilitator WHERE access_code = ? AND revoked = 0", (code,))
    )
    if facilitator:
        access.record_success(database, client)
        return vocabulary.FACILITATOR, facilitator
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
    permissions.require("staff_work", actor)
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

    return access.with_fresh_code("access_code", access.new_access_code, assign)


def revoke_code(database: Database, actor: Actor, delegate_id: int) -> None:
    permissions.require("staff_work", actor)
    with database.write() as db:
        cur = db.execute("UPDATE delegate SET revoked = 1 WHERE id = ?", [delegate_id])
        if cur.rowcount == 0:
            raise NotFound("delegate.unknown")
        audit.log(db, actor, "revoca_codice", "delegate", delegate_id)


def add_delegate(database: Database, actor: Actor, organisation_id: int, fields: dict) -> int:
    """One more delegate for an ETS already registered (on the day too)."""
    permissions.require("prepare", actor)
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
    permissions.require("prepare", actor)
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
    return Actor(vocabulary.DELEGATE, delegate["id"], delegate["name"], delegate["organisation_id"])


ERASED_NAME = "Delegato rimosso"


def erase_delegate(database: Database, actor: Actor, delegate_id: int) -> None:
    """Erase a delegate's personal data: name, role, email and code go; the
    contributions, votes and attendance stay with the organisation. Audited
    without repeating the data erased."""
    permissions.require("prepare", actor)
    with database.write() as db:
        row = db.execute("SELECT organisation_id, erased_at FROM delegate WHERE id = ?", [delegate_id]).fetchone()
        if row is None:
            raise NotFound("delegate.unknown")
        if row["erased_at"]:
            raise NotAllowed("delegate.already_erased")
        erase_delegate_in(db, delegate_id)
        audit.log(db, actor, "cancella_dati_personali", "delegate", delegate_id, organisation_id=row["organisation_id"])


def erase_delegate_in(db, delegate_id: int) -> None:
    """Inside a write transaction: the erasure itself (the audit log keeps no copy of what was erased;
    the invitations mailed to the delegate go, with the address they were sent to)."""
    db.execute(
        "UPDATE delegate SET name = ?, role = '', email = '', access_code = ?, revoked = 1,"
        " erased_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
        [f"{ERASED_NAME} {delegate_id}", access.new_access_code(), delegate_id],
    )
    db.execute("DELETE FROM outgoing_mail WHERE delegate_id = ?", [delegate_id])  # their invitations, with the address
    db.execute(
        "UPDATE audit_log SET actor_label = ? WHERE actor_kind = 'delegato' AND actor_id = ?",
        [f"{ERASED_NAME} {delegate_id}", delegate_id],
    )
