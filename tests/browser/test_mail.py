"""An organiser sends the procedure's mail from the app, in a real browser, through
a real SMTP server (aiosmtpd, on this machine's network, as the Comune's relay):
prepares the outcomes, reads the preview, sends, and pressing again sends nothing twice."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from testkit.browser import TIMEOUT, audit, shot, staff_page, wait_app
from testkit.builders import mail_percorso
from testkit.server import demo_server
from testkit.smtp import SmtpServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def relay():
    with SmtpServer(refuse={"beta@pec.example"}) as server:
        yield server


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory, relay):
    def prepare(database):
        world = mail_percorso(database)
        with database.write() as db:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('current_process', ?)", [str(world["process_id"])]
            )

    yield from demo_server(tmp_path_factory, prepare=prepare, demo=False, env=relay.env)


def addresses(relay) -> list[str]:
    return sorted(m["To"].addresses[0].addr_spec for m in relay.received)


def test_prepare_preview_send_once_and_retry(mail_server, relay, offline_context):
    page = staff_page(offline_context(viewport={"width": 1400, "height": 1400}), mail_server["base"], "Posta in uscita")
    expect(page.get_by_text(f"127.0.0.1:{relay.port}")).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Esiti delle domande", exact=True).click()
    page.get_by_role("button", name="Prepara i messaggi").click()
    expect(page.get_by_text("Nuovi in coda: 2; già preparati o inviati: 0.")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("nessun messaggio per: Fondazione Gamma")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Da inviare (2)")).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Esito della domanda di partecipazione", exact=False).first.click()  # the preview opens
    expect(page.get_by_text("è stata ammessa").or_(page.get_by_text("è stata non ammessa")).first).to_be_visible(
        timeout=TIMEOUT
    )
    shot(page, "posta-anteprima")
    failures: list = []
    audit(page, "Posta in uscita: anteprima", Axe(), failures)
    send = page.get_by_role("button", name="Invia 2 messaggi")
    send.click()
    expect(page.get_by_text("Inviati: 1; rifiutati dal server: 1")).to_be_visible(timeout=TIMEOUT)
    assert addresses(relay) == ["alfa@pec.example"]
    expect(page.get_by_text("550 5.1.1 Casella inesistente")).to_be_visible(timeout=TIMEOUT)
    shot(page, "posta-registro")
    # preparing again queues nothing: no second copy
    page.get_by_role("button", name="Prepara i messaggi").click()
    expect(page.get_by_text("Nuovi in coda: 0; già preparati o inviati: 2.")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Da inviare (0)")).to_be_visible(timeout=TIMEOUT)
    # the mailbox exists again: the refused one goes, once
    relay.handler.refuse.clear()
    page.get_by_role("button", name="Rimetti in coda i rifiutati (1)").click()
    expect(page.get_by_text("Di nuovo in coda: 1.")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Invia 1 messaggio").click()
    expect(page.get_by_text("Inviati: 1; rifiutati dal server: 0")).to_be_visible(timeout=TIMEOUT)
    wait_app(page)
    assert addresses(relay) == ["alfa@pec.example", "beta@pec.example"]
    audit(page, "Posta in uscita: registro", Axe(), failures)
    assert failures == []
