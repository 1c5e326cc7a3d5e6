"""Reaction matrices for the opinion groups' tests and benchmarks: planted
camps with realistic noise and sparsity, and the public Pol.is conversations
recorded in bench/data/polis (with the groups Pol.is found)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .server import ROOT

POLIS = ROOT / "bench" / "data" / "polis"


def planted(
    sizes=(60, 30, 10), items: int = 80, *, seen=(0.2, 0.6), follow: float = 0.8, late: float = 0.25, seed: int = 0
) -> dict:
    """ETS in camps of unequal ``sizes``, each camp with its own stance on each
    item (agree or disagree; a few items every camp agrees with); each ETS
    reacts to a share of the items drawn in ``seen`` (20-60%), follows its camp
    with probability ``follow`` (else agree, disagree or pass at random); the
    last ``late`` share of the items arrive late: each is seen by a tenth of the
    ETS of one camp only. Returns participants, items, (participant, item,
    value) triples, the true camp of each participant, the late items and the
    items every camp agrees with."""
    rng = np.random.default_rng(seed)
    camps = [c for c, size in enumerate(sizes) for _ in range(size)]
    n_late = int(items * late)
    stance = rng.choice([1, -1], size=(len(sizes), items))
    stance[:, 0 : items - n_late : 7] = 1  # every camp agrees with these (and with some others by chance)
    triples = []
    late_items = list(range(items - n_late, items))
    for person, camp in enumerate(camps):
        share = rng.uniform(*seen)
        for item in range(items):
            if item in late_items:
                owner = late_items.index(item) % len(sizes)
                if camp != owner or rng.random() > 0.1 + share:
                    continue
            elif rng.random() > share:
                continue
            value = stance[camp, item] if rng.random() < follow else rng.choice([1, -1, 0])
            triples.append((person, item, float(value)))
    return {
        "participants": list(range(len(camps))),
        "items": list(range(items)),
        "triples": triples,
        "truth": camps,
        "late": late_items,
        "common": [j for j in range(items - n_late) if (stance[:, j] == 1).all()],  # every camp agrees
    }


def polis(name: str) -> dict:
    """A public Pol.is conversation's participants × comments votes (agree 1,
    disagree -1, pass 0) and the group Pol.is put each participant in (None:
    not placed), from bench/data/polis/<name>.csv."""
    with open(POLIS / f"{name}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    comments = [int(c) for c in head[6:]]
    participants, groups, triples = [], [], []
    for row in body:
        pid = int(row[0])
        participants.append(pid)
        groups.append(int(row[1]) if row[1] != "" else None)
        for comment, value in zip(comments, row[6:]):
            if value != "":
                triples.append((pid, comment, float(value)))
    return {"participants": participants, "items": comments, "triples": triples, "groups": groups}


def polis_sets() -> list[str]:
    return sorted(p.stem for p in Path(POLIS).glob("*.csv"))
