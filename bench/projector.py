"""Projector refresh cost with 150 organisations and 2,000 contributions, as a
ratio to an empty Streamlit page run the same way in the same process.

Three figures: the 2-second poll (what an idle projector costs), a full redraw
when nothing new needs computing (cached board), and a full redraw after a
change (the board recomputed). Script runs go through streamlit.testing's
AppTest, the same for the baseline, so the ratio is what matters.
Prints figures; asserts nothing on time.

    python bench/projector.py
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

from timing import median_ms

from coprog import demo
from coprog.contributions import contributions
from coprog.live import attendance, facilitation, tallies
from coprog.procedure import delegates, organisations, sessions
from coprog.storage.db import Database
from testkit.builders import STAFF
from testkit.server import ROOT


def populate(database) -> int:
    demo.create(database)
    rng = random.Random(11)
    for n in range(120):  # 150 organisations in all
        organisations.add_organisation(
            database,
            STAFF,
            {
                "name": f"Ente di prova {n:03d}",
                "codice_fiscale": demo._fiscal_code(rng),
                "legal_form": "aps",
                "municipi": [1 + n % 9],
            },
            [{"name": f"Delegato {n:03d}"}],
            process_id=database.scalar("SELECT max(id) FROM process"),
        )  # the demo's
    process_id = database.scalar("SELECT max(id) FROM process")
    with database.write() as db:  # the applications were examined: all admitted
        db.execute("UPDATE organisation SET admission = 'ammessa' WHERE process_id = ?", [process_id])
    plenary = sessions.sessions(database, process_id)[0]["id"]
    people = delegates.delegates(database, process_id)
    for person in people:
        attendance.check_in(database, person, plenary)
    while database.scalar("SELECT count(*) FROM contribution") < 2000:
        person = rng.choice(people)
        contributions.create(
            database,
            delegates.delegate_actor(person),
            plenary,
            "bisogno",
            {
                "title": f"Bisogno {rng.random():.8f}",
                "area": rng.choice(list(demo.NEEDS)),
                "target_group": "anziani_soli",
                "municipi": [rng.randint(1, 9)],
                "intensity": 3,
                "trend": "stabile",
                "evidence_source": "dati",
            },
        )
    facilitation.set_board_view(database, STAFF, plenary, "mappa")
    return plenary


def main() -> None:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COPROG_DB"] = str(Path(tmp) / "bench.db")
        database = Database(os.environ["COPROG_DB"])
        plenary = populate(database)
        orgs = database.scalar("SELECT count(*) FROM organisation")
        items = database.scalar("SELECT count(*) FROM contribution")

        empty = AppTest.from_string("import streamlit as st\nst.write('')")
        baseline = median_ms(lambda: empty.run(), 30)

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["staff_role"] = "organizzatore"
        at.switch_page("pages/proiettore.py")
        cached = median_ms(lambda: at.run(), 20)

        def changed():
            with database.write() as db:  # what any new contribution does to the version
                db.execute("UPDATE session SET version = version + 1 WHERE id = ?", [plenary])
            at.run()

        recomputed = median_ms(changed, 10)
        poll = median_ms(
            lambda: (tallies.board_version(database, plenary), sessions.get_session(database, plenary)), 200
        )

    print(
        f"Projector with {orgs} organisations and {items} contributions "
        f"(AppTest script runs, median; baseline = empty page {baseline:.1f} ms)\n"
    )
    print("| what | ms | ratio to empty page |")
    print("|---|---:|---:|")
    print(f"| 2-second poll (version + session) | {poll:.3f} | {poll / baseline:.3f}x |")
    print(f"| full redraw, board cached | {cached:.1f} | {cached / baseline:.1f}x |")
    print(f"| full redraw after a change | {recomputed:.1f} | {recomputed / baseline:.1f}x |")


if __name__ == "__main__":
    main()
