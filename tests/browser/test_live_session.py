"""The live session as the room lives it: a facilitator, the projector in a
second tab of the staff browser (signed in there by the staff cookie) and two
delegates (a laptop, a phone). A phase change, another delegate's need, the
ballot's opening, its close and the reveal all reach the delegates' screens
within 3 s with no tap and no reload, and typed text stays; the console's
timer and the projector's agree within a second."""

import json
import re
import sqlite3
import time

import pytest
from playwright.sync_api import expect

from coprog.contributions import contributions
from coprog.live import attendance
from coprog.procedure import delegates, sessions
from coprog.storage.db import Database
from testkit.browser import ARTIFACTS, PHONE, TIMEOUT, fill_need, join_session, shot, staff_page, wait_app

pytestmark = pytest.mark.browser
LIVE = 3_000  # ms: what "follows by itself" means here

# counts the participant lists taken off the page (ui/live_list.py replaces its list only when it changed)
COUNT_SWAPS = """() => {
  window.__swaps = 0;
  new MutationObserver((changes) => {
    for (const change of changes)
      for (const node of change.removedNodes) if (node.classList?.contains("coprog-list")) window.__swaps++;
  }).observe(document.querySelector(".st-key-contribution_list"), { subtree: true, childList: true });
}"""


def clock_seconds(page) -> int:
    text = page.locator(".coprog-clock").filter(has_text=re.compile(r"\d\d:\d\d")).first.inner_text()
    minutes, seconds = re.search(r"(\d\d):(\d\d)", text).groups()
    return int(minutes) * 60 + int(seconds)


