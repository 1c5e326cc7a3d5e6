"""A delegate goes back and forth between the forms' tabs, sending a
proposal in between at varying moments: every tap takes (the tab opens and
shows its form). Streamlit counts the tabs' default in their identity; a
default that followed the open tab made every second tap jump back (seen 1 of
1 here before the fix, under two busy cores), and a tap right after a send
could leave an empty panel (seen in fresh-clone CI runs). Tabs that ran the
page at each tap lost a tap made while the previous tap's run was arriving:
Streamlit disables a tab the running run has not sent again yet, and the tap
did nothing (3 in 27 runs here under a busy CPU; the page saw the pointer
events on the tab, aria-selected stayed false, no message left; 2 more runs
failed with the open panel's fields hidden for 30 s). Now every form is drawn
and the tabs switch in the browser, with no run."""

import sqlite3

import pytest
from playwright.sync_api import expect

from testkit.browser import enter, shot
from testkit.builders import tables_and_plenary
from testkit.server import demo_server

pytestmark = pytest.mark.browser


def prepare(database):
    tables_and_plenary(database, with_items=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=prepare, demo=False)


def test_every_tap_on_a_form_tab_takes(server, offline_context):
    conn = sqlite3.connect(server["db"])
    code = conn.execute("SELECT access_code FROM delegate WHERE name = 'Anna Rossi'").fetchone()[0]
    join = conn.execute("SELECT join_code FROM session WHERE title = 'Tavolo Nord'").fetchone()[0]
    page = offline_context(viewport={"width": 1280, "height": 1000}).new_page()
    enter(page, server["base"], code, join)
    lost = []
    for n in range(8):
        for tab, field in (("Strategia", "Testo della proposta"), ("Bisogno", "Area di bisogno")):
            page.get_by_role("tab", name=tab).click()
            try:
                expect(page.locator("[role=tabpanel]:visible").get_by_label(field).first).to_be_visible(timeout=6_000)
            except AssertionError:
                lost.append((n, tab))
                shot(page, f"tab-lost-{n}-{tab}")
                page.get_by_role("tab", name=tab).click()  # as a person would, to go on
                page.wait_for_timeout(1500)
            if tab == "Strategia":
                panel = page.locator("[role=tabpanel]:visible")
                panel.get_by_label("Titolo (breve sintesi)").fill(f"Strategia di prova {n}")
                panel.get_by_label("Testo della proposta").fill("Testo.")
                panel.get_by_role("button", name="Invia").click()
                page.wait_for_timeout(n * 40)  # the next tap at varying moments after the send
    assert lost == []
