"""Faults: a writer killed with SIGKILL mid-burst loses nothing it saw confirmed."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from coprog import demo
from coprog.ballots import ballots
from coprog.procedure import sessions
from coprog.storage import backup
from testkit.builders import STAFF

WRITER = Path(__file__).with_name("writer.py")


def test_sigkill_mid_burst_loses_no_confirmed_write(database):
    demo.create(database)
    plenary = sessions.sessions(database)[0]["id"]
    table = sessions.sessions(database)[1]["id"]
    ballot_id = ballots.open_ballot(database, STAFF, table, "punti")
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(database.path), str(plenary), str(ballot_id)],
        stdout=subprocess.PIPE,
        text=True,
    )
    confirmed, votes = [], {}
    deadline = time.time() + 30
    while time.time() < deadline and len(confirmed) < 150:
        line = proc.stdout.readline()
        if line.startswith("C "):
            confirmed.append(int(line.split()[1]))
        elif line.startswith("V "):
            _, org, item, value = line.split()
            votes[int(org)] = (int(item), int(value))  # the last confirmed ballot of each organisation
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert len(confirmed) >= 150
    assert backup.integrity(database.path) == "ok"
    stored = {r["id"] for r in database.query("SELECT id FROM contribution WHERE title LIKE 'Scrittura confermata %'")}
    assert set(confirmed) <= stored  # every write the writer saw confirmed is there
    assert len(stored - set(confirmed)) <= 1  # at most the one in flight when killed
    for org, (_item, _value) in votes.items():
        rows = database.query(
            "SELECT e.item_id, e.value FROM vote v JOIN vote_entry e ON e.vote_id = v.id"
            " WHERE v.ballot_id = ? AND v.organisation_id = ?",
            (ballot_id, org),
        )
        assert rows, org
        assert len(rows) == 1  # a ballot is never half replaced
