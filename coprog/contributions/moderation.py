"""Moderation: approve, hide with a reason, correct, re-categorise, pin, merge
duplicates (keeping every author organisation), suggest likely duplicates,
and undo any of it from the audit log."""

from __future__ import annotations

import json

from rapidfuzz import fuzz

from coprog.contributions import contributions
from coprog.procedure import permissions
from coprog.storage import audit, edits
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import taxonomy
from coprog.texts.errors import NotAllowed, NotFound
from coprog.texts.validation import Problems, text
from coprog.texts.vocabulary import PENDING, WITHDRAWN

ACTIONS = (
    "approva",
    "nasconde",
    "corregge",
    "ricategorizza",
    "fissa",
    "sblocca",
    "unisce",
    "approva_modifica",
    "respinge_modifica",
)
FIELDS = (
    "status",
    "hidden_reason",
    "title",
    "body",
    "area",
    "target_group",
    "citywide",
    "intensity",
    "trend",
    "pinned",
)
DUPLICATE_THRESHOLD = 80


def queue(database: Database, session_id: int, status: str | None = None) -> list[dict]:
    """The session's contributions for moderation (not withdrawn, not merged), newest first."""
    sql = contributions._SELECT + f" WHERE c.session_id = ? AND c.status != '{WITHDRAWN}' AND c.merged_into IS NULL"
    params: tuple = (session_id,)
    if status:
        sql += " AND c.status = ?"
        params += (status,)
    return contributions._with_lists(database.query(sql + " ORDER BY c.pinned DESC, c.id DESC", params))


def _row(db, contribution_id: int):
    row = db.execute("SELECT * FROM contribution WHERE id = ?", [contribution_id]).fetchone()
    if row is None:
        raise NotFound("contribution.unknown")
    return row


# what each of the moderator's editors saves (coprog/storage/edits.py)
CORRECTED = ("title", "body")
RECATEGORISED = ("area", "target_group", "citywide", "municipi", "nils")


def _change(
    database: Database,
    actor: Actor,
    contribution_id: int,
    action: str,
    values: dict,
    territory: dict | None = None,
    based_on: tuple[str | None, tuple[str, ...]] = (None, ()),
) -> None:
    """Apply one moderation change in one transaction, audited with before/after
    (``based_on``: the version of those fields the moderator's form started from)."""
    with database.write() as db:
        row = _row(db, contribution_id)
        permissions.require("run_session", actor, database=database, session_id=row["session_id"])
        if row["merged_into"] is not None:
            raise NotAllowed("contribution.merged")
        before = {k: row[k] for k in values}
        if territory is not None:
            before.update(contributions.stored_territory(db, contribution_id))
        version, fields = based_on
        if version is not None:
            current = {**dict(row), **contributions.stored_territory(db, contribution_id)}
            edits.require_unchanged(db, version, current, fields, "contribution", contribution_id, contributions.WRITES)
        sets = ", ".join(f"{k} = ?" for k in values)
        db.execute(
            f"UPDATE contribution SET {sets}, last_editor = 'staff',"
            " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
            [*values.values(), contribution_id],
        )
        if territory is not None:
            contributions._write_territory(db, contribution_id, territory)
        after = dict(values, **(territory or {}))
        audit.log(db, actor, action, "contribution", contribution_id, before=before, after=after)


def approve(database: Database, actor: Actor, contribution_id: int) -> None:
    _change(database, actor, contribution_id, "approva", {"status": "approvato", "hidden_reason": ""})


def hide(database: Database, actor: Actor, contribution_id: int, reason: str) -> None:
    problems = Problems()
    reason = text(problems, "hidden_reason", reason, min_len=3, max_len=300)
    problems.raise_if_any()
    _change(database, actor, contribution_id, "nasconde", {"status": "nascosto", "hidden_reason": reason})


