"""The draft sintesi and the observations on it: the transparency step before
any co-progettazione.

Organisers publish a numbered version of the documento di sintesi with a
deadline; what was published is frozen (the DOCX as generated, and its
sections as text, split at its chapter headings). Delegates of admitted ETS
read it by section in the app and send observations per section until the
deadline (the database refuses one after it). Organisers answer each one
(accolta, parzialmente accolta, non accolta, with the reason). The next version
carries an annex listing every observation on the earlier versions with its
answer (or saying it has none yet). The definitive version is published the
same way, numbered and frozen. Nothing is published while the pre-publication
check (coprog/records/verifica.py) finds a difference, personal data or hidden text."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime

from coprog.live.floor import stamp
from coprog.procedure import permissions
from coprog.records import verifica
from coprog.records.docmodel import PUBLIC
from coprog.storage import audit, edits
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import i18n
from coprog.texts.errors import NotAllowed, NotFound
from coprog.texts.validation import Problems, choice, datetime_value, text
from coprog.texts.vocabulary import ANSWERS, OBSERVATION_MAX


def _utc(local: str) -> str:
    """A Europe/Rome wall-clock 'YYYY-MM-DDTHH:MM' -> the database's UTC stamp."""
    moment = datetime.strptime(local, "%Y-%m-%dT%H:%M").replace(tzinfo=i18n.TZ)
    return stamp(moment.astimezone(UTC))


def sections_of(docx: bytes) -> list[tuple[str, str]]:
    """A DOCX's chapters as (heading, text): split at its level-1 headings, the
    paragraphs and table rows in document order (cells joined by « · »)."""
    from docx import Document
    from docx.table import Table

    out: list[tuple[str, list[str]]] = []
    for block in Document(io.BytesIO(docx)).iter_inner_content():
        if isinstance(block, Table):
            lines = [" · ".join(cell.text.strip() for cell in row.cells) for row in block.rows]
        else:
            if block.style is not None and block.style.name == "Heading 1":
                out.append((block.text.strip(), []))
                continue
            lines = [block.text.strip()]
        if out:
            out[-1][1].extend(line for line in lines if line)
    return [(title, "\n".join(lines)) for title, lines in out]


def publish(database: Database, actor: Actor, process_id: int, deadline, now: datetime | None = None) -> dict:
    """Publish the next version of the draft (the public edition, DOCX and
    PDF), with the deadline for observations (local time, in the future).
    Refused while the pre-publication check (coprog/records/verifica.py) finds anything."""
    permissions.require("prepare", actor)
    problems = Problems()
    local = datetime_value(problems, "deadline", deadline, required=True)
    problems.raise_if_any()
    assert local is not None
    closing = _utc(local)
    if closing <= stamp(now):
        raise NotAllowed("draft.deadline_past")
    with database.read() as conn:
        permissions.require_editable(conn, process_id)
    version = (database.scalar("SELECT max(version) FROM draft WHERE process_id = ?", (process_id,)) or 0) + 1
    report = verifica.check(
        database, process_id, draft={"version": version, "deadline": local}, annex=observations(database, process_id)
    )
    verifica.require_clean(report)
    docx, pdf = report.files[(PUBLIC, "docx")], report.files[(PUBLIC, "pdf")]
    sections = sections_of(docx)
    try:
        with database.write() as db:
            permissions.require_editable(db, process_id)
            draft_id = db.insert_row(
                "draft", {"process_id": process_id, "version": version, "deadline": closing, "docx": docx, "pdf": pdf}
            )
            db.conn.executemany(
                "INSERT INTO draft_section (draft_id, position, title, body) VALUES (?, ?, ?, ?)",
                [(draft_id, n, title, body) for n, (title, body) in enumerate(sections, start=1)],
            )
            audit.log(
                db,
                actor,
                "pubblica_bozza",
                "draft",
                draft_id,
                version=version,
                deadline=closing,
                check=report.summary(),
            )
    except sqlite3.IntegrityError as exc:  # two organisers at once: the second gets the same number
        if "draft.process_id, draft.version" in str(exc):
            raise NotAllowed("draft.published_meanwhile") from exc
        raise
    return get(database, draft_id)


