"""Opinion groups and group-informed consensus, on plain values (no database).

The method, as Pol.is does it (Small et al., "Polis: Scaling deliberation by
mapping high dimensional opinion spaces", 2021), for ETS × items reactions
(accordo = +1, disaccordo = -1, passo = 0, no reaction = missing):

1. **Who is on the map.** An ETS with fewer reactions than
   ``min(OPINION_MIN_REACTIONS, items)`` is left out (too little to place it);
   it still counts in every item's figures.
2. **Reduce.** A missing reaction is filled with the item's mean among the ETS
   on the map (it pulls the ETS neither way on that item); PCA keeps two
   components. An ETS that reacted to few items would sit near the centre only
   for lack of data: its coordinates are scaled by sqrt(items / its reactions).
3. **Cluster.** k-means on the two coordinates for k = 2 … ``OPINION_MAX_GROUPS``
   (and fewer than the ETS on the map), four starts each, a fixed seed (the same
   reactions give the same groups); the k with the best silhouette is kept.
   Pol.is always shows groups; here they must also be real: the same is done
   on ``NULL_RUNS`` copies of the reactions with each item's reactions dealt
   out at random among the ETS, and the groups are kept only if their
   silhouette beats the best shuffled one by ``NULL_MARGIN`` and reaches
   ``OPINION_MIN_SILHOUETTE``. Otherwise (and with fewer than four ETS on the
   map) the ETS form one group: no distinct opinion groups.
4. **Group-informed consensus** of an item: the product over groups of each
   group's smoothed agree share (agree + 1) / (reactions + 2), where a group's
   reactions are its members' on that item, passes included (what its members
   saw). It is high only when every group agrees; a small group moves it less
   than a large one. A group none of whose members reacted to the item is
   left out of that item's product (an ETS cannot react to its own items, so
   counting such a group as 1/2 would mark down every item whose authors are
   alone in their Municipio).
   ``level`` is its geometric mean over the groups (comparable between
   different numbers of groups): an item is **shared** from ``SHARED_LEVEL``.
   It **divides** the groups when their smoothed shares lie ``DIVIDING_GAP``
   or more apart.

The same measures apply to declared groups (Municipio, activity field), where
an ETS may be in several groups, and to a ballot, where an ETS "agrees" with an
item it supports (``ballots``)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from .vocabulary import DIVIDING_GAP, OPINION_MAX_GROUPS, OPINION_MIN_REACTIONS, OPINION_MIN_SILHOUETTE, SHARED_LEVEL

GROUP_NAMES = "ABCDEFGHIJ"
NULL_RUNS = 3  # shuffled copies of the reactions the groups must beat
NULL_MARGIN = 0.05  # by at least this much silhouette
N_INIT = 4  # k-means starts per k (k-means++ seeding: on two dimensions four starts agree with ten)


def matrix(participants: Sequence, items: Sequence, reactions: Iterable[tuple]) -> np.ndarray:
    """participants × items, from (participant, item, value) triples; NaN where none."""
    row = {p: n for n, p in enumerate(participants)}
    col = {i: n for n, i in enumerate(items)}
    out = np.full((len(participants), len(items)), np.nan)
    for p, i, value in reactions:
        if p in row and i in col:
            out[row[p], col[i]] = value
    return out


def smoothed(agree: int, seen: int) -> float:
    """A group's agree share with one agree and one other added (Laplace)."""
    return (agree + 1) / (seen + 2)


# The groups an item's consensus is read over: opinion groups, Municipi, activity fields.
KINDS = ("opinione", "municipio", "attivita")


def figure(item: dict, kind: str) -> float | None:
    """An item's group-informed consensus over one kind of groups (None when no group reacted)."""
    return (item.get(f"consensus_{kind}") or {}).get("consensus")


def divides(item: dict, kinds: Sequence[str] = KINDS) -> bool:
    """Whether the item divides the groups of any of these kinds."""
    return any((item.get(f"consensus_{kind}") or {}).get("divides") for kind in kinds)


