"""What the percorso decided, as plain data for the documento di sintesi:
every ballot of the percorso (tables and plenaries), numbered within its
session as the verbale numbers it, with what was voted, by how many ETS, its
items in rank order and its outcome; and each consolidated item of a plenary's
lists with its origin tables, the ETS behind it and how it fared in the
plenary's and the tables' ballots. Every figure comes from a closed ballot's
frozen results (open-data tables ``votazioni`` and ``risultati_votazioni``).

Ranks are competition ranks: an item's position is 1 + the number of items
with a strictly higher main figure (points, share of approvals, mean Borda
score, mean rating), so tied items share a position; items with no figure come
last. A list that carries these numbers says so."""

from __future__ import annotations

import json

from coprog.ballots import ballots, tallying
from coprog.contributions import consolidation
from coprog.storage.db import Database
from coprog.texts import vocabulary
from coprog.texts.vocabulary import ADMITTED, APPROVED, BALLOT_PREPARED

SOURCES = (
    "voci_consolidate, contributi, contributi_autori, enti_municipi, enti_attivita, "
    "votazioni (esito) e risultati_votazioni"
)
SECTION_OF_TYPE = {
    vocabulary.NEED: "bisogni",
    "strategia": "strategie",
    "principio": "principi",
    "criterio_qualita": "criteri",
    "strumento_governance": "governance",
}
WITHHELD_ITEM = "Voce non pubblicata (nascosta dalla moderazione dopo il voto)"


def plenaries(database: Database, process_id: int) -> list[int]:
    return [
        r["id"]
        for r in database.query(
            "SELECT id FROM session WHERE process_id = ? AND kind = 'plenaria' ORDER BY id", (process_id,)
        )
    ]


def competition_ranks(values: list) -> list[int]:
    """Each value's position: 1 + how many values are strictly higher (None is
    lower than any number, and ties with the other Nones)."""
    key = [(-1, 0.0) if v is None else (0, float(v)) for v in values]
    return [1 + sum(1 for other in key if other > mine) for mine in key]


def ranked(result: dict) -> list[tuple[int, dict, object]]:
    """A ballot's items by their main figure (``tallying.score``), highest first,
    ties in ballot order: (competition rank, item, figure)."""
    method, dims = result["method"], result["dimensions"]
    values = [tallying.score(method, it, dims) for it in result["items"]]
    ranks = competition_ranks(values)
    order = sorted(range(len(values)), key=lambda n: (ranks[n], n))
    return [(ranks[n], result["items"][n], values[n]) for n in order]


