"""Opinion groups and group-informed consensus, on plain values (no database).

The method follows Pol.is (Small et al., "Polis: Scaling deliberation by
mapping high dimensional opinion spaces", 2021, and its math code, polismath:
PCA to two dimensions, k-means, k by silhouette, group-aware consensus) with
two changes that make the reading fit a public document: the same reactions
always give the same groups, and an item is rated only over the groups that
saw it. For ETS × items reactions (accordo = +1, disaccordo = -1, passo = 0,
no reaction = missing):

1. **Who is on the map.** An ETS with fewer reactions than
   ``min(OPINION_MIN_REACTIONS, items)`` is left out (too little to place it:
   Pol.is's own threshold is 7 votes); it still counts in every item's figures.
2. **Reduce.** A missing reaction is filled with the item's mean among the ETS
   on the map (it pulls the ETS neither way on that item); the two principal
   components come from an exact SVD, their signs fixed by convention, so there
   is no random start. An ETS that reacted to few items would sit near the
   centre only for lack of data: its coordinates are scaled by
   sqrt(items / its reactions) (Pol.is's projection of sparse participants).
3. **Are there groups?** Parallel analysis (Horn, 1965): the share of the
   reactions' variance on the first principal axis is compared with the same
   share on ``NULL_RUNS`` copies where each item's reactions (missing ones too)
   are dealt out again at random among the ETS: same items, same totals, no
   opinion structure. Groups exist when the real share stands ``NULL_Z``
   standard deviations or more above the shuffled ones' mean (with 39 copies,
   also above every copy: p < 1/40). This statistic separates real from
   shuffled reactions by a wide margin where the silhouette of 2-D k-means
   does not (shuffled data, reduced and clustered, score almost as well), so
   the call does not move with the seed: the seed only picks the shuffles,
   whose mean and spread vary far less than the margin. The figures behind the
   call (the real share, the shuffled mean and spread, z, p) are returned.
4. **Which groups.** For k = 2 … ``OPINION_MAX_GROUPS`` (and fewer than the
   ETS on the map): Ward's hierarchical clustering of the 2-D points cut at k,
   refined by k-means started from its centres (Milligan, 1980); both are
   deterministic. The k with the best silhouette is kept, as Pol.is does. With
   structure but a silhouette under ``OPINION_MIN_SILHOUETTE`` the groups are
   reported as weak, with the figure, not dropped; without structure (or with
   fewer than four ETS on the map) the ETS form one group.
5. **Group-informed consensus** of an item: the product over *every* group of
   its smoothed agree share (agree + 1) / (seen + 2), where a group's seen are
   its members' reactions to the item, passes included, and the author's own
   agreement (as Pol.is records a statement's author as agreeing with it; an
   ETS cannot react to its own items, so its proposing counts once, as
   agreement). A group none of whose members saw the item counts 1/2, as in
   Pol.is: an item seen by one group only cannot look shared. ``level`` is the
   product's geometric mean (comparable between different numbers of groups).
   An item is **rated** when every group saw it and at least half of the ETS
   in the reading reacted to it or authored it; only a rated item can be
   **shared** (level from ``SHARED_LEVEL``) and the lists put rated items
   first: what few saw never ranks above what the room saw. It **divides**
   the groups that saw it when their smoothed shares lie ``DIVIDING_GAP`` or
   more apart; an item that divides is never called shared (two large groups
   for and a small one against would otherwise lift the mean over the bar).

The same measures apply to declared groups (Municipio, activity field), where
an ETS may be in several groups and an author counts as agreeing in each of
its groups, and to a ballot, where an ETS "agrees" with an item it supports
(``ballots``; every voter sees every item there)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from coprog.texts import i18n
from coprog.texts.vocabulary import (
    DIVIDING_GAP,
    OPINION_MAX_GROUPS,
    OPINION_MIN_REACTIONS,
    OPINION_MIN_SILHOUETTE,
    SHARED_LEVEL,
)

GROUP_NAMES = "ABCDEFGHIJ"
NULL_RUNS = 39  # shuffled copies of the reactions: a p-value to 1/40
NULL_Z = 3.0  # the real first axis must stand this many standard deviations above the shuffled ones


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


def informed(counts: Sequence[tuple[int, int]], *, rated: bool = True) -> dict:
    """Group-informed consensus from each group's (agree, seen) on one item,
    every group counted (one that saw nothing: 1/2): the product of the
    smoothed shares, its geometric mean (``level``), the gap between the
    highest and lowest share among the groups that saw it, how many saw it,
    and the calls made on them (``shared`` only when ``rated``)."""
    if not counts:
        return {
            "consensus": None,
            "level": None,
            "gap": None,
            "shared": False,
            "divides": False,
            "groups": 0,
            "seen_groups": 0,
            "rated": False,
        }
    shares = [smoothed(a, n) for a, n in counts]
    seen = [smoothed(a, n) for a, n in counts if n]
    product = math.prod(shares)
    level = product ** (1 / len(shares))
    gap = max(seen) - min(seen) if seen else 0.0
    split = len(seen) > 1 and gap >= DIVIDING_GAP - 1e-9
    return {
        "consensus": round(product, 4),
        "level": round(level, 4),
        "gap": round(gap, 4),
        "shared": bool(rated) and level >= SHARED_LEVEL and not split,  # two groups for, one against: not shared
        "divides": split,
        "groups": len(shares),
        "seen_groups": len(seen),
        "rated": bool(rated),
    }


def rank_key(figures: dict | None) -> tuple:
    """How the lists order items by consensus: rated items first, then the
    product (higher first); an item without figures last."""
    figures = figures or {}
    return (not figures.get("rated"), -(figures.get("consensus") or 0.0))


def group_positions(
    m: np.ndarray, groups: Mapping[str, Sequence[int]], authored: np.ndarray | None = None
) -> dict[str, list[dict]]:
    """Each group's position on each item: agree, disagree, pass counts among
    its members (an author counts as agreeing with its own item) and the
    smoothed agree share (rows of ``m`` by index; ``authored``: rows × items, True
    where the row's ETS authored the item)."""
    agreeing = m == 1
    if authored is not None:
        agreeing = agreeing | (authored & np.isnan(m))
    out: dict[str, list[dict]] = {}
    for name, rows in groups.items():
        rows = list(rows)
        agree = agreeing[rows].sum(axis=0) if rows else np.zeros(m.shape[1], dtype=int)
        disagree = (m[rows] == -1).sum(axis=0) if rows else np.zeros(m.shape[1], dtype=int)
        passed = (m[rows] == 0).sum(axis=0) if rows else np.zeros(m.shape[1], dtype=int)
        out[name] = [
            {"agree": int(a), "disagree": int(d), "pass": int(p), "share": round(smoothed(int(a), int(a + d + p)), 4)}
            for a, d, p in zip(agree, disagree, passed)
        ]
    return out


def coverage(m: np.ndarray, authored: np.ndarray | None = None) -> list[dict]:
    """Per item: how many ETS reacted, how many saw it (reacted or authored it),
    out of the ETS in the reading."""
    reacted = (~np.isnan(m)).sum(axis=0)
    seen = (~np.isnan(m) | (authored if authored is not None else False)).sum(axis=0)
    return [{"reacted": int(r), "seen": int(s), "of": int(m.shape[0])} for r, s in zip(reacted, seen)]


def consensus(m: np.ndarray, groups: Mapping[str, Sequence[int]], authored: np.ndarray | None = None) -> list[dict]:
    """Group-informed consensus of every item (columns of ``m``) over every one
    of ``groups``, with the item's coverage (see the module's text)."""
    positions = group_positions(m, groups, authored)
    covered = coverage(m, authored)
    out = []
    for j in range(m.shape[1]):
        counts = [(p[j]["agree"], p[j]["agree"] + p[j]["disagree"] + p[j]["pass"]) for p in positions.values()]
        every_group = all(n for _, n in counts)
        majority = 2 * covered[j]["seen"] >= covered[j]["of"]
        out.append({**informed(counts, rated=every_group and majority), **covered[j]})
    return out


def groups(m: np.ndarray, *, seed: int = 0) -> dict:
    """Opinion groups of the rows of ``m`` (see the module's text).

    Returns ``labels`` (a group name per row, None for rows left off the map),
    ``coords`` (x, y per row, None when left off), ``k``, ``silhouette``,
    ``members`` (group name -> row indices, largest group first), ``mapped``,
    ``strength`` ("netti", "deboli" or "nessuno") and ``test`` (the figures of
    the call: the first axis's share of the variance, the shuffled copies'
    mean and standard deviation, z, p, the number of copies)."""
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
        "members": {},
        "mapped": len(kept),
        "strength": "nessuno",
        "test": None,
    }
    if not kept:
        return result
    # One thread: on a few hundred points the thread pool's start-up costs more than the work,
    # and a server's other sessions keep their cores (bench/opinion.py).
    with threadpool_limits(1):
        sub = m[kept]
        filled = _filled(sub)  # once: the projection and the test both start from it
        xy = _project(sub, filled)
        test = _structure(filled, seed) if len(kept) >= 4 and n_items >= 2 else None
        best_k, best_score, assigned = 1, None, np.zeros(len(kept), dtype=int)
        if test is not None and test["z"] >= NULL_Z and test["p"] <= 0.05:
            best_k, best_score, assigned = _cluster(xy)
    strength = "nessuno"
    if best_k > 1 and best_score is not None:
        strength = "netti" if best_score >= OPINION_MIN_SILHOUETTE else "deboli"
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
        members=members,
        strength=strength,
        test=test,
    )
    return result


