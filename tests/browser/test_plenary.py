"""From the tables to the plenary in the real browser: two working tables and a
closing plenary; an organiser, a named facilitator and four delegates (one on
a phone, 390 x 844) in separate contexts. Items are typed at the tables,
brought into the plenary and one cross-table duplicate merged; the plenary
ranks the strategies and spends dots on the needs, from laptops and the
phone; the facilitator writes each outcome as the ballot closes; the
projector shows the consolidated list, then the results and the outcome;
the sintesi DOCX lists the consolidated items with their origins. Then the
phone's approval and rating ballots. Every phone ballot is screenshotted
and audited with axe."""

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from coprog.contributions import consolidation, contributions
from coprog.procedure import delegates, sessions, staff
from coprog.storage.db import Database
from testkit.browser import (
    ARTIFACTS,
    PHONE,
    TIMEOUT,
    access_codes,
    audit,
    choose,
    enter,
    fill_need,
    pick_method,
    projector_on,
    shot,
    sintesi,
    staff_page,
    wait_app,
)
from testkit.builders import STAFF, need_fields, tables_and_plenary
from testkit.server import demo_server

pytestmark = pytest.mark.browser
LIVE = 3_000  # ms: a ballot reaches the delegates' pages by itself within this
MORE_NEEDS = [  # logged at the tables through the core, beside the ones typed in the browser
    ("Tavolo Nord", "Alfa APS", "Pasti a domicilio che non arrivano nel weekend", "non_autosufficienza"),
    ("Tavolo Nord", "Beta ODV", "Dimissioni ospedaliere senza presa in carico", "dimissioni_protette"),
    ("Tavolo Sud", "Gamma Coop", "Trasporto verso le visite per chi non guida", "cronicita"),
    ("Tavolo Sud", "Delta Fondazione", "Case non adattate per chi non cammina più", "fragilita_abitativa"),
    ("Tavolo Nord", "Alfa APS", "Badanti senza formazione sulle demenze", "demenze"),
    ("Tavolo Sud", "Gamma Coop", "Nessuno sportello vicino per orientarsi", "accesso_orientamento"),
]
MORE_STRATEGIES = [
    ("Tavolo Nord", "Beta ODV", "Budget di salute per la domiciliarità"),
    ("Tavolo Sud", "Delta Fondazione", "Rete di volontari di prossimità per caseggiato"),
]


def prepare(database) -> None:
    world = tables_and_plenary(database, with_items=False)
    fid = staff.add_facilitator(database, STAFF, "Franca Facilitatrice")
    staff.assign(database, STAFF, fid, list(world["sessions"].values()))
    author = {}
    for person in world["people"].values():
        author.setdefault(person["organisation"], delegates.delegate_actor(person))
    for table, ets, title, area in MORE_NEEDS:
        fields = need_fields(title=title, area=area, municipi=[1])
        contributions.create(database, author[ets], world["sessions"][table], "bisogno", fields)
    for table, ets, title in MORE_STRATEGIES:
        body = {"title": title, "body": "Proposta del tavolo."}
        contributions.create(database, author[ets], world["sessions"][table], "strategia", body)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=prepare, demo=False)


@pytest.fixture(scope="module")
def phone_server(tmp_path_factory):
    """A server of its own for the phone's test: the tables' test counts the plenary's
    lists from empty, which this test fills (make shuffled, seed 4242, ran it first)."""
    yield from demo_server(tmp_path_factory, prepare=prepare, demo=False)


def propose(page, kind_tab: str, title: str, body: str) -> None:
    page.get_by_role("tab", name=kind_tab).click()
    panel = page.locator("[role=tabpanel]:visible")  # every form is drawn: the open tab's
    expect(panel.get_by_label("Testo della proposta")).to_be_visible(timeout=TIMEOUT)
    form = panel.locator("[data-testid='stForm']").filter(has=page.get_by_label("Testo della proposta"))
    form.get_by_label("Titolo (breve sintesi)").fill(title)
    form.get_by_label("Testo della proposta").fill(body)
    form.get_by_role("button", name="Invia").click()
    expect(page.get_by_text("Contributo salvato. Grazie!").last).to_be_visible(timeout=TIMEOUT)


