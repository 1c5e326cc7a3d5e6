"""A ballot as stored and its figures: the ballot and its items, turnout, then
every result as plain data (JSON-ready, so a closed ballot freezes it in its
snapshot): the tally of each method with the agreement measures
(coprog/ballots/consensus.py), the group-informed consensus over opinion groups
and declared groups (coprog/ballots/opinion.py), where each item comes from, the
importance × feasibility quadrant, who voted. Reads only: the ballot's life
(open, cast, close) is coprog/ballots/ballots.py."""

from __future__ import annotations

import json
from typing import Any

from coprog.ballots import consensus, opinion
from coprog.procedure.organisations import declared_groups
from coprog.storage.db import Database
from coprog.texts.errors import NotFound
from coprog.texts.vocabulary import APPROVED, PAPER


def get(database: Database, ballot_id: int) -> dict:
    row = database.query_one("SELECT * FROM ballot WHERE id = ?", (ballot_id,))
    if row is None:
        raise NotFound("ballot.unknown")
    row["dimension_list"] = row["dimensions"].split(",") if row["method"] == "valutazione" else [""]
    return row


def items(database: Database, ballot_id: int) -> list[dict]:
    return database.query("SELECT * FROM ballot_item WHERE ballot_id = ? ORDER BY position", (ballot_id,))


def accepts_hand_counts(method: str) -> bool:
    """A show of hands can count points or approvals, not ratings or rankings."""
    return method in ("punti", "approvazione")


SUPPORT_MEAN = 3.5  # a rating mean from which a group "supports" an item


# (for points, approvals and rankings: more than half of the group's voters give it something)
CONTROVERSIAL_MEAN = 3.5  # high mean ...


CONTROVERSIAL_CONSENSUS = 0.5  # ... but low agreement


QUADRANT_SPLIT = 3.0


def choices_of(method: str, entries: list[dict]):
    if method == "punti":
        return {e["item_id"]: e["value"] for e in entries}
    if method == "valutazione":
        choices: dict = {}
        for e in entries:
            choices.setdefault(e["item_id"], {})[e["dimension"]] = e["value"]
        return choices
    if method == "ordinamento":
        return [e["item_id"] for e in sorted(entries, key=lambda e: e["value"])]
    return [e["item_id"] for e in entries]


def turnout(database: Database, ballot_id: int) -> dict:
    """Who voted out of who could: organisations (or delegates) present in the session."""
    ballot = get(database, ballot_id)
    voted = database.scalar("SELECT count(*) FROM vote WHERE ballot_id = ?", (ballot_id,)) or 0
    if ballot["per_delegate"]:
        present = (
            database.scalar(
                "SELECT count(*) FROM attendance WHERE session_id = ? AND checked_out_at IS NULL",
                (ballot["session_id"],),
            )
            or 0
        )
    else:
        present = (
            database.scalar(
                "SELECT count(DISTINCT organisation_id) FROM attendance WHERE session_id = ? AND "
                "checked_out_at IS NULL",
                (ballot["session_id"],),
            )
            or 0
        )
    return {
        "voted": voted,
        "eligible": max(present, voted),
        "unit": "delegati" if ballot["per_delegate"] else "organizzazioni",
    }


def _origins(conn, ballot_id: int) -> dict[int, dict]:
    """Where each item of the ballot comes from, in one query: the tables
    (sessions) of its sources in the order they were written, and the ETS that
    wrote them, by id and by name (for a consolidated item every item merged
    into it counts; a source's authors include those merged in moderation).
    Seed items come from the organisers: they are not in the answer."""
    out: dict[int, dict] = {}
    for item, table, organisation_id, name in conn.execute(
        "WITH RECURSIVE tree(item, id) AS ("
        "  SELECT i.id, i.consolidated_id FROM ballot_item i WHERE i.ballot_id = ? AND i.consolidated_id IS NOT NULL"
        "  UNION ALL SELECT tree.item, k.id FROM consolidated_item k JOIN tree ON k.merged_into = tree.id),"
        " sources(item, contribution) AS ("
        "  SELECT tree.item, k.contribution_id FROM tree JOIN consolidated_item k ON k.id = tree.id"
        "  UNION ALL SELECT i.id, i.contribution_id FROM ballot_item i"
        "   WHERE i.ballot_id = ? AND i.consolidated_id IS NULL AND i.contribution_id IS NOT NULL)"
        " SELECT sources.item, s.title, o.id, o.name FROM sources JOIN contribution c ON c.id = sources.contribution"
        f" JOIN session s ON s.id = c.session_id AND c.status = '{APPROVED}'"
        " LEFT JOIN contribution_author a ON a.contribution_id = c.id"
        " LEFT JOIN organisation o ON o.id = a.organisation_id ORDER BY sources.item, c.id",
        [ballot_id, ballot_id],
    ):
        found = out.setdefault(item, {"tables": [], "organisations": {}})
        if table not in found["tables"]:
            found["tables"].append(table)
        if organisation_id is not None:
            found["organisations"][organisation_id] = name
    return out


