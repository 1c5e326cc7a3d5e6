"""Opinion groups and group-informed consensus for 150 ETS × 200 items, as a
ratio to an empty Streamlit page run the same way in the same process.

The percorso: 150 admitted ETS (Municipi and fields spread), 200 strategies at
one table, each ETS reacting to about 60% of the items with three planted
opinion camps (80% of reactions follow the camp; the rest at random), about
18,000 reactions. Reactions are written in bulk (one transaction) to build the
database quickly; what is timed is the reading:

- ``opinion.analyse`` on the matrix alone (PCA, Ward + k-means for k = 2…5, the
  silhouette, 39 shuffled copies, the consensus over opinion groups,
  Municipi and fields);
- ``reactions.reading``: the same from the database (queries + analysis), what
  Revisione and the projector call;
- the projector page with reactions open, redrawn after a change (its reading
  recomputed) and from its cache, through streamlit.testing's AppTest, as the
  baseline (an empty page).

Prints figures; asserts nothing on time.

    python bench/opinion.py
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from timing import median_ms

from coprog.ballots import groups, opinion
from coprog.contributions import contributions
from coprog.live import facilitation
from coprog.procedure import delegates, organisations, processes, sessions
from coprog.storage.db import Database
from coprog.texts.vocabulary import REACTION_VALUE
from testkit.builders import STAFF, fiscal_code
from testkit.server import ROOT

ETS, ITEMS, SHARE, CAMPS = 150, 200, 0.6, 3


def populate(database) -> dict:
    rng = random.Random(14)
    process_id = processes.create(database, STAFF, title="Bench: gruppi di opinione")
    table = sessions.create_session(database, STAFF, process_id=process_id, kind="tavolo", title="Tavolo")
    phase = facilitation.add_phase(database, STAFF, table, "Reazioni", ["strategia"])
    facilitation.set_current_phase(database, STAFF, table, phase)
    facilitation.set_contributions_open(database, STAFF, phase, True)
    for n in range(ETS + 1):  # one more: the author of every item (nobody reacts to their own)
        org = organisations.add_organisation(
            database,
            STAFF,
            {
                "name": f"Ente {n:03d}",
                "codice_fiscale": fiscal_code(2000 + n),
                "legal_form": "aps",
                "municipi": [1 + n % 9],
                "activity_fields": ["abc"[n % 3]],
            },
            [{"name": f"Delegato {n:03d}"}],
            process_id=process_id,
        )
        organisations.set_admission(database, STAFF, org, "ammessa")
    people = delegates.delegates(database, process_id)
    author, reacting = delegates.delegate_actor(people[-1]), people[:-1]
    items = [
        contributions.create(
            database, author, table, "strategia", {"title": f"Strategia numero {i:03d}", "body": "Proposta del tavolo."}
        )
        for i in range(ITEMS)
    ]
    facilitation.set_reactions_open(database, STAFF, phase, True)
    camps = [[rng.choice(("accordo", "disaccordo")) for _ in items] for _ in range(CAMPS)]
    rows = []
    for n, person in enumerate(reacting):
        for i, item in enumerate(items):
            if rng.random() < SHARE:
                value = camps[n % CAMPS][i] if rng.random() < 0.8 else rng.choice(("accordo", "disaccordo", "passo"))
                rows.append((item, person["organisation_id"], person["id"], value))
    with database.write() as db:
        db.conn.executemany(
            "INSERT INTO reaction (contribution_id, organisation_id, delegate_id, value) VALUES (?, ?, ?, ?)", rows
        )
    return {"process_id": process_id, "table": table, "rows": rows}


def main() -> None:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COPROG_DB"] = str(Path(tmp) / "bench.db")
        database = Database(os.environ["COPROG_DB"])
        built = time.perf_counter()
        world = populate(database)
        built = time.perf_counter() - built
        orgs = sorted({r[1] for r in world["rows"]})
        items = sorted({r[0] for r in world["rows"]})
        triples = [(r[1], r[0], REACTION_VALUE[r[3]]) for r in world["rows"]]

        empty = AppTest.from_string("import streamlit as st\nst.write('')")
        baseline = median_ms(lambda: empty.run(), 30)
        pure = median_ms(lambda: opinion.analyse(orgs, items, triples), 5)
        found = opinion.analyse(orgs, items, triples)["groups"]
        reading = median_ms(lambda: groups.reading(database, world["process_id"]), 5)

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state["staff_role"] = "organizzatore"
        at.session_state["staff_session_id"] = world["table"]
        at.switch_page("pages/proiettore.py")
        at.run()
        assert not at.exception, at.exception
        cached = median_ms(lambda: at.run(), 10)

        def changed():
            with database.write() as db:  # what a new reaction does to the version
                db.execute("UPDATE session SET version = version + 1 WHERE id = ?", [world["table"]])
            at.run()

        recomputed = median_ms(changed, 5)

    print(
        f"Opinion groups: {len(orgs)} ETS × {len(items)} items, {len(triples)} reactions "
        f"(built in {built:.1f} s); found {found['k']} groups ({found['strength']}, silhouette {found['silhouette']}, "
        f"z {(found['test'] or {}).get('z')}), {found['mapped']} ETS on the map\n"
    )
    print(f"Baseline: an empty page under AppTest, median {baseline:.1f} ms (same process, same run)\n")
    print("| what | ms (median) | ratio to empty page |")
    print("|---|---:|---:|")
    print(f"| opinion.analyse on the matrix | {pure:.0f} | {pure / baseline:.1f}x |")
    print(f"| reactions.reading (queries + analysis) | {reading:.0f} | {reading / baseline:.1f}x |")
    print(f"| projector page, reading cached | {cached:.0f} | {cached / baseline:.1f}x |")
    print(f"| projector page after a reaction (reading recomputed) | {recomputed:.0f} | {recomputed / baseline:.1f}x |")


if __name__ == "__main__":
    main()
