"""The offer beside the needs: pure measures on two frames, the needs
(analysis.needs_table) and the approved services (offer.services). Every rule
below is written in the app and in the sintesi (i18n ``res.method.*``).

- **Where a service works**: the whole city; else the NIL it names; else every
  NIL lying (even in part) in the Municipi it names. By Municipio: the Municipi
  it names (all nine when city-wide).
- **People reached** are shared equally among the territories a service covers
  (we do not know how they are spread); per 1,000 residents aged 65+ (2024), blank
  for a NIL with fewer than analysis.MIN_OVER65 of them.
- **A service answers a need** when its type answers the need's area (the ``aree``
  column of data/taxonomies/servizi.csv) and it works where the need is: in one of
  the NIL the need names, else in one of its Municipi; a city-wide need is
  answered by such a service anywhere.
- **Scoperto**: a need that no service answers; *poco coperto*: answered by at
  most vocabulary.SCARCE_OFFER services. By territory, a need counts in each
  Municipio (NIL) it names, as in the reading of needs, and is scoperto there when
  no service working there answers it.
- **Frammentazione**, per NIL and service type: how many ETS run that type there,
  and how concentrated the offer is: the Herfindahl-Hirschman index (HHI), the sum
  of the squares of each ETS's share of the people reached (of services, when no
  figure of people is given): 1 = one ETS alone; 1/n = n ETS with equal shares.
- **Who could work together** (network): two ETS are linked when they work in a
  common NIL; the link says how many NIL they share and which service types both
  run in them. Across a city nearly every pair shares some NIL, so each ETS keeps
  its three strongest links (more types in common, then more of the smaller
  one's NIL shared).
- **Matches**: the ETS whose services answer a need, or that run a service type a
  proposal names; co-design first, then people reached; ten at most per item.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

from coprog.reading import analysis, territory
from coprog.texts import taxonomy, vocabulary


@cache
def _nils_of_municipio() -> dict[int, frozenset[int]]:
    out: dict[int, set[int]] = {m: set() for m in taxonomy.MUNICIPI}
    for nil in taxonomy.nils().values():
        for m in nil.municipi:
            out[m].add(nil.id)
    return {m: frozenset(n) for m, n in out.items()}


def service_nils(service) -> frozenset[int]:
    """The NIL a service works in (see the module's rules)."""
    if service["citywide"]:
        return frozenset(taxonomy.nils())
    if len(service["nils"]):
        return frozenset(service["nils"])
    by_municipio = _nils_of_municipio()
    return frozenset().union(*(by_municipio[m] for m in service["municipi"]))


def service_municipi(service) -> frozenset[int]:
    return frozenset(taxonomy.MUNICIPI) if service["citywide"] else frozenset(service["municipi"])


def _answers(service, area: str) -> bool:
    return area in taxonomy.service_areas().get(service["type"], ())


def _where(services: pd.DataFrame) -> list[tuple]:
    """(row, its NIL, its Municipi) per service, computed once."""
    return [(s, service_nils(s), service_municipi(s)) for s in services.to_dict("records")]


def _by_area(where: list[tuple]) -> dict[str, list[tuple]]:
    """The services (as _where gives them) whose type answers each area."""
    out: dict[str, list[tuple]] = {}
    for entry in where:
        for area in taxonomy.service_areas().get(entry[0]["type"], ()):
            out.setdefault(area, []).append(entry)
    return out


def answering(need, by_area: dict[str, list[tuple]]) -> list[dict]:
    """The services that answer one need (its area, where it is); ``by_area`` from _by_area."""
    candidates = by_area.get(need["area"], [])
    if need["citywide"]:
        return [s for s, _, _ in candidates]
    nils, municipi = set(need["nils"]), set(need["municipi"])
    return [
        s for s, s_nils, s_municipi in candidates
        if not (s_nils.isdisjoint(nils) if nils else s_municipi.isdisjoint(municipi))
    ]  # fmt: skip


def need_coverage(needs: pd.DataFrame, services: pd.DataFrame) -> pd.DataFrame:
    """Per need: how many services and ETS answer it, and whether it is scoperto or poco coperto."""
    by_area = _by_area(_where(services))
    rows = []
    for need in needs.to_dict("records"):
        found = answering(need, by_area)
        ets = {s["organisation_id"] for s in found}
        rows.append(
            {
                "id": need["id"],
                "title": need["title"],
                "area": need["area"],
                "intensity": need["intensity"],
                "citywide": need["citywide"],
                "municipi": need["municipi"],
                "nils": need["nils"],
                "services": len(found),
                "ets": len(ets),
                "scoperto": not found,
                "poco_coperto": 0 < len(found) <= vocabulary.SCARCE_OFFER,
            }
        )
    columns = ["id", "title", "area", "intensity", "citywide", "municipi", "nils", "services", "ets", "scoperto",
               "poco_coperto"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _per_place(needs: pd.DataFrame, where: list[tuple], level: str) -> dict[int, dict]:
    """Per Municipio or NIL: services, ETS, people (shared equally), needs, their
    intensity, and how many of them no service working there answers."""
    places = list(taxonomy.MUNICIPI) if level == "municipio" else sorted(taxonomy.nils())
    out: dict[int, dict[str, Any]] = {
        p: {"services": 0, "ets": set(), "people": 0.0, "needs": 0, "intensity": [], "scoperti": 0} for p in places
    }
    index = 2 if level == "municipio" else 1
    for s, *covered in where:
        cells = covered[index - 1]
        for place in cells:
            out[place]["services"] += 1
            out[place]["ets"].add(s["organisation_id"])
            out[place]["people"] += s["people"] / len(cells)
    answered: dict[int, set[str]] = {p: set() for p in places}  # place -> areas some service there answers
    for s, *covered in where:
        for place in covered[index - 1]:
            answered[place].update(taxonomy.service_areas().get(s["type"], ()))
    column = "municipi" if level == "municipio" else "nils"
    for need in needs[needs["citywide"] == 0].to_dict("records"):
        for place in need[column]:
            cell = out[place]
            cell["needs"] += 1
            cell["intensity"].append(need["intensity"])
            if need["area"] not in answered[place]:
                cell["scoperti"] += 1
    return out


def by_territory(needs: pd.DataFrame, services: pd.DataFrame, level: str = "municipio") -> pd.DataFrame:
    """Per Municipio (``municipio``) or NIL (``nil``): needs, mean intensity, needs
    scoperti and their share, services, ETS, people reached, residents aged 65+,
    people reached per 1,000 of them; per NIL also the most ETS running one type."""
    where = _where(services)
    cells = _per_place(needs, where, level)
    if level == "municipio":
        population = territory.population_by_municipio()
        frame = pd.DataFrame({"municipio": list(cells)})
        frame["name"] = [f"Municipio {m}" for m in cells]
    else:
        population = territory.population_by_nil()
        names = {n.id: n.name for n in taxonomy.nils().values()}
        frame = pd.DataFrame({"nil": list(cells)})
        frame["name"] = [names[n] for n in cells]
    key = frame.columns[0]
    frame["needs"] = [cells[p]["needs"] for p in frame[key]]
    frame["mean_intensity"] = [
        round(sum(c["intensity"]) / len(c["intensity"]), 2) if c["intensity"] else None
        for c in (cells[p] for p in frame[key])
    ]
    frame["scoperti"] = [cells[p]["scoperti"] for p in frame[key]]
    frame["share_scoperti"] = [
        round(cells[p]["scoperti"] / cells[p]["needs"] * 100, 1) if cells[p]["needs"] else None for p in frame[key]
    ]
    frame["services"] = [cells[p]["services"] for p in frame[key]]
    frame["ets"] = [len(cells[p]["ets"]) for p in frame[key]]
    frame["people"] = [round(cells[p]["people"], 1) for p in frame[key]]
    frame["over65"] = frame[key].map(population["over65"])
    base = frame["over65"] if level == "municipio" else frame["over65"].where(frame["over65"] >= analysis.MIN_OVER65)
    frame["per_1000_over65"] = (frame["people"] / base * 1000).round(2)
    if level == "nil":
        most = fragmentation(services).groupby("nil")["ets"].max() if len(services) else pd.Series(dtype=int)
        frame["most_ets_one_type"] = frame["nil"].map(most).fillna(0).astype(int)
    return frame


def by_area(needs: pd.DataFrame, services: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """Per area of need: needs, mean intensity, needs scoperti, the services whose
    type answers the area and their ETS and people reached (a service answering
    several areas counts in each)."""
    coverage = need_coverage(needs, services)
    rows = []
    for term in taxonomy.terms("area"):
        mine = coverage[coverage["area"] == term.code]
        answering_ = services[services["type"].map(lambda t, a=term.code: a in taxonomy.service_areas().get(t, ()))]
        rows.append(
            {
                "area": term.code,
                "label": term.label(lang),
                "needs": len(mine),
                "mean_intensity": round(float(mine["intensity"].mean()), 2) if len(mine) else None,
                "scoperti": int(mine["scoperto"].sum()),
                "services": len(answering_),
                "ets": answering_["organisation_id"].nunique(),
                "people": int(answering_["people"].sum()),
            }
        )
    return pd.DataFrame(rows)


def by_type(services: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """Per service type: services, ETS, people reached, weekly hours, paid staff,
    volunteers, how many funded by the Comune and open to co-design."""
    rows = []
    for term in taxonomy.terms("service_type"):
        mine = services[services["type"] == term.code]
        rows.append(
            {
                "type": term.code,
                "label": term.label(lang),
                "services": len(mine),
                "ets": mine["organisation_id"].nunique(),
                **{f: int(mine[f].sum()) for f in ("people", "weekly_hours", "paid_staff", "volunteers")},
                "comune_funded": int(mine["comune_funded"].sum()),
                "codesign": int(mine["codesign"].sum()),
            }
        )
    return pd.DataFrame(rows)


def hhi(shares: list[float]) -> float:
    """Herfindahl-Hirschman index of a list of quantities (their shares squared, summed)."""
    total = sum(shares)
    return round(sum((x / total) ** 2 for x in shares), 4) if total else 0.0


def fragmentation(services: pd.DataFrame) -> pd.DataFrame:
    """Per NIL and service type with at least one ETS: ETS, services, people (shared
    equally among each service's NIL) and the HHI of the ETS' shares; most ETS first."""
    cells: dict[tuple[int, str], dict[int, list[float]]] = {}
    for s, nils, _ in _where(services):
        for nil in nils:
            per_ets = cells.setdefault((nil, s["type"]), {})
            reached, count = per_ets.get(s["organisation_id"], [0.0, 0])
            per_ets[s["organisation_id"]] = [reached + s["people"] / len(nils), count + 1]
    names = {n.id: n.name for n in taxonomy.nils().values()}
    rows = []
    for (nil, kind), per_ets in cells.items():
        people = [p for p, _ in per_ets.values()]
        counts = [c for _, c in per_ets.values()]
        rows.append(
            {
                "nil": nil,
                "name": names[nil],
                "type": kind,
                "ets": len(per_ets),
                "services": sum(counts),
                "people": round(sum(people), 1),
                "hhi": hhi(people) if sum(people) else hhi(counts),
            }
        )
    columns = ["nil", "name", "type", "ets", "services", "people", "hhi"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["ets", "hhi", "nil", "type"], ascending=[False, True, True, True], ignore_index=True)


def network(services: pd.DataFrame) -> nx.Graph:
    """ETS as nodes (name, services, people, open to co-design), linked when they
    work in a common NIL (``nils``: how many; ``types``: the service types both run
    there; ``strength``: the shared NIL over those of the ETS working in fewer).
    Across a city nearly every pair shares some NIL: each ETS keeps its
    vocabulary.NETWORK_LINKS strongest links (more types in common first, then
    strength), and a link stays when either end keeps it."""
    graph = nx.Graph()
    places: dict[int, dict[int, set[str]]] = {}  # ETS -> NIL -> types
    for s, nils, _ in _where(services):
        ets = s["organisation_id"]
        if ets not in graph:
            graph.add_node(ets, name=s["organisation"], services=0, people=0, codesign=False)
        node = graph.nodes[ets]
        node["services"] += 1
        node["people"] += s["people"]
        node["codesign"] = node["codesign"] or bool(s["codesign"])
        for nil in nils:
            places.setdefault(ets, {}).setdefault(nil, set()).add(s["type"])
    candidates: dict[int, list[tuple]] = {}
    for a, b in combinations(sorted(places), 2):
        shared = places[a].keys() & places[b].keys()
        if shared:
            types = sorted(set().union(*(places[a][n] & places[b][n] for n in shared)))
            strength = round(len(shared) / min(len(places[a]), len(places[b])), 4)
            link = (a, b, {"nils": len(shared), "types": types, "strength": strength})
            for end in (a, b):
                candidates.setdefault(end, []).append(link)
    for links in candidates.values():
        links.sort(key=lambda link: (-len(link[2]["types"]), -link[2]["strength"], link[0], link[1]))
        graph.add_edges_from(links[: vocabulary.NETWORK_LINKS])
    return graph


def network_frames(graph: nx.Graph, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes with a position (spring layout, fixed seed: the same drawing every
    time) and a group of ETS closer to each other (Louvain communities); edges with
    their ends' positions and whether the two ETS run a same service type there."""
    node_columns = ["id", "name", "x", "y", "services", "people", "codesign", "links", "group"]
    edge_columns = ["a", "b", "x0", "y0", "x1", "y1", "nils", "types", "same_service"]
    if not graph.number_of_nodes():
        return pd.DataFrame(columns=node_columns), pd.DataFrame(columns=edge_columns)
    position = nx.spring_layout(graph, seed=seed, weight="nils")
    groups = nx.community.louvain_communities(graph, weight="nils", seed=seed) if graph.number_of_edges() else []
    group_of = {n: i + 1 for i, members in enumerate(sorted(groups, key=len, reverse=True)) for n in members}
    nodes = pd.DataFrame(
        [
            {
                "id": n,
                "name": d["name"],
                "x": float(position[n][0]),
                "y": float(position[n][1]),
                "services": d["services"],
                "people": d["people"],
                "codesign": d["codesign"],
                "links": graph.degree(n),
                "group": group_of.get(n, 0),
            }
            for n, d in graph.nodes(data=True)
        ],
        columns=node_columns,
    )
    edges = pd.DataFrame(
        [
            {
                "a": a,
                "b": b,
                "x0": float(position[a][0]),
                "y0": float(position[a][1]),
                "x1": float(position[b][0]),
                "y1": float(position[b][1]),
                "nils": d["nils"],
                "types": d["types"],
                "same_service": bool(d["types"]),
            }
            for a, b, d in graph.edges(data=True)
        ],
        columns=edge_columns,
    )
    return nodes, edges


def named_types(text: str) -> list[str]:
    """The service types a proposal's text names (the ``parole`` of servizi.csv, whole words)."""
    folded = text.casefold()
    return [
        kind for kind, words in taxonomy.service_words().items()
        if any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", folded) for w in words)
    ]  # fmt: skip


def matches(needs: pd.DataFrame, services: pd.DataFrame, proposals: pd.DataFrame | None = None) -> pd.DataFrame:
    """A starting list for the co-design tables: for each need, the ETS whose
    services answer it (its area, where it is); for each proposal (strategy,
    principle...), the ETS that run a service type its text names, anywhere. ETS
    open to co-design first, then by people reached; at most vocabulary.MATCHES_PER_ITEM per item."""
    where = _where(services)
    by_area = _by_area(where)
    rows = []

    def add(item, kind: str, found: list[dict], reason: str) -> None:
        per_ets: dict[int, dict] = {}
        for s in found:
            entry = per_ets.setdefault(
                s["organisation_id"],
                {"organisation": s["organisation"], "types": set(), "people": 0, "codesign": False},
            )
            entry["types"].add(s["type"])
            entry["people"] += s["people"]
            entry["codesign"] = entry["codesign"] or bool(s["codesign"])
        ranked = sorted(
            per_ets.items(), key=lambda kv: (not kv[1]["codesign"], -kv[1]["people"], kv[1]["organisation"])
        )
        for organisation_id, entry in ranked[: vocabulary.MATCHES_PER_ITEM]:
            rows.append(
                {
                    "item_id": item["id"],
                    "item_type": kind,
                    "title": item["title"],
                    "why": reason,
                    "organisation_id": organisation_id,
                    "organisation": entry["organisation"],
                    "types": sorted(entry["types"]),
                    "people": entry["people"],
                    "codesign": entry["codesign"],
                }
            )

    for need in needs.to_dict("records"):
        add(need, vocabulary.NEED, answering(need, by_area), need["area"])
    if proposals is not None:
        for item in proposals.to_dict("records"):
            kinds = named_types(f"{item['title']} {item.get('body') or ''}")
            add(item, item.get("type", "strategia"), [s for s, _, _ in where if s["type"] in kinds], ";".join(kinds))
    columns = ["item_id", "item_type", "title", "why", "organisation_id", "organisation", "types", "people", "codesign"]
    return pd.DataFrame(rows, columns=columns)


def summary(needs: pd.DataFrame, services: pd.DataFrame) -> dict:
    """The headline figures: ETS with an offer, services, people reached, hours,
    staff, volunteers, needs and how many are scoperti or poco coperti."""
    coverage = need_coverage(needs, services)
    return {
        "ets": int(services["organisation_id"].nunique()),
        "services": len(services),
        **{f: int(services[f].sum()) for f in ("people", "weekly_hours", "paid_staff", "volunteers")},
        "comune_funded": int(services["comune_funded"].sum()),
        "codesign_ets": int(services[services["codesign"] == 1]["organisation_id"].nunique()),
        "needs": len(coverage),
        "scoperti": int(coverage["scoperto"].sum()),
        "poco_coperti": int(coverage["poco_coperto"].sum()),
    }
