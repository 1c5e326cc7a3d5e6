"""Every voice counted, in the real browser: six delegates in separate
contexts (one on a phone, 390 x 844) react to eight strategies once the named
facilitator opens reactions; the opinion groups and the consensus appear on the
projector and in Revisione; the phone asks for the floor and is called (the
projector shows who speaks); the organiser publishes a draft sintesi, two
delegates send observations, one is answered, and the next version's DOCX lists
both with their answers. Screens are screenshotted and audited with axe."""

import io
import re
import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe
from docx import Document
from playwright.sync_api import expect

from testkit.browser import TIMEOUT, audit, enter, projector_on, shot, staff_page, wait_app
from testkit.server import demo_server
from testkit.voices import REACTING_ETS, STRATEGIES, camp_reaction, reaction_table

pytestmark = pytest.mark.browser
LIVE = 3_000  # ms: what the facilitator does reaches the delegates' pages by itself within this
LABEL = {"accordo": "D'accordo", "disaccordo": "In disaccordo", "passo": "Passo"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=reaction_table, demo=False)


def codes(db_path) -> dict:
    conn = sqlite3.connect(db_path)
    people = dict(conn.execute("SELECT name, access_code FROM delegate"))
    (join_code,) = conn.execute("SELECT join_code FROM session").fetchone()
    (facilitator,) = conn.execute("SELECT access_code FROM facilitator").fetchone()
    conn.close()
    return {"people": people, "join": join_code, "facilitator": facilitator}


def react(page, title: str, value: str) -> None:
    card = page.locator("[class*='st-key-react_card_']").filter(has_text=title)
    card.get_by_text(LABEL[value], exact=True).click()
    wait_app(page)


