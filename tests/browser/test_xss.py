"""25 hostile payloads in every free-text field (ETS and delegate names,
titles, texts, evidence, reasons, notes, facilitator and seed names); every
page of every role, and the HTML documents, are visited in a real browser:
nothing may run, nothing may break the layout."""

import pytest
from playwright.sync_api import expect

from coprog.procedure import delegates, invites, sessions
from coprog.records import documents, records
from coprog.storage.db import Database
from testkit.browser import STAFF_LINKS, TIMEOUT, choose, shot, staff_page, upload, wait_app
from testkit.builders import pid
from testkit.hostile import plant
from testkit.payloads import LIVE, LIVE_SELECTOR
from testkit.server import demo_server
from ui.render import WORD_JOINER

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=plant)


def guard(page, dialogs):
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))


def check(page, where: str, dialogs: list) -> None:
    wait_app(page)
    page.wait_for_timeout(400)
    assert page.evaluate("window.__xss") is None, f"a payload ran on {where}"
    assert dialogs == [], f"a dialog opened on {where}"
    assert page.evaluate("document.querySelectorAll('iframe[src^=\"javascript\"], object[data]').length") == 0
    # typed or imported Markdown and HTML never become a live link or an image (tables, labels, captions)
    live = page.evaluate(f"[...document.querySelectorAll({LIVE_SELECTOR!r})].map(e => e.outerHTML.slice(0, 120))")
    assert live == [], f"a link or an image made from typed text on {where}: {live}"
    # nor an icon: the planted «:material/warning:» stays text (the app writes no icon inside a text)
    icons = page.evaluate(
        "[...document.querySelectorAll('[data-testid=stMarkdownContainer] [data-testid=stIconMaterial]')]"
        ".map(e => e.textContent)"
    )
    assert "warning" not in icons, f"an icon made from typed text on {where}: {icons}"
    assert page.evaluate("getComputedStyle(document.body).display") != "none", f"layout hidden on {where}"
    # typed markup stays text in charts: no live link, no bold made from a title
    assert page.evaluate("document.querySelectorAll('.js-plotly-plot svg a').length") == 0, (
        f"a link inside a chart on {where}"
    )
    assert (
        page.evaluate(
            "[...document.querySelectorAll('.js-plotly-plot text')]"
            ".filter(t => t.textContent.includes('grassetto')"
            " && !t.textContent.includes('<b>')).length"
        )
        == 0
    ), f"markup read in a chart on {where}"
    overflow = page.evaluate(
        "(() => { const m = document.querySelector('[data-testid=stMain]');"
        " return m ? m.scrollWidth - m.clientWidth : 0 })()"
    )
    assert overflow <= 4, f"horizontal overflow of {overflow}px on {where}"


def imports(staff_ctx, base: str, dialogs: list, tmp_path) -> None:
    """An ETS import and a services import whose columns hold the payloads: every
    value refused and quoted in the errors table, as text."""
    import csv

    rows = [
        {
            "denominazione": payload,
            "codice_fiscale": payload[:16],
            "forma_giuridica": payload,
            "municipi": payload,
            "delegato_nome": payload,
            "data_arrivo_pec": payload,
            "attivita": payload,
        }
        for payload in LIVE
    ]
    ets = tmp_path / "domande.csv"
    with ets.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    services = tmp_path / "servizi.csv"
    with services.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["codice_fiscale", "servizio", "persone_raggiunte", "municipi", "nil"])
        writer.writeheader()
        writer.writerows(
            {"codice_fiscale": p[:16], "servizio": p, "persone_raggiunte": p, "municipi": p, "nil": p} for p in LIVE
        )
    for page_name, tab, spreadsheet in (
        ("Preparazione", "Importa ETS", ets),
        ("Offerta degli ETS", "Importa da file", services),
    ):
        page = staff_page(staff_ctx, base, page_name)
        guard(page, dialogs)
        page.get_by_role("tab", name=tab).click()
        page.locator("input[type='file']").set_input_files(str(spreadsheet))
        expect(page.get_by_text("nessuna riga verrà importata").first).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("phish.example/a").first).to_be_attached(timeout=TIMEOUT)  # quoted, as text
        check(page, f"{page_name}: errori dell'importazione", dialogs)
        shot(page, f"xss-import-{tab.split()[-1].lower()}")


