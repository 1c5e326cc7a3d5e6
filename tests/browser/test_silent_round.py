"""A silent round in real browsers: the facilitator starts it from the console;
the projector shows only that contributions are arriving; a delegate on a phone
sees only their own; another delegate's need stays hidden; one click reveals
everything on the projector without a reload. The projector's timer draws its
icon with the app's own font (no emoji font on a stock Debian)."""

import sqlite3

import pytest
from playwright.sync_api import expect

from testkit.browser import PHONE, TIMEOUT, fill_need, join_session, shot, staff_page, wait_app
from testkit.server import demo_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from demo_server(tmp_path_factory)


def test_silent_round_then_reveal(server, offline_context):
    base, db = server["base"], server["db"]
    conn = sqlite3.connect(db)
    (join_code,) = conn.execute("SELECT join_code FROM session WHERE kind = 'plenaria'").fetchone()
    (first_code, first_org), (second_code, second_org) = conn.execute(
        "SELECT d.access_code, o.name FROM delegate d JOIN organisation o ON o.id = d.organisation_id"
        " GROUP BY o.id ORDER BY o.id LIMIT 2"
    ).fetchall()
    conn.close()

    console = staff_page(offline_context(viewport={"width": 1400, "height": 1600}), base, "Conduzione")
    console.get_by_role("button", name="Giro silenzioso").click()
    expect(console.get_by_text("Giro silenzioso in corso")).to_be_visible(timeout=TIMEOUT)
    qr = console.get_by_role("img", name=f"QR per entrare nella sessione {join_code}")
    box = qr.bounding_box()
    assert box and abs(box["width"] - box["height"]) < 2 and box["width"] >= 200  # square, readable
    shot(console, "conduzione")
    console.get_by_role("spinbutton", name="Minuti").fill("7")
    console.get_by_role("button", name="Imposta").click()
    wait_app(console)

    projector = staff_page(offline_context(viewport={"width": 1920, "height": 1080}), base, "Proiettore")
    expect(projector.get_by_text("Giro silenzioso: i contributi arrivano")).to_be_visible(timeout=TIMEOUT)
    expect(projector.locator(".js-plotly-plot")).to_have_count(0)
    expect(projector.get_by_text("07:00")).to_be_visible(timeout=TIMEOUT)
    timer = projector.locator("h1.coprog-clock").filter(has_text="07:00")  # drawn by the browser: ui/clock.py
    icon = timer.locator("span[role='img']")  # Streamlit's own Material font, served by the app: no emoji font needed
    expect(icon).to_have_attribute("aria-label", "timer icon")
    assert "Material Symbols" in icon.evaluate("e => getComputedStyle(e).fontFamily")
    assert projector.evaluate("document.fonts.check('24px \"Material Symbols Rounded\"')")
    assert "⏱" not in timer.inner_text()
    shot(projector, "proiettore-giro-silenzioso")

    phone_ctx = offline_context(**PHONE)
    phone = phone_ctx.new_page()
    join_session(phone, base, first_code, join_code)
    fill_need(phone, "Il mio bisogno nel giro silenzioso", 5)
    phone.get_by_role("button", name="Invia").click()
    expect(phone.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)

    other = offline_context(viewport={"width": 1280, "height": 1000}).new_page()
    join_session(other, base, second_code, join_code)
    fill_need(other, "Il bisogno di un altro ente nel giro", 6)
    other.get_by_role("button", name="Invia").click()
    expect(other.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)

    phone.reload()
    wait_app(phone)
    expect(phone.get_by_text("Giro silenzioso: vedi solo i tuoi contributi")).to_be_visible(timeout=TIMEOUT)
    expect(phone.get_by_text("Il mio bisogno nel giro silenzioso").first).to_be_visible()
    expect(phone.get_by_text("Il bisogno di un altro ente nel giro")).to_have_count(0)
    shot(phone, "giro-silenzioso-telefono")

    console.get_by_role("button", name="Rivela a tutti").click()
    expect(console.get_by_text("Giro silenzioso in corso")).to_have_count(0, timeout=TIMEOUT)
    # the projector, never reloaded, draws the board again
    expect(projector.get_by_text("Giro silenzioso: i contributi arrivano")).to_have_count(0, timeout=TIMEOUT)
    expect(projector.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    phone.reload()
    wait_app(phone)
    expect(phone.get_by_text("Il bisogno di un altro ente nel giro").first).to_be_visible(timeout=TIMEOUT)
    assert first_org and second_org
