"""The push path against a real server: a delegate's page listens to
``/vivo/TOKEN/flusso`` and is told the moment its session moves, whichever
process (here: another OS process writing the same file) made the change; a
token that is not one opens nothing; with ``COPROG_LIVE=poll`` the page asks
``/vivo/TOKEN`` as before; a staff page's signal is pushed too."""

import asyncio
import subprocess
import sys
import time

from coprog.live import push
from coprog.procedure import access, delegates
from coprog.records import sintesi
from coprog.storage import audit
from coprog.storage.db import Database
from testkit.builders import STAFF
from testkit.protocol import people, port_of, run, signed_in
from testkit.stclient import EventStream, http_get

CLOSE_BALLOT = """
import sys
from coprog.ballots import ballots
from coprog.storage.db import Database
from testkit.builders import OUTCOME, STAFF
db = Database(sys.argv[1])
session = db.scalar("SELECT id FROM session WHERE kind = 'plenaria'")
ballots.close(db, STAFF, db.scalar("SELECT max(id) FROM ballot WHERE session_id = ?", (session,)), OUTCOME)
"""


def secret_of(server) -> str:
    """The server's signing key, as its processes get it (made once and kept in
    the file, whoever asks first: this test may come before any page ran)."""
    db = Database(server["db"])
    try:
        return access.cookie_secret(db)
    finally:
        db.close()


async def pushed_when_another_process_writes(server):
    [person], join_code = people(server["db"], 1)
    page = await signed_in(port_of(server), person, join_code)
    try:
        assert page.watch and page.watch["stream"], "the page mounts its stream"
        stream = await EventStream("127.0.0.1", port_of(server), page.watch["stream"], page.cookies).open()
        assert stream.status == 200
        first = await asyncio.wait_for(stream.next_event(), 10)
        assert first["access"] == "ok" and first["ballot"] != "-"  # the ballot is open
        assert page.moved(first, pushed=True) == []  # what the page drew
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", CLOSE_BALLOT, str(server["db"])], check=True, timeout=60)
        written = time.monotonic()
        told = await asyncio.wait_for(stream.next_event(), 10)
        arrived = time.monotonic()
        assert told["ballot"] == "-"  # closed: the ballot part moved
        assert "ballot" in page.moved(told, pushed=True)
        await page.follow(["ballot"])  # the page redraws that part
        await stream.close()
        return written - started, arrived - written
    finally:
        await page.close()


def test_the_page_is_told_the_moment_another_process_writes(server):
    _, delay = run(pushed_when_another_process_writes(server))
    assert delay < 10  # measured by bench/push.py; here: it came, by push, with no page asking


async def refused(server):
    for token in ("nonsense", access.sign_watch("another-secret", 1, 1)):
        stream = await EventStream("127.0.0.1", port_of(server), f"/vivo/{token}/flusso", {}).open()
        assert stream.status == 403
        await stream.close()
    stream = await EventStream("127.0.0.1", port_of(server), "/segnale/nonsense/flusso", {}).open()
    assert stream.status == 403
    await stream.close()


def test_a_token_that_is_not_one_opens_no_stream(server):
    run(refused(server))


async def signal(server):
    secret = secret_of(server)
    db = Database(server["db"])
    session = db.scalar("SELECT id FROM session WHERE kind = 'plenaria'")
    process = db.scalar("SELECT process_id FROM session WHERE id = ?", (session,))
    token = access.sign_signal(secret, "board", session, process)
    stream = await EventStream("127.0.0.1", port_of(server), f"/segnale/{token}/flusso", {}).open()
    try:
        assert stream.status == 200
        first = await asyncio.wait_for(stream.next_event(), 10)
        with db.write() as w:  # anything shown on the board moves its version
            w.execute("UPDATE session SET version = version + 1 WHERE id = ?", [session])
        moved = await asyncio.wait_for(stream.next_event(), 10)
        assert int(moved["v"]) == int(first["v"]) + 1
    finally:
        await stream.close()
        db.close()


def test_a_staff_signal_is_pushed(server):
    run(signal(server))