def ballot_is_open(page) -> None:
    expect(page.get_by_text("È aperta una votazione: vota qui sotto.")).to_be_visible(timeout=LIVE + 2_000)
    wait_app(page)


def close_with_outcome(facilitator, decided: str, dissent: str = "") -> None:
    facilitator.get_by_label("Che cosa si è deciso").fill(decided)
    if dissent:
        facilitator.get_by_label("Dissenso da mettere agli atti").fill(dissent)
    facilitator.get_by_role("button", name="Chiudi e congela i risultati").click()
    try:
        expect(facilitator.get_by_role("button", name="Apri la votazione")).to_be_visible(timeout=TIMEOUT)
    except AssertionError:
        shot(facilitator, "plenary-close-failed")
        raise


def open_on_list(facilitator, what: str, method: str) -> None:
    choose(facilitator, "Che cosa si vota", what)
    wait_app(facilitator)
    pick_method(facilitator, method)
    facilitator.get_by_role("button", name="Apri la votazione").click()
    expect(facilitator.get_by_role("button", name="Chiudi e congela i risultati")).to_be_visible(timeout=TIMEOUT)


def tick_every_candidate(organiser, n: int) -> None:
    """Tick each of the ``n`` tables' items offered for the plenary, as the organiser
    does once the list is on screen. The page draws the list element after element,
    its heading first: counting the boxes at the heading caught the list half drawn
    (one box of five ticked, the others sent unticked: a shuffled run)."""
    boxes = organiser.locator("[data-testid='stForm'] [data-testid='stCheckbox']")
    expect(boxes).to_have_count(n, timeout=TIMEOUT)
    for box in boxes.all():
        box.click()


