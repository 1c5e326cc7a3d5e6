"""Day zero, through the UI only, from an empty database: an organiser creates
the percorso and its plenary, imports 30 applications (one late, one judged
not coherent), decides on them, prints the invitations; a facilitator opens the
needs phase; a delegate of an admitted ETS joins on a phone and logs a need; a
delegate of the ETS not admitted sees the refusal and nothing of theirs is
stored; the demo, created and then deleted, leaves no row behind."""

import re
import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from testkit.browser import (
    PHONE,
    PROJECTOR_SETTINGS,
    TIMEOUT,
    audit,
    fill_need,
    set_expander,
    shot,
    staff_page,
    wait_app,
)
from testkit.browser import choose as pick
from testkit.server import demo_server

pytestmark = pytest.mark.browser
TABLES = (
    "process",
    "session",
    "phase",
    "organisation",
    "organisation_field",
    "organisation_municipio",
    "delegate",
    "contribution",
    "contribution_author",
    "contribution_municipio",
    "contribution_nil",
    "attendance",
    "ballot",
    "ballot_item",
    "vote",
    "vote_entry",
    "seed_item",
    "paper_count",
    "synthesis",
    "audit_log",
)


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, demo=False)


def applications_csv(path):
    from stdnum import luhn

    rows = [
        "denominazione;codice_fiscale;forma_giuridica;municipi;attivita;data_arrivo_pec;esperienza_triennio;"
        "attivita_coerenti;delegato_nome;delegato_ruolo"
    ]
    for n in range(1, 31):
        base = f"97{n:05d}015"
        arrived = "20/11/2026 12:05" if n == 29 else f"{n % 9 + 10:02d}/11/2026 10:{n:02d}"
        coherent = "no" if n == 30 else "sì"
        rows.append(
            f"Ente del Terzo Settore {n:02d} APS;{base + luhn.calc_check_digit(base)};APS;{1 + n % 9};a;"
            f"{arrived};Servizi domiciliari nel triennio;{coherent};Delegata {n:02d};Referente"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def counts(db) -> dict:
    conn = sqlite3.connect(db)
    found = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    conn.close()
    return found


def type_date(scope, page, label: str, day: str) -> None:
    """Streamlit's date input is three spin buttons (day, month, year): type into them as a person does."""
    scope.get_by_role("spinbutton", name=f"giorno, {label}").click()  # Streamlit's «day», in Italian
    page.keyboard.type(day.replace("/", ""))


def refuse(page, name: str, reason: str) -> None:
    """The organiser records one application as non ammessa, with its reason."""
    decide = page.locator("[data-testid='stForm']").filter(has_text="Esito delle domande")
    pick(decide, "Enti", name)
    decide.get_by_text("non ammessa").click()
    decide.get_by_role("textbox", name="Motivazione").fill(reason)
    decide.get_by_role("button", name="Salva modifiche").click()
    expect(page.get_by_text("Esito registrato per 1 ente")).to_be_visible(timeout=TIMEOUT)


def tab(page, name: str) -> None:
    wait_app(page)  # a run that just ended can leave the old tabs on screen for a moment
    expect(page.get_by_role("tab", name=name)).to_have_count(1, timeout=TIMEOUT)
    page.get_by_role("tab", name=name).click()
    wait_app(page)


def test_a_real_procedure_from_an_empty_database(empty_server, offline_context, tmp_path):
    base, db = empty_server["base"], empty_server["db"]

    # -- nobody has created anything yet: the sign-in page says what to do
    organiser_ctx = offline_context(viewport={"width": 1400, "height": 1800})
    first = organiser_ctx.new_page()
    first.goto(base + "/")
    wait_app(first)
    expect(first.get_by_text("Primo avvio")).to_be_visible(timeout=TIMEOUT)
    first.close()

    # -- the first-run page: the percorso, as the avviso states it
    organiser = staff_page(organiser_ctx, base, "Preparazione")
    expect(organiser.get_by_role("heading", name="Primo avvio: il percorso")).to_be_visible(timeout=TIMEOUT)
    shot(organiser, "primo-avvio")
    axe, failures = Axe(), []
    audit(organiser, "primo avvio", axe, failures)
    organiser.get_by_label("Titolo").fill("Co-programmazione domiciliarità 2027")
    organiser.get_by_label("Ufficio responsabile").fill("Area Domiciliarità e Cultura della Salute")
    organiser.get_by_label("Protocollo dell'avviso").fill("PG 123456/2026")
    type_date(organiser, organiser, "Scadenza delle domande", "20/11/2026")
    organiser.get_by_label("PEC per le domande").fill("coprogrammazione@pec.comune.milano.it")
    organiser.get_by_role("textbox", name="Contatto della segreteria").fill(
        "segreteria.coprog@comune.milano.it, 02 884 00000"
    )
    organiser.get_by_role("button", name="Crea il percorso").click()

    # -- then its first session, the opening plenary
    expect(organiser.get_by_text("crea la sua prima sessione")).to_be_visible(timeout=TIMEOUT)
    form = organiser.locator("[data-testid='stForm']").filter(has_text="Nuova sessione").first
    form.get_by_label("Titolo").fill("Plenaria di avvio")
    type_date(form, organiser, "Data", "26/11/2026")
    form.get_by_label("Luogo").fill("Palazzo Marino, Sala Alessi")
    form.get_by_role("button", name="Crea la sessione").click()
    expect(organiser.get_by_text("crea la sua prima sessione")).to_have_count(0, timeout=TIMEOUT)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT title, application_deadline, is_demo FROM process").fetchall() == [
        ("Co-programmazione domiciliarità 2027", "2026-11-20T12:00", 0)
    ]
    assert conn.execute("SELECT title, kind, date FROM session").fetchall() == [
        ("Plenaria di avvio", "plenaria", "2026-11-26")
    ]
    conn.close()

    # -- 30 applications, one of them late
    tab(organiser, "Importa ETS")
    organiser.locator("input[type='file']").set_input_files(str(applications_csv(tmp_path / "domande.csv")))
    expect(organiser.get_by_text("Tutto in ordine: 30 enti e 30 delegati")).to_be_visible(timeout=TIMEOUT)
    organiser.get_by_role("button", name="Importa", exact=True).click()
    expect(organiser.get_by_text("Importate 30 domande")).to_be_visible(timeout=TIMEOUT)
    expect(organiser.get_by_text("errori")).to_have_count(0)  # the imported file is not checked again
    expect(organiser.get_by_text("domande.csv")).to_have_count(0)  # the uploader is empty again

    # -- the outcome: one not coherent, every other on time admitted, the late one not
    tab(organiser, "Ammissione")
    refuse(organiser, "Ente del Terzo Settore 30", "Nessuna attività coerente nel triennio 2022-2024")
    decide = organiser.locator("[data-testid='stForm']").filter(has_text="Esito delle domande")
    decide.get_by_text("arrivate nei termini (28)").click()
    decide.get_by_text("ammessa", exact=True).click()
    decide.get_by_role("button", name="Salva modifiche").click()
    expect(organiser.get_by_text("Esito registrato per 28 enti")).to_be_visible(timeout=TIMEOUT)
    refuse(organiser, "Ente del Terzo Settore 29", "Domanda pervenuta oltre il termine")
    shot(organiser, "ammissione")
    conn = sqlite3.connect(db)
    assert dict(conn.execute("SELECT admission, count(*) FROM organisation GROUP BY 1").fetchall()) == {
        "ammessa": 28,
        "non_ammessa": 2,
    }
    assert conn.execute("SELECT admission_reason FROM organisation WHERE name LIKE '%29 APS'").fetchone() == (
        "Domanda pervenuta oltre il termine",
    )
    conn.close()
    wait_app(organiser)  # the confirmation is drawn first; the page below it is still being redrawn
    organiser.get_by_role("button", name="Prepara: Domande ed esito PDF").click()
    with organiser.expect_download() as pdf:
        organiser.get_by_role("button", name="Scarica: Domande ed esito PDF").click()
    assert pdf.value.suggested_filename == "domande_esito.pdf"

    # -- the invitations, for the 28 admitted
    tab(organiser, "Inviti")
    expect(organiser.get_by_text("28 inviti attivi")).to_be_visible(timeout=TIMEOUT)
    with organiser.expect_download() as cards:
        organiser.get_by_role("button", name="Cartoncini (HTML da stampare)").click()
    printed = open(cards.value.path(), encoding="utf-8").read()
    assert printed.count("<svg") == 28 and "Delegata 29" not in printed

    # -- a facilitator opens the needs phase of the plenary
    conn = sqlite3.connect(db)
    needs_phase, join_code = conn.execute(
        "SELECT p.id, s.join_code FROM phase p JOIN session s ON s.id = p.session_id WHERE p.position = 2"
    ).fetchone()
    (admitted_code,) = conn.execute(
        "SELECT d.access_code FROM delegate d JOIN organisation o ON o.id = d.organisation_id"
        " WHERE o.name LIKE '%03 APS'"
    ).fetchone()
    refused_code, refused_org = conn.execute(
        "SELECT d.access_code, o.id FROM delegate d JOIN organisation o ON o.id = d.organisation_id"
        " WHERE o.name LIKE '%29 APS'"
    ).fetchone()
    conn.close()
    organiser.get_by_role("link", name="Conduzione").click()
    wait_app(organiser)
    organiser.locator(f".st-key-cur_{needs_phase} button").click()
    expect(organiser.get_by_role("heading", name="Lettura dei bisogni")).to_be_visible(timeout=TIMEOUT)
    wait_app(organiser)  # making the phase current opened its contributions, in the same step
    expect(organiser.get_by_role("button", name="Chiudi i contributi")).to_be_visible(timeout=TIMEOUT)

    # -- a delegate of an admitted ETS, on a phone: the informativa once, then the need
    phone_ctx = offline_context(**PHONE)
    phone = phone_ctx.new_page()
    phone.goto(f"{base}/join/{admitted_code}")
    wait_app(phone)
    expect(phone.get_by_text("Prima di iniziare: come trattiamo i tuoi dati")).to_be_visible(timeout=TIMEOUT)
    expect(phone.get_by_text("segreteria.coprog@comune.milano.it").first).to_be_visible()
    shot(phone, "informativa-telefono")
    audit(phone, "informativa al primo accesso (telefono)", axe, failures)
    phone.get_by_role("button", name="Ho letto l'informativa").click()
    expect(phone.get_by_text("Prima di iniziare")).to_have_count(0, timeout=TIMEOUT)
    phone.get_by_label("Codice della sessione").fill(join_code)
    phone.get_by_role("button", name="Unisciti alla sessione").click()
    expect(phone.get_by_label("Titolo (breve sintesi)")).to_be_visible(timeout=TIMEOUT)
    fill_need(phone, "Anziani soli al quarto piano senza ascensore", 4)
    phone.get_by_role("button", name="Invia").click()
    expect(phone.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)
    shot(phone, "bisogno-telefono")

    # -- a delegate of the ETS not admitted: the refusal, with whom to ask; nothing opens
    refused_ctx = offline_context(viewport={"width": 1280, "height": 900})
    refused = refused_ctx.new_page()
    refused.goto(f"{base}/join/{refused_code}")
    wait_app(refused)
    expect(refused.get_by_text("risulta non ammessa")).to_be_visible(timeout=TIMEOUT)
    expect(refused.get_by_text("segreteria.coprog@comune.milano.it")).to_be_visible()
    expect(refused.get_by_role("link", name="Partecipa")).to_have_count(0)
    shot(refused, "ente-non-ammesso")
    audit(refused, "ente non ammesso", axe, failures)
    refused.get_by_role("link", name="Informativa privacy").click()
    expect(refused.get_by_role("heading", name="Informativa privacy")).to_be_visible(timeout=TIMEOUT)
    audit(refused, "informativa", axe, failures)
    for path in ("/partecipa", f"/?sessione={join_code}", "/miei-contributi", "/lettura"):
        refused.goto(base + path)
        wait_app(refused)
        expect(refused.get_by_text("risulta non ammessa")).to_be_visible(timeout=TIMEOUT)
        expect(refused.get_by_label("Titolo (breve sintesi)")).to_have_count(0)
    conn = sqlite3.connect(db)
    for table in ("attendance", "contribution", "vote"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE organisation_id = ?", (refused_org,)).fetchone() == (
            0,
        )
    assert conn.execute("SELECT count(*) FROM contribution").fetchone() == (1,)
    conn.close()

    # -- the demo, created from the app and deleted: no row left behind
    before = counts(db)
    organiser.get_by_role("link", name="Preparazione").click()
    wait_app(organiser)
    tab(organiser, "Percorso")
    organiser.get_by_text("Prova la demo").click()
    organiser.get_by_role("button", name="Crea la demo").click()
    expect(organiser.get_by_text("DEMO · percorso dimostrativo")).to_be_visible(timeout=60_000)
    shot(organiser, "demo-preparazione")
    projector = staff_page(offline_context(viewport={"width": 1920, "height": 1080}), base, "Proiettore")
    set_expander(projector, PROJECTOR_SETTINGS, True)  # the projector redraws by itself: look, then click
    # choosing another percorso redraws the whole projector (the band tells); the projector also
    # redraws by itself, which can take the list away mid-choice: pick() chooses again then
    pick(projector, "Percorso", "DEMO -")
    expect(projector.get_by_text("DEMO · percorso dimostrativo")).to_be_visible(timeout=TIMEOUT)
    shot(projector, "demo-proiettore")
    assert counts(db)["organisation"] == before["organisation"] + 30
    tab(organiser, "Percorso")
    organiser.get_by_text("Elimina il percorso demo", exact=True).click()
    title = organiser.get_by_label(re.compile("Per confermare scrivi il titolo"))
    title.fill("DEMO - Co-programmazione del sistema integrato di domiciliarità")
    organiser.get_by_role("button", name="Elimina definitivamente").click()
    expect(organiser.get_by_text("Percorso demo eliminato.")).to_be_visible(timeout=TIMEOUT)
    after = counts(db)
    assert after == {**before, "audit_log": before["audit_log"] + 1}, (before, after)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone() == ("elimina_demo",)
    conn.close()
    expect(organiser.get_by_text("DEMO · percorso dimostrativo")).to_have_count(0)
    for context in (organiser_ctx, phone_ctx, refused_ctx):
        assert context.blocked == []
    assert failures == []
