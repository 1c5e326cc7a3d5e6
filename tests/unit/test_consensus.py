"""Agreement measures against hand-computed values."""

import math

import pytest

from coprog.ballots import consensus


@pytest.mark.parametrize(
    "values, expected",
    [
        ([3, 3, 3, 3], 1.0),  # everybody agrees
        ([1, 5], 0.0),  # two opposite camps
        ([1, 1, 5, 5], 0.0),
        ([4, 5], 1 + math.log2(1 - 0.5 / 4)),  # mean 4.5: each 1/8 of the scale away
        ([1, 2, 3, 4, 5], 1 + 2 * 0.2 * math.log2(1 - 2 / 4) + 2 * 0.2 * math.log2(1 - 1 / 4)),
    ],
)
def test_tastle_wierman(values, expected):
    assert consensus.tastle_wierman(values) == pytest.approx(expected)


def test_tastle_wierman_ignores_dont_know_and_empty():
    assert consensus.tastle_wierman([None, 4, 4]) == 1.0
    assert consensus.tastle_wierman([]) is None and consensus.tastle_wierman([None]) is None


def test_distribution_mean_median():
    assert consensus.distribution([1, 1, 5, None]) == {"1": 2, "2": 0, "3": 0, "4": 0, "5": 1, "non_so": 1}
    assert consensus.mean_median([1, 2, 5, None]) == (2.67, 2.0)
    assert consensus.mean_median([None]) == (None, None)


def test_borda_with_partial_rankings():
    items = ["a", "b", "c", "d"]
    assert consensus.borda_points(["a", "b"], items) == {"a": 3.0, "b": 2.0, "c": 0.5, "d": 0.5}
    assert consensus.borda_points([], items) == {i: 1.5 for i in items}  # no opinion: the mean
    scores = consensus.averaged_borda([["a", "b", "c", "d"], ["b", "a", "c", "d"], ["a"]], items)
    assert scores == {
        "a": pytest.approx((3 + 2 + 3) / 3, abs=1e-3),
        "b": pytest.approx((2 + 3 + 1) / 3, abs=1e-3),
        "c": pytest.approx(1.0),
        "d": pytest.approx((0 + 0 + 1) / 3, abs=1e-3),
    }
    assert consensus.averaged_borda([], items) == {i: 0.0 for i in items}


def test_condorcet():
    items = ["a", "b", "c"]
    assert consensus.condorcet_winner([["a", "b", "c"], ["a", "c", "b"], ["b", "a", "c"]], items) == "a"
    assert consensus.condorcet_winner([["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]], items) is None  # cycle
    assert consensus.condorcet_winner([["b"], ["b"], ["a"]], items) == "b"  # ranked beats unranked
