"""The offer beside the needs for a city-sized percorso: 150 admitted ETS, 600
services (half by Municipio, half in one to three NIL; imported as an
organiser does, one transaction) and 2,000 needs (60% naming one or two NIL,
5% city-wide), built by testkit.offer.city through the core. Timed, as a ratio
to an empty Streamlit page run the same way in the same process:

- reading the approved services from the database (``offer.services``);
- each measure of coprog/reading/resources.py on the frames (by Municipio, by NIL, by
  area, fragmentation, the network with its layout and communities, the
  matches of needs and proposals, the headline figures);
- the reading's tab *Risorse disponibili* under AppTest (the whole Lettura page
  run, which draws every chart of the needs' tabs too), on the map, the network
  and the matches: after a change of the data (computed again) and redrawn (the
  tab's views from its cache).

Prints figures; asserts nothing on time.

    python bench/offer.py
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from timing import median_ms

from coprog.reading import analysis, offer, resources
from coprog.storage.db import Database
from testkit.offer import city
from testkit.server import ROOT

ETS, SERVICES, NEEDS = 150, 600, 2000


def main() -> None:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COPROG_DB"] = str(Path(tmp) / "bench.db")
        built = time.perf_counter()
        world = city(Path(os.environ["COPROG_DB"]), ets=ETS, services=SERVICES, needs=NEEDS)
        built = time.perf_counter() - built
        database = Database(os.environ["COPROG_DB"])
        process_id = world["process_id"]
        services = offer.services(database, process_id)
        needs = analysis.needs_table(database, process_id)
        graph = resources.network(services)

        empty = AppTest.from_string("import streamlit as st\nst.write('')")
        baseline = median_ms(lambda: empty.run(), 30)
        rows = [
            ("offer.services (from the database)", median_ms(lambda: offer.services(database, process_id), 5)),
            ("by Municipio", median_ms(lambda: resources.by_territory(needs, services, "municipio"), 5)),
            ("by NIL", median_ms(lambda: resources.by_territory(needs, services, "nil"), 5)),
            ("by area of need", median_ms(lambda: resources.by_area(needs, services), 5)),
            ("fragmentation (NIL × type, HHI)", median_ms(lambda: resources.fragmentation(services), 5)),
            ("network (networkx graph)", median_ms(lambda: resources.network(services), 5)),
            ("network layout and communities", median_ms(lambda: resources.network_frames(graph), 3)),
            ("matches (needs)", median_ms(lambda: resources.matches(needs, services), 3)),
            ("headline figures", median_ms(lambda: resources.summary(needs, services), 5)),
        ]

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.session_state["staff_role"] = "organizzatore"
        at.switch_page("pages/lettura.py")
        at.run()
        assert not at.exception, at.exception

        def changed():
            with database.write() as db:  # a new contribution moves the version: every view is computed again
                db.execute("UPDATE session SET version = version + 1")
            at.run()

        for view, what in (("mappa", "map"), ("rete", "network"), ("abbinamenti", "matches")):
            next(r for r in at.radio if r.key == "res_view").set_value(view)
            at.run()
            assert not at.exception, at.exception
            rows.append((f"Lettura, tab Risorse, {what}: after a change (computed)", median_ms(changed, 3)))
            rows.append((f"Lettura, tab Risorse, {what}: redrawn (cached)", median_ms(lambda: at.run(), 5)))

    print(
        f"Offer beside needs: {services['organisation_id'].nunique()} ETS, {len(services)} services, "
        f"{len(needs)} needs; the network has {graph.number_of_nodes()} ETS and {graph.number_of_edges()} links "
        f"(built in {built:.1f} s)\n"
    )
    print(f"Baseline: an empty page under AppTest, median {baseline:.1f} ms (same process, same run)\n")
    print("| what | ms (median) | ratio to empty page |")
    print("|---|---:|---:|")
    for what, ms in rows:
        print(f"| {what} | {ms:.0f} | {ms / baseline:.1f}x |")


if __name__ == "__main__":
    main()
