"""The ballot pushed to the phones (coprog/live/push.py), in a real browser: the
facilitator clicks «Apri la votazione» and a delegate's phone (390x844) shows the
ballot, told by the server's stream, never asking; the same behind nginx with two
processes over HTTPS, the ballot opened by another process; and behind a proxy
that buffers the stream, the phone falls back to asking and still gets it.
A prepared ballot shows on the phone the moment the facilitator opens it, without
a run. The time from the click to the phone's screen is measured and written to
test-artifacts/push-timing.json (the bench reports the figures under load)."""

import json
import re
import time

import pytest
from playwright.sync_api import expect

from coprog.ballots import ballots
from coprog.live import facilitation
from coprog.procedure import sessions
from coprog.storage.db import Database
from testkit.browser import ARTIFACTS, PHONE, TIMEOUT, audit, join_session, pick_method, shot, staff_page, wait_app
from testkit.builders import STAFF
from testkit.protocol import SEEDS, people
from testkit.server import buffering_proxy, demo_server, https_cluster

pytestmark = pytest.mark.browser
BANNER = "È aperta una votazione: vota qui sotto."
TIMING: dict = {}


def ready_to_vote(database) -> None:
    """The plenary's phase takes strategies, with seed strategies to vote on; no ballot yet."""
    plenary = sessions.sessions(database)[0]["id"]
    phase = facilitation.add_phase(database, STAFF, plenary, "Strategie al voto", ["strategia"])
    facilitation.set_current_phase(database, STAFF, plenary, phase)
    for title in SEEDS:
        ballots.add_seed(database, STAFF, plenary, "strategia", title)


@pytest.fixture(scope="module")
def voting_server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=ready_to_vote)


def watched(page) -> dict:
    """What the phone asked: its pushes (streams opened) and its polls."""
    asked = {"stream": 0, "poll": 0}

    def count(request):
        if "/vivo/" in request.url:
            asked["stream" if request.url.endswith("/flusso") else "poll"] += 1

    page.on("request", count)
    return asked


def mark_when_shown(page) -> None:
    """The phone notes the moment the ballot's banner is on its screen (its own clock)."""
    page.evaluate(
        """(banner) => {
          window.__shownAt = null;
          const look = () => { if (!window.__shownAt && document.body.innerText.includes(banner))
            window.__shownAt = Date.now(); };
          // the whole document: a prepared ballot is shown by a rule added to the head
          const all = { childList: true, subtree: true, characterData: true };
          new MutationObserver(look).observe(document.documentElement, all);
        }""",
        BANNER,
    )


def click_to_screen(staff, button: str, phone) -> float:
    """The facilitator clicks ``button``; the ballot's banner and the tab's title reach
    the phone. The milliseconds from the click to the banner on the phone's screen
    (both clocks are this machine's)."""
    mark_when_shown(phone)
    phone.wait_for_timeout(500)  # the page settled
    clicked = staff.evaluate("Date.now()")
    staff.get_by_role("button", name=button).click()
    expect(phone.get_by_text(BANNER)).to_be_visible(timeout=TIMEOUT)
    expect(phone).to_have_title(re.compile("^Votazione aperta"))
    return phone.evaluate("window.__shownAt") - clicked


def joined_phone(context, base: str, db) -> tuple:
    [person], join_code = people(db, 1)
    phone = context.new_page()
    asked = watched(phone)
    join_session(phone, base, person["access_code"], join_code)
    return phone, asked


def open_ballot_elsewhere(db) -> float:
    """Another OS process (this test's) opens the ballot; the wall-clock moment it committed."""
    database = Database(db)
    plenary = sessions.sessions(database)[0]["id"]
    ballots.open_ballot(database, STAFF, plenary, "approvazione")
    database.close()
    return time.time() * 1000


def record(name: str, ms: float) -> None:
    TIMING[name] = round(ms)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "push-timing.json").write_text(json.dumps(TIMING, indent=1) + "\n")


def test_the_facilitators_click_reaches_the_phone_pushed(voting_server, offline_context):
    base = voting_server["base"]
    phone, asked = joined_phone(offline_context(**PHONE), base, voting_server["db"])
    expect(phone.locator("[data-coprog-watch='push']")).to_have_count(1, timeout=TIMEOUT)
    votes = staff_page(offline_context(viewport={"width": 1400, "height": 1200}), base, "Votazioni")
    expect(votes.get_by_role("button", name="Apri la votazione")).to_be_visible(timeout=TIMEOUT)
    record("click to the phone's screen, one process (ms)", click_to_screen(votes, "Apri la votazione", phone))
    shot(phone, "push-ballot-phone")
    assert asked["poll"] == 0 and asked["stream"] >= 1  # told, never asking


@pytest.fixture(scope="module")
def prepared_server(tmp_path_factory):
    """A server of its own: the facilitator prepares the ballot there, then opens it."""
    yield from demo_server(tmp_path_factory, prepare=ready_to_vote)


