"""The server is killed with SIGKILL and restarted: the delegate is still
identified, back on the session joined, and can write again. A phone that
reloads its page (the tab dropped while asleep, the Wi-Fi back) is not sent the
components' scripts again: its copies are confirmed (304)."""

import os
import signal
import sqlite3

import pytest
from playwright.sync_api import expect

from testkit.browser import PHONE, fill_need, first_delegate, join_session, shot, wait_app
from testkit.protocol import people

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


def test_a_phone_that_reloads_keeps_its_copies_of_the_scripts(server, browser):
    """The participant page's scripts and styles (coprog/assets) come with a tag;
    a reload asks again and each is answered 304 without its body, and the page
    works as before (the list and the watch run from the copies: a need sent
    shows in the list). A context of its own without request routing: Playwright
    turns the browser's HTTP cache off in a routed context, so the offline guard
    is replaced by a check that every request went to this server."""
    context = browser.new_context(locale="it-IT", **PHONE)
    try:
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        scripts: list = []  # the responses for the components' files
        page.on("response", lambda r: scripts.append(r) if "/bidi-components/coprog." in r.url else None)

        def statuses() -> dict[str, int]:
            return {r.url.split("/bidi-components/")[1]: r.status for r in scripts}

        [person], join_code = people(server["db"], 1)
        join_session(page, server["base"], person["access_code"], join_code)
        page.wait_for_timeout(1_000)
        first = statuses()
        assert {"coprog.watch/watch.js", "coprog.list/list.js", "coprog.list/list.css"} <= set(first), first
        assert set(first.values()) == {200}, first
        # the page's icon: the file Streamlit serves as it is (static/), named the same at every run
        icons = page.evaluate("[...document.querySelectorAll(\"link[rel~='icon']\")].map(l => l.href)")
        assert icons and all(icon.endswith("/app/static/favicon.png") for icon in icons), icons
        icon = page.request.get(icons[0])
        assert icon.status == 200 and icon.headers["content-type"] == "image/png"
        for response in scripts:  # the browser has each whole (a body still arriving is not kept to ask again)
            response.finished()
        scripts.clear()
        page.reload()
        wait_app(page)
        expect(page.get_by_text("Fase in corso")).to_be_visible(timeout=20_000)
        page.wait_for_timeout(1_000)
        again = statuses()
        assert set(again) == set(first) and set(again.values()) == {304}, again
        fill_need(page, "Dopo aver ricaricato la pagina", None)
        page.get_by_role("button", name="Invia").click()
        expect(page.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=20_000)
        expect(page.locator(".st-key-contribution_list").get_by_text("Dopo aver ricaricato la pagina")).to_be_visible(
            timeout=20_000
        )
        shot(page, "ricaricata-304")
        outside = [url for url in asked if url.split("/")[2].split(":")[0] not in ("localhost", "127.0.0.1")]
        assert outside == []
    finally:
        context.close()
