"""End to end in a real browser: invite link -> identified delegate -> need
logged -> counted on the live board open in another browser context."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from testkit.browser import PHONE, STAFF_PASSWORD, TIMEOUT, fill_need, first_delegate, shot, staff_page, wait_app

pytestmark = pytest.mark.browser


def needs_metric(page) -> int:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Bisogni segnalati")
    return int(metric.locator("[data-testid='stMetricValue']").inner_text().replace(".", ""))


def staff_board(context, base):
    page = staff_page(context, base, "Tabellone")
    expect(page.get_by_text("Tabellone dal vivo")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("[data-testid='stMetric']").first).to_be_visible(timeout=TIMEOUT)
    return page


def test_invite_link_need_and_live_board(server, offline_context):
    (code, name, organisation), join_code = first_delegate(server["db"])
    base = server["base"]

    board_ctx = offline_context(viewport={"width": 1600, "height": 2300})
    board = staff_board(board_ctx, base)
    before = needs_metric(board)
    expect(board.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)

    delegate_ctx = offline_context(**PHONE)
    page = delegate_ctx.new_page()
    page.goto(f"{base}/join/{code[:4]}-{code[4:8]}-{code[8:]}")
    wait_app(page)
    expect(page.get_by_role("heading", name="Partecipa")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(organisation)).to_be_visible()

    # still identified after a reload and in a new tab (the signed cookie)
    page.reload()
    wait_app(page)
    expect(page.get_by_text(organisation)).to_be_visible(timeout=TIMEOUT)
    other_tab = delegate_ctx.new_page()
    other_tab.goto(base + "/")
    expect(other_tab.get_by_text(organisation)).to_be_visible(timeout=TIMEOUT)
    cookie = next(c for c in delegate_ctx.cookies() if c["name"] == "coprog_id")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    other_tab.close()

    page.get_by_label("Codice della sessione").fill(join_code.lower())
    page.get_by_role("button", name="Unisciti alla sessione").click()
    expect(page.locator("[data-testid='stMain']").get_by_text("Lettura dei bisogni")).to_be_visible(timeout=TIMEOUT)
    shot(page, "partecipa-telefono")

    fill_need(page, "Anziani soli senza ascensore in via Padova", 2)  # the keyboard, as on a phone
    page.get_by_role("button", name="Invia").click()
    expect(page.get_by_text("Contributo salvato. Grazie!")).to_be_visible(timeout=TIMEOUT)

    # the board, never reloaded, counts it within a few seconds
    expect(board.get_by_text("Anziani soli senza ascensore in via Padova")).to_be_visible(timeout=TIMEOUT)
    assert needs_metric(board) == before + 1
    shot(board, "tabellone")
    assert board_ctx.blocked == [] and delegate_ctx.blocked == []  # nothing outside localhost attempted
    # the map is drawn (choroplethmap renders with no tiles and no network)
    expect(board.locator(".js-plotly-plot .maplibregl-canvas, .js-plotly-plot canvas").first).to_be_visible()


def test_participant_cannot_open_staff_pages(server, offline_context):
    """A delegate's tab asking for a staff address gets, in Italian, the page's
    name and that it is for staff: never the page, never "Page not found"."""
    (code, name, organisation), _ = first_delegate(server["db"])
    page = offline_context().new_page()
    page.goto(f"{server['base']}/join/{code}")
    wait_app(page)
    expect(page.get_by_text(organisation)).to_be_visible(timeout=TIMEOUT)
    for path in ("/conduzione", "/moderazione", "/presenze", "/inserimento", "/proiettore", "/organizzazione"):
        page.goto(server["base"] + path)
        wait_app(page)
        expect(page.get_by_text(re.compile(r"La pagina «.+» è riservata"))).to_be_visible(timeout=TIMEOUT)
        assert "/accesso?pagina=" + path[1:] in page.url
        for staff_heading in (
            "Conduzione della sessione",
            "Organizzazione del percorso",
            "Registro presenze",
            "Inserimento dal facilitatore",
            "Impostazioni del proiettore",
            "Page not found",
        ):
            expect(page.get_by_text(staff_heading)).to_have_count(0)
        expect(page.get_by_role("link", name="Partecipa").first).to_be_visible()  # their own pages, one click away


def test_wrong_invite_link_goes_back_to_sign_in(server, offline_context):
    page = offline_context().new_page()
    page.goto(server["base"] + "/join/AAAA-BBBB-CCCC")
    wait_app(page)
    expect(page.get_by_text("Il link di invito non è valido")).to_be_visible(timeout=TIMEOUT)
    assert not [c for c in page.context.cookies() if c["name"] == "coprog_id"]


def test_accessibility_of_participant_and_sign_in_pages(server, offline_context):
    from axe_playwright_python.sync_playwright import Axe

    (code, _, _), join_code = first_delegate(server["db"])
    page = offline_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server["base"] + "/")
    wait_app(page)
    expect(page.get_by_role("textbox", name=re.compile("Codice personale"))).to_be_visible(timeout=TIMEOUT)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.goto(f"{server['base']}/join/{code}")
    wait_app(page)
    page.get_by_label("Codice della sessione").fill(join_code)
    page.get_by_role("button", name="Unisciti alla sessione").click()
    expect(page.get_by_label("Titolo (breve sintesi)")).to_be_visible(timeout=TIMEOUT)
    wait_app(page)
    shot(page, "partecipa-desktop")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_sign_out_forgets_the_device(server, offline_context):
    (code, name, organisation), _ = first_delegate(server["db"])
    context = offline_context()
    page = context.new_page()
    page.goto(f"{server['base']}/join/{code}")
    wait_app(page)
    page.get_by_role("link", name="Accesso").click()
    logout = page.get_by_text("Esci e dimentica questo dispositivo")
    expect(logout).to_be_visible(timeout=TIMEOUT)
    with context.expect_page() as opened:
        logout.click()
    opened.value.wait_for_load_state()
    expect(page.get_by_role("textbox", name=re.compile("Codice personale"))).to_be_visible(timeout=TIMEOUT)
    assert not [c for c in context.cookies() if c["name"] == "coprog_id"]
    page.reload()
    wait_app(page)
    expect(page.get_by_role("textbox", name=re.compile("Codice personale"))).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(organisation)).to_have_count(0)


def test_staff_stays_signed_in_on_this_device(server, offline_context):
    """Signing in once signs in every tab of this browser (the projector opened
    on a second screen): a session cookie, HttpOnly and SameSite=Strict; "Resta
    collegato su questo dispositivo" makes it last the working day."""
    context = offline_context()
    page = context.new_page()
    page.goto(server["base"] + "/proiettore")  # a staff address in a browser not signed in: sign in right there
    wait_app(page)
    expect(page.get_by_text("La pagina «Proiettore» è riservata allo staff")).to_be_visible(timeout=TIMEOUT)
    page.get_by_label("Password staff").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Entra come staff").click()
    expect(page.get_by_text("Impostazioni del proiettore")).to_be_visible(timeout=TIMEOUT)
    assert urlparse(page.url).path == "/proiettore"  # (with the session it opened on: ?sessione=…)
    cookie = next(c for c in context.cookies() if c["name"] == "coprog_staff")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["expires"] == -1  # the browser session
    second = context.new_page()  # the console in another tab: signed in, on the page asked for
    second.goto(server["base"] + "/conduzione")
    wait_app(second)
    expect(second.get_by_role("heading", name="Conduzione della sessione")).to_be_visible(timeout=TIMEOUT)
    expect(second.get_by_text("Page not found")).to_have_count(0)
    second.get_by_role("link", name="Accesso").click()
    expect(second.get_by_text("Sei collegato come organizzatore")).to_be_visible(timeout=TIMEOUT)
    remember = second.get_by_role("link", name="Resta collegato su questo dispositivo")
    with context.expect_page() as opened:
        remember.click()
    staff_tab = opened.value
    wait_app(staff_tab)
    expect(staff_tab.get_by_role("link", name="Conduzione")).to_be_visible(timeout=TIMEOUT)
    cookie = next(c for c in context.cookies() if c["name"] == "coprog_staff")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["expires"] > 0  # the working day
    staff_tab.reload()
    wait_app(staff_tab)
    expect(staff_tab.get_by_role("link", name="Conduzione")).to_be_visible(timeout=TIMEOUT)
    # a mistyped address goes to the start, in Italian
    staff_tab.goto(server["base"] + "/proiettre")
    wait_app(staff_tab)
    expect(staff_tab.get_by_role("heading", name="Conduzione della sessione")).to_be_visible(timeout=TIMEOUT)
    expect(staff_tab.get_by_text("Page not found")).to_have_count(0)
    # an expired or forged hand-off link sets nothing
    other = offline_context().new_page()
    other.goto(server["base"] + "/staff/not-a-token")
    wait_app(other)
    expect(other.get_by_role("textbox", name=re.compile("Codice personale"))).to_be_visible(timeout=TIMEOUT)
    assert not [c for c in other.context.cookies() if c["name"].startswith("coprog")]
