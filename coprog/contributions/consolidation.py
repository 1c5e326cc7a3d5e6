"""From the tables to the plenary: organisers and facilitators promote
contributions of any session of the percorso into a plenary, one list per
type; near-duplicates across tables are suggested (moderation's similarity
rule) and merged; an organiser may rewrite an item's wording.

An item is one promoted contribution (its source). A merge makes an item
stand for others too: the kept item's sources are its own and those of every
item merged into it (a tree, so undoing a merge restores exactly what was
there). Authors and territories are never copied: they are the union of the
sources' (a source's own authors include those merged into it in moderation),
so an undo needs no bookkeeping. Each item keeps its origin (table, phase)
through its sources, and a link back to them.
"""

from __future__ import annotations

import sqlite3

from coprog.contributions import contributions
from coprog.contributions.moderation import DUPLICATE_THRESHOLD, similar_groups
from coprog.procedure import permissions
from coprog.storage import audit, edits
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import vocabulary
from coprog.texts.errors import NotAllowed, NotFound
from coprog.texts.validation import Problems, text
from coprog.texts.vocabulary import APPROVED, BALLOT_OPEN, BALLOT_PREPARED

# An item is shown (lists, projector, ballots, documents, open data) only while
# its source contribution is public: one hidden after its promotion leaves with it.
SHOWN = f"contribution_id IN (SELECT id FROM contribution WHERE status = '{APPROVED}')"

_DB_ERRORS = {
    "non_plenaria": "cons.not_plenary",
    "tipo_diverso": "cons.type_mismatch",
    "contributo_non_pubblico": "cons.not_public",
    "unione_non_valida": "cons.merge_mismatch",
    "voce_in_votazione": "cons.in_ballot",
    "UNIQUE constraint failed: consolidated_item": "cons.already",
}


def _db_error(exc: sqlite3.IntegrityError) -> Exception:
    return permissions.translate(exc, _DB_ERRORS)


def _plenary(database: Database, session_id: int) -> dict:
    session = database.query_one("SELECT id, kind, process_id FROM session WHERE id = ?", (session_id,))
    if session is None:
        raise NotFound("session.unknown")
    if session["kind"] != "plenaria":
        raise NotAllowed("cons.not_plenary")
    return session


# -- reading ------------------------------------------------------------------------

_SOURCES = f"""
WITH RECURSIVE tree(root, id) AS (
    SELECT id, id FROM consolidated_item WHERE session_id = :s AND merged_into IS NULL
    UNION ALL
    SELECT tree.root, k.id FROM consolidated_item k JOIN tree ON k.merged_into = tree.id
)
SELECT tree.root, k.id AS item_id, k.merged_into, c.id AS contribution_id, c.title, c.body, c.type, c.area,
       c.citywide, c.evidence, c.evidence_source, c.session_id, s.title AS session, s.kind AS session_kind,
       p.name AS phase
FROM tree JOIN consolidated_item k ON k.id = tree.id JOIN contribution c ON c.id = k.contribution_id
JOIN session s ON s.id = c.session_id JOIN phase p ON p.id = c.phase_id
WHERE c.status = '{APPROVED}'
ORDER BY tree.root, k.id
"""


def items(database: Database, session_id: int, kind: str | None = None) -> list[dict]:
    """The plenary's consolidated lists (one type, or all in the vocabulary's
    order): each item with its wording, its sources (the contributions with
    their table and phase), the tables and the ETS behind it (authors of any
    source, by name), its territories (union) and the items merged into it."""
    with database.read() as conn:
        rows = [
            dict(r)
            for r in conn.execute(
                f"SELECT * FROM consolidated_item WHERE session_id = ? AND merged_into IS NULL AND {SHOWN} ORDER BY id",
                [session_id],
            )
        ]
        if kind is not None:
            rows = [r for r in rows if r["type"] == kind]
        sources: dict[int, list[dict]] = {}
        for r in conn.execute(_SOURCES, {"s": session_id}):
            sources.setdefault(r["root"], []).append(dict(r))
        ids = [s["contribution_id"] for found in sources.values() for s in found]
        marks = ",".join("?" * len(ids))
        authors: dict[int, list[tuple[int, str]]] = {}
        municipi: dict[int, set[int]] = {}
        nils: dict[int, set[int]] = {}
        if ids:
            for r in conn.execute(
                "SELECT a.contribution_id, o.id, o.name FROM contribution_author a"
                f" JOIN organisation o ON o.id = a.organisation_id WHERE a.contribution_id IN ({marks})",
                ids,
            ):
                authors.setdefault(r[0], []).append((r[1], r[2]))
            for r in conn.execute(
                f"SELECT contribution_id, municipio FROM contribution_municipio WHERE contribution_id IN ({marks})", ids
            ):
                municipi.setdefault(r[0], set()).add(r[1])
            for r in conn.execute(
                f"SELECT contribution_id, nil FROM contribution_nil WHERE contribution_id IN ({marks})", ids
            ):
                nils.setdefault(r[0], set()).add(r[1])
    order = {k: n for n, k in enumerate(vocabulary.CONTRIBUTION_TYPES)}
    rows.sort(key=lambda r: (order[r["type"]], r["id"]))
    for row in rows:
        found = sources.get(row["id"], [])
        for source in found:
            source["authors"] = sorted(name for _, name in authors.get(source["contribution_id"], []))
        organisations = {oid: name for s in found for oid, name in authors.get(s["contribution_id"], [])}
        row["sources"] = found
        row["merged"] = [s["item_id"] for s in found if s["item_id"] != row["id"]]
        row["tables"] = list(dict.fromkeys(s["session"] for s in found))
        row["organisations"] = sorted(organisations.values())
        row["organisation_ids"] = sorted(organisations)
        row["municipi"] = sorted(set().union(*(municipi.get(s["contribution_id"], set()) for s in found)))
        row["nils"] = sorted(set().union(*(nils.get(s["contribution_id"], set()) for s in found)))
        row["citywide"] = any(s["citywide"] for s in found)
        row["evidence"] = [s["evidence"] for s in found if (s["evidence"] or "").strip()]
        row["area"] = found[0]["area"] if found else None
    return rows


