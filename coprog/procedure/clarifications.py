"""Chiarimenti: the questions about the avviso, arrived by PEC (``intake``) or
typed by the organisers, each on time or late against the percorso's
clarifications deadline; the organisers answer and publish, and the published
answers are the percorso's FAQ, public, never with the asking ETS's name."""

from __future__ import annotations

from coprog.procedure import organisations, permissions
from coprog.storage import audit, edits
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts.errors import NotFound
from coprog.texts.validation import Problems, datetime_value, text
from coprog.texts.vocabulary import ARCHIVED, CLARIFICATION_MAX


def ask(database: Database, actor: Actor, process_id: int, question: str, asked_at: str | None = None) -> int:
    """A question the organisers received another way (by phone, at the desk), typed in."""
    permissions.require("prepare", actor)
    problems = Problems()
    clean = text(problems, "question", question, max_len=CLARIFICATION_MAX, multiline=True)
    when = datetime_value(problems, "asked_at", asked_at, required=True)
    problems.raise_if_any()
    with database.write() as db:
        permissions.require_editable(db, process_id)
        deadline = db.execute("SELECT clarification_deadline FROM process WHERE id = ?", [process_id]).fetchone()
        late = organisations.on_time(when, deadline[0] if deadline else None) is False
        new_id = db.insert_row(
            "clarification",
            {
                "process_id": process_id,
                "question": clean,
                "asked_at": when,
                "source": "organizzatori",
                "on_time": int(not late),
            },
        )
        audit.log(db, actor, "crea", "clarification", new_id)
    return new_id


ANSWER = ("answer",)  # what the answer's editor saves (coprog/storage/edits.py)


def answer(
    database: Database,
    actor: Actor,
    process_id: int,
    clarification_id: int,
    reply: str,
    *,
    publish: bool,
    based_on: str | None = None,
) -> None:
    """Write (or correct) the answer; publish it as a FAQ, or keep it unpublished
    (``based_on``: the version of the answer the editor started from)."""
    permissions.require("prepare", actor)
    problems = Problems()
    clean = text(problems, "answer", reply, required=publish, max_len=CLARIFICATION_MAX, multiline=True)
    problems.raise_if_any()
    with database.write() as db:
        permissions.require_editable(db, process_id)
        row = db.execute(
            "SELECT id, answer FROM clarification WHERE id = ? AND process_id = ?", [clarification_id, process_id]
        ).fetchone()
        if row is None:
            raise NotFound("clarification.unknown")
        edits.require_unchanged(db, based_on, row, ANSWER, "clarification", clarification_id, ("risponde", "pubblica"))
        db.execute(
            "UPDATE clarification SET answer = ?, answered_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
            " published_at = CASE WHEN ? THEN coalesce(published_at, strftime('%Y-%m-%dT%H:%M:%fZ','now')) END"
            " WHERE id = ?",
            [clean, int(publish), clarification_id],
        )
        audit.log(db, actor, "pubblica" if publish else "risponde", "clarification", clarification_id)


def listing(database: Database, process_id: int) -> list[dict]:
    """Every question for the organisers (with where it came from)."""
    return database.query(
        "SELECT c.id, c.question, c.asked_at, c.source, c.on_time, c.answer, c.answered_at, c.published_at,"
        " m.sender, m.identifier FROM clarification c LEFT JOIN pec_message m ON m.id = c.pec_message_id"
        " WHERE c.process_id = ? ORDER BY c.asked_at, c.id",
        (process_id,),
    )


def faq(database: Database, process_id: int) -> list[dict]:
    """The published answers, as the public sees them: question, answer, dates;
    no sender, no ETS, no PEC identifier."""
    return database.query(
        "SELECT id, question, answer, asked_at, published_at FROM clarification"
        " WHERE process_id = ? AND published_at IS NOT NULL ORDER BY published_at, id",
        (process_id,),
    )


def public_processes(database: Database) -> list[dict]:
    """The percorsi a visitor may read the avviso's page of (not archived; the demo last)."""
    return database.query(
        "SELECT id, title, avviso_protocol, application_deadline, clarification_deadline, pec, is_demo FROM process"
        " WHERE status != ? ORDER BY is_demo, id DESC",
        (ARCHIVED,),
    )