async def records_signal(server):
    secret = secret_of(server)
    db = Database(server["db"])
    process = db.scalar("SELECT process_id FROM session WHERE kind = 'plenaria'")
    token = access.sign_signal(secret, "records", None, process)
    stream = await EventStream("127.0.0.1", port_of(server), f"/segnale/{token}/flusso", {}).open()
    try:
        assert stream.status == 200
        first = await asyncio.wait_for(stream.next_event(), 10)
        assert int(first["v"]) == audit.last_change(db, process)
        sintesi.save_texts(db, STAFF, process, premessa="Scritto mentre un verbale era pronto.", conclusioni="")
        moved = await asyncio.wait_for(stream.next_event(), 10)
        assert int(moved["v"]) == audit.last_change(db, process) > int(first["v"])
    finally:
        await stream.close()
        db.close()


def test_a_page_of_documents_is_told_when_the_percorso_changes(server):
    """ui/organiser.follow_built: the page offering a prepared document follows
    the percorso's last audited write; any write of the percorso moves it."""
    run(records_signal(server))


def test_the_watcher_reads_each_session_once_per_change_for_all_its_pages(tmp_path):
    """Fifty pages on one session: one read of its fingerprints per change, fifty told."""
    from testkit.builders import plenary

    db_path = tmp_path / "push.db"
    world = plenary(db_path, 3)
    database = Database(db_path)
    changes = push.Changes(database)
    told: list[dict] = []
    followers = [changes.follow_session(world["session"], told.append)[0] for _ in range(50)]
    try:
        reads = changes.reads
        with database.write() as w:
            w.execute("UPDATE session SET contents_version = contents_version + 1 WHERE id = ?", [world["session"]])
        deadline = time.monotonic() + 10
        while len(told) < 50 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(told) == 50 and changes.reads - reads == 1
    finally:
        for follower in followers:
            changes.unfollow(follower)
        changes.stop()
        database.close()


async def told_when_refused(server):
    (_, person), join_code = people(server["db"], 2)  # not the first: the other tests' delegate keeps their code
    page = await signed_in(port_of(server), person, join_code)
    try:
        stream = await EventStream("127.0.0.1", port_of(server), page.watch["stream"], page.cookies).open()
        assert (await asyncio.wait_for(stream.next_event(), 10))["access"] == "ok"
        db = Database(server["db"])
        delegates.revoke_code(db, STAFF, person["id"])
        db.close()
        said = await asyncio.wait_for(stream.next_event(), push.CHECK_EVERY + 10)
        assert said == {"access": "no"}  # the page reruns whole and shows why
        assert await asyncio.wait_for(stream.next_event(), 5) is None  # and the stream ends
    finally:
        await page.close()


def test_a_delegate_whose_code_is_revoked_is_told_on_the_stream(server):
    run(told_when_refused(server))


async def prepared_then_opened(server):
    """The page holds a prepared ballot drawn (hidden); at the opening its stream
    says so and the page shows it without any run; the vote on it counts."""
    from coprog.ballots import ballots
    from testkit.builders import OUTCOME
    from testkit.protocol import APPROVE, SEEDS

    db = Database(server["db"])
    plenary = db.scalar("SELECT id FROM session WHERE kind = 'plenaria'")
    if ballots.open_in_session(db, plenary):  # the module's other test may have closed it already
        ballots.close(db, STAFF, ballots.open_in_session(db, plenary)["id"], OUTCOME)
    [person], join_code = people(server["db"], 1)
    page = await signed_in(port_of(server), person, join_code)
    try:
        stream = await EventStream("127.0.0.1", port_of(server), page.watch["stream"], page.cookies).open()
        page.moved(await asyncio.wait_for(stream.next_event(), 10), pushed=True)
        bid = ballots.open_ballot(db, STAFF, plenary, "approvazione", prepare=True)
        told = await asyncio.wait_for(stream.next_event(), 10)
        assert told["ballot"] == f"p{bid}"
        assert page.moved(told, pushed=True) == ["ballot"]
        drawn = await page.follow(["ballot"])  # the page draws it, hidden
        assert not drawn.exceptions and page.held == {bid: page.widget(APPROVE).fragment_id}
        ballots.start(db, STAFF, bid)
        started = time.monotonic()
        told = await asyncio.wait_for(stream.next_event(), 10)
        assert told["ballot"] == f"{bid}.0"
        # the ballot needs no run: the script shows the box (the previous ballot's notice, in
        # «results», goes as before when the module's other test closed one in this phase)
        assert "ballot" not in page.moved(told, pushed=True)
        assert 0 <= page.shown[bid] - started < 10
        voted = await page.submit({f"{APPROVE}{SEEDS[1]}»": True}, "Registra il voto")
        assert not voted.exceptions and any("Voto registrato" in body for _, body in voted.alerts), voted.alerts
        assert db.scalar("SELECT count(*) FROM vote WHERE ballot_id = ?", (bid,)) == 1
        await stream.close()
    finally:
        await page.close()
        db.close()