def informed(counts: Sequence[tuple[int, int]]) -> dict:
    """Group-informed consensus from each group's (agree, seen) on one item:
    the product of the smoothed shares, its geometric mean (``level``), the gap
    between the highest and lowest share, and the two calls made on them."""
    if not counts:
        return {"consensus": None, "level": None, "gap": None, "shared": False, "divides": False, "groups": 0}
    shares = [smoothed(a, n) for a, n in counts]
    product = math.prod(shares)
    level = product ** (1 / len(shares))
    gap = max(shares) - min(shares)
    return {
        "consensus": round(product, 4),
        "level": round(level, 4),
        "gap": round(gap, 4),
        "shared": level >= SHARED_LEVEL,
        "divides": len(shares) > 1 and gap >= DIVIDING_GAP - 1e-9,
        "groups": len(shares),
    }


def group_positions(m: np.ndarray, groups: Mapping[str, Sequence[int]]) -> dict[str, list[dict]]:
    """Each group's position on each item: agree, disagree, pass counts among
    its members and the smoothed agree share (rows of ``m`` by index)."""
    out: dict[str, list[dict]] = {}
    for name, rows in groups.items():
        sub = m[list(rows)] if len(rows) else np.empty((0, m.shape[1]))
        agree = (sub == 1).sum(axis=0)
        disagree = (sub == -1).sum(axis=0)
        passed = (sub == 0).sum(axis=0)
        out[name] = [
            {"agree": int(a), "disagree": int(d), "pass": int(p), "share": round(smoothed(int(a), int(a + d + p)), 4)}
            for a, d, p in zip(agree, disagree, passed)
        ]
    return out


def consensus(m: np.ndarray, groups: Mapping[str, Sequence[int]]) -> list[dict]:
    """Group-informed consensus of every item (columns of ``m``) over ``groups``."""
    positions = group_positions(m, groups)
    out = []
    for j in range(m.shape[1]):
        seen = [(p[j]["agree"], p[j]["agree"] + p[j]["disagree"] + p[j]["pass"]) for p in positions.values()]
        out.append(informed([(a, n) for a, n in seen if n]))  # a group with no reaction to the item says nothing
    return out


def groups(m: np.ndarray, *, seed: int = 0) -> dict:
    """Opinion groups of the rows of ``m`` (see the module's text).

    Returns ``labels`` (a group name per row, None for rows left off the map),
    ``coords`` (x, y per row, None when left off), ``k``, ``silhouette`` and
    ``members`` (group name -> row indices, largest group first)."""
    n, n_items = m.shape
    seen = (~np.isnan(m)).sum(axis=1) if n else np.zeros(0, dtype=int)
    needed = min(OPINION_MIN_REACTIONS, n_items)
    kept = [r for r in range(n) if n_items and seen[r] >= max(1, needed)]
    labels: list[str | None] = [None] * n
    coords: list[tuple[float, float] | None] = [None] * n
    result = {
        "labels": labels,
        "coords": coords,
        "k": 0,
        "silhouette": None,
        "shuffled": None,
        "members": {},
        "mapped": len(kept),
    }
    if not kept:
        return result
    # One thread: on a few hundred points the thread pool's start-up costs more than the work
    # (0.25 s against 0.07 s for 150 × 200, bench/opinion.py), and a server's other sessions keep their cores.
    with threadpool_limits(1):
        xy = _project(m[kept], seed)
        best_k, best_score, assigned = _cluster(xy, seed)
        null = None
        if best_score is not None:  # would shuffled reactions group as well? then these groups are noise
            rng = np.random.default_rng(seed)
            null = max((_cluster(_project(_shuffled(m[kept], rng), seed), seed)[1] or 0.0) for _ in range(NULL_RUNS))
            if best_score < max(OPINION_MIN_SILHOUETTE, null + NULL_MARGIN):
                best_k, assigned = 1, np.zeros(len(kept), dtype=int)
        else:
            assigned = np.zeros(len(kept), dtype=int)
    # name the groups A, B, … largest first (ties: the one with the first row)
    order = sorted(set(assigned.tolist()), key=lambda g: (-int((assigned == g).sum()), int(np.argmax(assigned == g))))
    name = {g: GROUP_NAMES[n] for n, g in enumerate(order)}
    members: dict[str, list[int]] = {name[g]: [] for g in order}
    for position, row in enumerate(kept):
        group = name[int(assigned[position])]
        labels[row] = group
        coords[row] = (round(float(xy[position, 0]), 4), round(float(xy[position, 1]), 4))
        members[group].append(row)
    result.update(
        k=best_k,
        silhouette=None if best_score is None else round(best_score, 3),
        shuffled=None if null is None else round(null, 3),
        members=members,
    )
    return result


