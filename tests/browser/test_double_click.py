"""A double click adds nothing twice (ui/presses.py). Streamlit runs the page again
at once for every press, while the first may still be storing. Before: a delegate
who double-clicked «Invia» on her phone had her need stored twice, and one who
clicked again a moment later read «campi da completare» under a need that was
saved; a facilitator who double-clicked «Registra il conteggio» had the emptied
form's 0 stored and the 17 typed lost. Each person here presses as an impatient
one does, in a browser of their own, and the database says what was stored."""

import sqlite3

import pytest
from playwright.sync_api import expect

from testkit.browser import PHONE, fill_need, join_session, shot, staff_page, wait_app
from testkit.protocol import people

pytestmark = pytest.mark.browser


def stored(db, sql: str, *args) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchone()[0]


def test_a_delegate_who_double_clicks_invia_on_her_phone_sends_one_need(server, offline_context):
    [person], join_code = people(server["db"], 1)
    page = offline_context(**PHONE).new_page()
    join_session(page, server["base"], person["access_code"], join_code)
    saved = page.get_by_text("Contributo salvato. Grazie!")
    for title, press in (
        ("Un bisogno premuto con un doppio clic", lambda button: button.dblclick()),
        # the second tap a quarter of a second later: after the first's answer on a fast network
        ("Un bisogno premuto due volte", lambda button: (button.click(), page.wait_for_timeout(250), button.click())),
    ):
        fill_need(page, title, 3)
        press(page.get_by_role("button", name="Invia"))
        expect(saved).to_be_visible(timeout=20_000)
        page.wait_for_timeout(1_500)  # what the second press brought has arrived
        wait_app(page)
        expect(saved).to_be_visible()
        expect(page.get_by_text("da completare o correggere")).to_have_count(0)
        expect(page.get_by_label("Titolo (breve sintesi)")).to_have_value("")
        expect(page.locator(".st-key-contribution_list").get_by_text(title)).to_have_count(1)
        assert stored(server["db"], "SELECT count(*) FROM contribution WHERE title = ?", title) == 1
    shot(page, "doppio-clic-telefono")


def test_a_facilitator_who_double_clicks_a_count_records_it_once(server, browser):
    page = staff_page(browser.new_context(locale="it-IT"), server["base"], "Inserimento")
    expect(page.get_by_text("Conteggi da carta o alzata di mano")).to_be_visible(timeout=20_000)
    page.get_by_label("Numero").fill("17")
    page.get_by_label("Numero").press("Tab")
    page.get_by_role("button", name="Registra il conteggio").dblclick()
    expect(page.get_by_text("Conteggio da carta registrato.")).to_be_visible(timeout=20_000)
    page.wait_for_timeout(1_500)
    wait_app(page)
    with sqlite3.connect(server["db"]) as conn:  # once, and the 17 typed (not the emptied form's 0)
        assert conn.execute("SELECT count FROM paper_count").fetchall() == [(17,)]
    shot(page, "doppio-clic-conteggio")
