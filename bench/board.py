"""Board cost: building every view of the shared reading of needs (frames and
figures: areas, map by Municipio and by NIL, Municipi, area × Municipio,
treemap, intensity × trend, timeline, keywords, city data) from the database,
with 5,000 needs as a ratio to 50 needs; and the version poll every open page
makes, against a full build. Prints figures; asserts nothing on time.

    python bench/board.py
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from timing import median_ms

from coprog import demo
from coprog.contributions import contributions
from coprog.live import tallies
from coprog.procedure import delegates, sessions
from coprog.reading import analysis, charts
from coprog.storage.db import Database
from coprog.texts import taxonomy


def build_board(database) -> None:
    needs = analysis.needs_table(database, database.scalar("SELECT max(id) FROM process"))
    by_area = analysis.by_area(needs)
    charts.area_bars(by_area, "t", "n")
    municipi = analysis.by_municipio(needs)
    charts.municipi_map(municipi, "needs", "t", "n")
    nils = analysis.by_nil(needs)
    charts.nil_map(nils, "needs", "t", "n")
    charts.municipi_bars(
        municipi[["municipio", "needs"]].rename(columns={"needs": "count"}),
        analysis.citywide_count(needs),
        "t",
        "n",
        "Città",
    )
    charts.heatmap(analysis.area_by_municipio(needs), "t", "n")
    charts.treemap(analysis.treemap_frame(needs), "t", "root")
    charts.intensity_trend(analysis.intensity_trend(needs), "t", taxonomy.labels("trend"), "i", "n")
    charts.timeline(
        analysis.timeline(analysis.contributions_table(database, database.scalar("SELECT max(id) FROM process"))),
        "t",
        taxonomy.labels("contribution_type"),
        "n",
    )
    charts.keyword_bars(analysis.keywords(needs), "t", "n")
    charts.context_bars(
        analysis.context(needs), "t", {"share_needs": "a", "share_over65": "b", "share_over80_alone": "c"}
    )


def with_needs(database, total: int) -> None:
    """Exactly ``total`` needs: trim the demo's, or add realistic ones."""
    with database.write() as db:
        db.execute(
            "DELETE FROM contribution WHERE type = 'bisogno' AND id NOT IN"
            " (SELECT id FROM contribution WHERE type = 'bisogno' ORDER BY id LIMIT ?)",
            [total],
        )
    rng = random.Random(7)
    people = delegates.delegates(database, database.scalar("SELECT max(id) FROM process"))
    session_id = sessions.sessions(database)[0]["id"]
    nil_ids = list(taxonomy.nils())
    while database.scalar("SELECT count(*) FROM contribution WHERE type = 'bisogno'") < total:
        area = rng.choice(list(demo.NEEDS))
        nil = rng.choice(nil_ids)
        contributions.create(
            database,
            delegates.delegate_actor(rng.choice(people)),
            session_id,
            "bisogno",
            {
                "title": f"{rng.choice(demo.NEEDS[area])} {rng.randint(1, 999)}",
                "area": area,
                "target_group": demo.TARGET_FOR[area],
                "nils": [nil] if rng.random() < 0.3 else [],
                "municipi": [taxonomy.nils()[nil].municipi[0]],
                "intensity": rng.randint(1, 5),
                "trend": rng.choice(analysis.TRENDS),
                "evidence_source": "dati",
                "citywide": rng.random() < 0.1,
            },
        )


def main() -> None:
    rows = []
    for total in (50, 5000):
        with tempfile.TemporaryDirectory() as tmp:
            database = Database(Path(tmp) / "bench.db")
            demo.create(database)
            with_needs(database, total)
            poll = median_ms(
                lambda database=database: tallies.board_version(
                    database, process_id=database.scalar("SELECT max(id) FROM process")
                ),
                200,
            )
            full = median_ms(lambda database=database: build_board(database), 10 if total > 1000 else 20)
            rows.append((total, poll, full))
            database.close()
    base = rows[0][2]
    print("| needs | version poll (ms) | full board build (ms) | build / poll | build vs 50 needs |")
    print("|---:|---:|---:|---:|---:|")
    for total, poll, full in rows:
        print(f"| {total} | {poll:.3f} | {full:.1f} | {full / poll:.0f}x | {full / base:.2f}x |")


if __name__ == "__main__":
    main()
