"""The offer side in the real browser: a delegate on a phone (390 x 844)
declares two services of her ETS; the organiser checks them, imports a file of
40 services (one bad row: refused, nothing imported; then the fixed file), reads
the offer beside the needs (map and network, with every request outside
localhost blocked) and downloads the sintesi, which has the "Risorse
disponibili" chapter; the facilitator puts needs beside services on the
projector. Screens are screenshotted and audited with axe."""

import re
import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from testkit.browser import PHONE, TIMEOUT, audit, choose, projector_on, shot, sintesi, staff_page, wait_app
from testkit.offer import csv_bytes, import_rows, offer_world
from testkit.server import demo_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=offer_world, demo=False)


def count(db, sql: str) -> int:
    conn = sqlite3.connect(db)
    (n,) = conn.execute(sql).fetchone()
    conn.close()
    return n


def declare(page, *, kind: str, municipio: int, people: str, premises: tuple[str, str], other: str = "") -> None:
    """Fill the declaration form as a person does, from the top, and send it."""
    choose(page, "Municipi", f"Municipio {municipio}")
    page.wait_for_timeout(600)  # the NIL list follows the Municipi (a rerun)
    wait_app(page)
    choose(page, "Tipo di servizio", kind)
    if other:
        page.get_by_label("Quale servizio (se «Altro»)").fill(other)
    choose(page, "Destinatari", "Anziani soli")
    page.get_by_label("Persone raggiunte nell'ultimo anno").fill(people)
    page.get_by_label("Ore di servizio a settimana").fill("12")
    page.get_by_label("Personale retribuito (persone)").fill("2")
    page.get_by_label("Volontari (persone)").fill("5")
    page.get_by_label("Sede 1: nome o indirizzo").fill(premises[0])
    choose(page, "Sede 1: quartiere (NIL)", premises[1])
    page.get_by_text("Disponibile per la co-progettazione", exact=True).click()
    page.get_by_role("button", name="Dichiara il servizio").click()
    expect(page.get_by_text("Servizio dichiarato: gli organizzatori lo verificheranno.")).to_be_visible(timeout=TIMEOUT)