def publish_final(database: Database, actor: Actor, process_id: int) -> dict:
    """Publish the definitive documento di sintesi (public edition: DOCX, PDF and
    HTML, frozen, with the PDF's SHA-256), numbered 1, 2 … (a corrected version
    is a new number). Refused while the pre-publication check finds anything;
    observations on the drafts are its last chapter, with their answers."""
    import hashlib

    permissions.require("prepare", actor)
    with database.read() as conn:
        permissions.require_editable(conn, process_id)
    number = (database.scalar("SELECT max(number) FROM final_document WHERE process_id = ?", (process_id,)) or 0) + 1
    report = verifica.check(database, process_id, annex=observations(database, process_id) or None, final=number)
    verifica.require_clean(report)
    pdf = report.files[(PUBLIC, "pdf")]
    digest = hashlib.sha256(pdf).hexdigest()
    try:
        with database.write() as db:
            permissions.require_editable(db, process_id)
            final_id = db.insert_row(
                "final_document",
                {
                    "process_id": process_id,
                    "number": number,
                    "docx": report.files[(PUBLIC, "docx")],
                    "pdf": pdf,
                    "html": report.files[(PUBLIC, "html")],
                    "sha256": digest,
                },
            )
            audit.log(
                db, actor, "pubblica_sintesi", "synthesis", process_id, number=number, sha256=digest,
                check=report.summary(),
            )  # fmt: skip
    except sqlite3.IntegrityError as exc:
        if "final_document.process_id, final_document.number" in str(exc):
            raise NotAllowed("draft.published_meanwhile") from exc
        raise permissions.translate(exc) from exc
    return final(database, final_id)


def final(database: Database, final_id: int) -> dict:
    row = database.query_one(
        "SELECT id, process_id, number, sha256, published_at FROM final_document WHERE id = ?", (final_id,)
    )
    if row is None:
        raise NotFound("draft.unknown")
    return row


def finals(database: Database, process_id: int) -> list[dict]:
    """The definitive versions published, oldest first."""
    return database.query(
        "SELECT id, number, sha256, published_at FROM final_document WHERE process_id = ? ORDER BY number",
        (process_id,),
    )


def final_file(database: Database, final_id: int, fmt: str) -> bytes:
    """A published definitive version as it was published (docx, pdf or html)."""
    if fmt not in ("docx", "pdf", "html"):
        raise NotFound("draft.unknown")
    return database.scalar(f"SELECT {fmt} FROM final_document WHERE id = ?", (final_id,))


def get(database: Database, draft_id: int) -> dict:
    row = database.query_one(
        "SELECT id, process_id, version, deadline, published_at FROM draft WHERE id = ?", (draft_id,)
    )
    if row is None:
        raise NotFound("draft.unknown")
    return row


def latest(database: Database, process_id: int) -> dict | None:
    return database.query_one(
        "SELECT id, process_id, version, deadline, published_at FROM draft WHERE process_id = ?"
        " ORDER BY version DESC LIMIT 1",
        (process_id,),
    )


def versions(database: Database, process_id: int) -> list[dict]:
    return database.query(
        "SELECT d.id, d.version, d.deadline, d.published_at,"
        " (SELECT count(*) FROM observation o JOIN draft_section x ON x.id = o.section_id WHERE x.draft_id = d.id)"
        " AS observations FROM draft d WHERE d.process_id = ? ORDER BY d.version",
        (process_id,),
    )


def docx_of(database: Database, draft_id: int) -> bytes:
    return database.scalar("SELECT docx FROM draft WHERE id = ?", (draft_id,))


def pdf_of(database: Database, draft_id: int) -> bytes | None:
    """The draft's accessible PDF (None for a draft published before PDFs were kept)."""
    return database.scalar("SELECT pdf FROM draft WHERE id = ?", (draft_id,))


def is_open(draft: dict, now: datetime | None = None) -> bool:
    """Whether observations are still taken (a pure decision on the stored deadline)."""
    return stamp(now) <= draft["deadline"]


def sections(database: Database, draft_id: int) -> list[dict]:
    return database.query(
        "SELECT id, position, title, body FROM draft_section WHERE draft_id = ? ORDER BY position", (draft_id,)
    )


