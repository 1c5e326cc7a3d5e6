"""Facilitators as people: created by organisers, each with a personal code
(like delegates), assigned to the sessions they run."""

from __future__ import annotations

from coprog.procedure import access, permissions
from coprog.procedure.access import with_fresh_code as _with_fresh_code
from coprog.procedure.delegates import assign_new_code
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts.errors import NotFound
from coprog.texts.validation import Problems, email, text


def add_facilitator(database: Database, actor: Actor, name: str, mail: str = "") -> int:
    permissions.require("prepare", actor)
    problems = Problems()
    name = text(problems, "name", name, min_len=2, max_len=120)
    mail = email(problems, "email", mail)
    problems.raise_if_any()
    with database.write() as db:
        facilitator_id = _with_fresh_code(
            "access_code",
            access.new_access_code,
            lambda code: db.insert_row("facilitator", {"name": name, "email": mail, "access_code": code}),
        )
        audit.log(db, actor, "crea", "facilitator", facilitator_id, name=name)
    return facilitator_id


def facilitators(database: Database) -> list[dict]:
    return database.query(
        "SELECT f.*, (SELECT group_concat(s.title, ', ') FROM session_facilitator sf"
        "  JOIN session s ON s.id = sf.session_id WHERE sf.facilitator_id = f.id) AS sessions"
        " FROM facilitator f ORDER BY f.name"
    )


def assign(database: Database, actor: Actor, facilitator_id: int, session_ids: list[int]) -> None:
    """Set exactly which sessions a facilitator runs."""
    permissions.require("prepare", actor)
    with database.write() as db:
        if not db.execute("SELECT 1 FROM facilitator WHERE id = ?", [facilitator_id]).fetchone():
            raise NotFound("facilitator.unknown")
        before = [
            r[0]
            for r in db.execute(
                "SELECT session_id FROM session_facilitator WHERE facilitator_id = ? ORDER BY 1", [facilitator_id]
            )
        ]
        db.execute("DELETE FROM session_facilitator WHERE facilitator_id = ?", [facilitator_id])
        for session_id in dict.fromkeys(session_ids):
            db.execute(
                "INSERT INTO session_facilitator (session_id, facilitator_id) VALUES (?, ?)",
                [session_id, facilitator_id],
            )
        audit.log(
            db, actor, "assegna_sessioni", "facilitator", facilitator_id, before=before, after=sorted(set(session_ids))
        )


def reissue_code(database: Database, actor: Actor, facilitator_id: int) -> str:
    """A new personal code (and link): the old one and its cookies stop working."""
    permissions.require("prepare", actor)
    with database.write() as db:
        if not db.execute("SELECT 1 FROM facilitator WHERE id = ?", [facilitator_id]).fetchone():
            raise NotFound("facilitator.unknown")
        code = assign_new_code(db, "facilitator", facilitator_id)
        audit.log(db, actor, "nuovo_codice", "facilitator", facilitator_id)
    return code


def revoke(database: Database, actor: Actor, facilitator_id: int) -> None:
    """The facilitator's personal code stops working at once (their staff cookie too)."""
    permissions.require("prepare", actor)
    with database.write() as db:
        if db.execute("UPDATE facilitator SET revoked = 1 WHERE id = ?", [facilitator_id]).rowcount == 0:
            raise NotFound("facilitator.unknown")
        audit.log(db, actor, "revoca_codice", "facilitator", facilitator_id)


def get_facilitator(database: Database, facilitator_id: int) -> dict | None:
    return database.query_one("SELECT * FROM facilitator WHERE id = ? AND revoked = 0", (facilitator_id,))
