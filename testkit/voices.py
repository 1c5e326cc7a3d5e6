"""Test support for reactions, the floor and the draft: a percorso whose
north table takes reactions, and a worker that reacts from a separate OS
process (tests/unit/test_voices.py, bench/opinion.py)."""

from __future__ import annotations

import time

from coprog import facilitation, reactions, registry
from coprog.db import Database
from coprog.errors import CoprogError

from .builders import STAFF, tables_and_plenary

AGREE, DISAGREE, PASS = "accordo", "disaccordo", "passo"


def reacting_tables(database) -> dict:
    """``tables_and_plenary`` with reactions open at Tavolo Nord (its phase is current)."""
    world = tables_and_plenary(database)
    north = world["sessions"]["Tavolo Nord"]
    phase = registry.get_session(database, north)["current_phase_id"]
    facilitation.set_reactions_open(database, STAFF, phase, True)
    world["north_phase"] = phase
    return world


def react_burst(
    path: str, process_id: int, delegate_ids: list[int], item_ids: list[int], start_at: float, rounds: int
) -> int:
    """From another OS process: wait until ``start_at`` (a shared wall-clock
    moment), then every delegate reacts to every item ``rounds`` times,
    cycling agree / disagree / pass. Returns the writes the core confirmed."""
    database = Database(path)
    people = {d["id"]: d for d in registry.delegates(database, process_id)}
    time.sleep(max(0.0, start_at - time.time()))
    done = 0
    for n in range(rounds):
        for d in delegate_ids:
            for i in item_ids:
                try:
                    reactions.react(database, registry.delegate_actor(people[d]), i, (AGREE, DISAGREE, PASS)[n % 3])
                    done += 1
                except CoprogError:
                    pass
    database.close()
    return done
