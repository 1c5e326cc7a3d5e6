"""What people see is true, in real browsers: a moderated edit waits while the
board keeps the approved text, then shows the new one once approved; a
delegate holding a delega votes for the ETS represented from their phone; the
facilitator enters a paper ballot for an ETS and cannot count one twice."""

import sqlite3

import pytest
from playwright.sync_api import expect

from testkit.browser import (
    PHONE,
    TIMEOUT,
    choose,
    delegates,
    fill_need,
    join_session,
    set_expander,
    shot,
    staff_page,
    wait_app,
)
from testkit.server import demo_server

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path_factory):
    """A demo server per test: the proxy's test moves the plenary to its strategies and opens
    a ballot, which the moderated edit's test (it logs a need) must not find (make shuffled,
    seed 777, ran it first)."""
    yield from demo_server(tmp_path_factory)


def test_a_moderated_edit_waits_and_the_board_keeps_the_approved_text(server, offline_context):
    base = server["base"]
    (first, *_), join_code = delegates(server["db"], 3)
    delegate = offline_context(viewport={"width": 1280, "height": 1400}).new_page()
    join_session(delegate, base, first[0], join_code)
    fill_need(delegate, "Testo approvato del bisogno", 3)
    delegate.get_by_role("button", name="Invia").click()
    expect(delegate.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)

    staff_ctx = offline_context(viewport={"width": 1400, "height": 1600})
    board = staff_page(staff_ctx, base, "Tabellone")
    expect(board.get_by_text("Testo approvato del bisogno").first).to_be_visible(timeout=TIMEOUT)
    moderator = staff_page(staff_ctx, base, "Moderazione")
    moderator.get_by_text("Sessione moderata").click()
    expect(moderator.get_by_text("Sessione moderata: i contributi sono visibili").first).to_be_visible(timeout=TIMEOUT)

    delegate.get_by_role("link", name="I miei contributi").click()
    wait_app(delegate)
    set_expander(delegate, "Testo approvato del bisogno", True)  # opened, and still: see testkit.browser.still
    mine = delegate.locator("[data-testid='stExpander']").filter(has_text="Testo approvato del bisogno").first
    mine.get_by_label("Titolo (breve sintesi)").fill("Testo rivisto in attesa")
    wait_app(delegate)
    mine.get_by_role("button", name="Salva modifiche").click()
    expect(delegate.get_by_text("Modifica inviata")).to_be_visible(timeout=TIMEOUT)

    # the board, never reloaded, still shows the approved text
    board.wait_for_timeout(4000)
    expect(board.get_by_text("Testo approvato del bisogno").first).to_be_visible()
    expect(board.get_by_text("Testo rivisto in attesa")).to_have_count(0)
    moderator.get_by_role("link", name="Moderazione").click()  # the queue, drawn again
    wait_app(moderator)
    expect(moderator.get_by_text("Modifiche in attesa (1)")).to_be_visible(timeout=TIMEOUT)
    shot(moderator, "modifica-in-attesa")
    moderator.get_by_role("button", name="Approva la modifica").click()
    expect(board.get_by_text("Testo rivisto in attesa").first).to_be_visible(timeout=TIMEOUT)