def test_declare_check_import_read_and_record(server, offline_context, tmp_path):
    base, db = server["base"], server["db"]
    axe, failures = Axe(), []
    conn = sqlite3.connect(db)
    code = conn.execute("SELECT access_code FROM delegate WHERE name = 'Carla Neri'").fetchone()[0]
    fiscal_codes = [r[0] for r in conn.execute("SELECT codice_fiscale FROM organisation ORDER BY id")]
    conn.close()
    before = count(db, "SELECT count(*) FROM service")

    # -- Carla (Gamma Coop) on her phone: the menu, "I nostri servizi", two services
    phone_ctx = offline_context(**PHONE)
    phone = phone_ctx.new_page()
    phone.goto(f"{base}/join/{code}")
    expect(phone.get_by_label("Codice della sessione")).to_be_visible(timeout=TIMEOUT)  # her page, no session yet
    link = phone.get_by_role("link", name="I nostri servizi")
    menu = phone.get_by_test_id("stExpandSidebarButton")
    if menu.is_visible():  # on the phone the menu is folded away: open it, as a person does
        menu.click()
    link.click()
    wait_app(phone)
    fold = phone.get_by_test_id("stSidebarCollapseButton").locator("button")
    if fold.is_visible():  # the menu stays open over the page: fold it
        fold.click()
    expect(phone.get_by_role("heading", name="I servizi del nostro ente")).to_be_visible(timeout=TIMEOUT)
    declare(phone, kind="Telesoccorso", municipio=3, people="45", premises=("Via Pascoli 10", "Città studi"))
    declare(
        phone,
        kind="Altro",
        other="Portierato solidale",
        municipio=3,
        people="30",
        premises=("Via Porpora 5", "Buenos Aires"),
    )
    expect(phone.get_by_text("In verifica")).to_have_count(2, timeout=TIMEOUT)
    shot(phone, "offer-phone-declared")
    audit(phone, "I nostri servizi (telefono)", axe, failures)
    assert count(db, "SELECT count(*) FROM service WHERE status = 'nuovo'") == 2

    # -- the organiser checks both
    organiser_ctx = offline_context(viewport={"width": 1400, "height": 1400})
    organiser = staff_page(organiser_ctx, base, "Offerta degli ETS")
    expect(organiser.get_by_text("2 servizi attendono la verifica.")).to_be_visible(timeout=TIMEOUT)
    expect(organiser.get_by_text(re.compile("Portierato solidale"))).to_be_visible(timeout=TIMEOUT)
    audit(organiser, "Offerta degli ETS: da verificare", axe, failures)
    for _ in range(2):
        organiser.get_by_role("button", name="Approva").first.click()
        expect(organiser.get_by_text("Servizio verificato.")).to_be_visible(timeout=TIMEOUT)
        wait_app(organiser)
    expect(organiser.get_by_text("Nessun servizio da verificare.")).to_be_visible(timeout=TIMEOUT)
    assert count(db, "SELECT count(*) FROM service WHERE status = 'approvato'") == before + 2

    # -- the import: a file of 40 with one bad row (nothing goes in), then the fixed file
    organiser.get_by_role("tab", name="Importa da file").click()
    bad = tmp_path / "servizi.csv"
    bad.write_bytes(csv_bytes(import_rows(fiscal_codes, 40, bad_row=17)))
    organiser.locator("input[type='file']").set_input_files(str(bad))
    expect(organiser.get_by_text("1 errore: nessuna riga verrà importata")).to_be_visible(timeout=TIMEOUT)
    expect(organiser.get_by_text("Municipio sconosciuto «12»").first).to_be_visible(timeout=TIMEOUT)
    shot(organiser, "offer-import-errors")
    audit(organiser, "Offerta degli ETS: errori dell'importazione", axe, failures)
    assert count(db, "SELECT count(*) FROM service") == before + 2
    good = tmp_path / "servizi-corretto.csv"
    good.write_bytes(csv_bytes(import_rows(fiscal_codes, 40)))
    organiser.locator("input[type='file']").set_input_files(str(good))
    expect(organiser.get_by_text("Pronti da importare: 40 servizi di 4 enti.", exact=False)).to_be_visible(
        timeout=TIMEOUT
    )
    organiser.get_by_role("button", name="Importa i servizi").click()
    expect(organiser.get_by_text("Importati 40 servizi.")).to_be_visible(timeout=TIMEOUT)
    assert count(db, "SELECT count(*) FROM service WHERE status = 'approvato'") == before + 42

    # -- the reading: the offer beside the needs, the map and the network, offline
    organiser.get_by_role("link", name="Lettura dei bisogni").click()
    wait_app(organiser)
    organiser.get_by_role("tab", name="Risorse disponibili").click()
    tab = organiser.get_by_role("tabpanel", name="Risorse disponibili")
    expect(tab.get_by_text("ETS con servizi").first).to_be_visible(timeout=TIMEOUT)
    expect(tab.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")).to_have_count(1, timeout=TIMEOUT)
    expect(tab.locator("[data-testid='stPlotlyChart'] canvas").first).to_be_visible(timeout=TIMEOUT)  # the map
    shot(organiser, "offer-reading-map")
    audit(organiser, "Lettura: risorse (mappa)", axe, failures)
    tab.get_by_text("Chi potrebbe lavorare insieme").click()
    wait_app(organiser)
    expect(tab.locator("[data-testid='stPlotlyChart'] text", has_text="Alfa APS").first).to_be_attached(timeout=TIMEOUT)
    shot(organiser, "offer-reading-network")
    audit(organiser, "Lettura: risorse (rete)", axe, failures)
    tab.get_by_text("Enti per bisogno o proposta").click()
    wait_app(organiser)
    expect(tab.get_by_text(re.compile("^Un primo elenco per i tavoli di co-progettazione"))).to_be_visible(
        timeout=TIMEOUT
    )
    expect(tab.get_by_role("button", name="Scarica i dati (CSV)").last).to_be_visible(timeout=TIMEOUT)

    # -- the facilitator puts needs beside services on the projector
    console = staff_page(organiser_ctx, base, "Conduzione")
    choose(console, "Sessione", "Tavolo Nord")
    console.get_by_text("Bisogni e offerta", exact=True).click()
    wait_app(console)
    projector = projector_on(organiser_ctx, base, "Tavolo Nord")
    expect(projector.locator(".js-plotly-plot text", has_text="Bisogni e offerta degli ETS")).to_be_attached(
        timeout=TIMEOUT
    )
    shot(projector, "offer-projector")
    assert organiser_ctx.blocked == [] and phone_ctx.blocked == []  # nothing asked of the internet

    # -- the sintesi has the chapter
    document = sintesi(organiser)
    text = "\n".join(p.text for p in document.paragraphs)
    assert re.search(r"\d+\. Risorse disponibili", text)
    assert "4 ETS hanno dichiarato 48 servizi" in text
    alts = [s.get("descr") for s in document.element.body.iter() if s.tag.endswith("}docPr") and s.get("descr")]
    assert any(a.startswith("Persone raggiunte ogni 1.000 over 65 per Municipio") for a in alts)
    assert failures == []
