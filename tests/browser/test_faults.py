"""The server is killed with SIGKILL and restarted: the delegate is still
identified, back on the session joined, and can write again."""

import os
import signal
import sqlite3

import pytest
from playwright.sync_api import expect

from testkit.browser import fill_need, first_delegate, shot, wait_app

pytestmark = pytest.mark.browser


def test_page_recovers_after_a_server_kill(server, offline_context):
    (code, _, organisation), join_code = first_delegate(server["db"])
    page = offline_context().new_page()
    page.goto(f"{server['base']}/join/{code}")
    wait_app(page)
    page.get_by_label("Codice della sessione").fill(join_code)
    page.get_by_role("button", name="Unisciti alla sessione").click()
    expect(page.get_by_text("Fase in corso")).to_be_visible(timeout=20_000)

    os.kill(server["proc"].pid, signal.SIGKILL)
    server["proc"].wait(timeout=10)
    server["proc"] = server["start"]()

    assert f"sessione={join_code}" in page.url  # the address remembers the session joined
    # A reload brings back the participant page on the same session (the address carries
    # it) with the delegate identified by the cookie, and writing works on the new server.
    # (Without the reload the page reconnects by itself, but a widget whose script chunk was
    # requested during the outage stays broken: see the notes of the load/faults issue.)
    page.reload()
    wait_app(page)
    expect(page.get_by_text("Fase in corso")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(organisation).first).to_be_visible()
    fill_need(page, "Dopo il riavvio del server", None)
    page.get_by_role("button", name="Invia").click()
    expect(page.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=30_000)
    shot(page, "dopo-riavvio")
    assert stored(server["db"]) == 1


def stored(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM contribution WHERE title = 'Dopo il riavvio del server'").fetchone()[
            0
        ]
