"""Several Streamlit processes behind nginx (``python -m coprog serve``):
each browser sticks to one process, both processes get browsers, and when a
process dies its delegates carry on on the other one, still identified."""

import asyncio
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from coprog.hosting import cluster
from testkit.protocol import people, reconnect, run, signed_in
from testkit.server import ROOT, Server
from testkit.stclient import Disconnected


@pytest.fixture(scope="module")
def group(tmp_path_factory):
    if cluster.find_nginx() is None:
        pytest.fail("nginx not found: run `make test` (it installs Debian's nginx-light)")
    db = tmp_path_factory.mktemp("cluster") / "coprog.db"
    env = {**os.environ, "COPROG_DB": str(db)}
    subprocess.run([sys.executable, "-m", "coprog", "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    with Server("serve.py", db, processes=2) as server:  # waits until both processes answer
        yield server


def connections_to(port: int) -> int:
    return sum(
        1 for c in psutil.net_connections("tcp") if c.laddr and c.laddr.port == port and c.status == "ESTABLISHED"
    )


def test_sticky_sessions_spread_and_survive_a_dead_process(group):
    persons, join_code = people(group.db_path, 16)
    ports = group.backends()
    assert len(ports) == 2

    async def scenario():
        clients = await asyncio.gather(*(signed_in(group.port, p, join_code) for p in persons))
        spread = {pid: connections_to(port) for pid, port in ports.items()}
        # sticky: the same browser reaches the same process again (a full page run keeps its session)
        for c, p in zip(clients, persons):
            assert (await c.rerun()).shows(p["name"])
        victim = max(spread, key=spread.get)
        os.kill(victim, signal.SIGKILL)
        pages = []
        for c in clients:  # every browser reconnects, as the Streamlit page does by itself
            try:
                page = await c.rerun(timeout=5)
            except (Disconnected, TimeoutError, OSError):
                await c.close()
                page = await reconnect(c)
            pages.append(page)
        for c in clients:
            await c.close()
        return spread, pages

    spread, pages = run(scenario())
    assert all(n > 0 for n in spread.values()), spread  # both processes serve browsers
    for person, page in zip(persons, pages):
        assert page.shows(person["name"]), person  # identified on the other process
    # the supervisor starts the dead process again
    deadline = time.time() + 30
    while len(group.backends()) < 2 and time.time() < deadline:
        time.sleep(0.5)
    assert len(group.backends()) == 2
