import os

import pytest

# Every text on a page comes from the catalogue: a raw key fails the test that
# meets it (coprog/texts/i18n.py), in this process and in the servers the tests start.
os.environ["COPROG_STRICT_TEXTS"] = "1"

from coprog.live import facilitation
from coprog.procedure import delegates, processes, sessions
from coprog.storage.db import Database
from testkit.builders import STAFF, VALID_CF, make_org, pid


@pytest.fixture
def database(tmp_path):
    db = Database(tmp_path / "test.db")
    yield db
    db.close()


@pytest.fixture
def percorso(database):
    """One empty percorso (ETS apply to a percorso)."""
    return processes.create(database, STAFF, title="Percorso")


@pytest.fixture
def world(database):
    """A process, one plenary in the needs phase with contributions open, two ETS."""
    process_id = processes.create(database, STAFF, title="Percorso di prova")
    session_id = sessions.create_session(database, STAFF, process_id=process_id, kind="plenaria", title="Plenaria")
    needs_phase = next(p for p in sessions.phases(database, session_id) if p["position"] == 2)
    facilitation.set_current_phase(database, STAFF, session_id, needs_phase["id"])
    facilitation.set_contributions_open(database, STAFF, needs_phase["id"], True)
    org_a = make_org(database, "Cooperativa Sociale Alfa", VALID_CF[0], ("Anna Rossi", "Bruno Verdi"))
    org_b = make_org(database, "Associazione Beta APS", VALID_CF[1], ("Carla Neri",))
    people = {d["name"]: d for d in delegates.delegates(database, pid(database))}
    return {
        "process_id": process_id,
        "session_id": session_id,
        "phase_id": needs_phase["id"],
        "org_a": org_a,
        "org_b": org_b,
        "anna": people["Anna Rossi"],
        "bruno": people["Bruno Verdi"],
        "carla": people["Carla Neri"],
    }