def _filled(sub: np.ndarray) -> np.ndarray:
    """Missing reactions filled with the item's mean, each item centred."""
    with warnings.catch_warnings():  # an item nobody on the map reacted to: mean 0
        warnings.simplefilter("ignore", RuntimeWarning)
        means = np.nan_to_num(np.nanmean(sub, axis=0))
    return np.where(np.isnan(sub), means, sub) - means


def _first_axis_share(x: np.ndarray) -> float:
    """The share of the (centred) matrix's variance on its first principal axis."""
    from scipy.sparse.linalg import eigsh

    total = float((x * x).sum())
    if total <= 1e-12:
        return 0.0
    gram = x.T @ x if x.shape[1] <= x.shape[0] else x @ x.T
    if gram.shape[0] <= 64:  # small: exact
        top = float(np.linalg.eigvalsh(gram)[-1])
    else:  # Lanczos from a fixed start (the same matrix, the same figure), never orthogonal by construction
        start = np.random.default_rng(20261202).random(gram.shape[0]) + 0.5
        top = float(eigsh(gram, k=1, which="LA", v0=start, return_eigenvectors=False)[0])
    return top / total


def _structure(filled: np.ndarray, seed: int) -> dict:
    """Parallel analysis: the first axis's share on the (filled, centred)
    reactions against the same share on NULL_RUNS shuffled copies. Shuffling
    each item's column of the filled matrix is the same as filling the shuffled
    reactions (an item's mean does not change when its reactions move)."""
    real = _first_axis_share(filled)
    rng = np.random.default_rng(seed)
    null = np.array([_first_axis_share(rng.permuted(filled, axis=0)) for _ in range(NULL_RUNS)])
    spread = float(null.std(ddof=1)) or 1e-9
    return {
        "share": round(real, 4),
        "shuffled_mean": round(float(null.mean()), 4),
        "shuffled_sd": round(spread, 4),
        "z": round((real - float(null.mean())) / spread, 1),
        "p": round((1 + int((null >= real).sum())) / (NULL_RUNS + 1), 3),
        "runs": NULL_RUNS,
    }