def test_reactions_groups_floor_and_observations(server, offline_context):
    base, known = server["base"], codes(server["db"])
    axe, failures = Axe(), []

    # -- six delegates join the table; the sixth on a phone
    pages = []
    for n, (_, _, person) in enumerate(REACTING_ETS.values()):
        phone = n == 5
        context = offline_context(
            viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 1000},
            **({"is_mobile": True, "has_touch": True} if phone else {}),
        )
        page = context.new_page()
        enter(page, base, known["people"][person], known["join"])
        pages.append(page)
    phone = pages[5]

    # -- the named facilitator opens reactions from the console; the lists turn into reaction cards
    facilitator_ctx = offline_context(viewport={"width": 1400, "height": 1600})
    facilitator = facilitator_ctx.new_page()
    facilitator.goto(base + "/")
    wait_app(facilitator)
    facilitator.get_by_role("textbox", name=re.compile("Codice personale")).fill(known["facilitator"])
    facilitator.get_by_role("button", name="Entra").first.click()
    facilitator.get_by_role("link", name="Conduzione").click()
    wait_app(facilitator)
    facilitator.get_by_text("Reazioni e adesioni aperte").click()
    wait_app(facilitator)
    for page in pages:
        expect(page.get_by_role("heading", name="Reagisci alle voci degli altri enti")).to_be_visible(
            timeout=LIVE + 2_000
        )

    # -- each delegate reacts to the eight strategies, by tapping (two camps of three; all agree on two)
    for d, page in enumerate(pages):
        for i, (_, title) in enumerate(STRATEGIES):
            react(page, title, camp_reaction(d, i))
        expect(page.get_by_text("Hai reagito a 8 voci su 8.")).to_be_visible(timeout=TIMEOUT)
    phone.locator("[class*='st-key-react_card_']").filter(has_text=STRATEGIES[7][1]).get_by_text(
        "Aderisco (firma come sostenitore)"
    ).click()
    wait_app(phone)
    expect(phone.get_by_text("Aderiscono: Faro APS")).to_be_visible(timeout=TIMEOUT)
    shot(phone, "voices-phone-reactions")
    audit(phone, "Telefono: reazioni", axe, failures)

    # -- the projector (the facilitator's second tab) shows the groups and the consensus
    projector = projector_on(facilitator_ctx, base, "Tavolo delle strategie")
    expect(projector.get_by_text("Dove siamo d'accordo")).to_be_visible(timeout=TIMEOUT)
    expect(projector.get_by_text(re.compile(r"48 reazioni di 6 enti su 8 voci"))).to_be_visible(timeout=TIMEOUT)
    expect(projector.get_by_text(re.compile(r"^Sono emersi 2 gruppi di opinione"))).to_be_visible()
    expect(projector.locator("[data-testid='stPlotlyChart']")).to_have_count(1)
    table = projector.locator("[data-testid='stTable']")
    expect(table.get_by_text("Formazione comune per operatori e volontari")).to_be_visible()
    expect(table.get_by_text("0.64").first).to_be_visible()  # everybody agrees: 4/5 × 4/5
    shot(projector, "voices-projector-groups")

    # -- the phone asks for the floor; the facilitator calls it; the projector shows who speaks
    phone.get_by_role("button", name="Chiedo la parola").click()
    expect(phone.get_by_text("Sei in coda per parlare: posizione 1.")).to_be_visible(timeout=TIMEOUT)
    expect(facilitator.get_by_text("Fiora Orsi")).to_be_visible(timeout=LIVE + 2_000)  # the console follows
    expect(projector.get_by_text(re.compile(r"Poi: Fiora Orsi \(Faro APS\)"))).to_be_visible(timeout=LIVE + 2_000)
    facilitator.get_by_role("button", name="Dai la parola al prossimo").click()
    expect(phone.get_by_text("Hai la parola.")).to_be_visible(timeout=LIVE + 2_000)
    expect(projector.get_by_text(re.compile(r"Ha la parola: Fiora Orsi \(Faro APS\)"))).to_be_visible(
        timeout=LIVE + 2_000
    )
    expect(projector.get_by_text(re.compile(r"0:0\d di 3:00"))).to_be_visible(timeout=TIMEOUT)
    shot(projector, "voices-projector-floor")
    shot(phone, "voices-phone-floor")
    shot(facilitator, "voices-console-floor")
    audit(facilitator, "Conduzione con la coda degli interventi", axe, failures)
    facilitator.get_by_role("button", name="Concludi l'intervento").click()
    expect(facilitator.get_by_text("Interventi conclusi: 1")).to_be_visible(timeout=TIMEOUT)
    expect(phone.get_by_role("button", name="Chiedo la parola")).to_be_visible(timeout=LIVE + 2_000)

    # -- the organiser reads the same reading in Revisione
    organiser_ctx = offline_context(viewport={"width": 1400, "height": 1600})
    organiser = staff_page(organiser_ctx, base, "Revisione")
    organiser.get_by_role("tab", name="Gruppi di opinione e consenso").click()
    expect(organiser.get_by_text(re.compile(r"^Sono emersi 2 gruppi di opinione"))).to_be_visible(timeout=TIMEOUT)
    expect(organiser.get_by_role("heading", name="Consenso per voce")).to_be_visible()
    expect(organiser.get_by_role("heading", name="Voci che dividono i gruppi")).to_be_visible()
    expect(organiser.locator("[data-testid='stPlotlyChart']:visible").first).to_be_visible()
    shot(organiser, "voices-revisione")
    audit(organiser, "Revisione: gruppi di opinione", axe, failures)

    # -- a draft is published; two delegates observe (a laptop and the phone); one is answered
    organiser.get_by_role("link", name="Bozza e osservazioni").click()
    wait_app(organiser)
    organiser.get_by_role("button", name="Pubblica la versione 1").click()
    expect(organiser.get_by_text(re.compile(r"^Versione 1 · pubblicata il"))).to_be_visible(timeout=TIMEOUT)
    observations = [
        (pages[0], "Manca il tema delle dimissioni ospedaliere."),
        (phone, "Le strategie condivise vengano prima delle altre."),
    ]
    for page, text in observations:
        menu = page.get_by_test_id("stExpandSidebarButton")
        if menu.is_visible():  # on the phone the menu is folded away: open it, as a person does
            menu.click()
        page.get_by_role("link", name="Bozza di sintesi").click()
        wait_app(page)
        expect(page.get_by_role("heading", name="Bozza del documento di sintesi, versione 1")).to_be_visible(
            timeout=TIMEOUT
        )
        fold = page.get_by_test_id("stSidebarCollapseButton").locator("button")
        if page.viewport_size["width"] < 500 and fold.is_visible():  # the menu stays open over the page: fold it
            fold.click()
        page.get_by_text("1. Premessa", exact=True).click()
        box = page.get_by_label("La tua osservazione su «1. Premessa»")
        try:
            box.fill(text, timeout=TIMEOUT)
        except Exception:
            shot(page, "voices-debug-draft")
            raise
        page.get_by_role("button", name="Invia l'osservazione").first.click()
        expect(page.get_by_text("Osservazione registrata.")).to_be_visible(timeout=TIMEOUT)
    shot(phone, "voices-phone-draft")
    audit(phone, "Telefono: bozza di sintesi", axe, failures)
    organiser.reload()
    wait_app(organiser)
    expect(organiser.get_by_text("Manca il tema delle dimissioni ospedaliere.")).to_be_visible(timeout=TIMEOUT)
    first = organiser.locator("[class*='st-key-observation_']").filter(
        has_text="Manca il tema delle dimissioni ospedaliere."
    )
    first.get_by_text("Rispondi", exact=True).first.click()
    first.get_by_text("parzialmente accolta", exact=True).click()
    first.get_by_label("Motivazione").fill("Aggiunto un paragrafo sulle dimissioni protette.")
    first.locator("[data-testid='stForm']").get_by_role("button", name="Rispondi").click()
    expect(organiser.get_by_text(re.compile("Risposta: parzialmente accolta"))).to_be_visible(timeout=TIMEOUT)
    shot(organiser, "voices-observations")
    audit(organiser, "Bozza e osservazioni", axe, failures)
    pages[0].reload()
    wait_app(pages[0])
    expect(pages[0].get_by_text(re.compile("Risposta: parzialmente accolta"))).to_be_visible(timeout=TIMEOUT)

    # -- the next version's DOCX lists both observations with their answers
    organiser.get_by_role("button", name="Pubblica la versione 2").click()
    expect(organiser.get_by_text(re.compile(r"^Versione 2 · pubblicata il"))).to_be_visible(timeout=TIMEOUT)
    with organiser.expect_download() as download:
        organiser.get_by_role("button", name="DOCX").first.click()  # the newest version comes first
    text = "\n".join(p.text for p in Document(io.BytesIO(open(download.value.path(), "rb").read())).paragraphs)
    assert "Bozza n. 2 pubblicata per le osservazioni" in text
    assert "Aurora APS: «Manca il tema delle dimissioni ospedaliere.»" in text
    assert "Risposta: parzialmente accolta. Aggiunto un paragrafo sulle dimissioni protette." in text
    assert "Faro APS: «Le strategie condivise vengano prima delle altre.»" in text
    assert "Risposta: non ancora data." in text
    assert "Adesioni, reazioni e gruppi di opinione" in text and "Sono emersi 2 gruppi di opinione" in text
    assert failures == []