def test_every_screen_follows_the_session(server, offline_context):
    base, db_path = server["base"], server["db"]
    conn = sqlite3.connect(db_path)
    plenary, join_code = conn.execute("SELECT id, join_code FROM session WHERE kind = 'plenaria'").fetchone()
    (strategies,) = conn.execute("SELECT id FROM phase WHERE session_id = ? AND position = 3", (plenary,)).fetchone()
    people = conn.execute(
        "SELECT d.access_code, o.name FROM delegate d JOIN organisation o ON o.id = d.organisation_id"
        " WHERE o.admission = 'ammessa' GROUP BY o.id ORDER BY o.id LIMIT 4"
    ).fetchall()
    conn.close()

    staff_ctx = offline_context(viewport={"width": 1400, "height": 1600})
    console = staff_page(staff_ctx, base, "Conduzione")
    projector = staff_ctx.new_page()  # the second screen: a new tab of the same browser, already signed in
    projector.goto(base + "/proiettore")
    wait_app(projector)
    expect(projector.get_by_text(join_code).first).to_be_visible(timeout=TIMEOUT)
    expect(projector.get_by_text("Page not found")).to_have_count(0)

    laptop = offline_context(viewport={"width": 1280, "height": 1000}).new_page()
    fetched: list[str] = []
    laptop.on("request", lambda request: fetched.append(request.url))
    join_session(laptop, base, people[0][0], join_code)
    phone = offline_context(**PHONE).new_page()
    timing = {}
    started = time.monotonic()
    join_session(phone, base, people[1][0], join_code)
    expect(phone.get_by_label("Titolo (breve sintesi)")).to_be_visible(timeout=TIMEOUT)
    timing["invite link to the need form"] = time.monotonic() - started
    typing = time.monotonic()
    fill_need(phone, "Anziani soli senza rete nel quartiere", 5)
    typing = time.monotonic() - typing
    phone.get_by_role("button", name="Invia").click()
    expect(phone.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)
    timing["invite link to the first need sent, typing excluded"] = time.monotonic() - started - typing
    # their own need in their list at once; on the other delegate's screen within 3 s, never reloaded
    listed = lambda page, title: page.locator(".st-key-contribution_list").get_by_text(title).first
    expect(listed(phone, "Anziani soli senza rete nel quartiere")).to_be_visible(timeout=1_000)
    # from now on the phone's list is the same list: nothing replaces it under the reader's eyes (the stream's
    # news of their own need may come before their run's list: both draw the same, once)
    phone.evaluate(COUNT_SWAPS)
    expect(listed(laptop, "Anziani soli senza rete nel quartiere")).to_be_visible(timeout=LIVE)
    # the laptop's script fetched the list (ui/live_list.py): no run of the page for it
    assert any("/elenco?lingua=it" in url for url in fetched), fetched
    listed(phone, "Anziani soli senza rete nel quartiere").scroll_into_view_if_needed()
    shot(phone, "live-list-phone")
    assert phone.evaluate("() => window.__swaps") == 0

    # the laptop types; the facilitator moves to the strategies: the page follows, the text stays
    laptop.get_by_label("Titolo (breve sintesi)").fill("Testo a metà che non deve andare perso")
    console.locator(f".st-key-cur_{strategies} button").click()
    expect(console.get_by_role("heading", name="Strategie di integrazione")).to_be_visible(timeout=TIMEOUT)
    for page in (laptop, phone):
        expect(page.get_by_text("Fase in corso: Strategie di integrazione")).to_be_visible(timeout=LIVE)
    # the page opens on what can be done now (the strategies' form); the typed need stays in its tab
    expect(laptop.locator("[role=tab][aria-selected=true]")).to_have_text("Strategia", timeout=LIVE)
    laptop.get_by_role("tab", name="Bisogno · raccolta chiusa").click()
    expect(laptop.get_by_text("Il facilitatore ha chiuso questa raccolta")).to_be_visible(timeout=LIVE)
    kept = laptop.locator("[role=tabpanel]:visible").get_by_label("Titolo (breve sintesi)")
    expect(kept).to_have_value("Testo a metà che non deve andare perso")
    expect(phone.locator("[role=tab][aria-selected=true]")).to_have_text("Strategia", timeout=LIVE)

    database = Database(db_path)
    others = [
        d
        for d in delegates.delegates(database, sessions.get_session(database, plenary)["process_id"])
        if d["organisation"] in (people[2][1], people[3][1])
    ]
    for person, title in zip(others, ("Sportello unico domiciliare per Municipio", "Custode sociale di caseggiato")):
        attendance.check_in(database, person, plenary)
        contributions.create(
            database,
            delegates.delegate_actor(person),
            plenary,
            "strategia",
            {"title": title, "body": "Proposta per il voto"},
        )
    database.close()
    expect(listed(laptop, "Custode sociale di caseggiato")).to_be_visible(timeout=LIVE)

    # the ballot opens: a banner on top, the ballot first on the page, the tab's title says it
    votes = staff_ctx.new_page()
    votes.goto(base + "/votazioni")
    wait_app(votes)
    votes.get_by_role("button", name="Apri la votazione").click()
    expect(votes.get_by_role("button", name="Chiudi e congela i risultati")).to_be_visible(timeout=TIMEOUT)
    for page in (laptop, phone):
        expect(page.get_by_text("È aperta una votazione: vota qui sotto.")).to_be_visible(timeout=LIVE)
        expect(page).to_have_title(re.compile("^Votazione aperta"))
    ballot_top = phone.get_by_role("heading", name=re.compile("^Votazione: ")).bounding_box()["y"]
    form_top = phone.get_by_role("tablist").first.bounding_box()["y"]  # the forms' tabs
    assert ballot_top < form_top
    shot(phone, "live-ballot-phone")
    points = phone.get_by_role("spinbutton").first
    points.fill("2")
    points.press("Tab")
    expect(phone.get_by_text("Punti rimasti: 3 di 5").first).to_be_visible(timeout=TIMEOUT)  # the page took it
    phone.get_by_role("button", name="Registra il voto").click()
    expect(phone.get_by_text("Voto registrato alle")).to_be_visible(timeout=TIMEOUT)
    kept = laptop.locator("[role=tabpanel]:visible").get_by_label("Titolo (breve sintesi)")
    expect(kept).to_have_value("Testo a metà che non deve andare perso")

    # closed, then revealed: the delegates see it happen, and the frozen results with their time
    votes.get_by_label("Che cosa si è deciso").fill("Il custode sociale entra tra le priorità")
    votes.get_by_role("button", name="Chiudi e congela i risultati").click()
    expect(votes.get_by_role("button", name="Apri la votazione")).to_be_visible(timeout=TIMEOUT)
    for page in (laptop, phone):
        expect(page.get_by_text("La votazione si è chiusa alle")).to_be_visible(timeout=LIVE)
        expect(page.get_by_text("È aperta una votazione")).to_have_count(0)
        expect(page).not_to_have_title(re.compile("^Votazione aperta"))
    reveal = console.get_by_role("button", name="Mostra i risultati a tutti (proiettore e schermi dei delegati)")
    reveal.click()
    expect(
        console.get_by_role("button", name="Nascondi i risultati (proiettore e schermi dei delegati)")
    ).to_be_visible(timeout=TIMEOUT)
    for page in (laptop, phone):
        expect(page.get_by_text("Risultati della votazione chiusa alle")).to_be_visible(timeout=LIVE)
        expect(page.get_by_text("Il custode sociale entra tra le priorità")).to_be_visible(timeout=LIVE)  # the outcome
        expect(page.get_by_text("✔ = voce condivisa").first).to_be_visible(timeout=TIMEOUT)  # a list, said plainly
    shot(phone, "live-results-phone")
    kept = laptop.locator("[role=tabpanel]:visible").get_by_label("Titolo (breve sintesi)")
    expect(kept).to_have_value("Testo a metà che non deve andare perso")

    # one clock: started on the console, the projector's and the console's agree within a second
    console.get_by_role("spinbutton", name="Minuti").fill("7")
    console.get_by_role("button", name="Imposta").click()
    wait_app(console)
    console.get_by_role("button", name="Avvia").click()
    expect(console.get_by_role("button", name="Pausa")).to_be_visible(timeout=TIMEOUT)
    console.wait_for_timeout(2_500)
    expect(projector.get_by_text(re.compile(r"0[67]:\d\d")).first).to_be_visible(timeout=TIMEOUT)
    for _ in range(3):
        assert abs(clock_seconds(console) - clock_seconds(projector)) <= 1
        assert clock_seconds(console) < 7 * 60  # it counts down
        console.wait_for_timeout(1_100)
    shot(console, "live-console-clock")

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "live-timing.json").write_text(json.dumps({k: round(v, 2) for k, v in timing.items()}, indent=1))
    print("live timing (s):", timing)