def test_from_the_tables_to_the_plenary(server, offline_context):
    base, known = server["base"], access_codes(server["db"])
    people, sessions = known["codes"], known["joins"]
    axe, failures = Axe(), []

    # -- at the tables: three laptops and a phone type needs and strategies
    anna = offline_context(viewport={"width": 1280, "height": 1000}).new_page()
    bruno = offline_context(viewport={"width": 1280, "height": 1000}).new_page()
    carla = offline_context(viewport={"width": 1280, "height": 1000}).new_page()
    dario = offline_context(**PHONE).new_page()
    enter(anna, base, people["Anna Rossi"], sessions["Tavolo Nord"])
    fill_need(anna, "Anziani soli d'estate nel quartiere", 1)
    anna.locator("[role=tabpanel]:visible").get_by_role("button", name="Invia").click()
    expect(anna.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)
    propose(anna, "Strategia", "Sportello unico domiciliare per Municipio", "Un punto di accesso per Municipio.")
    enter(bruno, base, people["Bruno Verdi"], sessions["Tavolo Nord"])
    propose(bruno, "Strategia", "Custode sociale di caseggiato", "Un custode nei caseggiati ERP.")
    enter(carla, base, people["Carla Neri"], sessions["Tavolo Sud"])
    propose(carla, "Strategia", "Sportello unico domiciliare in ogni Municipio", "Un punto unico in ogni Municipio.")
    enter(dario, base, people["Dario Blu"], sessions["Tavolo Sud"])
    fill_need(dario, "Caregiver senza sollievo", 4, area="Sostegno ai caregiver", target="Caregiver familiari")
    dario.locator("[role=tabpanel]:visible").get_by_role("button", name="Invia").click()
    expect(dario.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)

    # -- the organiser brings the tables' items into the plenary and merges the cross-table duplicate
    organiser_ctx = offline_context(viewport={"width": 1400, "height": 1600})
    organiser = staff_page(organiser_ctx, base, "Consolidamento")
    choose(organiser, "Sessione", "Plenaria di sintesi")
    expect(organiser.get_by_role("heading", name="Elenco consolidato: Bisogno (0)")).to_be_visible(timeout=TIMEOUT)
    tick_every_candidate(organiser, 8)
    organiser.get_by_role("button", name="Porta in plenaria").click()
    expect(organiser.get_by_role("heading", name="Elenco consolidato: Bisogno (8)")).to_be_visible(timeout=TIMEOUT)
    organiser.get_by_role("radiogroup", name="Elenco").get_by_text(
        "Strategia", exact=True
    ).click() if organiser.get_by_role("radiogroup", name="Elenco").count() else organiser.get_by_role(
        "button", name="Strategia", exact=True
    ).click()
    expect(organiser.get_by_role("heading", name="Elenco consolidato: Strategia (0)")).to_be_visible(timeout=TIMEOUT)
    tick_every_candidate(organiser, 5)
    organiser.get_by_role("button", name="Porta in plenaria").click()
    expect(organiser.get_by_role("heading", name="Elenco consolidato: Strategia (5)")).to_be_visible(timeout=TIMEOUT)
    expect(organiser.get_by_text("Possibili doppioni tra i tavoli")).to_be_visible(timeout=TIMEOUT)
    organiser.get_by_role("button", name="Unisci", exact=True).first.click()
    expect(organiser.get_by_role("heading", name="Elenco consolidato: Strategia (4)")).to_be_visible(timeout=TIMEOUT)
    merged = organiser.locator("[class*='st-key-cons_item_']").filter(has_text="Sportello unico domiciliare per")
    expect(merged.get_by_text(re.compile(r"Tavoli: Tavolo Nord, Tavolo Sud · 2 organizzazioni"))).to_be_visible()
    shot(organiser, "plenary-consolidation")
    audit(organiser, "Consolidamento", axe, failures)

    # -- the projector (a second tab of the organiser's browser) shows the consolidated lists
    projector = projector_on(organiser_ctx, base, "Plenaria di sintesi")
    expect(projector.get_by_text("Dai tavoli: Strategia")).to_be_visible(timeout=TIMEOUT)
    expect(
        projector.get_by_text(re.compile(r"Sportello unico domiciliare per Municipio — 2 tavoli · 2 organizzazioni"))
    )
    shot(projector, "plenary-projector-lists")

    # -- the named facilitator signs in with their personal code and runs the plenary's ballots
    facilitator = offline_context(viewport={"width": 1400, "height": 1600}).new_page()
    facilitator.goto(base + "/")
    wait_app(facilitator)
    facilitator.get_by_role("textbox", name=re.compile("Codice personale")).fill(known["facilitator"])
    facilitator.get_by_role("button", name="Entra").first.click()
    facilitator.get_by_role("link", name="Votazioni").click()
    wait_app(facilitator)
    choose(facilitator, "Sessione", "Plenaria di sintesi")
    for page in (anna, bruno, carla, dario):
        page.goto(f"{base}/partecipa?sessione={sessions['Plenaria di sintesi']}")
        wait_app(page)
        expect(page.get_by_text("Sessione: Plenaria di sintesi")).to_be_visible(timeout=TIMEOUT)

    # a ranking of the strategies: positions per item, from a laptop and the phone
    open_on_list(facilitator, "Strategia (4 voci)", "Ordinamento")
    for page in (anna, dario):
        ballot_is_open(page)
    anna_ranks = [("Custode sociale di caseggiato", "1°"), ("Sportello unico domiciliare per Municipio", "2°")]
    for title, place in anna_ranks:
        choose(anna, f"Posizione di «{title}»", place)
    anna.get_by_role("button", name="Registra il voto").click()
    expect(anna.get_by_text("1° ").first).to_be_visible(timeout=TIMEOUT)
    expect(anna.get_by_text(re.compile(r"Custode sociale di caseggiato: 1°"))).to_be_visible(timeout=TIMEOUT)
    for title, place in (
        ("Sportello unico domiciliare per Municipio", "1°"),
        ("Budget di salute per la domiciliarità", "2°"),
        ("Custode sociale di caseggiato", "2°"),
    ):
        choose(dario, f"Posizione di «{title}»", place)
    expect(dario.get_by_text(re.compile("Due voci hanno la stessa posizione"))).to_be_visible(timeout=TIMEOUT)
    expect(dario.get_by_role("button", name="Registra il voto")).to_be_disabled()
    choose(dario, "Posizione di «Custode sociale di caseggiato»", "3°")
    merged_item = dario.get_by_text("Da: Tavolo Nord, Tavolo Sud · 2 organizzazioni · leggi")  # the merged item
    merged_item.click()
    expect(dario.get_by_text("Proposta da: Alfa APS, Gamma Coop")).to_be_visible(timeout=TIMEOUT)
    shot(dario, "plenary-phone-ranking")
    audit(dario, "Telefono: ordinamento", axe, failures)
    dario.get_by_role("button", name="Registra il voto").click()
    expect(dario.get_by_text(re.compile(r"Budget di salute per la domiciliarità: 2°"))).to_be_visible(timeout=TIMEOUT)
    close_with_outcome(
        facilitator, "Lo sportello unico è la prima priorità della strategia", "Delta chiede di partire dai custodi"
    )

    # a dot ballot on the needs (8 items): the phone's time from the opening to its ballot stored
    open_on_list(facilitator, "Bisogno (8 voci)", "Punti")
    opened = time.monotonic()
    ballot_is_open(dario)
    dario.get_by_label("Punti a «Caregiver senza sollievo» (max 3)").fill("3")
    dario.get_by_label("Punti a «Anziani soli d'estate nel quartiere» (max 3)").fill("2")
    dario.get_by_label("Punti a «Anziani soli d'estate nel quartiere» (max 3)").press("Tab")
    expect(dario.get_by_text("Punti rimasti: 0 di 5").last).to_be_visible(timeout=TIMEOUT)
    dario.get_by_role("button", name="Registra il voto").click()
    expect(dario.get_by_text(re.compile(r"Caregiver senza sollievo: 3 punti"))).to_be_visible(timeout=TIMEOUT)
    cast_seconds = time.monotonic() - opened
    shot(dario, "plenary-phone-dots")
    audit(dario, "Telefono: punti", axe, failures)
    ballot_is_open(bruno)
    bruno.get_by_label("Punti a «Dimissioni ospedaliere senza presa in carico» (max 3)").fill("3")
    bruno.get_by_label("Punti a «Caregiver senza sollievo» (max 3)").fill("2")
    bruno.get_by_label("Punti a «Caregiver senza sollievo» (max 3)").press("Tab")
    expect(bruno.get_by_text("Punti rimasti: 0 di 5").last).to_be_visible(timeout=TIMEOUT)  # the page took both
    bruno.get_by_role("button", name="Registra il voto").click()
    expect(bruno.get_by_text(re.compile(r"Dimissioni ospedaliere senza presa in carico: 3 punti"))).to_be_visible(
        timeout=TIMEOUT
    )
    close_with_outcome(facilitator, "I bisogni dei caregiver e delle dimissioni guidano la co-progettazione")

    # the facilitator reveals: the projector shows the frozen results and the outcome; the phone too
    facilitator.get_by_role("link", name="Conduzione").click()
    wait_app(facilitator)
    choose(facilitator, "Sessione", "Plenaria di sintesi")
    facilitator.get_by_role("button", name="Mostra i risultati a tutti (proiettore e schermi dei delegati)").click()
    try:
        expect(projector.get_by_text("Esito").first).to_be_visible(timeout=TIMEOUT)
    except AssertionError:
        shot(facilitator, "plenary-debug-console")
        shot(projector, "plenary-debug-projector")
        raise
    expect(projector.get_by_text(re.compile("I bisogni dei caregiver e delle dimissioni"))).to_be_visible()
    shot(projector, "plenary-projector-results")
    expect(dario.get_by_text(re.compile("I bisogni dei caregiver e delle dimissioni"))).to_be_visible(timeout=LIVE)
    shot(dario, "plenary-phone-outcome")

    # -- the organiser's sintesi follows the consolidation
    text = "\n".join(p.text for p in sintesi(organiser).paragraphs)
    assert "Sportello unico domiciliare per Municipio" in text
    assert "Origine: Tavolo Nord (Bisogni e strategie); Tavolo Sud (Bisogni e strategie)." in text
    assert "Enti che la sostengono: 2 (Alfa APS, Gamma Coop)" in text
    assert "posizione 1 su 8" in text  # the needs' dot ballot: Caregiver senza sollievo, 5 points
    assert "Deciso: Lo sportello unico è la prima priorità della strategia" in text
    assert "Dissenso: Delta chiede di partire dai custodi" in text
    (ARTIFACTS / "plenary-timing.txt").write_text(
        f"phone, 8 items, ballot opening to cast stored: {cast_seconds:.1f} s\n"
    )
    print(f"phone, 8 items: ballot opening to cast stored in {cast_seconds:.1f} s")
    assert failures == []


