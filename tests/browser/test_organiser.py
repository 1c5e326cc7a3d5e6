"""Organisers in a real browser: the ETS import with its preview of errors."""

import pytest
from playwright.sync_api import expect

from coprog.procedure import organisations
from coprog.storage.db import Database
from testkit.browser import TIMEOUT, shot, staff_page
from testkit.builders import pid

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