def results(database: Database, ballot_id: int, conn=None) -> dict:
    """Every figure of a ballot, as plain data (JSON-ready, so it can be frozen)."""
    if conn is None:
        with database.read() as reader:
            return results(database, ballot_id, conn=reader)
    ballot, item_rows, votes, entries, paper = _stored(conn, ballot_id)
    method = ballot["method"]
    dims = ballot["dimensions"].split(",") if method == "valutazione" else [""]
    ids = [i["id"] for i in item_rows]
    per_vote = {v["id"]: choices_of(method, entries[v["id"]]) for v in votes}
    all_votes = [v["id"] for v in votes]
    overall = _metrics(method, ids, dims, per_vote, all_votes)
    origins = _origins(conn, ballot_id)
    result_items = []
    for row in item_rows:
        i = row["id"]
        item = {
            "id": i,
            "position": row["position"],
            "title": row["title"],
            "seed": row["seed_id"] is not None,
            "consolidated": row["consolidated_id"] is not None,
            "tables": origins.get(i, {}).get("tables", []),
            "supporters": len(origins.get(i, {}).get("organisations", {})),
            **overall[i],
        }
        if accepts_hand_counts(method):
            item["paper"] = paper.get(i, {})  # shows of hands: apart, not in the totals
            item["combined"] = item["total"] if method == "punti" else item["approvals"]
        if method == "valutazione":
            first = item[dims[0]]
            item["controversial"] = bool(
                first["mean"] is not None
                and first["mean"] >= CONTROVERSIAL_MEAN
                and first["consensus"] is not None
                and first["consensus"] < CONTROVERSIAL_CONSENSUS
            )
        result_items.append(item)
    if method == "punti":
        grand = sum(it["combined"] for it in result_items)
        for it in result_items:
            it["share"] = _share(it["combined"], grand)
    process_id = conn.execute("SELECT process_id FROM session WHERE id = ?", [ballot["session_id"]]).fetchone()[0]
    org_of = {v["id"]: v["organisation_id"] for v in votes}
    by_group = _by_group(declared_groups(conn, process_id), org_of, method, ids, dims, per_vote, result_items)
    result = {
        "ballot_id": ballot_id,
        "list_type": ballot["list_type"],
        "method": method,
        "dimensions": dims,
        "voters": len(votes),
        "paper_ballots": sum(1 for v in votes if v["source"] == PAPER),
        "proxy_ballots": sum(1 for v in votes if v["proxy"]),
        "budget": ballot["budget"],
        "cap": ballot["cap"],
        "top_k": ballot["top_k"],
        "items": result_items,
        "groups": by_group,
    }
    if method == "ordinamento":
        winner = consensus.condorcet_winner([per_vote[v] for v in all_votes], ids) if all_votes else None
        result["condorcet"] = winner
    if method == "valutazione" and len(dims) == 2:
        result["matrix"] = [
            {
                "id": it["id"],
                "title": it["title"],
                "x": it[dims[1]]["mean"],
                "y": it[dims[0]]["mean"],
                "quadrant": quadrant(it[dims[0]]["mean"], it[dims[1]]["mean"]),
            }
            for it in result_items
        ]
    return result


def _stored(conn, ballot_id: int) -> tuple[dict, list[dict], list[dict], dict[int, list[dict]], dict]:
    """A ballot as stored: its row, its items in order, its votes, each vote's
    entries, and the counts from paper or a show of hands by item and source."""
    ballot = dict(conn.execute("SELECT * FROM ballot WHERE id = ?", [ballot_id]).fetchone())
    item_rows = [
        dict(r)
        for r in conn.execute(
            "SELECT id, position, title, contribution_id, seed_id, consolidated_id FROM ballot_item"
            " WHERE ballot_id = ? ORDER BY position",
            [ballot_id],
        )
    ]
    votes = [
        dict(r)
        for r in conn.execute("SELECT id, organisation_id, source, proxy FROM vote WHERE ballot_id = ?", [ballot_id])
    ]
    entries: dict[int, list[dict]] = {v["id"]: [] for v in votes}
    for e in conn.execute(
        "SELECT e.* FROM vote_entry e JOIN vote v ON v.id = e.vote_id WHERE v.ballot_id = ?", [ballot_id]
    ):
        entries[e["vote_id"]].append(dict(e))
    paper: dict[int, dict[str, int]] = {}
    for p in conn.execute(
        "SELECT item_id, source, sum(value) AS value FROM ballot_paper WHERE ballot_id = ? GROUP BY item_id, source",
        [ballot_id],
    ):
        paper.setdefault(p["item_id"], {})[p["source"]] = p["value"]
    return ballot, item_rows, votes, entries, paper


