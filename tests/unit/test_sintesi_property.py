"""Property: for any small percorso (tables, maybe a plenary with
consolidation, moderation before and after votes, ballots of every method
with abstentions, partial rankings, «non so», proxies and paper ballots, ETS
admitted and turned down), both editions of the sintesi render, the
pre-publication check finds nothing, the public edition names no person,
every closed ballot's outcome is in it and every list is in rank order."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprog.records import verifica
from coprog.records.docmodel import PUBLIC
from coprog.storage.db import Database
from testkit.sintesi import random_percorso


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_small_percorso_gives_a_sintesi_that_passes_its_check(data):
    def choose(label, options):
        return data.draw(st.sampled_from(options), label=label)

    with tempfile.TemporaryDirectory() as folder:
        database = Database(Path(folder) / "percorso.db")
        try:
            world = random_percorso(database, choose)
            process_id = world["process_id"]
            report = verifica.check(database, process_id)
            assert report.ok, [f.line() for f in report.findings]
            for fmt in ("docx", "html", "pdf"):
                text = " ".join(verifica.read_back(report.files[(PUBLIC, fmt)], fmt).split())
                for person in world["people"]:
                    for value in (person["name"], person["email"], person["access_code"]):
                        assert value not in text, (fmt, value)
                for hidden in world["hidden"]:
                    assert hidden not in text, (fmt, hidden)
                closed = database.query(
                    "SELECT outcome_decided FROM ballot b JOIN session s ON s.id = b.session_id"
                    " WHERE s.process_id = ? AND b.status = 'chiusa'",
                    (process_id,),
                )
                for ballot in closed:
                    assert f"Deciso: {ballot['outcome_decided']}" in text, fmt
        finally:
            database.close()
