"""Saves made from what the editor saw. A text two people may edit at once (the
minutes' notes, the sintesi's own texts, a phase of the agenda, an answer to a
question or an observation, a contribution, a consolidated wording) is saved
only if the stored one is still the version the editor's form started from
(``based_on``, its :func:`fingerprint`). Otherwise the
save is refused with :class:`EditConflict`, which names who saved the other
version and when (from the audit log), and nothing is written: neither save is
lost without its author knowing. The form keeps what was typed and shows the
version saved meanwhile; a save made having seen it replaces it.

``based_on=None`` (the CLI, the core's own callers) saves whatever is stored."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

from coprog.texts import i18n, vocabulary
from coprog.texts.errors import EditConflict


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, set | frozenset):
        return sorted(str(v) for v in value)
    if isinstance(value, list | tuple):  # a sequence: its order counts (the sintesi's sections)
        return [str(v) for v in value]
    return value


def fingerprint(values: Mapping, fields: Iterable[str]) -> str:
    """The version of ``fields`` of a row (a page's dict or a database row): the
    same for the same values, whatever their container (None and "" alike, a
    flag as 0/1, a list as a tuple; a set in any order, a list in its own)."""
    canonical = json.dumps({f: _plain(values[f]) for f in fields}, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def require_unchanged(
    db,
    based_on: str | None,
    current: Mapping,
    fields: Iterable[str],
    entity: str,
    entity_id: int,
    writes: tuple[str, ...],
) -> None:
    """Refuse a save made from another version than ``current`` (read in the
    same write transaction), naming who last wrote ``entity`` ``entity_id`` by one
    of the audit log's actions ``writes`` (not whoever last touched it otherwise:
    a delegate checking in to the session, a reaction to the contribution)."""
    if based_on is None or based_on == fingerprint(current, fields):
        return
    marks = ",".join("?" * len(writes))
    last = db.execute(
        "SELECT actor_kind, actor_id, actor_label, at FROM audit_log WHERE entity = ? AND entity_id = ?"
        f" AND action IN ({marks}) ORDER BY id DESC LIMIT 1",
        [entity, entity_id, *writes],
    ).fetchone()
    if last is None:  # written outside the app (an import, by hand): no one to name
        raise EditConflict("edit.conflict.sistema", when="—")
    kind, actor_id, label, at = last
    if kind == vocabulary.DELEGATE or (actor_id is not None and label):  # a person: named
        raise EditConflict("edit.conflict", who=label, when=i18n.when(at))
    raise EditConflict(f"edit.conflict.{kind}", when=i18n.when(at))  # the staff's shared sign-in: its role