def _metrics(method: str, ids: list[int], dims: list[str], per_vote: dict, vote_ids: list[int]) -> dict[int, dict]:
    """Per item figures over a set of votes (``per_vote``: each vote's choices)."""
    out: dict[int, dict] = {i: {} for i in ids}
    n = len(vote_ids)
    if method == "punti":
        for i in ids:
            given = [per_vote[v].get(i, 0) for v in vote_ids]
            out[i] = {"total": sum(given), "breadth": _share(sum(1 for g in given if g > 0), n)}
    elif method == "approvazione":
        for i in ids:
            approvals = sum(1 for v in vote_ids if i in per_vote[v])
            out[i] = {"approvals": approvals, "share": _share(approvals, n), "breadth": _share(approvals, n)}
    elif method == "ordinamento":
        rankings = [per_vote[v] for v in vote_ids]
        borda = consensus.averaged_borda(rankings, ids)
        for i in ids:
            out[i] = {"borda": borda[i], "breadth": _share(sum(1 for r in rankings if i in r), n)}
    else:
        for i in ids:
            figures: dict[str, Any] = {}
            for dim in dims:
                values = [per_vote[v].get(i, {}).get(dim) for v in vote_ids if dim in per_vote[v].get(i, {})]
                mean, median = consensus.mean_median(values)
                figures[dim] = {
                    "mean": mean,
                    "median": median,
                    "n": sum(1 for x in values if x is not None),
                    "distribution": consensus.distribution(values),
                    "consensus": _round(consensus.tastle_wierman(values)),
                }
            first = [per_vote[v].get(i, {}).get(dims[0]) for v in vote_ids]
            figures["breadth"] = _share(sum(1 for x in first if x is not None and x >= 4), n)
            out[i] = figures
    return out


def _by_group(
    groups_by_kind: dict, org_of: dict, method: str, ids: list[int], dims: list[str], per_vote: dict, items: list[dict]
) -> dict[str, dict]:
    """Each declared group's figures per item (by kind, then group), and each
    item's group-informed consensus (``consensus_<kind>``, set on ``items``):
    an ETS "agrees" with an item it supports."""
    by_group: dict[str, dict] = {}
    for kind, groups in groups_by_kind.items():
        by_group[kind] = {}
        for name, orgs in sorted(groups.items()):
            members = [v for v in per_vote if org_of[v] in orgs]
            if not members:
                continue
            figures = _metrics(method, ids, dims, per_vote, members)
            by_group[kind][name] = {
                str(i): {
                    "voters": len(members),
                    "support": _support(method, figures[i], dims, len(ids)),
                    "score": score(method, figures[i], dims),
                    "consensus": figures[i].get(dims[0], {}).get("consensus") if method == "valutazione" else None,
                    "breadth": figures[i]["breadth"],
                }
                for i in ids
            }
        for it in items:
            mine = [g[str(it["id"])] for g in by_group[kind].values()]
            it[f"consensus_{kind}"] = opinion.informed([(round(f["breadth"] * f["voters"]), f["voters"]) for f in mine])
    return by_group


def shared(item: dict) -> bool:
    """Whether an item of a ballot's results is shared across Municipi and
    activity fields: its group-informed consensus reaches the shared level over
    both (coprog/ballots/opinion.py). A snapshot frozen before that measure keeps its
    own yes/no (a majority in every group)."""
    if "consensus_municipio" in item:
        return bool(item["consensus_municipio"]["shared"] and item["consensus_attivita"]["shared"])
    return bool(item.get("all_municipio") and item.get("all_attivita"))


def divides(item: dict) -> bool:
    """Whether an item divides the Municipi or the activity fields (their
    smoothed support shares lie far apart); False in an older snapshot."""
    return opinion.divides(item, ("municipio", "attivita"))


def cross_group_text(item: dict) -> str:
    """The cross-group figures of an item in one Italian phrase, for the records."""
    if "consensus_municipio" not in item:
        return "sostenuta da tutti i Municipi e le attività" if shared(item) else "non sostenuta da tutti i gruppi"
    figures = ", ".join(
        f"tra {name} {item[f'consensus_{kind}']['level']:.2f}".replace(".", ",")
        for kind, name in (("municipio", "Municipi"), ("attivita", "attività"))
        if item[f"consensus_{kind}"]["level"] is not None
    )
    call = "condivisa" if shared(item) else "non condivisa"
    if divides(item):
        call += ", divide i gruppi"
    return f"{call} (consenso tra gruppi, media geometrica: {figures or 'nessun gruppo'})"


