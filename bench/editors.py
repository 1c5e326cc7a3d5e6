"""Editors' cost: the staff pages that hold the most editors of stored text
(ui/editing.py: keyed widgets, the version each form started from), drawn again
and again under streamlit.testing's AppTest on the demo database — Moderazione
with all of its contributions shown (two editors each), Preparazione (the
percorso's settings and every session's details), Documenti (the sintesi's
texts) — with the trivial page (bench/trivial_app.py) drawn the same way in the
same process, as the baseline. Prints figures; asserts nothing on time.

    python bench/editors.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from coprog import demo
from coprog.procedure import access
from coprog.storage.db import Database

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="coprog-editors-"))
    database = Database(folder / "coprog.db")
    demo.create(database)
    contributions = database.scalar("SELECT count(*) FROM contribution WHERE status = 'approvato'")
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