def correct(
    database: Database, actor: Actor, contribution_id: int, title: str, body: str, based_on: str | None = None
) -> None:
    """Fix typos in the title and text (the kind of contribution stays; ``based_on``:
    the version the moderator's form started from)."""
    with database.read() as conn:
        kind = conn.execute("SELECT type FROM contribution WHERE id = ?", (contribution_id,)).fetchone()
    if kind is None:
        raise NotFound("contribution.unknown")
    problems = Problems()
    clean_title = text(problems, "title", title, min_len=3, max_len=contributions.TITLE_MAX)
    clean_body = text(
        problems, "body", body, required=kind[0] != contributions.NEED, max_len=contributions.BODY_MAX, multiline=True
    )
    problems.raise_if_any()
    _change(
        database,
        actor,
        contribution_id,
        "corregge",
        {"title": clean_title, "body": clean_body},
        based_on=(based_on, CORRECTED),
    )


def recategorise(
    database: Database, actor: Actor, contribution_id: int, fields: dict, based_on: str | None = None
) -> None:
    """Change a need's area, target group and territory (validated like a new need;
    ``based_on``: the version the moderator's form started from)."""
    current = contributions.get(database, contribution_id)
    if current["type"] != contributions.NEED:
        raise NotAllowed("moderation.only_needs")
    merged = {
        k: current[k]
        for k in (
            "title",
            "body",
            "intensity",
            "trend",
            "evidence",
            "evidence_source",
            "area",
            "target_group",
            "citywide",
            "municipi",
            "nils",
        )
    }
    merged.update(fields)
    if "municipi" in fields and "nils" not in fields:  # keep the NILs that still fit
        known = taxonomy.nils()
        merged["nils"] = [
            n for n in current["nils"] if n in known and set(known[n].municipi) & set(merged["municipi"] or [])
        ]
    clean = contributions.validate(contributions.NEED, merged)
    _change(
        database,
        actor,
        contribution_id,
        "ricategorizza",
        {"area": clean["area"], "target_group": clean["target_group"], "citywide": int(clean["citywide"])},
        territory={"municipi": clean["municipi"], "nils": clean["nils"]},
        based_on=(based_on, RECATEGORISED),
    )


def pin(database: Database, actor: Actor, contribution_id: int, pinned: bool = True) -> None:
    _change(database, actor, contribution_id, "fissa" if pinned else "sblocca", {"pinned": int(pinned)})


MERGED_FIELDS = ("citywide", "intensity", "evidence")


