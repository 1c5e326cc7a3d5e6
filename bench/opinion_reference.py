"""Opinion groups checked against Pol.is, and timed.

Data: two public Pol.is conversations from the Computational Democracy
Project's open data (github.com/compdemocracy/openData, CC BY 4.0: "Data
gathered using Polis; attribution to The Computational Democracy Project"),
recorded in bench/data/polis/ (the participants × comments vote matrix and the
group Pol.is put each participant in; every row checked against its own vote
counts). The reference is Pol.is's own output: its groups (``group-id``) and
its group-aware consensus computed over them (product over every group of
(agree + 1) / (votes + 2)). Per conversation:

- groups found by coprog (with ten seeds: identical or not) against Pol.is's,
  and their agreement (adjusted Rand index over the participants both placed);
- the consensus: Spearman's rank correlation between coprog's product and the
  reference's, the overlap of the top ten by the product, and by coprog's
  order (rated items first);
- the time of ``opinion.analyse``.

Then planted camps (three of unequal size, ETS reacting to 20-60% of the items,
late items seen by a tenth of one camp): ARI against the truth for coprog and
for a Pol.is-style pipeline (PCA, k-means with a random start, k by
silhouette) over seeds 0-4, and how many late items each consensus rule puts
in its top ten. Last, 500 ETS × 300 items analysed, against an empty page run
under AppTest in the same process (the trivial page).

Prints figures; asserts nothing on time.

    python bench/opinion_reference.py
"""

from __future__ import annotations

import time

import numpy as np
from scipy.stats import spearmanr
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, silhouette_score
from timing import median_ms

from coprog.ballots import opinion
from testkit.opinion import planted, polis, polis_sets


def polis_consensus(m: np.ndarray, labels: list) -> np.ndarray:
    """Pol.is's group-aware consensus over the given groups (None: not in a group)."""
    names = sorted({g for g in labels if g is not None})
    out = np.ones(m.shape[1])
    for g in names:
        rows = [n for n, label in enumerate(labels) if label == g]
        sub = m[rows]
        agree, seen = (sub == 1).sum(axis=0), (~np.isnan(sub)).sum(axis=0)
        out *= (agree + 1) / (seen + 2)
    return out


def polis_style_groups(m: np.ndarray, seed: int) -> list:
    """Pol.is's pipeline as published (mean-filled PCA to 2-D, sparsity scaling,
    k-means from a random start for k = 2..5, the best silhouette), one seed."""
    seen = (~np.isnan(m)).sum(axis=1)
    kept = [r for r in range(len(m)) if seen[r] >= min(7, m.shape[1])]
    sub = m[kept]
    means = np.nan_to_num(np.nanmean(sub, axis=0))
    xy = PCA(2, random_state=seed).fit_transform(np.where(np.isnan(sub), means, sub))
    xy *= np.sqrt(m.shape[1] / np.maximum(seen[kept], 1))[:, None]
    best, labels = -1.0, np.zeros(len(kept), dtype=int)
    for k in range(2, 6):
        found = KMeans(k, n_init=1, random_state=seed).fit(xy).labels_
        score = silhouette_score(xy, found)
        if score > best:
            best, labels = score, found
    out: list = [None] * len(m)
    for n, r in enumerate(kept):
        out[r] = int(labels[n])
    return out


def ari(a: list, b: list) -> float:
    both = [n for n in range(len(a)) if a[n] is not None and b[n] is not None]
    return adjusted_rand_score([a[n] for n in both], [b[n] for n in both])


