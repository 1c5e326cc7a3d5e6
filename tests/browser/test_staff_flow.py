"""The staff's flow in the real browser: the console's session is the one
*Votazioni* and a new projector tab open on, and it stays in the address (a
reload lands on it), tabs too; the ballot's set-up shows the chosen method's
settings only; every action says what it did; results are revealed where the
ballot was closed, with a label that says who sees them; the console's counters
follow by themselves; a code for a delegate of an ETS not admitted asks first;
one delegate's card after another downloads each time; a document prepared on a
page left open says by itself when the percorso changed since."""

import json
import re
import zipfile

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from coprog.procedure import processes, sessions
from coprog.records import sintesi
from coprog.storage.db import Database
from testkit.browser import PHONE, TIMEOUT, access_codes, audit, choose, enter, pick_method, shot, staff_page, wait_app
from testkit.builders import STAFF, fiscal_code, refused_ets, tables_and_plenary
from testkit.server import demo_server

pytestmark = pytest.mark.browser


def prepare(database):
    world = tables_and_plenary(database)
    refused_ets(database, world["process_id"], "Zeta APS", "Zoe Rossetti", fiscal_code(581))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=prepare, demo=False)


def test_the_staff_flow(server, offline_context):
    base, people = server["base"], access_codes(server["db"])
    axe, failures = Axe(), []
    context = offline_context(viewport={"width": 1400, "height": 1600})
    console = staff_page(context, base, "Conduzione")
    choose(console, "Sessione", "Tavolo Sud")
    wait_app(console)
    expect(console).to_have_url(re.compile(r"sessione=Tavolo\+Sud"))
    # the room's counters follow by themselves: a delegate joins, the console says so with no reload
    expect(console.get_by_text(re.compile(r"Presenti: 2 organizzazioni"))).to_be_visible(timeout=TIMEOUT)
    delegate = offline_context(**PHONE).new_page()
    enter(delegate, base, people["codes"]["Dario Blu"], people["joins"]["Tavolo Sud"])
    expect(console.get_by_text(re.compile(r"Presenti: 3 organizzazioni"))).to_be_visible(timeout=8_000)
    console.get_by_role("spinbutton", name="Minuti").fill("12")
    console.get_by_role("button", name="Imposta").click()
    expect(console.get_by_text("Timer impostato a 12 minuti.")).to_be_visible(timeout=TIMEOUT)  # what was done
    console.reload()
    wait_app(console)
    expect(console.get_by_role("combobox", name="Sessione").first).to_have_value("Tavolo Sud")

    # Votazioni follows the console's session; a new projector tab opens on it too
    console.get_by_role("link", name="Votazioni").click()
    wait_app(console)
    expect(console.get_by_role("combobox", name="Sessione").first).to_have_value("Tavolo Sud")
    projector = context.new_page()
    projector.goto(base + "/proiettore")
    wait_app(projector)
    expect(projector.get_by_role("heading", name="Tavolo Sud")).to_be_visible(timeout=TIMEOUT)
    shot(projector, "staff-flow-projector-follows")

    # the ballot's set-up: the chosen method's settings only
    votes = console
    expect(votes.get_by_label("Punti per organizzazione")).to_be_visible(timeout=TIMEOUT)
    expect(votes.get_by_label("Dimensioni")).to_have_count(0)
    pick_method(votes, "Valutazione")
    expect(votes.get_by_text("Dimensioni").first).to_be_visible(timeout=TIMEOUT)
    expect(votes.get_by_label("Tetto per voce")).to_have_count(0)
    pick_method(votes, "Approvazione")
    expect(votes.get_by_label("Tetto per voce")).to_have_count(0)
    shot(votes, "staff-flow-ballot-setup")
    audit(votes, "Votazioni: impostazione", axe, failures)
    votes.get_by_role("button", name="Apri la votazione").click()
    expect(votes.get_by_text("Votazione aperta (Approvazione): i delegati la vedono ora.")).to_be_visible(
        timeout=TIMEOUT
    )
    delegate.get_by_text("Approvo «Sportello unico domiciliare in ogni Municipio»").click()
    delegate.get_by_role("button", name="Registra il voto").click()
    expect(delegate.get_by_text("Voto registrato alle").first).to_be_visible(timeout=TIMEOUT)
    votes.get_by_label("Che cosa si è deciso *").fill("Lo sportello in ogni Municipio")
    votes.get_by_role("button", name="Chiudi e congela i risultati").click()
    expect(votes.get_by_text("Votazione chiusa: esito registrato e risultati congelati.")).to_be_visible(
        timeout=TIMEOUT
    )
    # the reveal, where the ballot closed, saying who sees the results
    expect(votes.get_by_text("I risultati non sono ancora visibili")).to_be_visible(timeout=TIMEOUT)
    votes.get_by_role("button", name="Mostra i risultati a tutti (proiettore e schermi dei delegati)").click()
    expect(votes.get_by_text("Risultati mostrati a tutti: sul proiettore e ai delegati.")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(delegate.get_by_text("✔ = voce condivisa").first).to_be_visible(timeout=10_000)
    shot(votes, "staff-flow-revealed")
    audit(votes, "Votazioni: risultati mostrati", axe, failures)

    # a tab in the address: a reload opens the same tab
    organiser = staff_page(context, base, "Documenti e dati")
    organiser.get_by_role("tab", name="Registri presenze").click()
    wait_app(organiser)
    expect(organiser).to_have_url(re.compile(r"scheda=Registri"))
    organiser.reload()
    wait_app(organiser)
    expect(organiser.get_by_role("tab", name="Registri presenze")).to_have_attribute("aria-selected", "true")

    # the open data as the Comune publishes them: the archive carries its readme, dictionary and metadata
    organiser.get_by_role("tab", name="Dati aperti e copia").click()
    organiser.get_by_role("button", name="Prepara: CSV (zip)").click()
    with organiser.expect_download() as download:
        organiser.get_by_role("button", name="Scarica: CSV (zip)").click()
    open_data = organiser.locator("[role=tabpanel]:visible")  # under the file, when it was prepared
    expect(open_data.get_by_text(re.compile(r"^Preparato alle \d\d:\d\d:\d\d\.$"))).to_be_visible(timeout=TIMEOUT)
    with zipfile.ZipFile(download.value.path()) as archive:
        names = set(archive.namelist())
        readme = archive.read("LEGGIMI.txt").decode("utf-8")
        metadata = json.loads(archive.read("metadati.json"))
    assert {"LEGGIMI.txt", "metadati.json", "dizionario.csv", "vocabolari.csv", "enti.csv"} <= names
    assert "Licenza: CC BY 4.0" in readme
    assert {d["dcat:downloadURL"] for d in metadata["dcat:distribution"]} == {n for n in names if n.endswith(".csv")}
    shot(organiser, "staff-flow-open-data")
    # another organiser writes in the percorso: the page left open says so by itself, before a download
    database = Database(server["db"])
    sintesi.save_texts(database, STAFF, processes.current(database)["id"], premessa="Premessa.", conclusioni="")
    database.close()
    stale = open_data.get_by_text("da allora i dati del percorso sono cambiati")
    expect(stale).to_contain_text("premi «Prepara: CSV (zip)»", timeout=TIMEOUT)
    shot(organiser, "staff-flow-open-data-older")

    # what was done, said: a new session
    organiser.get_by_role("link", name="Preparazione").click()
    wait_app(organiser)
    organiser.get_by_role("tab", name="Sessioni").click()
    form = organiser.locator("[data-testid=stForm]").filter(has_text="Crea la sessione")
    form.get_by_label("Titolo *").fill("Tavolo Est")
    form.get_by_role("button", name="Crea la sessione").click()
    expect(organiser.get_by_text("Sessione «Tavolo Est» creata.")).to_be_visible(timeout=TIMEOUT)

    # back to the open data prepared before it: still said to be older than the percorso
    organiser.get_by_role("link", name="Documenti e dati").click()
    wait_app(organiser)
    organiser.get_by_role("tab", name="Dati aperti e copia").click()
    stale = organiser.locator("[role=tabpanel]:visible").get_by_text("da allora i dati del percorso sono cambiati")
    expect(stale).to_contain_text("premi «Prepara: CSV (zip)»", timeout=TIMEOUT)

    # a new code for a delegate of an ETS turned down: a warning, and a confirmation first
    organiser.get_by_role("link", name="Organizzazione").click()
    wait_app(organiser)
    organiser.get_by_role("tab", name="Delegati").click()
    choose(organiser, "Delegato", "Zoe Rossetti")
    expect(organiser.get_by_text("un nuovo codice non gli permetterà di entrare")).to_be_visible(timeout=TIMEOUT)
    expect(organiser.get_by_role("button", name="Nuovo codice")).to_be_disabled()
    organiser.get_by_text("Ho capito: crea comunque il nuovo codice").click()
    expect(organiser.get_by_role("button", name="Nuovo codice")).to_be_enabled(timeout=TIMEOUT)
    shot(organiser, "staff-flow-code-not-admitted")

    # one delegate's invite to print: the card and its PDF, on buttons that name the delegate
    choose(organiser.locator(".st-key-card_who"), "Delegato", "Anna Rossi")
    with organiser.expect_download() as card:
        organiser.get_by_role("button", name="Invito di Anna Rossi (HTML da stampare)").click()
    printed = open(card.value.path(), encoding="utf-8").read()
    assert printed.count("<svg") == 1 and "Anna Rossi" in printed and "Zoe Rossetti" not in printed
    with organiser.expect_download() as pdf:
        organiser.get_by_role("button", name="Invito di Anna Rossi (PDF)").click()
    assert pdf.value.suggested_filename.endswith(".pdf") and open(pdf.value.path(), "rb").read(5) == b"%PDF-"
    shot(organiser, "staff-flow-one-card")
    assert failures == [], "\n".join(failures)


def test_cards_printed_one_after_another(server, offline_context):
    """An organiser prints one delegate's card, then another's, twelve times in a row: each
    click downloads the card of the delegate chosen. Before, about one click in twelve
    downloaded nothing (the button turned for three minutes): the card was built at the click,
    and a run near the click (the choice's, the click's own) lost its answer (ui/downloads.py).
    The button names the delegate: one still on screen from the choice before says whose card
    it gives (unnamed, a click right after the choice gave the delegate before's card)."""
    base, people = server["base"], access_codes(server["db"])
    names = ["Anna Rossi", "Bruno Verdi", "Bice Gialli"]
    assert set(names) <= set(people["codes"])
    organiser = staff_page(offline_context(viewport={"width": 1400, "height": 1600}), base, "Organizzazione")
    organiser.get_by_role("tab", name="Delegati").click()
    wait_app(organiser)
    printed = []
    for turn in range(12):
        name = names[turn % len(names)]
        choose(organiser.locator(".st-key-card_who"), "Delegato", name)
        with organiser.expect_download(timeout=TIMEOUT) as card:
            organiser.get_by_role("button", name=f"Invito di {name} (HTML da stampare)").click()
        text = open(card.value.path(), encoding="utf-8").read()
        printed.append([n for n in names if n in text])
    assert printed == [[names[turn % len(names)]] for turn in range(12)]


def test_a_sintesi_being_written_keeps_its_text_when_its_check_goes_out_of_date(server, offline_context):
    """The organiser checked the sintesi and is writing its premessa (not saved yet) when
    another organiser adds a session: the page runs again by itself to say the check is older
    than the percorso (ui/organiser.follow_built), and what was being typed is still there, and
    saved."""
    organiser = staff_page(
        offline_context(viewport={"width": 1400, "height": 1600}), server["base"], "Documenti e dati"
    )
    organiser.get_by_role("tab", name="Documento di sintesi").click()
    wait_app(organiser)
    organiser.get_by_role("button", name="Verifica la sintesi e prepara le edizioni").click()
    synthesis = organiser.locator("[role=tabpanel]:visible")
    expect(synthesis.get_by_text(re.compile(r"Verifica (superata|.*ha trovato)"))).to_be_visible(timeout=60_000)
    premessa = synthesis.get_by_role("textbox", name="Premessa")
    premessa.fill("")  # whatever another test saved there: the organiser writes it anew
    premessa.press_sequentially("Il Comune ringrazia gli enti ")
    database = Database(server["db"])  # meanwhile another organiser adds a session to the percorso
    sessions.create_session(
        database, STAFF, process_id=processes.current(database)["id"], kind="tavolo", title="Tavolo Ovest"
    )
    database.close()
    expect(synthesis.get_by_text(re.compile(r"^Verifica delle .*Verifica di nuovo"))).to_be_visible(timeout=TIMEOUT)
    premessa.press_sequentially("che hanno partecipato.")
    expect(premessa).to_have_value("Il Comune ringrazia gli enti che hanno partecipato.")
    synthesis.get_by_role("button", name="Salva modifiche").click()
    expect(organiser.get_by_text("Testi della sintesi salvati.")).to_be_visible(timeout=TIMEOUT)
    shot(organiser, "staff-flow-sintesi-typed-kept")
