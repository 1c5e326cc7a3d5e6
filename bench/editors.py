"""Editors' cost: the staff pages that hold the most editors of stored text
(ui/editing.py: keyed widgets, the version each form started from), drawn again
and again under streamlit.testing's AppTest on the demo database — Moderazione
with all of its contributions shown (two editors each), Preparazione (the
percorso's settings and every session's details), Documenti (the sintesi's
texts), Consolidamento (the demo's plenary lists, a «Riformula» editor per
item), Osservazioni (the draft sintesi published, with ``--observations``
observations from the demo's ETS, each with its answer's editor) — with the
trivial page (bench/trivial_app.py) drawn the same way in the same process, as
the baseline. Prints figures; asserts nothing on time.

    python bench/editors.py [--runs 15] [--observations 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from coprog import demo
from coprog.procedure import access, delegates
from coprog.records import drafts
from coprog.storage.db import Database
from testkit.builders import STAFF

BENCH = Path(__file__).resolve().parent


def timed_runs(at, runs: int) -> float:
    """Median ms of ``runs`` reruns of an AppTest already drawn once."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - start) * 1000)
    assert not at.exception, at.exception
    return statistics.median(samples)


def observed(database: Database, n: int) -> int:
    """The demo's draft sintesi published, and ``n`` observations on its
    sections from the demo's delegates in turn; how many were stored."""
    process_id = database.scalar("SELECT id FROM process")
    draft = drafts.publish(database, STAFF, process_id, dt.datetime.now() + dt.timedelta(days=14))
    sections = [r["id"] for r in drafts.sections(database, draft["id"])]
    people = [delegates.delegate_actor(d) for d in delegates.delegates(database, process_id)]
    for k in range(n):
        body = f"Osservazione {k + 1}: chiediamo di citare anche i servizi del nostro Municipio."
        drafts.observe(database, people[k % len(people)], sections[k % len(sections)], body)
    return len(drafts.observations(database, process_id))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--observations", type=int, default=200)
    args = parser.parse_args()
    runs = args.runs
    folder = Path(tempfile.mkdtemp(prefix="coprog-editors-"))
    database = Database(folder / "coprog.db")
    demo.create(database)
    contributions = database.scalar("SELECT count(*) FROM contribution WHERE status = 'approvato'")
    observations = observed(database, args.observations)
    plenary, consolidated = database.query_one(
        "SELECT session_id, count(*) AS n FROM consolidated_item GROUP BY session_id ORDER BY n DESC LIMIT 1"
    ).values()
    database.close()
    os.environ["COPROG_DB"] = str(folder / "coprog.db")
    os.environ["COPROG_ADMIN_PASSWORD"] = access.hash_password("bench", iterations=1000)

    from streamlit.testing.v1 import AppTest

    from testkit.apptest import as_staff

    trivial = AppTest.from_file(str(BENCH / "trivial_app.py"), default_timeout=60).run()
    baseline = timed_runs(trivial, runs)
    moderation = as_staff(page="pages/moderazione.py")
    moderation.get("button_group")[0].set_value("approvato")
    moderation.run()
    pages = {
        f"Moderazione ({contributions} contributi visibili)": moderation,
        "Preparazione": as_staff(page="pages/preparazione.py"),
        "Documenti e dati": as_staff(page="pages/documenti.py"),
        f"Consolidamento ({consolidated} voci in plenaria)": as_staff(page="pages/consolidamento.py", session=plenary),
        f"Osservazioni ({observations} osservazioni)": as_staff(page="pages/osservazioni.py"),
    }
    print(f"# Editors' cost: {runs} runs per page, median, AppTest on the demo database\n")
    print(f"Trivial page (baseline, same process): {baseline:.1f} ms\n")
    print("| page | median ms | × trivial |")
    print("|---|---|---|")
    for name, at in pages.items():
        ms = timed_runs(at, runs)
        print(f"| {name} | {ms:.1f} | {ms / baseline:.1f} |")


if __name__ == "__main__":
    main()