def conversations() -> None:
    print("## Public Pol.is conversations (reference: Pol.is's groups and group-aware consensus)\n")
    print("| conversation | ETS × items (votes) | groups: coprog / Pol.is | ten seeds | ARI | Spearman | "
          "top-10 overlap (product / coprog's order) | rated items | time |")  # fmt: skip
    print("|---|---|---|---|---:|---:|---|---:|---:|")
    for name in polis_sets():
        data = polis(name)
        started = time.perf_counter()
        found = opinion.analyse(data["participants"], data["items"], data["triples"])
        elapsed = (time.perf_counter() - started) * 1000
        m, groups = found["matrix"], found["groups"]
        same = all(opinion.groups(m, seed=s)["labels"] == groups["labels"] for s in range(10))
        reference = polis_consensus(m, data["groups"])
        mine = found["consensus"]["opinione"]
        product = np.array([c["consensus"] for c in mine])
        rho = spearmanr(reference, product).statistic
        ref_top = set(np.argsort(-reference, kind="stable")[:10].tolist())
        by_product = set(np.argsort(-product, kind="stable")[:10].tolist())
        by_order = set(sorted(range(len(mine)), key=lambda j: opinion.rank_key(mine[j]))[:10])
        ref_k = len({g for g in data["groups"] if g is not None})
        rated = sum(1 for c in mine if c["rated"])
        print(
            f"| {name} | {m.shape[0]} × {m.shape[1]} ({found['reactions']}) | {groups['k']} ({groups['strength']}, "
            f"z {groups['test']['z']}) / {ref_k} | {'identical' if same else 'DIFFER'} | "
            f"{ari(groups['labels'], data['groups']):.3f} | {rho:.3f} | {len(ref_top & by_product)} / "
            f"{len(ref_top & by_order)} | {rated} of {len(mine)} | {elapsed:.0f} ms |"
        )
    print()


def planted_camps() -> None:
    print("## Planted camps: 60/30/10 ETS, 80 items, 20-60% seen, a quarter of the items late\n")
    print("| data seed | coprog: k, ARI (same for seeds 0-9) | Pol.is-style over seeds 0-4: k, ARI | "
          "late items in the top ten: coprog / groups left out / Pol.is rule |")  # fmt: skip
    print("|---:|---|---|---|")
    for data_seed in range(3):
        data = planted((60, 30, 10), items=80, seed=data_seed)
        m = opinion.matrix(data["participants"], data["items"], data["triples"])
        found = opinion.analyse(data["participants"], data["items"], data["triples"])
        ours = found["groups"]
        stable = all(opinion.groups(m, seed=s)["labels"] == ours["labels"] for s in range(10))
        style = [polis_style_groups(m, s) for s in range(5)]
        style_cells = ", ".join(
            f"{len({g for g in labels if g is not None})}: {ari(labels, data['truth']):.2f}" for labels in style
        )
        mine = found["consensus"]["opinione"]
        order = sorted(range(len(mine)), key=lambda j: opinion.rank_key(mine[j]))[:10]
        positions = found["positions"].values()
        left_out = [
            np.prod([(p[j]["agree"] + 1) / (p[j]["agree"] + p[j]["disagree"] + p[j]["pass"] + 2)
                     for p in positions if p[j]["agree"] + p[j]["disagree"] + p[j]["pass"]])
            for j in range(len(mine))
        ]  # fmt: skip
        left_top = np.argsort(-np.array(left_out), kind="stable")[:10].tolist()
        product_top = np.argsort(-np.array([c["consensus"] for c in mine]), kind="stable")[:10].tolist()
        late = set(data["late"])
        print(
            f"| {data_seed} | {ours['k']}, {ari(ours['labels'], data['truth']):.2f} "
            f"({'identical' if stable else 'DIFFER'}) | {style_cells} | {len(late & set(order))} / "
            f"{len(late & set(left_top))} / {len(late & set(product_top))} |"
        )
    print()


def size() -> None:
    from streamlit.testing.v1 import AppTest

    data = planted((250, 150, 100), items=300, seed=1)
    empty = AppTest.from_string("import streamlit as st\nst.write('')")
    baseline = median_ms(lambda: empty.run(), 30)
    analysed = median_ms(lambda: opinion.analyse(data["participants"], data["items"], data["triples"]), 5)
    print("## Size: 500 ETS × 300 items\n")
    print(f"{len(data['triples'])} reactions. Baseline: an empty page under AppTest, median {baseline:.1f} ms.\n")
    print("| what | ms (median) | ratio to the empty page |")
    print("|---|---:|---:|")
    print(f"| opinion.analyse (groups, 39 shuffles, consensus) | {analysed:.0f} | {analysed / baseline:.1f}x |")


if __name__ == "__main__":
    conversations()
    planted_camps()
    size()
