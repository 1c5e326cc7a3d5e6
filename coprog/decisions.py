"""What the plenaries decided, item by item: each consolidated item of a list
with its origin tables, the ETS behind it (count, by Municipio and by
activity field), and the result of the closed ballots on its list (value,
rank, breadth, consensus, whether every group supports it) with the ballot's
outcome. Plain data for the documento di sintesi; every figure comes from the
open-data tables named in ``SOURCES``."""

from __future__ import annotations

import json

from . import ballots, consolidation
from .db import Database

SOURCES = (
    "voci_consolidate, contributi, contributi_autori, enti_municipi, enti_attivita, "
    "votazioni (esito) e risultati_votazioni"
)


def plenaries(database: Database, process_id: int) -> list[int]:
    return [
        r["id"]
        for r in database.query(
            "SELECT id FROM session WHERE process_id = ? AND kind = 'plenaria' ORDER BY id", (process_id,)
        )
    ]


def closed_ballots(database: Database, session_id: int, kind: str) -> list[dict]:
    """The closed ballots on one consolidated list, oldest first, each with its
    frozen results and a map consolidated item -> (result item, rank)."""
    out = []
    for row in database.query(
        "SELECT * FROM ballot WHERE session_id = ? AND list_type = ? AND status = 'chiusa' ORDER BY id",
        (session_id, kind),
    ):
        result = json.loads(row["snapshot"])
        to_item = {
            r["id"]: r["consolidated_id"]
            for r in database.query("SELECT id, consolidated_id FROM ballot_item WHERE ballot_id = ?", (row["id"],))
        }
        first = result["dimensions"][0]
        by_item = {
            to_item[it["id"]]: {
                **it,
                "value": value,
                "rank": n,
                "consensus": it[first]["consensus"] if result["method"] == "valutazione" else None,
            }
            for n, it, value in ranked(result)
        }
        out.append({"ballot": row, "result": result, "by_item": by_item, "outcome": ballots.outcome(row)})
    return out


def decisions(database: Database, process_id: int, kind: str) -> list[dict]:
    """Every consolidated item of this type in the percorso's plenaries, in list
    order, with ``support`` (ETS count, by Municipio, by field) and ``votes``
    (one entry per closed ballot on its list that listed it)."""
    out = []
    for plenary in plenaries(database, process_id):
        listed = consolidation.items(database, plenary, kind)
        if not listed:
            continue
        closed = closed_ballots(database, plenary, kind)
        for item in listed:
            item["support"] = support(database, item["organisation_ids"])
            item["votes"] = [
                {
                    "ballot_id": b["ballot"]["id"],
                    "method": b["result"]["method"],
                    "voters": b["result"]["voters"],
                    "of": len(b["result"]["items"]),
                    **b["by_item"][item["id"]],
                    "outcome": b["outcome"],
                }
                for b in closed
                if item["id"] in b["by_item"]
            ]
            item["table_votes"] = table_votes(database, [s["contribution_id"] for s in item["sources"]])
            out.append(item)
    return out


def table_votes(database: Database, contribution_ids: list[int]) -> list[dict]:
    """How the sources fared in the closed ballots of their own tables: one
    entry per ballot and source (session, ballot, value, rank, of)."""
    out = []
    marks = ",".join("?" * len(contribution_ids)) or "NULL"
    for row in database.query(
        "SELECT i.id AS item_id, b.id AS ballot_id, b.snapshot, s.title AS session FROM ballot_item i"
        " JOIN ballot b ON b.id = i.ballot_id JOIN session s ON s.id = b.session_id"
        f" WHERE i.contribution_id IN ({marks}) AND i.consolidated_id IS NULL AND b.status = 'chiusa'"
        " ORDER BY b.id, i.id",
        tuple(contribution_ids),
    ):
        result = json.loads(row["snapshot"])
        for n, it, value in ranked(result):
            if it["id"] == row["item_id"]:
                out.append(
                    {
                        "session": row["session"],
                        "ballot_id": row["ballot_id"],
                        "method": result["method"],
                        "value": value,
                        "rank": n,
                        "of": len(result["items"]),
                    }
                )
    return out


def ranked(result: dict) -> list[tuple[int, dict, object]]:
    """A ballot's items by their main figure (``ballots.score``), highest first
    (ties in ballot order): (rank from 1, item, figure)."""
    method, dims = result["method"], result["dimensions"]
    scored = [(ballots.score(method, it, dims), it) for it in result["items"]]
    order = sorted(scored, key=lambda pair: -(pair[0] or 0))
    return [(n, it, value) for n, (value, it) in enumerate(order, start=1)]


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


def list_ballots(database: Database, process_id: int, kind: str) -> list[dict]:
    """The closed ballots on this type's consolidated lists (for their tables and outcomes)."""
    return [b for plenary in plenaries(database, process_id) for b in closed_ballots(database, plenary, kind)]