def _project(sub: np.ndarray, seed: int) -> np.ndarray:
    """Two coordinates per row: missing filled with the item's mean, PCA, the
    sparsity scaling."""
    from sklearn.decomposition import PCA

    rows, n_items = sub.shape
    seen = (~np.isnan(sub)).sum(axis=1)
    with warnings.catch_warnings():  # an item nobody on the map reacted to: mean 0
        warnings.simplefilter("ignore", RuntimeWarning)
        means = np.nan_to_num(np.nanmean(sub, axis=0))
    filled = np.where(np.isnan(sub), means, sub)
    if rows < 2 or n_items < 2 or not np.ptp(filled, axis=0).any():
        return np.zeros((rows, 2))
    xy = PCA(n_components=min(2, rows, n_items), random_state=seed).fit_transform(filled)
    if xy.shape[1] == 1:
        xy = np.hstack([xy, np.zeros((rows, 1))])
    return xy * np.sqrt(n_items / np.maximum(seen, 1))[:, None]


def _cluster(xy: np.ndarray, seed: int) -> tuple[int, float | None, np.ndarray]:
    """The k (2 … OPINION_MAX_GROUPS) with the best silhouette: (k, score, labels);
    (1, None, zeros) when there are too few distinct points to try."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    rows = len(xy)
    best: tuple[int, float | None, np.ndarray] = (1, None, np.zeros(rows, dtype=int))
    distinct = len({(round(a, 9), round(b, 9)) for a, b in xy})
    if rows < 4:
        return best
    for k in range(2, min(OPINION_MAX_GROUPS, rows - 1) + 1):
        if distinct < k:
            break
        model = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed).fit(xy)
        score = float(silhouette_score(xy, model.labels_))
        if best[1] is None or score > best[1] + 1e-9:
            best = (k, score, model.labels_)
    return best


def _shuffled(sub: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each item's reactions (missing ones too) dealt out again at random among
    the ETS: the same items and totals, no opinion structure left."""
    return np.column_stack([rng.permutation(sub[:, j]) for j in range(sub.shape[1])]) if sub.size else sub


def analyse(participants: Sequence, items: Sequence, reactions: Iterable[tuple], declared=None, *, seed=0) -> dict:
    """The whole reading of a reaction matrix: opinion groups, each group's
    position per item, and the group-informed consensus over the opinion groups
    and over each kind of ``declared`` groups ({kind: {group: participants}})."""
    m = matrix(participants, items, reactions)
    found = groups(m, seed=seed)
    index = {p: n for n, p in enumerate(participants)}
    over = {"opinione": found["members"]} if found["members"] else {}
    for kind, declared_groups in (declared or {}).items():
        over[kind] = {
            name: sorted(index[p] for p in members if p in index) for name, members in sorted(declared_groups.items())
        }
        over[kind] = {name: rows for name, rows in over[kind].items() if rows}
    return {
        "matrix": m,
        "groups": found,
        "positions": group_positions(m, found["members"]),
        "consensus": {kind: consensus(m, g) for kind, g in over.items()},
        "reactions": int((~np.isnan(m)).sum()),
    }
