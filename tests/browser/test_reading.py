"""The shared reading in a real browser, with every outside request blocked:
the projector board and the maps render from what the server ships."""

import pytest
from playwright.sync_api import expect

from coprog.live import facilitation
from coprog.procedure import sessions
from coprog.storage.db import Database
from testkit.browser import TIMEOUT, first_delegate, shot, staff_page, wait_app
from testkit.builders import STAFF

pytestmark = pytest.mark.browser


def test_projector_board_and_maps_offline(server, offline_context):
    database = Database(server["db"])
    plenary = sessions.sessions(database)[0]["id"]
    facilitation.set_board_view(database, STAFF, plenary, "mappa")

    context = offline_context(viewport={"width": 1920, "height": 1080})
    projector = staff_page(context, server["base"], "Proiettore")
    expect(projector.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    expect(projector.locator(".js-plotly-plot canvas").first).to_be_visible(timeout=TIMEOUT)
    projector.wait_for_timeout(1500)  # let the map paint
    shot(projector, "proiettore-mappa")

    facilitation.set_board_view(database, STAFF, plenary, "matrice")
    expect(projector.get_by_text("Aree di bisogno per Municipio")).to_be_visible(timeout=TIMEOUT)
    shot(projector, "proiettore-matrice")
    facilitation.set_board_view(database, STAFF, plenary, "contesto")
    expect(projector.get_by_text("Bisogni segnalati e pressione demografica")).to_be_visible(timeout=TIMEOUT)
    shot(projector, "proiettore-contesto")

    (code, _, _), _ = first_delegate(server["db"])
    reader_ctx = offline_context(viewport={"width": 1400, "height": 1800})
    reader = reader_ctx.new_page()
    reader.goto(f"{server['base']}/join/{code}")
    wait_app(reader)
    reader.get_by_role("link", name="Lettura dei bisogni").click()
    wait_app(reader)
    expect(reader.get_by_text("Lettura condivisa dei bisogni")).to_be_visible(timeout=TIMEOUT)
    # the map's level, as the reader sees it: the offer's tab (hidden) has a «Quartieri (NIL)» of its own,
    # and while the page draws, text matching could settle on that hidden one and wait on it for good
    reader.get_by_text("Quartieri (NIL)").filter(visible=True).first.click()
    wait_app(reader)
    expect(reader.get_by_text("Bisogni per quartiere (NIL)")).to_be_visible(timeout=TIMEOUT)
    reader.wait_for_timeout(1500)
    shot(reader, "lettura-nil")
    # the data behind the chart, as CSV: built when the button is clicked
    with reader.expect_download() as data:
        reader.get_by_role("button", name="Scarica i dati (CSV)").filter(visible=True).first.click()
    assert data.value.suggested_filename == "mappa_nil_needs.csv"
    rows = open(data.value.path(), encoding="utf-8-sig").read().splitlines()
    assert rows[0].startswith("nil,nome,bisogni,") and len(rows) == 1 + 88 and rows[1].startswith("1,Duomo,")

    # nothing outside localhost was even attempted
    assert context.blocked == [] and reader_ctx.blocked == []
    database.close()