def _project(sub: np.ndarray, x: np.ndarray | None = None) -> np.ndarray:
    """Two coordinates per row: missing filled with the item's mean (``x``,
    when already computed), exact PCA (SVD, each axis's sign fixed: its largest
    loading positive), the sparsity scaling."""
    rows, n_items = sub.shape
    seen = (~np.isnan(sub)).sum(axis=1)
    x = _filled(sub) if x is None else x
    if rows < 2 or n_items < 2 or not np.abs(x).sum():
        return np.zeros((rows, 2))
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    signs = np.sign(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)])
    signs[signs == 0] = 1
    xy = (u * s * signs)[:, :2]
    if xy.shape[1] == 1:
        xy = np.hstack([xy, np.zeros((rows, 1))])
    return xy * np.sqrt(n_items / np.maximum(seen, 1))[:, None]


def _cluster(xy: np.ndarray) -> tuple[int, float | None, np.ndarray]:
    """The k (2 … OPINION_MAX_GROUPS) with the best silhouette: (k, score, labels);
    (1, None, zeros) when there are too few distinct points to try. Ward's
    clustering cut at k, refined by k-means from its centres: no random start."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    rows = len(xy)
    best: tuple[int, float | None, np.ndarray] = (1, None, np.zeros(rows, dtype=int))
    distinct = len({(round(a, 9), round(b, 9)) for a, b in xy})
    if rows < 4:
        return best
    tree = linkage(xy, method="ward")
    for k in range(2, min(OPINION_MAX_GROUPS, rows - 1) + 1):
        if distinct < k:
            break
        cut = fcluster(tree, k, criterion="maxclust") - 1
        if len(set(cut.tolist())) < k:
            continue
        centres = np.array([xy[cut == g].mean(axis=0) for g in range(k)])
        labels = KMeans(n_clusters=k, init=centres, n_init=1).fit(xy).labels_
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(xy, labels))
        if best[1] is None or score > best[1] + 1e-9:
            best = (k, score, labels)
    return best


def call_words(found: dict, lang: str = "it") -> str:
    """The call on the groups in one sentence, with the figures behind it."""

    test = found.get("test")
    figures = {}
    if test:
        figures = {
            "share": i18n.number(100 * test["share"], lang, 0),
            "shuffled": i18n.number(100 * test["shuffled_mean"], lang, 0),
            "z": i18n.number(test["z"], lang, 1),
            "runs": test["runs"],
        }
    if found["k"] > 1:
        sizes = ", ".join(
            i18n.t("opinion.group_size", lang, name=g, n=len(rows)) for g, rows in found["members"].items()
        )
        return i18n.t(
            f"opinion.groups_{found['strength']}",
            lang,
            k=found["k"],
            sizes=sizes,
            silhouette=i18n.number(found["silhouette"], lang, 2),
            **figures,
        )
    if test:
        return i18n.t("opinion.no_structure", lang, mapped=found["mapped"], **figures)
    return i18n.t("opinion.too_few", lang, mapped=found["mapped"])


def coverage_words(figures: dict | None, lang: str = "it") -> str:
    """An item's coverage, and why it is not rated yet when it is not:
    «vista da 2 gruppi su 3 · reazioni di 14 enti su 40»."""

    if not figures or figures.get("consensus") is None:
        return "–"
    said = i18n.t(
        "opinion.coverage",
        lang,
        seen=figures["seen_groups"],
        groups=figures["groups"],
        reacted=figures["reacted"],
        of=figures["of"],
    )
    if figures.get("rated"):
        return said
    why = "opinion.unrated_groups" if figures["seen_groups"] < figures["groups"] else "opinion.unrated_few"
    return f"{said} · {i18n.t(why, lang)}"


def analyse(
    participants: Sequence,
    items: Sequence,
    reactions: Iterable[tuple],
    declared=None,
    *,
    authors: Mapping | None = None,
    seed=0,
) -> dict:
    """The whole reading of a reaction matrix: opinion groups, each group's
    position per item, and the group-informed consensus over the opinion groups
    and over each kind of ``declared`` groups ({kind: {group: participants}});
    ``authors``: item -> the participants that authored it (they count as agreeing)."""
    m = matrix(participants, items, reactions)
    index = {p: n for n, p in enumerate(participants)}
    authored = np.zeros(m.shape, dtype=bool)
    for j, item in enumerate(items):
        for p in (authors or {}).get(item, ()):
            if p in index:
                authored[index[p], j] = True
    found = groups(m, seed=seed)
    over = {"opinione": found["members"]} if found["members"] else {}
    for kind, declared_groups in (declared or {}).items():
        over[kind] = {
            name: sorted(index[p] for p in members if p in index) for name, members in sorted(declared_groups.items())
        }
        over[kind] = {name: rows for name, rows in over[kind].items() if rows}
    return {
        "matrix": m,
        "groups": found,
        "positions": group_positions(m, found["members"], authored),
        "consensus": {kind: consensus(m, g, authored) for kind, g in over.items()},
        "reactions": int((~np.isnan(m)).sum()),
    }