def get(database: Database, item_id: int) -> dict:
    row = database.query_one("SELECT * FROM consolidated_item WHERE id = ?", (item_id,))
    if row is None:
        raise NotFound("cons.unknown")
    return row


def candidates(database: Database, session_id: int, kind: str | None = None) -> list[dict]:
    """What may still be promoted into this plenary: the percorso's public,
    unmerged contributions (any session, this one too) not yet in its lists,
    by session then id, with their table, phase and authors."""

    plenary = _plenary(database, session_id)
    sql = (
        contributions._SELECT.replace("SELECT c.*,", "SELECT c.*, s.title AS session, s.kind AS session_kind,")
        + " JOIN session s ON s.id = c.session_id"
        + f" WHERE s.process_id = ? AND {contributions.PUBLIC} AND c.merged_into IS NULL"
        + " AND c.id NOT IN (SELECT contribution_id FROM consolidated_item WHERE session_id = ?)"
    )
    params: list[object] = [plenary["process_id"], session_id]
    if kind is not None:
        sql += " AND c.type = ?"
        params.append(kind)
    return contributions._with_lists(database.query(sql + " ORDER BY c.session_id, c.id", tuple(params)))


def counts(database: Database, session_id: int) -> dict[str, int]:
    """Items per type in the plenary's lists (merged ones not counted)."""
    return {
        r["type"]: r["n"]
        for r in database.query(
            "SELECT type, count(*) AS n FROM consolidated_item WHERE session_id = ? AND merged_into IS NULL"
            f" AND {SHOWN} GROUP BY type",
            (session_id,),
        )
    }


def history(database: Database, item_id: int) -> list[dict]:
    """Every wording the item had, oldest first: the original (its source
    contribution's), then each rewrite with who and when."""
    item = get(database, item_id)
    source = database.one("SELECT title, body, created_at FROM contribution WHERE id = ?", (item["contribution_id"],))
    out = [{"title": source["title"], "body": source["body"], "at": source["created_at"], "by": "", "original": True}]
    for row in database.query(
        "SELECT at, actor_label, json_extract(detail, '$.after.title') AS title,"
        " json_extract(detail, '$.after.body') AS body FROM audit_log"
        " WHERE entity = 'consolidated_item' AND entity_id = ? AND action = 'riformula' ORDER BY id",
        (item_id,),
    ):
        out.append(
            {"title": row["title"], "body": row["body"], "at": row["at"], "by": row["actor_label"], "original": False}
        )
    return out


def suggestions(database: Database, session_id: int, kind: str | None = None, threshold: int = DUPLICATE_THRESHOLD):
    """Likely duplicates among the plenary's items of one list (across tables),
    by moderation's rule, compared on each item's current wording."""
    found = [
        {"id": i["id"], "type": i["type"], "area": i["area"], "title": i["title"], "body": i["body"]}
        for i in items(database, session_id, kind)
    ]
    return similar_groups(found, threshold)


# -- writing ------------------------------------------------------------------------


def promote(database: Database, actor: Actor, session_id: int, contribution_ids: list[int]) -> list[int]:
    """Bring contributions into the plenary's lists, each as one item with the
    contribution's wording. All or nothing."""
    permissions.require("run_session", actor, database=database, session_id=session_id)
    _plenary(database, session_id)
    chosen = [int(i) for i in dict.fromkeys(contribution_ids or [])]
    if not chosen:
        Problems([("contributions", "cons.nothing_chosen", {})]).raise_if_any()
    made = []
    try:
        with database.write() as db:
            for cid in chosen:
                source = db.execute("SELECT type, title, body FROM contribution WHERE id = ?", [cid]).fetchone()
                if source is None:
                    raise NotFound("contribution.unknown")
                item_id = db.insert_row(
                    "consolidated_item",
                    {
                        "session_id": session_id,
                        "contribution_id": cid,
                        "type": source["type"],
                        "title": source["title"],
                        "body": source["body"],
                    },
                )
                made.append(item_id)
                audit.log(db, actor, "consolida", "consolidated_item", item_id, contribution=cid, type=source["type"])
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc
    return made