def observe(database: Database, actor: Actor, section_id: int, body: str, now: datetime | None = None) -> int:
    """A delegate's observation on a section, for their ETS, until the deadline."""
    permissions.require("observe_draft", actor)
    problems = Problems()
    body = text(problems, "observation", body, min_len=3, max_len=OBSERVATION_MAX, multiline=True)
    problems.raise_if_any()
    try:
        with database.write() as db:
            row = db.execute(
                "SELECT d.process_id, d.deadline FROM draft_section x JOIN draft d ON d.id = x.draft_id WHERE x.id = ?",
                [section_id],
            ).fetchone()
            if row is None:
                raise NotFound("draft.unknown_section")
            permissions.require_participation(db, actor.organisation_id)
            if (
                db.execute("SELECT process_id FROM organisation WHERE id = ?", [actor.organisation_id]).fetchone()[0]
                != row["process_id"]
            ):
                raise NotAllowed("process.other_process")
            if not is_open({"deadline": row["deadline"]}, now):
                raise NotAllowed("draft.deadline_passed")
            observation_id = db.insert_row(
                "observation",
                {
                    "section_id": section_id,
                    "organisation_id": actor.organisation_id,
                    "delegate_id": actor.id,
                    "text": body,
                },
            )
            audit.log(db, actor, "osserva", "observation", observation_id, section_id=section_id)
    except sqlite3.IntegrityError as exc:
        if "termine_scaduto" in str(exc):
            raise NotAllowed("draft.deadline_passed") from exc
        raise permissions.translate(exc) from exc
    return observation_id


ANSWER = ("answer", "reason")  # what the answer's editor saves (coprog/storage/edits.py)


def answer(
    database: Database, actor: Actor, observation_id: int, outcome: str, reason: str, based_on: str | None = None
) -> None:
    """The organisers' answer to an observation, with its reason (it may be changed;
    ``based_on``: the version the editor started from)."""
    permissions.require("prepare", actor)
    problems = Problems()
    outcome = choice(problems, "answer", outcome, ANSWERS)
    reason = text(problems, "reason", reason, min_len=3, max_len=OBSERVATION_MAX, multiline=True)
    problems.raise_if_any()
    with database.write() as db:
        before = db.execute("SELECT answer, reason FROM observation WHERE id = ?", [observation_id]).fetchone()
        if before is None:
            raise NotFound("draft.unknown_observation")
        edits.require_unchanged(db, based_on, before, ANSWER, "observation", observation_id, ("risponde_osservazione",))
        db.execute(
            "UPDATE observation SET answer = ?, reason = ?, answered_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
            " WHERE id = ?",
            [outcome, reason, observation_id],
        )
        audit.log(
            db,
            actor,
            "risponde_osservazione",
            "observation",
            observation_id,
            before={"answer": before[0], "reason": before[1]},
            after={"answer": outcome, "reason": reason},
        )


def observations(database: Database, process_id: int, draft_id: int | None = None) -> list[dict]:
    """Every observation (of one version, or of all), in version and section
    order: the ETS (not the person), the text, the answer and its reason."""
    where = "d.process_id = ?" + (" AND d.id = ?" if draft_id is not None else "")
    params = (process_id, draft_id) if draft_id is not None else (process_id,)
    return database.query(
        "SELECT o.id, d.version, x.position, x.title AS section, g.name AS organisation, o.text, o.created_at,"
        " o.answer, o.reason, o.answered_at FROM observation o JOIN draft_section x ON x.id = o.section_id"
        " JOIN draft d ON d.id = x.draft_id JOIN organisation g ON g.id = o.organisation_id"
        f" WHERE {where} ORDER BY d.version, x.position, o.id",
        params,
    )


def of_organisation(database: Database, draft_id: int, organisation_id: int) -> list[dict]:
    """What the ETS observed on this version, with the answers so far."""
    return database.query(
        "SELECT o.id, x.position, x.title AS section, o.text, o.created_at, o.answer, o.reason FROM observation o"
        " JOIN draft_section x ON x.id = o.section_id WHERE x.draft_id = ? AND o.organisation_id = ?"
        " ORDER BY x.position, o.id",
        (draft_id, organisation_id),
    )