def test_a_proxy_votes_from_a_phone_and_a_paper_ballot_never_counts_twice(server, offline_context):
    base = server["base"]
    (first, second, third), join_code = delegates(server["db"], 3)
    conn = sqlite3.connect(server["db"])
    (plenary,) = conn.execute("SELECT id FROM session WHERE kind = 'plenaria'").fetchone()
    (strategies,) = conn.execute("SELECT id FROM phase WHERE session_id = ? AND position = 3", (plenary,)).fetchone()
    conn.close()
    from coprog.ballots import ballots
    from coprog.storage.db import Database
    from testkit.builders import STAFF

    database = Database(server["db"])  # the organisers put two strategies on the table
    for title in ("Una regia unica per Municipio", "Un fondo comune per il sollievo"):
        ballots.add_seed(database, STAFF, plenary, "strategia", title)
    database.close()
    staff_ctx = offline_context(viewport={"width": 1400, "height": 1800})
    console = staff_page(staff_ctx, base, "Conduzione")
    console.locator(f".st-key-cur_{strategies} button").click()
    expect(console.get_by_role("heading", name="Strategie di integrazione")).to_be_visible(timeout=TIMEOUT)

    # the first delegate arrives with the delega of the second ETS, entered by the facilitator
    register = staff_page(staff_ctx, base, "Presenze")
    form = register.locator("[data-testid='stForm']").filter(has_text="Parla anche per")
    choose(form, "Delegato", first[1])
    choose(form, "Parla anche per", second[3])
    form.get_by_role("button", name="Registra l'entrata").click()
    expect(register.get_by_text("Ingresso registrato.")).to_be_visible(timeout=TIMEOUT)  # what was done
    conn = sqlite3.connect(server["db"])
    assert conn.execute(
        "SELECT represents_organisation_id, delegation_entered_by FROM attendance a"
        " JOIN delegate d ON d.id = a.delegate_id WHERE d.access_code = ? AND a.session_id = ?",
        (first[0], plenary),  # the plenary's row (the demo may have checked them in at a table too)
    ).fetchone() == (second[2], "organizzatore")
    conn.close()

    votes = staff_page(staff_ctx, base, "Votazioni")
    votes.get_by_role("button", name="Apri la votazione").click()
    expect(votes.get_by_text("Dopo il primo voto")).to_be_visible(timeout=TIMEOUT)

    phone = offline_context(**PHONE).new_page()
    join_session(phone, base, first[0], join_code)
    expect(phone.get_by_text(f"Voto per delega: {second[3]}")).to_be_visible(timeout=TIMEOUT)
    proxy_points = phone.get_by_role("spinbutton").nth(-1)
    proxy_points.fill("2")
    proxy_points.press("Tab")
    expect(phone.get_by_text("Punti rimasti: 3 di 5").first).to_be_visible(timeout=TIMEOUT)
    proxy_button = phone.get_by_role("button", name=f"Vota per {second[3]}")
    expect(proxy_button).to_have_count(1, timeout=TIMEOUT)
    proxy_button.click()
    expect(phone.get_by_text("Voto registrato alle").first).to_be_visible(timeout=TIMEOUT)
    shot(phone, "voto-per-delega")
    conn = sqlite3.connect(server["db"])
    latest = "ballot_id = (SELECT max(id) FROM ballot)"
    assert conn.execute(f"SELECT organisation_id, proxy, source FROM vote WHERE {latest}").fetchall() == [
        (second[2], 1, "laptop")
    ]
    conn.close()

    # a paper ballot for the second ETS would count it twice: refused unless replaced explicitly
    votes.get_by_text("Scheda su carta di un ente").click()
    choose(votes, "Ente", second[3])
    expect(votes.get_by_text("Questo ente ha già votato dal portatile")).to_be_visible(timeout=TIMEOUT)
    votes.get_by_role("spinbutton").nth(0).fill("1")
    votes.get_by_role("spinbutton").nth(0).press("Tab")
    paper_button = votes.get_by_role("button", name="Registra la scheda su carta")
    # the page has taken the point (its rerun over: the old form and the new are not both there)
    expect(votes.get_by_text("Punti rimasti: 4 di 5").first).to_be_visible(timeout=TIMEOUT)
    expect(paper_button).to_have_count(1, timeout=TIMEOUT)
    paper_button.click()
    expect(votes.get_by_text("per sostituire quella scheda").first).to_be_visible(timeout=TIMEOUT)
    # the third ETS had no device: its paper ballot counts once
    choose(votes, "Ente", third[3])
    wait_app(votes)
    votes.get_by_role("spinbutton").nth(0).fill("3")
    votes.get_by_role("spinbutton").nth(0).press("Tab")
    expect(votes.get_by_text("Punti rimasti: 2 di 5").first).to_be_visible(timeout=TIMEOUT)
    expect(paper_button).to_have_count(1, timeout=TIMEOUT)
    paper_button.click()
    expect(votes.get_by_text(f"Scheda su carta di {third[3]} registrata.")).to_be_visible(timeout=TIMEOUT)
    conn = sqlite3.connect(server["db"])
    assert sorted(conn.execute(f"SELECT organisation_id, source FROM vote WHERE {latest}").fetchall()) == sorted(
        [(second[2], "laptop"), (third[2], "carta")]
    )
    conn.close()
    expect(votes.get_by_text("2 di").first).to_be_visible(timeout=TIMEOUT)
