"""The projector left on «A rotazione» turns to the next chart by itself, never
reloaded: the turn is told by the page's signal when it is due (ui/live.py),
not by a timed fragment beside the clock (Streamlit's browser code threw and
left the projector white when both ran). The clock keeps counting meanwhile,
and the page's code throws nothing (tests/browser/conftest.py)."""

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from testkit.browser import TIMEOUT, shot, staff_page, wait_app

pytestmark = pytest.mark.browser

CHART = "[class*='st-key-chart_proj_']"


def drawn_chart(page) -> str:
    classes = page.locator(CHART).first.get_attribute("class") or ""
    return re.search(r"st-key-chart_proj_(\w+)", classes).group(1)


def test_the_rotation_turns_while_the_clock_counts(server, offline_context):
    conn = sqlite3.connect(server["db"])
    (board_view,) = conn.execute("SELECT board_view FROM session WHERE kind = 'plenaria'").fetchone()
    conn.close()
    assert board_view == "auto"  # the demo's plenary rotates

    console = staff_page(offline_context(viewport={"width": 1400, "height": 1600}), server["base"], "Conduzione")
    console.get_by_role("spinbutton", name="Minuti").fill("5")
    console.get_by_role("button", name="Imposta").click()
    wait_app(console)
    console.get_by_role("button", name="Avvia").click()
    expect(console.get_by_role("button", name="Pausa")).to_be_visible(timeout=TIMEOUT)

    projector = staff_page(offline_context(viewport={"width": 1920, "height": 1080}), server["base"], "Proiettore")
    expect(projector.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
    expect(projector.locator("h1.coprog-clock")).to_have_text(re.compile(r"0[45]:\d\d"), timeout=TIMEOUT)
    projector.evaluate("window.__sameTab = true")
    first = drawn_chart(projector)
    # each slot lasts 15 s: the next one within the slot and a few seconds to draw it
    same = re.compile(rf"st-key-chart_proj_{first}\b")
    expect(projector.locator(CHART).first).not_to_have_class(same, timeout=25_000)
    assert projector.evaluate("window.__sameTab === true")  # turned in place, not reloaded
    second = drawn_chart(projector)
    assert second != first
    clock = projector.locator("h1.coprog-clock").inner_text()
    minutes, seconds = map(int, re.search(r"(\d\d):(\d\d)", clock).groups())
    assert 3 * 60 < minutes * 60 + seconds < 5 * 60  # counting down, by the browser
    shot(projector, "projector-rotation")
