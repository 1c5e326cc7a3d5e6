"""Reactions and adesioni: during a phase the facilitator opens for them, an
ETS reacts to the others' published contributions (accordo, disaccordo,
passo) and may co-sign one (aderisce: the ETS joins it as supporter, by name;
co-signing means agreeing). One row per ETS per item, changed in place while
the phase is open; the database holds the rules (migration 10). The reaction
matrix feeds the opinion groups and the group-informed consensus
(coprog/ballots/opinion.py)."""

from __future__ import annotations

import sqlite3

from coprog.procedure import permissions
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import vocabulary
from coprog.texts.errors import NotAllowed, NotFound, ValidationError
from coprog.texts.vocabulary import AGREE, APPROVED, REACTIONS

_DB_ERRORS = {
    "reazioni_chiuse": "reaction.closed",
    "contributo_proprio": "reaction.own",
    "contributo_non_pubblico": "reaction.not_public",
}


def _db_error(exc: sqlite3.IntegrityError) -> Exception:
    return permissions.translate(exc, _DB_ERRORS)


def _check(db, actor: Actor, contribution_id: int) -> dict:
    """Inside the write: the contribution exists, is public, its phase takes
    reactions, it is not the actor's ETS's own, the ETS may take part."""
    row = db.execute(
        "SELECT c.id, c.session_id, c.organisation_id, c.status, c.merged_into,"
        " coalesce(p.reactions_open, 0) AS open FROM contribution c JOIN session s ON s.id = c.session_id"
        " LEFT JOIN phase p ON p.id = s.current_phase_id WHERE c.id = ?",
        [contribution_id],
    ).fetchone()
    if row is None:
        raise NotFound("reaction.unknown_item")
    permissions.require_participation(db, actor.organisation_id, row["session_id"])
    if row["status"] != vocabulary.APPROVED or row["merged_into"] is not None:
        raise NotAllowed("reaction.not_public")
    if not row["open"]:
        raise NotAllowed("reaction.closed")
    own = (
        row["organisation_id"] == actor.organisation_id
        or db.execute(
            "SELECT 1 FROM contribution_author WHERE contribution_id = ? AND organisation_id = ?",
            [contribution_id, actor.organisation_id],
        ).fetchone()
    )
    if own:
        raise NotAllowed("reaction.own")
    return dict(row)


def _write(
    database: Database, actor: Actor, contribution_id: int, value: str, endorsed: bool | None, action: str
) -> dict:
    """Store the ETS's reaction; ``endorsed`` None keeps the adesione it holds
    if the reaction is accordo (read in this transaction), drops it otherwise."""
    permissions.require("react", actor)
    try:
        with database.write() as db:
            _check(db, actor, contribution_id)
            before = db.execute(
                "SELECT value, endorsed FROM reaction WHERE contribution_id = ? AND organisation_id = ?",
                [contribution_id, actor.organisation_id],
            ).fetchone()
            if endorsed is None:
                endorsed = value == AGREE and before is not None and bool(before["endorsed"])
            db.execute(
                "INSERT INTO reaction (contribution_id, organisation_id, delegate_id, value, endorsed)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(contribution_id, organisation_id) DO UPDATE SET"
                " value = excluded.value, endorsed = excluded.endorsed, delegate_id = excluded.delegate_id,"
                " changes = changes + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')",
                [contribution_id, actor.organisation_id, actor.id, value, int(endorsed)],
            )
            audit.log(
                db,
                actor,
                action,
                "contribution",
                contribution_id,
                before=None if before is None else {"value": before[0], "endorsed": before[1]},
                after={"value": value, "endorsed": int(endorsed)},
            )
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc
    return {"value": value, "endorsed": endorsed}


def react(database: Database, actor: Actor, contribution_id: int, value: str) -> dict:
    """The actor's ETS reacts (or changes its reaction). A reaction other than
    accordo withdraws the ETS's adesione (co-signing means agreeing)."""
    if value not in REACTIONS:
        raise ValidationError([("reaction", "validation.unknown_value", {"value": str(value)[:30]})])
    return _write(database, actor, contribution_id, value, None, "reagisce")


def endorse(database: Database, actor: Actor, contribution_id: int, on: bool = True) -> dict:
    """The actor's ETS co-signs the item (its reaction becomes accordo), or
    withdraws its adesione (the accordo stays)."""
    return _write(database, actor, contribution_id, AGREE, bool(on), "aderisce" if on else "ritira_adesione")


def set_names(database: Database, actor: Actor, process_id: int, on: bool) -> None:
    """Organisers choose whether the map of opinion groups names the ETS
    (anonymous by default: «Ente 1», «Ente 2» …)."""
    permissions.require("prepare", actor)
    with database.write() as db:
        permissions.require_editable(db, process_id)
        db.execute("UPDATE process SET opinion_names = ? WHERE id = ?", [int(bool(on)), process_id])
        db.execute("UPDATE session SET version = version + 1 WHERE process_id = ?", [process_id])  # projectors redraw
        audit.log(db, actor, "nomi_mappa_opinioni", "process", process_id, after=int(bool(on)))


def mine(database: Database, organisation_id: int, contribution_ids) -> dict[int, dict]:
    """The ETS's reactions to these items: id -> {value, endorsed}."""
    ids = [int(i) for i in contribution_ids]
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        r["contribution_id"]: {"value": r["value"], "endorsed": bool(r["endorsed"])}
        for r in database.query(
            f"SELECT contribution_id, value, endorsed FROM reaction WHERE organisation_id = ?"
            f" AND contribution_id IN ({marks})",
            (organisation_id, *ids),
        )
    }


def endorsers(database: Database, contribution_ids) -> dict[int, list[str]]:
    """The ETS that co-signed each item, by name (a public fact, shown on the item)."""
    ids = [int(i) for i in contribution_ids]
    if not ids:
        return {}
    out: dict[int, list[str]] = {}
    for r in database.query(
        "SELECT r.contribution_id, o.name FROM reaction r JOIN organisation o ON o.id = r.organisation_id"
        f" WHERE r.endorsed = 1 AND r.contribution_id IN ({','.join('?' * len(ids))}) ORDER BY o.name",
        tuple(ids),
    ):
        out.setdefault(r["contribution_id"], []).append(r["name"])
    return out


def open_in(database: Database, session_id: int) -> bool:
    """Whether the session's current phase takes reactions."""
    return bool(
        database.scalar(
            "SELECT p.reactions_open FROM session s JOIN phase p ON p.id = s.current_phase_id WHERE s.id = ?",
            (session_id,),
        )
    )


def items(database: Database, session_id: int, organisation_id: int) -> list[dict]:
    """What the ETS may react to in the session: the others' published items, oldest first."""
    return database.query(
        "SELECT c.id, c.type, c.title, c.body, o.name AS organisation FROM contribution c"
        " JOIN organisation o ON o.id = c.organisation_id"
        f" WHERE c.session_id = ? AND c.status = '{APPROVED}' AND c.merged_into IS NULL AND c.organisation_id != ?"
        " AND NOT EXISTS (SELECT 1 FROM contribution_author a WHERE a.contribution_id = c.id"
        "   AND a.organisation_id = ?) ORDER BY c.id",
        (session_id, organisation_id, organisation_id),
    )