def merge(database: Database, actor: Actor, keep_id: int, other_ids: list[int]) -> None:
    """Merge items of the same list into ``keep_id``: they leave the list and
    the kept item stands for them (the union of their sources' authors and
    territories). Undone item by item with ``unmerge``."""
    keep = get(database, keep_id)
    permissions.require("run_session", actor, database=database, session_id=keep["session_id"])
    others = [int(i) for i in dict.fromkeys(other_ids or []) if int(i) != keep_id]
    if not others:
        Problems([("merge", "moderation.nothing_to_merge", {})]).raise_if_any()
    try:
        with database.write() as db:
            if db.execute("SELECT 1 FROM ballot_item WHERE consolidated_id = ?", [keep_id]).fetchone():
                raise NotAllowed("cons.in_ballot")
            for other in others:
                cur = db.execute(
                    "UPDATE consolidated_item SET merged_into = ? WHERE id = ? AND merged_into IS NULL"
                    " AND NOT EXISTS (SELECT 1 FROM ballot_item WHERE consolidated_id = ?)",
                    [keep_id, other, other],
                )
                if not cur.rowcount:
                    raise NotAllowed("cons.merge_mismatch")
            audit.log(db, actor, "unisce", "consolidated_item", keep_id, merged=others)
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc


def unmerge(database: Database, actor: Actor, item_id: int) -> None:
    """Undo a merge: the item is back in its list as it was (with whatever had
    been merged into it)."""
    item = get(database, item_id)
    permissions.require("run_session", actor, database=database, session_id=item["session_id"])
    if item["merged_into"] is None:
        raise NotAllowed("cons.not_merged")
    if _root_on_open_ballot(database, item["merged_into"]):
        raise NotAllowed("cons.in_open_ballot")
    with database.write() as db:
        db.execute("UPDATE consolidated_item SET merged_into = NULL WHERE id = ?", [item_id])
        audit.log(db, actor, "separa", "consolidated_item", item_id, was_merged_into=item["merged_into"])


def _root_on_open_ballot(database: Database, item_id: int) -> bool:
    """Whether the item, or the item it is merged into (up to the top of the
    list), is on an open or prepared ballot: what its voters read must not change
    under them (a prepared ballot is already drawn, hidden, on their pages)."""
    return bool(
        database.scalar(
            "WITH RECURSIVE up(id) AS (SELECT ? UNION ALL"
            " SELECT k.merged_into FROM consolidated_item k JOIN up ON k.id = up.id WHERE k.merged_into IS NOT NULL)"
            " SELECT 1 FROM ballot_item i JOIN ballot b ON b.id = i.ballot_id"
            f" WHERE i.consolidated_id IN (SELECT id FROM up) AND b.status IN ('{BALLOT_OPEN}', '{BALLOT_PREPARED}')"
            " LIMIT 1",
            (item_id,),
        )
    )


REWORDED = ("title", "body")  # what the wording's editor saves (coprog/storage/edits.py)


def reword(
    database: Database, actor: Actor, item_id: int, title: str, body: str = "", based_on: str | None = None
) -> None:
    """An organiser rewrites the consolidated wording; the sources keep theirs
    and every wording stays in the item's history. Not while an open ballot
    lists the item (its voters read the wording they vote on). ``based_on``: the
    wording the editor started from; a save over another one is refused."""
    permissions.require("prepare", actor)
    get(database, item_id)  # an unknown item: NotFound
    if _root_on_open_ballot(database, item_id):
        raise NotAllowed("cons.in_open_ballot")
    problems = Problems()
    title = text(problems, "title", title, min_len=3, max_len=vocabulary.TITLE_MAX)
    body = text(problems, "body", body, required=False, max_len=vocabulary.BODY_MAX, multiline=True)
    problems.raise_if_any()
    try:
        with database.write() as db:
            stored = db.execute("SELECT title, body FROM consolidated_item WHERE id = ?", [item_id]).fetchone()
            edits.require_unchanged(db, based_on, stored, REWORDED, "consolidated_item", item_id, ("riformula",))
            db.execute(
                "UPDATE consolidated_item SET title = ?, body = ?, reworded = 1,"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                [title, body, item_id],
            )
            audit.log(
                db,
                actor,
                "riformula",
                "consolidated_item",
                item_id,
                before={"title": stored["title"], "body": stored["body"]},
                after={"title": title, "body": body},
            )
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc


def remove(database: Database, actor: Actor, item_id: int) -> None:
    """Take an item out of the plenary's list (its source stays where it was).
    Refused while other items are merged into it or a ballot lists it."""
    item = get(database, item_id)
    permissions.require("run_session", actor, database=database, session_id=item["session_id"])
    try:
        with database.write() as db:
            if db.execute("SELECT 1 FROM consolidated_item WHERE merged_into = ?", [item_id]).fetchone():
                raise NotAllowed("cons.has_merged")
            audit.log(db, actor, "toglie", "consolidated_item", item_id, contribution=item["contribution_id"])
            db.execute("DELETE FROM consolidated_item WHERE id = ?", [item_id])
    except sqlite3.IntegrityError as exc:
        raise _db_error(exc) from exc
