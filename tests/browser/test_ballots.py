"""Voting in real browsers: two delegates of one organisation, one projector."""

import sqlite3

import pytest
from playwright.sync_api import expect

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions
from coprog.live import facilitation
from coprog.procedure import delegates, sessions
from coprog.storage.db import Database
from testkit.browser import TIMEOUT, shot, staff_page, wait_app
from testkit.builders import OUTCOME, STAFF, pid

pytestmark = pytest.mark.browser


def join(context, base, code, join_code):
    page = context.new_page()
    page.goto(f"{base}/join/{code}")
    wait_app(page)
    page.get_by_label("Codice della sessione").fill(join_code)
    page.get_by_role("button", name="Unisciti alla sessione").click()
    expect(page.get_by_text("È aperta una votazione: vota qui sotto.")).to_be_visible(timeout=20_000)
    return page


def test_second_colleague_replaces_the_ballot_and_projector_counts_one(server, offline_context):
    base = server["base"]
    database = Database(server["db"])
    # the plenary: the projector's first session, so nothing has to be chosen on it
    table = sessions.sessions(database)[0]
    strategies = sessions.phases(database, table["id"])[2]
    facilitation.set_current_phase(database, STAFF, table["id"], strategies["id"])
    facilitation.set_contributions_open(database, STAFF, strategies["id"], True)
    people = delegates.delegates(database, pid(database))
    for person, title in (
        (people[0], "Sportello unico in ogni Municipio"),
        (people[-1], "Custode sociale di caseggiato"),
    ):
        contributions.create(
            database,
            delegates.delegate_actor(person),
            table["id"],
            "strategia",
            {"title": title, "body": "Proposta per il voto"},
        )
    bid = ballots.open_ballot(database, STAFF, table["id"], "punti")
    items = tallying.items(database, bid)
    conn = sqlite3.connect(server["db"])
    (org_id,) = conn.execute(
        "SELECT organisation_id FROM delegate GROUP BY organisation_id"
        " HAVING count(*) >= 2 ORDER BY organisation_id LIMIT 1"
    ).fetchone()
    first, second = conn.execute(
        "SELECT access_code, name FROM delegate WHERE organisation_id = ? ORDER BY id LIMIT 2", (org_id,)
    ).fetchall()
    conn.close()

    projector = staff_page(offline_context(viewport={"width": 1920, "height": 1080}), base, "Proiettore")
    expect(projector.get_by_role("heading", name="Plenaria di avvio")).to_be_visible(timeout=TIMEOUT)

    one = join(offline_context(viewport={"width": 420, "height": 1400}), base, first[0], table["join_code"])
    expect(one.get_by_text("Punti rimasti: 5 di 5").first).to_be_visible(timeout=TIMEOUT)
    one.get_by_label(f"Punti a «{items[0]['title']}» (max 3)").fill("3")
    one.get_by_label(f"Punti a «{items[0]['title']}» (max 3)").press("Tab")
    expect(one.get_by_text("Punti rimasti: 2 di 5").first).to_be_visible(timeout=TIMEOUT)
    one.get_by_role("button", name="Registra il voto").click()
    expect(one.get_by_text("Voto registrato alle")).to_be_visible(timeout=TIMEOUT)
    # the vote reruns only its answer and the line above the ballot; the points stay as set
    expect(one.get_by_text(f"Ultimo voto registrato: {first[1]}")).to_be_visible(timeout=TIMEOUT)
    expect(one.get_by_label(f"Punti a «{items[0]['title']}» (max 3)")).to_have_value("3")
    expect(projector.get_by_text("1 di ")).to_be_visible(timeout=TIMEOUT)

    two = join(offline_context(viewport={"width": 420, "height": 1400}), base, second[0], table["join_code"])
    expect(two.get_by_text(f"Ultimo voto registrato: {first[1]}")).to_be_visible(timeout=TIMEOUT)
    two.get_by_label(f"Punti a «{items[0]['title']}» (max 3)").fill("0")
    two.get_by_label(f"Punti a «{items[1]['title']}» (max 3)").fill("2")
    two.get_by_label(f"Punti a «{items[1]['title']}» (max 3)").press("Tab")
    expect(two.get_by_text("Punti rimasti: 3 di 5").first).to_be_visible(timeout=TIMEOUT)
    two.get_by_role("button", name="Registra il voto").click()
    expect(two.get_by_text("Voto registrato alle")).to_be_visible(timeout=TIMEOUT)
    expect(two.get_by_text(f"Ultimo voto registrato: {second[1]}")).to_be_visible(timeout=TIMEOUT)
    expect(two.get_by_label(f"Punti a «{items[1]['title']}» (max 3)")).to_have_value("2")
    shot(two, "voto-telefono")

    # still one organisation, the second ballot counts
    expect(projector.get_by_text("1 di ")).to_be_visible(timeout=TIMEOUT)
    result = tallying.results(database, bid)
    assert result["voters"] == 1
    assert [it["total"] for it in result["items"]][:2] == [0, 2]

    ballots.close(database, STAFF, bid, OUTCOME)
    facilitation.set_show_results(database, STAFF, table["id"], True)
    expect(projector.get_by_text("Schede: 1")).to_be_visible(timeout=TIMEOUT)
    expect(projector.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    projector.wait_for_timeout(800)
    shot(projector, "proiettore-risultati")
    frozen = ballots.snapshot(database, bid)
    assert [it["total"] for it in frozen["items"]][:2] == [0, 2]
    database.close()