def answers(staff_ctx, base: str, dialogs: list) -> None:
    """A confirmation and a refusal that name what the organiser typed or
    chose (a session's title, a file's name): the payload reads as written in
    the message, never a link, an image or emphasis."""
    title = f"{LIVE[0]} {LIVE[-1]}"
    page = staff_page(staff_ctx, base, "Preparazione")
    guard(page, dialogs)
    page.get_by_role("tab", name="Sessioni").click()
    form = page.locator("[data-testid='stForm']").filter(has_text="Nuova sessione")
    form.get_by_label("Titolo *").fill(title)
    form.get_by_role("button", name="Crea la sessione").click()
    confirmation = page.get_by_test_id("stAlert").filter(has_text="creata")
    expect(confirmation).to_be_visible(timeout=TIMEOUT)
    # as typed (the word joiners that break links and shortcodes are invisible)
    assert f"Sessione «{title}» creata." in confirmation.inner_text().replace(WORD_JOINER, "")
    assert confirmation.locator("a, img, em, strong").count() == 0
    check(page, "Preparazione: sessione creata", dialogs)
    shot(page, "xss-conferma")

    pec = staff_page(staff_ctx, base, "Posta in arrivo (PEC)")
    guard(pec, dialogs)
    trust = pec.locator("[data-testid='stForm']").filter(has_text="Elenchi di fiducia")
    name = "**neretto** _corsivo_ [clicca qui](#altrove) :smile:.xml"  # a file's name holds no «/»
    upload(trust, [{"name": name, "mimeType": "text/xml", "buffer": b"<?xml version='1.0'?><elenco/>"}])
    trust.get_by_role("button", name="Carica nell'elenco").click()
    refusal = pec.get_by_test_id("stAlert").filter(has_text="non è un elenco di fiducia")
    expect(refusal).to_be_visible(timeout=TIMEOUT)
    assert f"{name}: non è un elenco di fiducia" in refusal.inner_text().replace(WORD_JOINER, "")  # no emoji
    assert refusal.locator("a, img, em, strong").count() == 0
    check(pec, "Posta in arrivo: elenco rifiutato", dialogs)
    shot(pec, "xss-rifiuto")


def test_no_payload_runs_anywhere(hostile, offline_context, tmp_path):
    base, dialogs = hostile["base"], []
    database = Database(hostile["db"])
    person = next(d for d in delegates.delegates(database, pid(database)) if d["organisation"].startswith("<script"))
    plenary = sessions.sessions(database)[0]

    context = offline_context(viewport={"width": 1280, "height": 1200})
    page = context.new_page()
    guard(page, dialogs)
    page.goto(f"{base}/join/{person['access_code']}")
    check(page, "delegate home", dialogs)
    page.get_by_label("Codice della sessione").fill(plenary["join_code"])
    page.get_by_role("button", name="Unisciti alla sessione").click()
    expect(page.get_by_text("Contributi della sessione")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("window.__xss=1").first).to_be_attached(timeout=TIMEOUT)  # shown as text
    check(page, "Partecipa", dialogs)
    shot(page, "xss-partecipa")
    for link in ("I miei contributi", "I nostri servizi", "Tabellone", "Lettura dei bisogni"):
        page.get_by_role("link", name=link).click()
        check(page, f"delegate {link}", dialogs)

    staff_ctx = offline_context(viewport={"width": 1400, "height": 1400})
    board = staff_page(staff_ctx, base, "Conduzione")
    guard(board, dialogs)
    check(board, "Conduzione", dialogs)
    for link in STAFF_LINKS[1:]:
        board.get_by_role("link", name=link).click()
        check(board, link, dialogs)
        for tab in board.get_by_role("tab").all()[:12]:
            tab.click()
            check(board, f"{link} / {tab.inner_text()}", dialogs)
    shot(board, "xss-proiettore")

    # the ballot of the table, live: its items carry markup, its chart shows it as typed
    votes = staff_page(staff_ctx, base, "Votazioni")
    guard(votes, dialogs)
    choose(votes, "Sessione", "Tavolo")  # typed, then the option clicked: Enter could come before the list narrows
    wait_app(votes)
    chart = votes.locator(".js-plotly-plot").first
    expect(chart).to_be_visible(timeout=TIMEOUT)
    expect(chart.locator("text").filter(has_text="<b>grassetto</b>")).to_have_count(1, timeout=TIMEOUT)
    expect(chart.locator("text").filter(has_text="collegamento</a>")).to_have_count(1)
    check(votes, "Votazioni / Tavolo", dialogs)
    shot(votes, "xss-votazione")

    # imported files carry payloads too: the import's preview quotes their values in its table of errors
    imports(staff_ctx, base, dialogs, tmp_path)
    # what the organiser typed, named back in a confirmation and in a refusal
    answers(staff_ctx, base, dialogs)

    documents_page = staff_ctx.new_page()
    guard(documents_page, dialogs)
    for name, html in (
        ("verbale", documents.verbale_html(records.minutes(database, plenary["id"]))),
        ("inviti", invites.to_html(invites.invite_rows(database, pid(database)), "Inviti")),
    ):
        documents_page.set_content(html)
        documents_page.wait_for_timeout(300)
        assert documents_page.evaluate("window.__xss") is None, name
        assert "<script>window.__xss=1</script>" in documents_page.inner_text("body") or name == "inviti"
    assert dialogs == []
    database.close()
