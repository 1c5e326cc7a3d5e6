"""The PEC pages (AppTest): organisers read the box over IMAPS (a real Dovecot) and
see the verdicts before storing; answer a request for clarification and publish
it; the avviso's public page shows the FAQ to a tab nobody signed in to."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from coprog.procedure import application_form, clarifications, intake, organisations, processes
from testkit import pec as tp
from testkit.apptest import as_staff, click, new_app, texts
from testkit.builders import PEC_ADDRESS, STAFF, pec_percorso
from testkit.imap import ImapServer

ROME = ZoneInfo("Europe/Rome")
TO = PEC_ADDRESS


def shown(text: str) -> str:
    return text.replace("\u2060", "").replace("\\", "")


@pytest.fixture
def pid(database, monkeypatch):
    monkeypatch.setenv("COPROG_DB", str(database.path))
    return pec_percorso(database, avviso_protocol="PG 123/2026")


def test_the_box_read_over_imaps_is_listed_then_stored(database, pid, monkeypatch):
    form = application_form.build(processes.get(database, pid))
    batch = tp.batch(form, datetime(2026, 12, 4, 12, 0, tzinfo=ROME), TO, valid=3)
    server = ImapServer().start()
    try:
        server.load(list(batch.messages.values()))
        for name, value in server.settings().items():
            monkeypatch.setenv(name, value)
        at = as_staff(page="pages/posta_arrivo.py")
        assert not at.exception
        assert "Nessun elenco di fiducia caricato" in texts(at)
        assert "pec-percorso@localhost" in shown(texts(at))
        at = click(at, "Leggi la casella PEC")
        assert not at.exception
        assert "Esiti: 12 messaggi" in texts(at)
        listed = shown(at.table[0].value.to_string())
        assert "fuori termine" in listed and "firma alterata" in listed and "Non è una PEC" in listed
        assert organisations.organisations(database, pid) == []  # listed, nothing stored yet
        at = click(at, "Registra 10 messaggi")
        assert "Registrate: 3 domande accettate, 4 respinte, 1 sostituite, 2 richieste di chiarimenti" in texts(at)
        assert len(organisations.organisations(database, pid)) == 3
        at = click(at, "Leggi la casella PEC")
        assert "Già registrata" in shown(at.table[0].value.to_string())
        assert "Nulla da registrare" in texts(at)
    finally:
        server.stop()


def test_a_clarification_answered_and_published_reaches_the_public_page_without_names(database, pid):
    asked = clarifications.ask(
        database, STAFF, pid, "Un consorzio può partecipare per le associate?", "2026-11-20 9:00"
    )
    at = as_staff(page="pages/chiarimenti.py")
    assert not at.exception
    assert "1 richiesta di chiarimenti" in texts(at)
    at.text_area(key=f"clar_answer_{asked}").set_value("Sì, con una sola domanda per il consorzio.")
    at = at.button[[b.label for b in at.button].index("Pubblica la risposta")].click().run()
    assert "Risposta pubblicata tra le FAQ dell'avviso." in texts(at)
    public = new_app()
    public.switch_page("pages/avviso.py")
    public = public.run()
    assert not public.exception
    text = shown(texts(public))
    assert "Un consorzio può partecipare per le associate?" in text
    assert "Sì, con una sola domanda per il consorzio." in text
    assert "PG 123/2026" in text and TO in text
    assert intake.messages(database, pid) == []