def merge(database: Database, actor: Actor, keep_id: int, other_ids: list[int]) -> list[str]:
    """Merge duplicates into ``keep_id``: they disappear from lists and counts,
    their author organisations join the kept one (votes will follow them), and
    a need keeps what each report said: the union of the territories (Municipi,
    NIL, city-wide), every piece of evidence with its source, the highest
    intensity. Duplicates may come from other sessions of the same percorso.
    Undo puts the kept one back exactly as it was. An ETS that becomes a
    co-author loses its reaction and adesione on the kept item (it may not
    react to what it authors): they are withdrawn, audited, and the names of
    those ETS returned for the organiser to read."""
    other_ids = [i for i in dict.fromkeys(other_ids) if i != keep_id]
    if not other_ids:
        Problems([("merge", "moderation.nothing_to_merge", {})]).raise_if_any()
    with database.write() as db:
        keep = _row(db, keep_id)
        permissions.require("run_session", actor, database=database, session_id=keep["session_id"])
        if keep["merged_into"] is not None or keep["status"] == WITHDRAWN:
            raise NotAllowed("contribution.merged")
        process = db.execute("SELECT process_id FROM session WHERE id = ?", [keep["session_id"]]).fetchone()[0]
        before = {**{k: keep[k] for k in MERGED_FIELDS}, **contributions.stored_territory(db, keep_id)}
        combined = dict(before, evidence_source=keep["evidence_source"])
        added: list[int] = []
        withdrawn: list[dict] = []
        for other_id in other_ids:
            other = _row(db, other_id)
            same_process = (
                db.execute("SELECT process_id FROM session WHERE id = ?", [other["session_id"]]).fetchone()[0]
                == process
            )
            if not same_process or other["type"] != keep["type"]:
                raise NotAllowed("moderation.merge_mismatch")
            if other["session_id"] != keep["session_id"]:
                permissions.require("run_session", actor, database=database, session_id=other["session_id"])
            if other["merged_into"] is not None:
                raise NotAllowed("contribution.merged")
            if keep["type"] == contributions.NEED:
                _combine_need(combined, other, contributions.stored_territory(db, other_id))
            db.execute(
                "UPDATE contribution SET merged_into = ?, last_editor = 'staff' WHERE id = ?", [keep_id, other_id]
            )
            db.execute("UPDATE contribution SET merged_into = ? WHERE merged_into = ?", [keep_id, other_id])
            for author in db.execute(
                "SELECT organisation_id, delegate_id FROM contribution_author WHERE contribution_id = ?", [other_id]
            ).fetchall():
                # a new co-author's reaction (and adesione) on the kept item is withdrawn first:
                # an ETS never reacts to what it authors (the database refuses the co-author otherwise)
                if not db.execute(
                    "SELECT 1 FROM contribution_author WHERE contribution_id = ? AND organisation_id = ?",
                    [keep_id, author["organisation_id"]],
                ).fetchone():
                    gone = db.execute(
                        "DELETE FROM reaction WHERE contribution_id = ? AND organisation_id = ?"
                        " RETURNING value, endorsed",
                        [keep_id, author["organisation_id"]],
                    ).fetchall()
                    withdrawn += [
                        {"organisation_id": author["organisation_id"], "value": r["value"], "endorsed": r["endorsed"]}
                        for r in gone
                    ]
                cur = db.execute(
                    "INSERT OR IGNORE INTO contribution_author (contribution_id, organisation_id,"
                    " delegate_id, via_merge_of) VALUES (?, ?, ?, ?)",
                    [keep_id, author["organisation_id"], author["delegate_id"], other_id],
                )
                if cur.rowcount:
                    added.append(author["organisation_id"])
            db.execute("UPDATE session SET version = version + 1 WHERE id = ?", [other["session_id"]])
        after = {}
        if keep["type"] == contributions.NEED:
            after = {k: combined[k] for k in (*MERGED_FIELDS, "municipi", "nils")}
            db.execute(
                "UPDATE contribution SET citywide = ?, intensity = ?, evidence = ?, last_editor = 'staff',"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                [after["citywide"], after["intensity"], after["evidence"], keep_id],
            )
            contributions._write_territory(db, keep_id, after)
        db.execute("UPDATE session SET version = version + 1 WHERE id = ?", [keep["session_id"]])
        audit.log(
            db,
            actor,
            "unisce",
            "contribution",
            keep_id,
            before={"merged": [], **before},
            after={"merged": other_ids, "authors_added": added, "reactions_withdrawn": withdrawn, **after},
        )
        names = {
            r["id"]: r["name"]
            for r in db.execute(
                f"SELECT id, name FROM organisation WHERE id IN ({','.join('?' * len(withdrawn)) or 'NULL'})",
                [w["organisation_id"] for w in withdrawn],
            )
        }
    return [names[w["organisation_id"]] for w in withdrawn]


def _combine_need(combined: dict, other, territory: dict) -> None:
    """Fold one duplicate need into the kept one's fields (in place)."""
    combined["citywide"] = int(combined["citywide"] or other["citywide"])
    combined["intensity"] = max(combined["intensity"] or 0, other["intensity"] or 0) or None
    combined["municipi"] = sorted(set(combined["municipi"]) | set(territory["municipi"]))
    combined["nils"] = sorted(set(combined["nils"]) | set(territory["nils"]))
    evidence = (other["evidence"] or "").strip()
    if evidence and evidence not in combined["evidence"]:
        if other["evidence_source"] and other["evidence_source"] != combined["evidence_source"]:
            evidence = f"[{taxonomy.label('evidence_source', other['evidence_source'])}] {evidence}"
        combined["evidence"] = (combined["evidence"] + "\n" + evidence).strip()[: contributions.EVIDENCE_MAX]


# -- edits of approved contributions (moderated sessions) ---------------------------

REVISED = ("title", "body", "area", "target_group", "intensity", "trend", "evidence", "evidence_source", "citywide")