def ballot_views(
    database: Database, process_id: int, *, live: bool = False, session_id: int | None = None
) -> list[dict]:
    """Every ballot of the percorso, in session order and numbered within its
    session: what was voted (the list or the phase, the items' types, the
    section of the sintesi it belongs to), the voters (how many, on paper, by
    proxy, and the ETS among them later turned down), its items in rank order
    (an item whose source was hidden after the vote keeps its figures, not its
    text) and the outcome. Open ballots have no figures (``live``: their
    current ones, for the verbale of a session still running); ``session_id``:
    that session's only."""
    with database.read() as conn:
        rows = [
            dict(r)
            for r in conn.execute(
                "SELECT b.*, s.title AS session, s.kind AS session_kind, p.name AS phase FROM ballot b"
                " JOIN session s ON s.id = b.session_id LEFT JOIN phase p ON p.id = b.phase_id"
                " WHERE s.process_id = ? AND (? IS NULL OR s.id = ?)"
                f" AND b.status != '{BALLOT_PREPARED}' ORDER BY s.id, b.id",
                [process_id, session_id, session_id],
            )
        ]
        kinds: dict[int, dict[int, str]] = {}
        public: dict[int, dict[int, bool]] = {}
        for r in conn.execute(
            "SELECT i.ballot_id, i.id, coalesce(k.type, c.type, s.type) AS type,"
            f" (i.seed_id IS NOT NULL OR c.status = '{APPROVED}') AS public FROM ballot_item i"
            " LEFT JOIN consolidated_item k ON k.id = i.consolidated_id"
            " LEFT JOIN contribution c ON c.id = coalesce(k.contribution_id, i.contribution_id)"
            " LEFT JOIN seed_item s ON s.id = i.seed_id"
            " WHERE i.ballot_id IN (SELECT b.id FROM ballot b JOIN session x ON x.id = b.session_id"
            "  WHERE x.process_id = ?)",
            [process_id],
        ):
            kinds.setdefault(r["ballot_id"], {})[r["id"]] = r["type"]
            public.setdefault(r["ballot_id"], {})[r["id"]] = bool(r["public"])
        turned_down: dict[int, list[str]] = {}
        for r in conn.execute(
            "SELECT DISTINCT v.ballot_id, o.name FROM vote v JOIN organisation o ON o.id = v.organisation_id"
            " JOIN ballot b ON b.id = v.ballot_id JOIN session x ON x.id = b.session_id"
            f" WHERE x.process_id = ? AND o.admission != '{ADMITTED}' ORDER BY o.name",
            [process_id],
        ):
            turned_down.setdefault(r["ballot_id"], []).append(r["name"])
        titles = {
            r["id"]: r["title"]
            for r in conn.execute(
                "SELECT i.id, i.title FROM ballot_item i JOIN ballot b ON b.id = i.ballot_id"
                " JOIN session x ON x.id = b.session_id WHERE x.process_id = ? ORDER BY i.position",
                [process_id],
            )
        }
    out: list[dict] = []
    numbers: dict[int, int] = {}
    for row in rows:
        numbers[row["session_id"]] = numbers.get(row["session_id"], 0) + 1
        item_types = kinds.get(row["id"], {})
        types = [t for t in vocabulary.CONTRIBUTION_TYPES if t in set(item_types.values())]
        section_type = row["list_type"] or (types[0] if types else "strategia")
        view = {
            "id": row["id"],
            "session_id": row["session_id"],
            "session": row["session"],
            "session_kind": row["session_kind"],
            "number": numbers[row["session_id"]],
            "status": row["status"],
            "method": row["method"],
            "per_delegate": bool(row["per_delegate"]),
            "list_type": row["list_type"],
            "phase": row["phase"],
            "types": types,
            "section": SECTION_OF_TYPE[section_type],
            "turned_down": turned_down.get(row["id"], []),
            "outcome": ballots.outcome(row),
            "closed_at": row["closed_at"],
            "items": [],
        }
        shown = public.get(row["id"], {})
        result = None
        if row["status"] == vocabulary.BALLOT_CLOSED and row["snapshot"]:
            result = json.loads(row["snapshot"])
        elif live:
            result = tallying.results(database, row["id"])
        if result is not None:
            view.update(
                voters=result["voters"],
                paper_ballots=result.get("paper_ballots", 0),
                proxy_ballots=result.get("proxy_ballots", 0),
                dimensions=result["dimensions"],
                condorcet=result.get("condorcet"),
                result=result,
                items=_items(result, shown),
            )
        else:
            view["items"] = [
                {"id": i, "title": titles.get(i, "") if shown.get(i, True) else WITHHELD_ITEM, "rank": None}
                for i in item_types
            ]
        out.append(view)
    return out


def _items(result: dict, shown: dict[int, bool]) -> list[dict]:
    """A ballot's results as the records show them, in rank order."""
    out = []
    for rank, item, value in ranked(result):
        visible = shown.get(item["id"], True)
        first = item.get(result["dimensions"][0], {}) if result["method"] == "valutazione" else {}
        second = (
            item.get(result["dimensions"][1], {})
            if result["method"] == "valutazione" and len(result["dimensions"]) > 1
            else {}
        )
        out.append(
            {
                "id": item["id"],
                "title": item["title"] if visible else WITHHELD_ITEM,
                "public": visible,
                "rank": rank,
                "value": value,
                "breadth": item.get("breadth"),
                "tables": item.get("tables", []) if visible else [],
                "seed": item.get("seed", False),
                "shared": tallying.shared(item),
                "divides": tallying.divides(item),
                "controversial": item.get("controversial", False),
                "median": first.get("median"),
                "consensus": first.get("consensus"),
                "second_mean": second.get("mean"),
                "hands": sum(item.get("paper", {}).values()) if item.get("paper") else 0,
                "cross_group": tallying.cross_group_text(item),
            }
        )
    return out


