"""SIGKILL of the server in the middle of a voting burst over the real
protocol: every vote a client saw confirmed is in the database, the file
passes ``PRAGMA integrity_check``, and after the restart every delegate's
page reconnects by itself, still identified, with its vote shown."""

import asyncio
import random
import sqlite3

from coprog.storage import backup
from testkit.protocol import SEEDS, approval, people, port_of, reconnect, run, signed_in
from testkit.stclient import Disconnected

BALLOT_FORM = "ballot"


async def vote_until_cut(c, org: int, rng: random.Random, confirmed: dict, in_flight: dict) -> None:
    """Vote again and again; remember the confirmed choices and the one in flight."""
    try:
        last: list = []
        while True:
            choice = sorted(rng.sample(SEEDS, rng.randint(1, 3)))
            if choice == last:  # each cast a change (the same ballot sent again is no change)
                continue
            last = choice
            in_flight[org] = choice
            page = await c.submit(approval(choice, SEEDS), "Registra il voto", BALLOT_FORM)
            if page.has("success", "Voto registrato"):
                confirmed.setdefault(org, []).append(choice)
            in_flight.pop(org, None)
    except (Disconnected, TimeoutError, OSError):
        return


def test_sigkill_mid_vote_burst_then_restart(server):
    persons, join_code = people(server["db"], 20)
    port = port_of(server)
    confirmed: dict[int, list] = {}
    in_flight: dict[int, list] = {}

    async def burst():
        clients = await asyncio.gather(*(signed_in(port, p, join_code) for p in persons))
        voters = [
            asyncio.create_task(vote_until_cut(c, p["organisation_id"], random.Random(p["id"]), confirmed, in_flight))
            for c, p in zip(clients, persons)
        ]
        while sum(len(v) for v in confirmed.values()) < 60:  # the burst is well under way
            await asyncio.sleep(0.05)
        server["proc"].kill()  # SIGKILL
        server["proc"].wait(timeout=10)
        await asyncio.gather(*voters)
        return clients

    clients = run(burst())
    assert sum(len(v) for v in confirmed.values()) >= 60
    assert backup.integrity(server["db"]) == "ok"

    conn = sqlite3.connect(server["db"])
    ballot = conn.execute("SELECT id FROM ballot WHERE status = 'aperta'").fetchone()[0]
    for org, casts in confirmed.items():
        vote_id, changes = conn.execute(
            "SELECT id, changes FROM vote WHERE ballot_id = ? AND organisation_id = ?", (ballot, org)
        ).fetchone()
        chosen = sorted(
            r[0]
            for r in conn.execute(
                "SELECT i.title FROM vote_entry e JOIN ballot_item i ON i.id = e.item_id WHERE e.vote_id = ?",
                (vote_id,),
            )
        )
        # the last confirmed ballot, or the one in flight when the server died: never a mix, never lost
        assert chosen in (casts[-1], in_flight.get(org)), org
        assert changes + 1 in (len(casts), len(casts) + 1)  # each confirmed cast counted once
    conn.close()

    server["proc"] = server["start"]()

    async def come_back():
        pages = await asyncio.gather(*(reconnect(c, 60) for c in clients))
        for c in clients:
            await c.close()
        return pages

    pages = run(come_back())
    for person, page in zip(persons, pages):
        assert page.shows(person["name"]), person  # identified again by the cookie
        assert not page.exceptions
        if person["organisation_id"] in confirmed:  # the vote tab says which vote counts
            assert any(kind == "info" and "Ultimo voto registrato" in body for kind, body in page.alerts)