def pending_revisions(database: Database, session_id: int) -> list[dict]:
    """Edits waiting for a moderator: the public (approved) text and the proposed one."""
    rows = database.query(
        "SELECT r.id, r.contribution_id, r.fields, r.created_at, c.title, c.body, c.type FROM contribution_revision r"
        f" JOIN contribution c ON c.id = r.contribution_id WHERE c.session_id = ? AND r.decision = '{PENDING}'"
        " ORDER BY r.id",
        (session_id,),
    )
    for row in rows:
        row["fields"] = json.loads(row["fields"])
    return rows


def decide_revision(database: Database, actor: Actor, revision_id: int, approve: bool) -> None:
    """Approve (the edit becomes the public text) or reject (the approved text
    stays) an edit; audited with before and after, so the history shows both."""
    with database.write() as db:
        rev = db.execute(
            "SELECT r.*, c.session_id FROM contribution_revision r JOIN contribution c"
            " ON c.id = r.contribution_id WHERE r.id = ?",
            [revision_id],
        ).fetchone()
        if rev is None or rev["decision"] != PENDING:
            raise NotFound("moderation.unknown_revision")
        permissions.require("run_session", actor, database=database, session_id=rev["session_id"])
        cid = rev["contribution_id"]
        fields = json.loads(rev["fields"])
        row = _row(db, cid)
        before = {**{k: row[k] for k in REVISED if k in fields}, **contributions.stored_territory(db, cid)}
        if approve:
            values = {k: fields[k] for k in REVISED if k in fields}
            sets = ", ".join(f"{k} = ?" for k in values)
            db.execute(
                f"UPDATE contribution SET {sets}, last_editor = 'staff',"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                [*values.values(), cid],
            )
            if "municipi" in fields:
                contributions._write_territory(db, cid, fields)
        db.execute(
            "UPDATE contribution_revision SET decision = ?, decided_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
            " WHERE id = ?",
            ["approvata" if approve else "respinta", revision_id],
        )
        db.execute("UPDATE session SET version = version + 1 WHERE id = ?", [rev["session_id"]])
        audit.log(
            db,
            actor,
            "approva_modifica" if approve else "respinge_modifica",
            "contribution",
            cid,
            before=before,
            after=fields if approve else before,
            revision=revision_id,
        )


def authors(database: Database, contribution_id: int) -> list[dict]:
    return database.query(
        "SELECT a.organisation_id, o.name AS organisation, a.delegate_id, a.via_merge_of"
        " FROM contribution_author a JOIN organisation o ON o.id = a.organisation_id"
        " WHERE a.contribution_id = ? ORDER BY o.name",
        (contribution_id,),
    )


def history(database: Database, contribution_id: int) -> list[dict]:
    return database.query(
        "SELECT * FROM audit_log WHERE entity = 'contribution' AND entity_id = ? ORDER BY id", (contribution_id,)
    )


def moderation_log(database: Database, process_id: int, limit: int = 200) -> list[dict]:
    marks = ",".join("?" * len(ACTIONS))
    return database.query(
        f"SELECT * FROM audit_log WHERE entity = 'contribution' AND action IN ({marks}) AND process_id = ?"
        " ORDER BY id DESC LIMIT ?",
        (*ACTIONS, process_id, limit),
    )


