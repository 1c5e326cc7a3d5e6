"""The organisers' outgoing mail page (AppTest) against a real SMTP server: prepare,
read the preview, send, read the log with the server's answers, send the refused again."""

import pytest

from coprog.procedure import processes
from testkit.apptest import as_staff, button, click, texts, widget
from testkit.builders import STAFF, mail_percorso
from testkit.smtp import SmtpServer

PAGE = "pages/posta.py"


def shown(text: str) -> str:
    """What a person reads: without the escapes and the word joiner that keep an
    address from becoming a link (ui/render.py)."""
    return text.replace("\u2060", "").replace("\\", "")


@pytest.fixture
def world(database, monkeypatch):
    monkeypatch.setenv("COPROG_DB", str(database.path))
    world = mail_percorso(database)
    processes.set_current(database, STAFF, world["process_id"])
    return world


def test_without_a_relay_the_page_says_how_to_set_it_and_still_previews(world, monkeypatch):
    for name in ("COPROG_SMTP_HOST", "COPROG_SMTP_FROM"):
        monkeypatch.delenv(name, raising=False)
    at = as_staff(page=PAGE)
    assert not at.exception
    assert "COPROG_SMTP_HOST" in texts(at)
    widget(at, "radio", "Che cosa inviare").set_value("esito")
    at = click(at, "Prepara i messaggi")
    assert "Nuovi in coda: 2; già preparati o inviati: 0." in texts(at)
    assert "Senza un indirizzo e-mail valido, nessun messaggio per: Fondazione Gamma." in texts(at)
    assert "Da inviare (2)" in texts(at)
    assert button(at, "Invia 2 messaggi").disabled


def test_prepare_preview_send_and_retry_through_a_real_relay(world, monkeypatch):
    with SmtpServer(refuse={"beta@pec.example"}) as server:
        for name, value in server.env.items():
            monkeypatch.setenv(name, value)
        at = as_staff(page=PAGE)
        assert f"127.0.0.1:{server.port}" in shown(texts(at))
        widget(at, "radio", "Che cosa inviare").set_value("esito")
        at = click(at, "Prepara i messaggi")
        previews = [shown(e.label) for e in at.expander]
        assert any("alfa@pec.example" in p and "Esito della domanda" in p for p in previews)
        assert "è stata ammessa" in texts(at)
        at = click(at, "Invia 2 messaggi")
        assert "Inviati: 1; rifiutati dal server: 1" in texts(at)
        assert [m["To"].addresses[0].addr_spec for m in server.received] == ["alfa@pec.example"]
        assert "550 5.1.1 Casella inesistente" in shown(
            at.table[0].value.to_string()
        )  # the server's own answer, in the log
        server.handler.refuse.clear()  # the mailbox is fixed
        at = click(at, "Rimetti in coda i rifiutati (1)")
        assert "Di nuovo in coda: 1." in texts(at)
        at = click(at, "Invia 1 messaggio")
        assert sorted(m["To"].addresses[0].addr_spec for m in server.received) == [
            "alfa@pec.example",
            "beta@pec.example",
        ]
