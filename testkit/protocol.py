"""Many browsers at once over Streamlit's websocket protocol (the headless
client of testkit.stclient): delegates signed in by their invite link, a
session open for voting, reconnection as the page does it."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import sqlite3
import time

from coprog.ballots import ballots
from coprog.live import facilitation
from coprog.procedure import sessions

from .builders import STAFF
from .stclient import Disconnected, StreamlitClient

APPROVE = "Approvo «"  # the approval ballot: one tick per item, labelled «Approvo «title»»


def approval(choice: list[str], titles: list[str]) -> dict[str, bool]:
    """An approval ballot's form values: a tick on each chosen title, none on the
    others. Labels are matched by prefix, cut before the first character the
    page escapes for Markdown (ui.render.plain)."""
    return {APPROVE + re.split(r"[\\`*_{}\[\]()#+\-.!|<>:$~=^&]", title)[0]: title in choice for title in titles}


# the refusal of a vote sent from a form drawn before a colleague of the same ETS voted
# (coprog/ballots/ballots.py, _require_seen): the person reads it, and sends again having seen it
CAST_MEANWHILE = "Voto non inviato: nel frattempo"


def voted(run) -> bool:
    """The answer to a vote that was stored."""
    return run.has("success", "Voto registrato")


SEEDS = ["Punto unico di accesso", "Équipe integrate", "Dimissioni protette", "Custodi sociali"]


def open_voting(database) -> None:
    """The plenary takes needs and strategies, and an approval ballot is open on seed strategies."""
    plenary = sessions.sessions(database)[0]["id"]
    phase = facilitation.add_phase(database, STAFF, plenary, "Bisogni e strategie", ["bisogno", "strategia"])
    facilitation.set_current_phase(database, STAFF, plenary, phase)
    facilitation.set_contributions_open(database, STAFF, phase, True)
    for title in SEEDS:
        ballots.add_seed(database, STAFF, plenary, "strategia", title)
    ballots.open_ballot(database, STAFF, plenary, "approvazione")


def people(db_path, n: int) -> tuple[list[dict], str]:
    """The first delegate of each of ``n`` organisations, and the plenary's join code."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = [
        dict(r)
        for r in conn.execute(
            "SELECT d.id, d.access_code, d.name, d.organisation_id FROM delegate d"
            " WHERE d.id IN (SELECT min(id) FROM delegate GROUP BY organisation_id) ORDER BY d.id LIMIT ?",
            (n,),
        )
    ]
    code = conn.execute("SELECT join_code FROM session WHERE kind = 'plenaria'").fetchone()[0]
    conn.close()
    return rows, code


def one_per_organisation(people: list[dict]) -> list[dict]:
    """The first delegate of each ETS (a world's ``people``, in order): voters
    who never meet a colleague's ballot cast meanwhile."""
    first: dict[int, dict] = {}
    for person in people:
        first.setdefault(person["organisation_id"], person)
    return list(first.values())


def port_of(server) -> int:
    return int(server["base"].rsplit(":", 1)[1])


async def signed_in(port: int, person: dict, join_code: str) -> StreamlitClient:
    """A delegate who followed the QR link of the plenary (``/?sessione=CODE``)
    after the invite link: identified and checked in."""
    c = StreamlitClient("127.0.0.1", port, query=f"sessione={join_code}")
    run = await c.open_app(f"/join/{person['access_code']}")
    assert run.shows(person["name"]) and not run.exceptions, run.alerts
    return c


async def reconnect(c: StreamlitClient, seconds: float = 30):
    """What the Streamlit page does when its connection broke: try again until
    the server answers, then run the page."""
    deadline = time.time() + seconds
    while True:
        try:
            await c.connect(timeout=5)
            return await c.rerun(timeout=30)
        except (OSError, Disconnected, TimeoutError):
            if time.time() > deadline:
                raise
            await asyncio.sleep(0.5)


def run(coro):
    """``asyncio.run`` in a thread of its own: in the full suite, Playwright's sync
    API (the browser tests) keeps an event loop running in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
