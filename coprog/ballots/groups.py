"""The ETS in groups: the opinion groups found in their reactions (coprog/ballots/opinion.py)
beside the groups they declared (coprog/procedure/organisations.py); the reading of a
percorso's or a session's reactions that the projector, Revisione and the sintesi show."""

from __future__ import annotations

from coprog.ballots import opinion
from coprog.procedure.organisations import declared_groups
from coprog.storage.db import Database
from coprog.texts.vocabulary import ADMITTED, APPROVED, REACTION_VALUE


def reading(database: Database, process_id: int, session_id: int | None = None) -> dict:
    """The opinion reading of a percorso's reactions (or one session's), by the
    admitted ETS (one turned down after reacting is not counted): the ETS that
    reacted or authored, the items that have reactions, the analysis
    (coprog/ballots/opinion.py) over opinion groups, Municipi and activity fields (an
    author counts as agreeing with its own item), and per item its counts,
    co-signers and coverage."""
    where, params = "s.process_id = ?", [process_id]
    if session_id is not None:
        where, params = "s.id = ?", [session_id]
    with database.read() as conn:
        rows = conn.execute(
            "SELECT r.organisation_id, r.contribution_id, r.value, r.endorsed FROM reaction r"
            " JOIN contribution c ON c.id = r.contribution_id JOIN session s ON s.id = c.session_id"
            f" WHERE {where} AND c.status = '{APPROVED}' AND c.merged_into IS NULL"
            f" AND r.organisation_id IN (SELECT id FROM organisation WHERE admission = '{ADMITTED}')"
            " ORDER BY r.contribution_id",
            params,
        ).fetchall()
        item_ids = sorted({r["contribution_id"] for r in rows})
        marks = ",".join("?" * len(item_ids)) or "NULL"
        # the admitted authors and co-authors of these items: each counts as agreeing with its own item
        authors: dict[int, list[int]] = {}
        for a in conn.execute(
            f"SELECT contribution_id, organisation_id FROM contribution_author WHERE contribution_id IN ({marks})"
            f" AND organisation_id IN (SELECT id FROM organisation WHERE admission = '{ADMITTED}')",
            item_ids,
        ):
            authors.setdefault(a["contribution_id"], []).append(a["organisation_id"])
        reacting = {r["organisation_id"] for r in rows}
        org_ids = sorted(reacting | {o for orgs in authors.values() for o in orgs})
        item_rows = {
            r["id"]: dict(r)
            for r in conn.execute(
                "SELECT c.id, c.type, c.title, s.title AS session FROM contribution c"
                f" JOIN session s ON s.id = c.session_id WHERE c.id IN ({marks})",
                item_ids,
            )
        }
        names = {
            r["id"]: r["name"]
            for r in conn.execute(
                f"SELECT id, name FROM organisation WHERE id IN ({','.join('?' * len(org_ids)) or 'NULL'})", org_ids
            )
        }
        declared = declared_groups(conn, process_id)
    analysis = opinion.analyse(
        org_ids,
        item_ids,
        [(r["organisation_id"], r["contribution_id"], REACTION_VALUE[r["value"]]) for r in rows],
        {kind: declared[kind] for kind in ("municipio", "attivita")},
        authors=authors,
    )
    endorsed: dict[int, list[str]] = {}
    for r in rows:
        if r["endorsed"]:
            endorsed.setdefault(r["contribution_id"], []).append(names[r["organisation_id"]])
    m = analysis["matrix"]
    listed = []
    for j, item_id in enumerate(item_ids):
        column = m[:, j]
        listed.append(
            {
                **item_rows[item_id],
                "agree": int((column == 1).sum()),
                "disagree": int((column == -1).sum()),
                "pass": int((column == 0).sum()),
                "endorsers": sorted(endorsed.get(item_id, [])),
                **{f"consensus_{kind}": values[j] for kind, values in analysis["consensus"].items()},
            }
        )
    found = analysis["groups"]
    return {
        "organisations": [
            {"id": o, "name": names[o], "group": found["labels"][n], "xy": found["coords"][n]}
            for n, o in enumerate(org_ids)
        ],
        "items": listed,
        "groups": {k: v for k, v in found.items() if k not in ("labels", "coords")},
        "positions": analysis["positions"],
        "reactions": analysis["reactions"],
        "reacting": len(reacting),
    }