def test_the_phone_approves_and_rates(phone_server, offline_context):
    """The other two methods on the phone: ticks per item, ratings per item."""
    server = phone_server
    base, known = server["base"], access_codes(server["db"])
    axe, failures = Axe(), []
    database = Database(server["db"])  # the tables' strategies brought into the plenary's list
    plenary = sessions.session_by_join_code(database, known["joins"]["Plenaria di sintesi"])["id"]
    consolidation.promote(
        database, STAFF, plenary, [c["id"] for c in consolidation.candidates(database, plenary, "strategia")]
    )
    listed = len(consolidation.items(database, plenary, "strategia"))
    dario = offline_context(**PHONE).new_page()
    enter(dario, base, known["codes"]["Dario Blu"], known["joins"]["Plenaria di sintesi"])
    facilitator = staff_page(offline_context(viewport={"width": 1400, "height": 1600}), base, "Votazioni")
    choose(facilitator, "Sessione", "Plenaria di sintesi")
    open_on_list(facilitator, f"Strategia ({listed} voci)", "Approvazione")
    ballot_is_open(dario)
    dario.get_by_text("Approvo «Rete di volontari di prossimità per caseggiato»").click()
    dario.get_by_text("Approvo «Budget di salute per la domiciliarità»").click()
    shot(dario, "plenary-phone-approval")
    audit(dario, "Telefono: approvazione", axe, failures)
    dario.get_by_role("button", name="Registra il voto").click()
    expect(dario.get_by_text(re.compile(r"Budget di salute per la domiciliarità: approvata"))).to_be_visible(
        timeout=TIMEOUT
    )
    close_with_outcome(facilitator, "Volontari e budget di salute accettabili per tutti")
    open_on_list(facilitator, f"Strategia ({listed} voci)", "Valutazione")
    ballot_is_open(dario)
    group = dario.get_by_role("radiogroup", name=re.compile("Importanza di «Budget di salute per la domiciliarità»"))
    group.get_by_text("5", exact=True).click()
    shot(dario, "plenary-phone-rating")
    audit(dario, "Telefono: valutazione", axe, failures)
    dario.get_by_role("button", name="Registra il voto").click()
    try:
        expect(dario.get_by_text(re.compile(r"Budget di salute per la domiciliarità: Importanza 5"))).to_be_visible(
            timeout=TIMEOUT
        )
    except AssertionError:
        dario.set_viewport_size({"width": 390, "height": 3000})
        shot(dario, "plenary-debug-rating")
        raise
    assert failures == []