def undo(database: Database, actor: Actor, audit_id: int) -> None:
    """An organiser puts a contribution back as it was before one moderation action."""
    permissions.require("prepare", actor)
    with database.write() as db:
        entry = db.execute("SELECT * FROM audit_log WHERE id = ?", [audit_id]).fetchone()
        if entry is None or entry["entity"] != "contribution" or entry["action"] not in ACTIONS:
            raise NotFound("moderation.unknown_action")
        if db.execute(
            "SELECT 1 FROM audit_log WHERE action = 'annulla' AND json_extract(detail, '$.undone') = ?", [audit_id]
        ).fetchone():
            raise NotAllowed("moderation.already_undone")
        detail = json.loads(entry["detail"])
        cid = entry["entity_id"]
        _row(db, cid)
        if entry["action"] == "unisce":
            for other_id in detail["after"]["merged"]:
                db.execute(
                    "UPDATE contribution SET merged_into = NULL WHERE id = ? AND merged_into = ?", [other_id, cid]
                )
                db.execute(
                    "DELETE FROM contribution_author WHERE contribution_id = ? AND via_merge_of = ?", [cid, other_id]
                )
                other_session = db.execute("SELECT session_id FROM contribution WHERE id = ?", [other_id]).fetchone()
                db.execute("UPDATE session SET version = version + 1 WHERE id = ?", [other_session[0]])
            kept = detail["before"]
            if "municipi" in kept:  # a need: its own fields and territory, as before the merge
                db.execute(
                    "UPDATE contribution SET citywide = ?, intensity = ?, evidence = ?, last_editor = 'staff'"
                    " WHERE id = ?",
                    [kept["citywide"], kept["intensity"], kept["evidence"], cid],
                )
                contributions._write_territory(db, cid, kept)
        else:
            before = dict(detail["before"])
            territory = {k: before.pop(k) for k in ("municipi", "nils") if k in before}
            sets = ", ".join(f"{k} = ?" for k in before if k in FIELDS)
            values = [before[k] for k in before if k in FIELDS]
            if sets:
                db.execute(f"UPDATE contribution SET {sets}, last_editor = 'staff' WHERE id = ?", [*values, cid])
            if territory:
                contributions._write_territory(db, cid, territory)
        session_id = db.execute("SELECT session_id FROM contribution WHERE id = ?", [cid]).fetchone()[0]
        db.execute("UPDATE session SET version = version + 1 WHERE id = ?", [session_id])
        audit.log(db, actor, "annulla", "contribution", cid, undone=audit_id, undone_action=entry["action"])


def suggest_duplicates(
    database: Database, session_id: int, kind: str | None = None, threshold: int = DUPLICATE_THRESHOLD, limit: int = 30
) -> list[dict]:
    """Groups of likely duplicates among a session's contributions (see ``similar_groups``)."""
    items = [c for c in queue(database, session_id) if kind is None or c["type"] == kind]
    return similar_groups(items, threshold)[:limit]


def similar_groups(items: list[dict], threshold: int = DUPLICATE_THRESHOLD) -> list[dict]:
    """The one similarity rule, for moderation and consolidation alike: items of
    the same type (and, for needs, the same area) whose texts are similar
    (rapidfuzz token-set ratio on title and text, at least ``threshold``),
    joined transitively. Each group proposes keeping its oldest item (lowest
    id); the most similar groups come first. Items need id, type, area, title, body."""
    buckets: dict[tuple, list[dict]] = {}
    for item in items:
        buckets.setdefault((item["type"], item.get("area")), []).append(item)
    parent: dict[int, int] = {}
    best: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.get(i, i) != i:
            i = parent[i]
        return i

    by_id = {c["id"]: c for c in items}
    for bucket in buckets.values():
        texts = [f"{c['title']} {c['body']}".lower() for c in bucket]
        for i in range(len(bucket)):
            for j in range(i + 1, len(bucket)):
                score = fuzz.token_set_ratio(texts[i], texts[j])
                if score >= threshold:
                    a, b = root(bucket[i]["id"]), root(bucket[j]["id"])
                    if a == b:
                        best[a] = max(best.get(a, 0), round(score))
                        continue
                    keep, other = min(a, b), max(a, b)
                    parent[other] = keep
                    best[keep] = max(best.get(keep, 0), best.pop(other, 0), round(score))
    groups: dict[int, list[dict]] = {}
    for cid in by_id:
        if cid in parent or cid in best:
            groups.setdefault(root(cid), []).append(by_id[cid])
    result = []
    for keep_id, members in groups.items():
        others = sorted((m for m in members if m["id"] != keep_id), key=lambda c: c["id"])
        if others:
            result.append({"keep": by_id[keep_id], "others": others, "score": best.get(keep_id, threshold)})
    result.sort(key=lambda g: (-g["score"], -len(g["others"]), g["keep"]["id"]))  # type: ignore[operator, arg-type, index]
    return result
