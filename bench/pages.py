"""Every page's cost: each page of pages/ drawn again and again under
streamlit.testing's AppTest on the demo database, as an organiser (the plenary
chosen in the session picker) and, for the pages a delegate opens, as a
delegate of an admitted ETS — with the trivial page (bench/trivial_app.py)
drawn the same way in the same process, as the baseline. A page drawn far
above its neighbours is where to look (py-spy on this script shows why).
Prints figures; asserts nothing on time.

    python bench/pages.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from editors import timed_runs

from coprog import demo
from coprog.procedure import access
from coprog.storage.db import Database
from testkit.server import ROOT

BENCH = Path(__file__).resolve().parent
DELEGATE_PAGES = ("partecipa", "miei_contributi", "offerta", "bozza", "tabellone", "lettura", "avviso")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="coprog-pages-"))
    database = Database(folder / "coprog.db")
    demo.create(database)
    delegate = database.query_one(
        "SELECT d.* FROM delegate d JOIN organisation o ON o.id = d.organisation_id"
        " WHERE o.admission = 'ammessa' ORDER BY d.id LIMIT 1"
    )
    plenary = database.scalar("SELECT id FROM session WHERE kind = 'plenaria' ORDER BY id LIMIT 1")
    database.close()
    os.environ["COPROG_DB"] = str(folder / "coprog.db")
    os.environ["COPROG_ADMIN_PASSWORD"] = access.hash_password("bench", iterations=1000)

    from streamlit.testing.v1 import AppTest

    from testkit.apptest import as_delegate, as_staff

    trivial = AppTest.from_file(str(BENCH / "trivial_app.py"), default_timeout=60).run()
    baseline = timed_runs(trivial, runs * 2)
    print(f"# Every page's cost: {runs} runs per page, median, AppTest on the demo database\n")
    print(f"Trivial page (baseline, same process): {baseline:.1f} ms\n")
    print("| page | as | median ms | × trivial |")
    print("|---|---|---|---|")
    for page in sorted((ROOT / "pages").glob("*.py")):
        people = [("organiser", lambda p=page: as_staff(page=str(p), session=plenary))]
        if page.stem in DELEGATE_PAGES:
            people.append(("delegate", lambda p=page: as_delegate(delegate, page=str(p), session=plenary)))
        for who, open_page in people:
            ms = timed_runs(open_page(), runs)
            print(f"| {page.stem} | {who} | {ms:.1f} | {ms / baseline:.1f} |")


if __name__ == "__main__":
    main()