def decisions(database: Database, process_id: int, kind: str, views: list[dict] | None = None) -> list[dict]:
    """Every consolidated item of this type in the percorso's plenaries, with
    ``support`` (admitted ETS behind it: count, names, by Municipio and by
    field; ETS later turned down apart), ``votes`` (its place in each closed
    ballot on its list) and ``table_votes`` (how its sources fared in their
    tables' closed ballots), ordered by its rank in the latest closed ballot on
    its list (``rank``; items not voted after, ``rank`` None)."""
    views = ballot_views(database, process_id) if views is None else views
    admitted = {
        r["id"]
        for r in database.query(
            f"SELECT id FROM organisation WHERE process_id = ? AND admission = '{ADMITTED}'", (process_id,)
        )
    }
    by_consolidated: dict[int, list[tuple[dict, dict]]] = {}
    by_contribution: dict[int, list[tuple[dict, dict]]] = {}
    item_rows = {
        r["id"]: r
        for r in database.query(
            "SELECT i.id, i.consolidated_id, i.contribution_id FROM ballot_item i JOIN ballot b ON b.id = i.ballot_id"
            " JOIN session s ON s.id = b.session_id WHERE s.process_id = ?",
            (process_id,),
        )
    }
    for view in views:
        if view["status"] != vocabulary.BALLOT_CLOSED:
            continue
        for item in view["items"]:
            row = item_rows.get(item["id"])
            if row is None:
                continue
            if row["consolidated_id"] is not None and view["list_type"] == kind:
                by_consolidated.setdefault(row["consolidated_id"], []).append((view, item))
            elif row["consolidated_id"] is None and row["contribution_id"] is not None:
                by_contribution.setdefault(row["contribution_id"], []).append((view, item))
    out = []
    for plenary in plenaries(database, process_id):
        for item in consolidation.items(database, plenary, kind):
            ids = item["organisation_ids"]
            names = _names(database, ids)
            item["support"] = support(database, [o for o in ids if o in admitted])
            item["admitted_names"] = sorted(names[o] for o in ids if o in admitted)
            item["turned_down"] = sorted(names[o] for o in ids if o not in admitted)
            item["votes"] = [
                {
                    "ballot": view,
                    "rank": found["rank"],
                    "value": found["value"],
                    "item": found,
                    "of": len(view["items"]),
                }
                for view, found in by_consolidated.get(item["id"], [])
            ]
            item["table_votes"] = [
                {"ballot": view, "rank": found["rank"], "value": found["value"], "of": len(view["items"])}
                for s in item["sources"]
                for view, found in by_contribution.get(s["contribution_id"], [])
            ]
            item["rank"] = item["votes"][-1]["rank"] if item["votes"] else None
            out.append(item)
    last: dict[int, int] = {}  # the latest closed ballot on each plenary's list orders that list
    for item in out:
        if item["votes"]:
            last[item["session_id"]] = max(last.get(item["session_id"], 0), item["votes"][-1]["ballot"]["id"])
    for item in out:
        if item["votes"] and item["votes"][-1]["ballot"]["id"] != last.get(item["session_id"]):
            item["rank"] = None  # not on the latest ballot: it cannot take a place in its order
    out.sort(key=lambda i: (i["session_id"], i["rank"] is None, i["rank"] or 0, i["id"]))
    return out


def _names(database: Database, ids: list[int]) -> dict[int, str]:
    marks = ",".join("?" * len(ids)) or "NULL"
    rows = database.query(f"SELECT id, name FROM organisation WHERE id IN ({marks})", tuple(ids))
    return {r["id"]: r["name"] for r in rows}


def support(database: Database, organisation_ids: list[int]) -> dict:
    """How many ETS, and how many of them by Municipio and by activity field
    (an ETS may be in several of each)."""
    return {
        "organisations": len(organisation_ids),
        "municipi": _count_by(database, "organisation_municipio", "municipio", organisation_ids),
        "fields": _count_by(database, "organisation_field", "field", organisation_ids),
    }


def _count_by(database: Database, table: str, column: str, organisation_ids: list[int]) -> dict:
    marks = ",".join("?" * len(organisation_ids)) or "NULL"
    return {
        r["value"]: r["n"]
        for r in database.query(
            f"SELECT {column} AS value, count(*) AS n FROM {table} WHERE organisation_id IN ({marks})"
            f" GROUP BY {column} ORDER BY {column}",
            tuple(organisation_ids),
        )
    }