def quadrant(importance: float | None, feasibility: float | None) -> str | None:
    """Importance × feasibility: vittorie_rapide, scommesse_strategiche, se_facile, da_rimandare."""
    if importance is None or feasibility is None:
        return None
    high_i, high_f = importance >= QUADRANT_SPLIT, feasibility >= QUADRANT_SPLIT
    return {
        (True, True): "vittorie_rapide",
        (True, False): "scommesse_strategiche",
        (False, True): "se_facile",
        (False, False): "da_rimandare",
    }[(high_i, high_f)]


def score(method: str, figures: dict, dims: list[str]) -> float | int | None:
    """An item's main figure over a set of ballots: points given, share of
    approvals, mean Borda score, or the mean of the first rating dimension."""
    if method == "punti":
        return figures["total"]
    if method == "approvazione":
        return figures["share"]
    if method == "ordinamento":
        return figures["borda"]
    return figures[dims[0]]["mean"]


def breakdown(result: dict, kind: str) -> list[dict]:
    """A ballot's results by one kind of voter group (``municipio``,
    ``attivita``, ``tavolo``): one row per group and item, with the group's
    voters, the item's score among them and whether the group supports it;
    groups in name order, items in the ballot's order."""
    titles = {str(it["id"]): it["title"] for it in result["items"]}
    rows = []
    for group, per_item in sorted(result.get("groups", {}).get(kind, {}).items()):
        for item_id, title in titles.items():
            figures = per_item.get(item_id)
            if figures is None:
                continue
            rows.append(
                {
                    "group": group,
                    "item": title,
                    "voters": figures["voters"],
                    "score": figures.get("score"),
                    "support": figures["support"],
                }
            )
    return rows


def item_details(database: Database, ballot_id: int) -> dict[int, dict]:
    """What a voter may read of each item on demand: its text (the consolidated
    wording's, the contribution's or the seed item's), where it comes from
    (tables; a seed item comes from the organisers) and the ETS behind it, by
    name. Two queries whatever the number of items (every open page draws it)."""
    with database.read() as conn:
        origins = _origins(conn, ballot_id)
        rows = conn.execute(
            "SELECT i.id, i.seed_id, coalesce(k.body, c.body, s.body, '') AS body FROM ballot_item i"
            " LEFT JOIN consolidated_item k ON k.id = i.consolidated_id"
            " LEFT JOIN contribution c ON c.id = i.contribution_id AND i.consolidated_id IS NULL"
            " LEFT JOIN seed_item s ON s.id = i.seed_id WHERE i.ballot_id = ?",
            [ballot_id],
        ).fetchall()
    out: dict[int, dict] = {}
    for row in rows:
        found = origins.get(row["id"], {"tables": [], "organisations": {}})
        out[row["id"]] = {
            "body": row["body"],
            "tables": found["tables"],
            "organisations": sorted(found["organisations"].values()),
        }
        if row["seed_id"] is not None:
            out[row["id"]]["seed"] = True
    return out


def _support(method: str, figures: dict, dims: list[str], n_items: int) -> bool:
    if method == "valutazione":
        mean = figures[dims[0]]["mean"]
        return mean is not None and mean >= SUPPORT_MEAN
    if method == "ordinamento":
        return figures["borda"] >= (n_items - 1) / 2
    return figures["breadth"] > 0.5  # a majority of the group's voters


def _share(part, whole) -> float:
    return round(part / whole, 4) if whole else 0.0


def _round(value):
    return None if value is None else round(value, 3)


def voters_table(database: Database, ballot_id: int) -> list[dict]:
    """Every ballot with its choices, for organisers only (pages check the role)."""
    ballot = get(database, ballot_id)
    names = {i["id"]: i["title"] for i in items(database, ballot_id)}
    rows = database.query(
        "SELECT v.id, v.voter, o.name AS organisation, d.name AS cast_by, v.source, v.proxy, v.entered_by,"
        " v.cast_at, v.changes FROM vote v"
        " JOIN organisation o ON o.id = v.organisation_id LEFT JOIN delegate d ON d.id = v.delegate_id"
        " WHERE v.ballot_id = ? ORDER BY o.name",
        (ballot_id,),
    )
    for row in rows:
        entries = database.query("SELECT item_id, dimension, value FROM vote_entry WHERE vote_id = ?", (row["id"],))
        chosen = choices_of(ballot["method"], entries)
        row["choices"] = json.dumps(
            {names.get(int(k), k): v for k, v in chosen.items()}
            if isinstance(chosen, dict)
            else [names.get(i, i) for i in chosen],
            ensure_ascii=False,
        )
    return rows