def test_a_prepared_ballot_shows_on_the_phone_the_moment_it_opens(prepared_server, offline_context):
    """«Prepara, la apro dopo»: the phone holds the ballot drawn and hidden (nothing
    shows, the audit sees nothing hidden); «Apri ora»: the phone shows it at once,
    without a run (its watch says so), and the delegate votes on it."""
    from axe_playwright_python.sync_playwright import Axe

    base = prepared_server["base"]
    phone, asked = joined_phone(offline_context(**PHONE), base, prepared_server["db"])
    expect(phone.locator("[data-coprog-watch='push']")).to_have_count(1, timeout=TIMEOUT)
    votes = staff_page(offline_context(viewport={"width": 1400, "height": 1200}), base, "Votazioni")
    pick_method(votes, "Approvazione")
    votes.get_by_role("button", name="Prepara, la apro dopo").click()
    expect(votes.get_by_text("Votazione preparata: Approvazione")).to_be_visible(timeout=TIMEOUT)
    expect(votes.locator(".st-key-prepared").get_by_text(SEEDS[0])).to_be_visible()  # the items it fixed
    held = phone.locator("[class*='st-key-ballot_box_']")
    expect(held).to_have_count(1, timeout=TIMEOUT)  # drawn on the phone ...
    expect(held).to_be_hidden()  # ... and hidden
    expect(phone.get_by_text(BANNER)).to_be_hidden()
    expect(phone).not_to_have_title(re.compile("^Votazione aperta"))
    failures: list = []
    audit(phone, "Partecipa, votazione preparata", Axe(), failures)
    assert failures == []
    record("click to the phone's screen, prepared ballot, one process (ms)", click_to_screen(votes, "Apri ora", phone))
    expect(phone.locator("[data-coprog-shown]")).to_have_count(1)  # shown by the script, not drawn by a run
    expect(votes.get_by_role("button", name="Chiudi e congela i risultati")).to_be_visible(timeout=TIMEOUT)
    shot(phone, "push-prepared-ballot-phone")
    audit(phone, "Partecipa, votazione preparata e aperta", Axe(), failures)
    assert failures == []
    phone.get_by_text(SEEDS[1]).first.click()  # the tick of the second item (its label)
    phone.get_by_role("button", name="Registra il voto").click()
    expect(phone.get_by_text("Voto registrato alle")).to_be_visible(timeout=TIMEOUT)
    shot(phone, "push-prepared-ballot-voted")
    assert asked["poll"] == 0
    database = Database(prepared_server["db"])
    [vote] = database.query("SELECT id FROM vote WHERE ballot_id = (SELECT max(id) FROM ballot)")
    assert [r["title"] for r in database.query(
        "SELECT i.title FROM vote_entry e JOIN ballot_item i ON i.id = e.item_id WHERE e.vote_id = ?", (vote["id"],)
    )] == [SEEDS[1]]  # fmt: skip
    database.close()


def test_pushed_behind_nginx_two_processes_over_https(tmp_path_factory, browser):
    for handle in https_cluster(tmp_path_factory, processes=2, prepare=ready_to_vote):
        context = browser.new_context(locale="it-IT", ignore_https_errors=True, **PHONE)
        phone, asked = joined_phone(context, handle["base"], handle["db"])
        expect(phone.locator("[data-coprog-watch='push']")).to_have_count(1, timeout=TIMEOUT)
        mark_when_shown(phone)
        phone.wait_for_timeout(500)
        committed = open_ballot_elsewhere(handle["db"])
        expect(phone.get_by_text(BANNER)).to_be_visible(timeout=TIMEOUT)
        record("commit by another process to the phone's screen, nginx + 2 processes + HTTPS (ms)",
               phone.evaluate("window.__shownAt") - committed)  # fmt: skip
        assert asked["poll"] == 0 and asked["stream"] >= 1
        context.close()


@pytest.fixture(scope="module")
def buffered_server(tmp_path_factory):
    """A server of its own (no ballot opened by the other tests), and the buffering proxy in front."""
    for handle in demo_server(tmp_path_factory, prepare=ready_to_vote):
        folder = tmp_path_factory.mktemp("proxy")
        proxy, base = buffering_proxy(folder, int(handle["base"].rsplit(":", 1)[1]))
        yield {**handle, "proxied": base}
        proxy.terminate()
        proxy.wait(timeout=10)


def test_a_proxy_that_buffers_the_stream_makes_the_phone_ask(buffered_server, offline_context):
    phone, asked = joined_phone(offline_context(**PHONE), buffered_server["proxied"], buffered_server["db"])
    expect(phone.locator("[data-coprog-watch='poll']")).to_have_count(1, timeout=TIMEOUT)  # the stream starved
    open_ballot_elsewhere(buffered_server["db"])
    expect(phone.get_by_text(BANNER)).to_be_visible(timeout=TIMEOUT)
    assert asked["poll"] >= 1  # it asked, as before
    wait_app(phone)
