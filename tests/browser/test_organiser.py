"""Organisers in a real browser: the ETS import with its preview of errors."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from coprog.procedure import organisations
from coprog.storage.db import Database
from testkit import spreadsheets
from testkit.browser import TIMEOUT, audit, shot, staff_page
from testkit.builders import VALID_CF, pid

pytestmark = pytest.mark.browser
HEADER = "denominazione;codice_fiscale;forma_giuridica;municipi;delegato_nome\n"


def test_import_preview_then_import(server, offline_context, tmp_path):
    page = staff_page(offline_context(viewport={"width": 1400, "height": 1400}), server["base"], "Preparazione")
    page.get_by_role("tab", name="Importa ETS").click()
    bad = tmp_path / "domande.csv"
    bad.write_text(HEADER + "Ente Nuovo APS;97123450154;APS;12;Mario Bianchi\n", encoding="utf-8")
    page.locator("input[type='file']").set_input_files(str(bad))
    expect(page.get_by_text("2 errori: nessuna riga verrà importata")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Municipio sconosciuto «12»").first).to_be_visible(timeout=TIMEOUT)
    # every error says its row (as the spreadsheet numbers it: the header is row 1) and its column
    table = page.locator("[data-testid='stTable'] table").filter(has_text="Municipio sconosciuto")
    expect(table.locator("thead th")).to_have_text(["Riga", "Colonna", "Problema"])
    error = table.locator("tbody tr").filter(has_text="Municipio sconosciuto")
    expect(error.locator("td")).to_have_text(["2", "municipi", "Municipi: Municipio sconosciuto «12» (ammessi 1-9)."])
    shot(page, "import-errori")
    good = tmp_path / "domande-ok.csv"
    good.write_text(HEADER + "Ente Nuovo APS;97999990159;APS;3;Mario Bianchi\n", encoding="utf-8")
    page.locator("input[type='file']").set_input_files(str(good))
    expect(page.get_by_text("Tutto in ordine: 1 ente e 1 delegato")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Importa", exact=True).click()
    database = Database(server["db"])
    expect(page.get_by_text("Importata 1 domanda")).to_be_visible(timeout=TIMEOUT)
    assert any(o["name"] == "Ente Nuovo APS" for o in organisations.organisations(database, pid(database)))
    database.close()


def test_the_office_spreadsheet_as_it_is(server, offline_context, tmp_path):
    """The organiser uploads the applications as the office keeps them: an .xlsx with an
    instructions sheet first, a title above the header, headers written by hand, a
    protocol and a notes column, a codice fiscale Excel turned into a number. A wrong
    Municipio is reported on the row the spreadsheet shows; the same list saved by Excel
    as an Italian CSV (Windows-1252) reads whole, and the preview names the two columns
    it does not read; the workbook fixed, with a row a filter hides, is imported and the
    preview says which row was hidden."""
    page = staff_page(offline_context(viewport={"width": 1400, "height": 1400}), server["base"], "Preparazione")
    page.get_by_role("tab", name="Importa ETS").click()
    table = spreadsheets.rows()
    table[2][5] = "12"
    bad = tmp_path / "domande-ufficio.xlsx"
    bad.write_bytes(spreadsheets.office_workbook(table))
    page.locator("input[type='file']").set_input_files(str(bad))
    errors = page.locator("[data-testid='stTable'] table").filter(has_text="Municipio sconosciuto")
    expect(errors.locator("tbody tr").filter(has_text="Municipio sconosciuto").locator("td")).to_have_text(
        ["7", "municipi", "Municipi: Municipio sconosciuto «12» (ammessi 1-9)."], timeout=TIMEOUT
    )
    good = tmp_path / "domande-ufficio.csv"
    good.write_bytes(spreadsheets.excel_csv())
    page.locator("input[type='file']").set_input_files(str(good))
    expect(page.get_by_text("Tutto in ordine: 2 enti e 3 delegati")).to_be_visible(timeout=TIMEOUT)
    expect(
        page.get_by_text("Colonne del file che l'importazione non legge (ignorate): Protocollo, Note.")
    ).to_be_visible(timeout=TIMEOUT)
    # the list saved by LibreOffice Calc (.ods), another Municipio mistyped: read, and the row is Calc's
    table = spreadsheets.rows()
    table[0][5] = "15"
    calc = tmp_path / "domande-ufficio.ods"
    calc.write_bytes(spreadsheets.office_calc(table))
    page.locator("input[type='file']").set_input_files(str(calc))
    expect(errors.locator("tbody tr").filter(has_text="«15»").locator("td")).to_have_text(
        ["4", "municipi", "Municipi: Municipio sconosciuto «15» (ammessi 1-9)."], timeout=TIMEOUT
    )
    # the workbook itself, fixed, with the second delegate's row hidden by a filter
    fixed = tmp_path / "domande-ufficio-filtrate.xlsx"
    fixed.write_bytes(spreadsheets.office_workbook(hide=6))
    page.locator("input[type='file']").set_input_files(str(fixed))
    expect(  # said only of the workbook: this preview is the new file's
        page.get_by_text("Una riga nascosta da un filtro del foglio è compresa nell'importazione: riga 6.")
    ).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Tutto in ordine: 2 enti e 3 delegati")).to_be_visible(timeout=TIMEOUT)
    shot(page, "import-foglio-ufficio")
    failures: list = []
    audit(page, "Preparazione: importazione con colonne ignorate", Axe(), failures)
    assert not failures, failures
    page.get_by_role("button", name="Importa", exact=True).click()
    expect(page.get_by_text("Importate 2 domande")).to_be_visible(timeout=TIMEOUT)
    database = Database(server["db"])
    imported = {o["name"]: o["codice_fiscale"] for o in organisations.organisations(database, pid(database))}
    database.close()
    assert {name: imported.get(name) for name in spreadsheets.NAMES} == {
        spreadsheets.NAMES[0]: VALID_CF[0],
        spreadsheets.NAMES[1]: "04123450159",
    }
