"""The audit log: every write says who did what, when, with before/after."""

from __future__ import annotations

import json
from dataclasses import dataclass

from coprog.storage.db import Database
from coprog.texts import vocabulary


@dataclass(frozen=True)
class Actor:
    """Who acts: kind is delegato, facilitatore, organizzatore or sistema."""

    kind: str
    id: int | None = None
    label: str = ""
    organisation_id: int | None = None

    @property
    def delegate_id(self) -> int | None:
        """The delegate a row is attributed to (None when staff or the system act)."""
        return self.id if self.kind == vocabulary.DELEGATE else None


SYSTEM = Actor(vocabulary.SYSTEM, None, "sistema")


def log(db, actor: Actor, action: str, entity: str, entity_id: int | None, **detail) -> None:
    """Append one row; call it inside the write transaction it describes."""
    db.conn.execute(
        "INSERT INTO audit_log (actor_kind, actor_id, actor_label, action, entity, entity_id, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            actor.kind,
            actor.id,
            actor.label,
            action,
            entity,
            entity_id,
            json.dumps(detail, ensure_ascii=False, default=str),
        ),
    )


def last_change(database: Database, process_id: int) -> int:
    """The id of the percorso's latest audited write (0 before any). Every write
    is audited in its own transaction, so a document built from the percorso
    when this was N is out of date once it moves; reading it is one step of an
    index (``audit_process``), cheap enough for every run of a page."""
    return database.one("SELECT max(id) AS last FROM audit_log WHERE process_id = ?", (process_id,))["last"] or 0


def recent(database: Database, process_id: int, limit: int = 200) -> list[dict]:
    """The latest rows of one percorso's log, with the rows that belong to none
    (facilitators, a deleted demo)."""
    return database.query(
        "SELECT id, at, actor_kind, actor_label, action, entity, entity_id, detail, process_id"
        " FROM audit_log WHERE process_id = ? OR process_id IS NULL ORDER BY id DESC LIMIT ?",
        (process_id, limit),
    )