def test_a_prepared_ballot_is_shown_at_its_opening_without_a_run(server):
    run(prepared_then_opened(server))


async def listed_without_a_run(server):
    """Another delegate sends a need: the page's stream says the list moved, the
    page runs nothing (the list's script fetches ``/vivo/TOKEN/elenco``), and the
    answer holds the need with the same list the page's own run draws; a token
    that is not one, or the list in the other language, as asked."""
    from coprog.contributions import contributions
    from coprog.live import attendance
    from testkit.builders import need_fields

    db = Database(server["db"])
    found, join_code = people(server["db"], 8)
    # two who may take part (the module's other tests revoke some)
    person, other = [p for p in found if not delegates.get_delegate(db, p["id"])["revoked"]][-2:]
    page = await signed_in(port_of(server), person, join_code)
    try:
        assert page.listing and page.listing["url"].startswith("/vivo/"), "the page draws the list by its script"
        stream = await EventStream("127.0.0.1", port_of(server), page.watch["stream"], page.cookies).open()
        page.moved(await asyncio.wait_for(stream.next_event(), 10), pushed=True)
        plenary = db.scalar("SELECT id FROM session WHERE kind = 'plenaria'")
        author = delegates.get_delegate(db, other["id"])
        attendance.check_in(db, author, plenary)
        author = delegates.delegate_actor(author)
        contributions.create(db, author, plenary, "bisogno", need_fields(title="Portierato sociale <b>via Padova</b>"))
        while True:  # the list's move may come after the heartbeat's own event
            told = await asyncio.wait_for(stream.next_event(), 15)
            if told["list"] != page.watch["seen"]["list"]:
                break
        assert "list" not in page.moved(told, pushed=True), "no run for the list"
        assert page.list_due()
        fetched = await page.fetch_list()
        assert not fetched.exceptions and not page.list_due()
        assert page.listing["titles"][0] == "Portierato sociale <b>via Padova</b>"  # as typed: the script sets text
        fetched_at = page.listing["v"]
        drawn = await page.rerun()  # a run of the page draws the same list, from the same version on
        assert not drawn.exceptions and page.listing["v"] >= fetched_at
        assert page.listing["titles"][0] == "Portierato sociale <b>via Padova</b>"
        status, _, body = await http_get("127.0.0.1", port_of(server), page.listing["url"], page.cookies, body=True)
        english = page.listing["url"].replace("lingua=it", "lingua=en")
        _, _, body_en = await http_get("127.0.0.1", port_of(server), english, page.cookies, body=True)
        assert status == 200 and "Bisogno" in body.decode() and "Need" in body_en.decode()
        for token in ("nonsense", access.sign_watch("another-secret", person["id"], plenary)):
            status, _, _ = await http_get("127.0.0.1", port_of(server), f"/vivo/{token}/elenco", {}, body=True)
            assert status == 403
        await stream.close()
    finally:
        await page.close()
        db.close()


def test_the_list_is_fetched_by_the_page_not_rerun(server):
    run(listed_without_a_run(server))
