"""Voting in real browsers: two delegates of one organisation, one projector."""

import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions
from coprog.live import facilitation
from coprog.procedure import delegates, sessions
from coprog.storage.db import Database
from testkit.browser import TIMEOUT, audit, shot, staff_page, wait_app
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


def points_and_vote(page, title: str, points: int, left: int):
    """Give ``points`` to ``title``, wait until the page took them (``left`` of 5), vote; the field."""
    field = page.get_by_label(f"Punti a «{title}» (max 3)")
    field.fill(str(points))
    field.press("Tab")
    expect(page.get_by_text(f"Punti rimasti: {left} di 5").first).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Registra il voto").click()
    return field


def totals(result: dict, items: list[dict]) -> list[int]:
    """The totals of ``items`` in a ballot's results, in their order."""
    by_title = {it["title"]: it["total"] for it in result["items"]}
    return [by_title[i["title"]] for i in items]


def dots_ballot_for_two(server, titles=("Sportello unico in ogni Municipio", "Custode sociale di caseggiato")):
    """The plenary votes by points on two new proposals ``titles`` (and those of
    an earlier test on this server); the first two delegates of an ETS that sent two."""
    database = Database(server["db"])
    # the plenary: the projector's first session, so nothing has to be chosen on it
    table = sessions.sessions(database)[0]
    strategies = sessions.phases(database, table["id"])[2]
    facilitation.set_current_phase(database, STAFF, table["id"], strategies["id"])
    facilitation.set_contributions_open(database, STAFF, strategies["id"], True)
    people = delegates.delegates(database, pid(database))
    for person, title in ((people[0], titles[0]), (people[-1], titles[1])):
        contributions.create(
            database,
            delegates.delegate_actor(person),
            table["id"],
            "strategia",
            {"title": title, "body": "Proposta per il voto"},
        )
    bid = ballots.open_ballot(database, STAFF, table["id"], "punti")
    items = [i for i in tallying.items(database, bid) if i["title"] in titles]
    conn = sqlite3.connect(server["db"])
    (org_id,) = conn.execute(
        "SELECT organisation_id FROM delegate GROUP BY organisation_id"
        " HAVING count(*) >= 2 ORDER BY organisation_id LIMIT 1"
    ).fetchone()
    first, second = conn.execute(
        "SELECT access_code, name FROM delegate WHERE organisation_id = ? ORDER BY id LIMIT 2", (org_id,)
    ).fetchall()
    conn.close()
    return database, table, bid, items, first, second


def test_second_colleague_replaces_the_ballot_and_projector_counts_one(server, offline_context):
    base = server["base"]
    database, table, bid, items, first, second = dots_ballot_for_two(server)
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
    assert totals(result, items) == [0, 2]

    ballots.close(database, STAFF, bid, OUTCOME)
    facilitation.set_show_results(database, STAFF, table["id"], True)
    expect(projector.get_by_text("Schede: 1")).to_be_visible(timeout=TIMEOUT)
    expect(projector.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    projector.wait_for_timeout(800)
    shot(projector, "proiettore-risultati")
    frozen = ballots.snapshot(database, bid)
    assert totals(frozen, items) == [0, 2]
    database.close()


def test_a_colleagues_ballot_cast_meanwhile_is_not_replaced_unseen(server, offline_context):
    """Both delegates of one ETS have the ballot open, one on a phone (390x844).
    The phone votes; the laptop's vote, from the page it drew before, is refused
    naming the colleague, with what counts now; the laptop's points stay, and
    sent again the laptop's ballot replaces the phone's. One ballot for the ETS."""
    base = server["base"]
    database, table, bid, items, first, second = dots_ballot_for_two(
        server, ("Budget di cura personale", "Infermiere di famiglia")
    )
    phone = join(offline_context(viewport={"width": 390, "height": 844}), base, first[0], table["join_code"])
    laptop = join(offline_context(viewport={"width": 1280, "height": 900}), base, second[0], table["join_code"])
    expect(laptop.get_by_text("La tua organizzazione non ha ancora votato.")).to_be_visible(timeout=TIMEOUT)
    points_and_vote(phone, items[0]["title"], 3, left=2)
    expect(phone.get_by_text("Voto registrato alle")).to_be_visible(timeout=TIMEOUT)

    laptop_points = points_and_vote(laptop, items[1]["title"], 2, left=3)
    refusal = laptop.get_by_role("alert").filter(has_text="Voto non inviato")
    expect(refusal).to_contain_text(f"nel frattempo {first[1]} ha votato per", timeout=TIMEOUT)
    expect(refusal).to_contain_text(f"{items[0]['title']}: 3 punti")  # what counts now
    expect(laptop.get_by_text(f"Ultimo voto registrato: {first[1]}")).to_be_visible(timeout=TIMEOUT)
    expect(laptop_points).to_have_value("2")  # the laptop's choices stay
    phone_actor = delegates.delegate_actor(delegates.delegate_by_code(database, first[0]))
    assert ballots.current_vote(database, bid, phone_actor)["choices"] == {items[0]["id"]: 3}
    shot(laptop, "voto-collega-nel-frattempo")
    failures: list = []
    audit(laptop, "Voto rifiutato: il collega ha votato", Axe(), failures)
    assert not failures, failures

    laptop.get_by_role("button", name="Registra il voto").click()  # having seen it: replaces it
    expect(laptop.get_by_text("Voto registrato alle")).to_be_visible(timeout=TIMEOUT)
    expect(laptop.get_by_text(f"Ultimo voto registrato: {second[1]}")).to_be_visible(timeout=TIMEOUT)
    expect(refusal).to_have_count(0)
    counted = ballots.current_vote(database, bid, phone_actor)
    assert counted["cast_by"] == second[1] and counted["choices"] == {items[1]["id"]: 2}
    assert tallying.results(database, bid)["voters"] == 1
    ballots.close(database, STAFF, bid, OUTCOME)  # the session's next ballot (the module's other test) may open
    database.close()
