"""Live board cost: the cheap version poll every open page makes every 3 s,
against a full rebuild of the board's data and figures, on the demo (120
needs) and on 5,000 needs. Prints figures; asserts nothing on time.

    python bench/board.py
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coprog import charts, contributions, demo, registry, tallies  # noqa: E402
from coprog.db import Database  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_ms  # noqa: E402




def build_board(database, session_id=None):
    needs = tallies.needs_frame(database, session_id)
    by_municipio, citywide = tallies.by_municipio(needs)
    by_area = tallies.by_area(needs)
    charts.area_bars(by_area, "t", "n")
    charts.municipi_map(by_municipio, "t", "n")
    charts.municipi_bars(by_municipio, citywide, "t", "n", "Città")
    tallies.board_counters(database, session_id)
    contributions.visible(database, session_id, limit=8)


def add_needs(database, total: int) -> None:
    rng = random.Random(7)
    people = registry.delegates(database)
    session_id = registry.sessions(database)[0]["id"]
    while database.scalar("SELECT count(*) FROM contribution WHERE type='bisogno'") < total:
        d = rng.choice(people)
        contributions.create(database, registry.delegate_actor(d), session_id, "bisogno", {
            "title": f"Bisogno di prova {rng.random():.6f}", "area": rng.choice(list(demo.NEEDS)),
            "target_group": "anziani_soli", "municipi": [rng.randint(1, 9)], "intensity": 3,
            "trend": "stabile", "evidence_source": "dati", "citywide": rng.random() < 0.1})


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(Path(tmp) / "bench.db")
        demo.create(database)
        rows = []
        for total in (120, 5000):
            add_needs(database, total)
            poll = median_ms(lambda: tallies.board_version(database))
            full = median_ms(lambda: build_board(database), repeat=10)
            rows.append((total, poll, full))
        base_poll, base_full = rows[0][1], rows[0][2]
        print("| needs | version poll (ms) | full board build (ms) | build / poll | build vs 120 needs |")
        print("|---:|---:|---:|---:|---:|")
        for total, poll, full in rows:
            print(f"| {total} | {poll:.3f} | {full:.1f} | {full / poll:.0f}x | {full / base_full:.2f}x |")
        print(f"\nA poll costs {base_poll:.3f} ms: 150 pages polling every 3 s cost about "
              f"{150 / 3 * base_poll:.1f} ms of database time per second.")


if __name__ == "__main__":
    main()
