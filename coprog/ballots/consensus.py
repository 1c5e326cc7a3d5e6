"""Tallies and agreement measures, on plain Python values (no database).

- Tastle-Wierman consensus on an ordinal scale: 1 when everybody gives the
  same value, 0 when the answers split evenly between the two extremes.
- Averaged Borda for (possibly partial) rankings: with n items, rank r earns
  n - r points; the items a voter left unranked share the points that were
  left, equally. An item's score is the mean over voters.
- Condorcet winner: the item preferred to every other by a majority of the
  voters who express a preference between the two.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

SCALE = (1, 2, 3, 4, 5)


def tastle_wierman(values: Iterable[int], scale: Sequence[int] = SCALE) -> float | None:
    """Consensus of ordinal answers (None when there are none)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    width = max(scale) - min(scale)
    mean = sum(values) / len(values)
    total = 0.0
    for value, count in Counter(values).items():
        p = count / len(values)
        distance = abs(value - mean) / width
        total += p * math.log2(1 - distance) if distance < 1 else -math.inf
    return max(0.0, 1 + total) if total != -math.inf else 0.0


def distribution(values: Iterable[int | None], scale: Sequence[int] = SCALE) -> dict:
    """Counts per value of the scale, and of "non so" (None)."""
    counts = Counter(values)
    result = {str(v): counts.get(v, 0) for v in scale}
    result["non_so"] = counts.get(None, 0)
    return result


def mean_median(values: Iterable[int | None]) -> tuple[float | None, float | None]:
    known = [v for v in values if v is not None]
    if not known:
        return None, None
    return round(statistics.fmean(known), 2), float(statistics.median(known))


def borda_points(ranking: Sequence, items: Sequence) -> dict:
    """Points one voter gives: rank r of n -> n - r; the unranked share what is left."""
    n = len(items)
    points = {item: 0.0 for item in items}
    ranked = [item for item in ranking if item in points]
    for rank, item in enumerate(ranked, start=1):
        points[item] = float(n - rank)
    rest = [item for item in items if item not in ranked]
    if rest:
        left = sum(n - r for r in range(len(ranked) + 1, n + 1))
        for item in rest:
            points[item] = left / len(rest)
    return points


def averaged_borda(rankings: Sequence[Sequence], items: Sequence) -> dict:
    """Mean Borda points per item over all voters (0 when nobody voted)."""
    totals = {item: 0.0 for item in items}
    for ranking in rankings:
        for item, value in borda_points(ranking, items).items():
            totals[item] += value
    count = len(rankings)
    return {item: round(total / count, 3) if count else 0.0 for item, total in totals.items()}


def _prefers(ranking: Sequence, a, b) -> int:
    """+1 if the ranking puts a above b, -1 if b above a, 0 if it says nothing."""
    pos = {item: i for i, item in enumerate(ranking)}
    if a in pos and (b not in pos or pos[a] < pos[b]):
        return 1
    if b in pos and (a not in pos or pos[b] < pos[a]):
        return -1
    return 0


def condorcet_winner(rankings: Sequence[Sequence], items: Sequence):
    """The item beating every other head-to-head, or None."""
    for a in items:
        if all(sum(_prefers(r, a, b) for r in rankings) > 0 for b in items if b != a):
            return a
    return None
