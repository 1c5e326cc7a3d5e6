"""Hybrid input: contributions added by the facilitator for an organisation
without a laptop, and counts from paper, sticky dots or a show of hands, each
tagged with its source so the documents can say where each figure came from."""

from __future__ import annotations

from coprog.contributions import contributions
from coprog.procedure import permissions
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import taxonomy, vocabulary
from coprog.texts.errors import NotFound
from coprog.texts.validation import Problems, choice, integer, text


def add_on_behalf(
    database: Database,
    actor: Actor,
    session_id: int,
    organisation_id: int,
    kind: str,
    fields: dict,
    source: str = vocabulary.ON_BEHALF,
) -> int:
    """A contribution typed by the facilitator (or copied from paper) for an organisation."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    return contributions.create(
        database, actor, session_id, kind, fields, source=source, organisation_id=organisation_id
    )


def add_paper_count(
    database: Database,
    actor: Actor,
    session_id: int,
    *,
    count,
    source: str = "carta",
    area: str | None = None,
    contribution_id: int | None = None,
    note: str = "",
) -> int:
    """Record a count (e.g. sticky dots on an area or on a contribution)."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    problems = Problems()
    count = integer(problems, "count", count, low=0, high=100000)
    choice(problems, "source", source, vocabulary.COUNT_SOURCES)
    note = text(problems, "note", note, required=False, max_len=300)
    if (area is None) == (contribution_id is None):
        problems.add("area", "hybrid.target_required")
    elif area is not None:
        choice(problems, "area", area, taxonomy.codes("area"))
    problems.raise_if_any()
    with database.write() as db:
        if (
            contribution_id is not None
            and not db.execute(
                "SELECT 1 FROM contribution WHERE id = ? AND session_id = ?", [contribution_id, session_id]
            ).fetchone()
        ):
            raise NotFound("contribution.unknown")
        phase_id = db.execute("SELECT current_phase_id FROM session WHERE id = ?", [session_id]).fetchone()[0]
        count_id = db.insert_row(
            "paper_count",
            {
                "session_id": session_id,
                "phase_id": phase_id,
                "area": area,
                "contribution_id": contribution_id,
                "count": count,
                "source": source,
                "note": note,
            },
        )
        audit.log(
            db,
            actor,
            "conteggio",
            "paper_count",
            count_id,
            session_id=session_id,
            area=area,
            contribution_id=contribution_id,
            count=count,
            source=source,
        )
    return count_id


def paper_counts(database: Database, session_id: int | None = None) -> list[dict]:
    where = "WHERE pc.session_id = ?" if session_id else ""
    return database.query(
        "SELECT pc.*, c.title AS contribution_title FROM paper_count pc"
        f" LEFT JOIN contribution c ON c.id = pc.contribution_id {where} ORDER BY pc.id",
        (session_id,) if session_id else (),
    )
