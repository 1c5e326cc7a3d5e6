"""From the PEC box to the invitations, in a real browser, against real servers: an
organiser reads 40 PEC messages from the percorso's box (Debian's Dovecot over
IMAPS) and again from a zip, reads the verdicts, stores them, admits the accepted
applications, sends outcomes and invitations through the relay (aiosmtpd) with a
double click and a server restart in the middle of the batch, each found once in
the relay's mailbox; answers a request for clarification, which a visitor who
never signed in reads on the avviso's public page, without the asker's name."""

import os
import re
import signal
import time
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from coprog.procedure import application_form, processes
from testkit import pec as tp
from testkit.browser import TIMEOUT, audit, choose, shot, staff_page, upload, wait_app
from testkit.builders import PEC_ADDRESS, pec_percorso
from testkit.imap import ImapServer
from testkit.revocation import RevocationServer
from testkit.server import demo_server
from testkit.smtp import SmtpServer

pytestmark = pytest.mark.browser
TO = PEC_ADDRESS
DEADLINE = datetime(2026, 12, 4, 12, 0, tzinfo=ZoneInfo("Europe/Rome"))
BATCH: dict = {}


@pytest.fixture(scope="module")
def relay():
    with SmtpServer(delay=0.25) as server:  # a relay slow enough for a batch to be cut
        yield server


@pytest.fixture(scope="module")
def box():
    server = ImapServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pec_server(tmp_path_factory, relay, box):
    def prepare(database):
        pid = pec_percorso(database, avviso_protocol="PG 456/2026")
        batch = tp.batch(application_form.build(processes.get(database, pid)), DEADLINE, TO)
        box.load(list(batch.messages.values()))
        BATCH["batch"] = batch

    yield from demo_server(tmp_path_factory, prepare=prepare, demo=False, env={**relay.env, **box.settings()})


def recipients(relay, subject_part: str) -> Counter:
    return Counter(m["To"].addresses[0].addr_spec for m in relay.received if subject_part in str(m["Subject"]))


def send_all(page, count: int) -> None:
    """Press «Invia N messaggi» twice in a row, as an impatient organiser."""
    page.get_by_role("button", name=f"Invia {count} messaggi").dblclick()


def test_from_the_pec_box_to_the_invitations(pec_server, relay, box, offline_context):
    batch = BATCH["batch"]
    failures: list = []
    axe = Axe()
    context = offline_context(viewport={"width": 1400, "height": 1400})
    page = staff_page(context, pec_server["base"], "Posta in arrivo (PEC)")
    expect(page.get_by_text("Nessun elenco di fiducia caricato")).to_be_visible(timeout=TIMEOUT)

    # -- the box over IMAPS: 40 verdicts, listed before anything is stored
    page.get_by_role("button", name="Leggi la casella PEC").click()
    expect(page.get_by_role("heading", name="Esiti: 40 messaggi")).to_be_visible(timeout=60_000)
    table = page.locator("[data-testid='stTable']").first
    for reason in ("fuori termine", "firma alterata", "non dal legale rappresentante", "persona fisica",
                   "sostituita dalla domanda successiva", "Non è una PEC", "senza daticert.xml"):  # fmt: skip
        expect(table.get_by_text(reason, exact=False).first).to_be_visible(timeout=TIMEOUT)
    expect(table.get_by_text("Richiesta di chiarimenti").first).to_be_visible()
    shot(page, "pec-esiti")
    audit(page, "Posta in arrivo: esiti", axe, failures)
    page.get_by_role("button", name="Registra 38 messaggi").click()
    expect(
        page.get_by_text(
            "Registrate: 31 domande accettate, 4 respinte, 1 sostituite, 2 richieste di chiarimenti; 0 già presenti."
        )
    ).to_be_visible(timeout=60_000)
    assert [s for s in box.state() if "\\Seen" in s[1]] == []  # the box is as it was

    # -- the same messages again, from a zip: nothing twice
    upload(
        page.get_by_role("region", name="Messaggi PEC esportati"),
        [{"name": "pec-esportate.zip", "mimeType": "application/zip", "buffer": tp.zipped(batch.messages)}],
    )
    page.get_by_role("button", name="Esamina i file").click()
    expect(page.get_by_role("heading", name="Esiti: 40 messaggi")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Nulla da registrare")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Già registrata: 38")).to_be_visible()
    page.get_by_role("button", name="Chiudi l'elenco").click()
    # while the page redraws, the heading's old place may still show beside its new one (two at once):
    # the verdicts gone, then one heading when the run is over
    expect(page.get_by_role("heading", name="Esiti")).to_have_count(0, timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="PEC registrate")).to_have_count(1, timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="PEC registrate")).to_be_visible()
    shot(page, "pec-registrate")

    # -- the applications, with their fields; the organiser admits those on time
    page.get_by_role("link", name="Preparazione").click()
    wait_app(page)
    page.get_by_role("tab", name="Ammissione").click()
    expect(page.get_by_text("Cooperativa Domicilio 01").first).to_be_visible(timeout=TIMEOUT)
    decide = page.locator("[data-testid='stForm']").filter(has_text="Esito delle domande")
    decide.get_by_text("Tutte le domande ancora da esaminare arrivate nei termini (31)").click()
    decide.get_by_text("ammessa", exact=True).click()
    decide.get_by_role("button", name="Salva modifiche").click()
    expect(page.get_by_text("Esito registrato per 31 enti")).to_be_visible(timeout=TIMEOUT)

    # -- outcomes: a double click sends each once
    page.get_by_role("link", name="Posta in uscita").click()
    wait_app(page)
    page.get_by_text("Esiti delle domande", exact=True).click()
    page.get_by_role("button", name="Prepara i messaggi").click()
    expect(page.get_by_text("Nuovi in coda: 31; già preparati o inviati: 0.")).to_be_visible(timeout=TIMEOUT)
    send_all(page, 31)
    expect(page.get_by_text("Inviati: 31")).to_be_visible(timeout=90_000)
    outcomes = recipients(relay, "Esito")
    assert len(outcomes) == 31 and set(outcomes.values()) == {1}
    assert "ets01@pec.example.org" in outcomes

    # -- invitations: the server is killed in the middle of the batch and restarted
    page.get_by_text("Inviti ai delegati", exact=True).click()
    page.get_by_role("button", name="Prepara i messaggi").click()
    expect(page.get_by_text("Nuovi in coda: 31; già preparati o inviati: 0.")).to_be_visible(timeout=TIMEOUT)
    send_all(page, 31)
    deadline = time.monotonic() + 60
    while len(recipients(relay, "Invito")) < 8 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(pec_server["proc"].pid, signal.SIGKILL)
    pec_server["proc"].wait(timeout=10)
    time.sleep(1)  # the relay finishes what it was taking in
    pec_server["proc"] = pec_server["start"]()
    page = staff_page(context, pec_server["base"], "Posta in uscita")
    expect(page.get_by_role("heading", name="Registro")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("row")).to_have_count(1 + 62, timeout=TIMEOUT)  # the log drawn whole: 31 + 31
    got = recipients(relay, "Invito")
    uncertain = page.get_by_role("row").filter(has_text="da verificare")
    if uncertain.count():  # the message in flight: the organiser reads the log, checks the relay's
        shot(page, "posta-da-verificare")
        rows = [row.replace("\u2060", "") for row in uncertain.all_inner_texts()]  # the joiner that stops autolinks
        to_check = [re.search(r"<([^>]+)>", row).group(1) for row in rows]  # type: ignore[union-attr]
        assert len(to_check) == 1, rows  # one message was in flight when the server died
        missing = [address for address in to_check if address not in got]
        form = page.locator("[data-testid='stForm']").filter(has_text="Messaggi verificati")
        for address in missing:  # only those the relay never took go back in the queue
            choose(form, "Messaggi verificati", address)
        if missing:
            form.get_by_role("button", name="Rimetti in coda").click()
            expect(page.get_by_text(f"Di nuovo in coda: {len(missing)}.")).to_be_visible(timeout=TIMEOUT)
    queued = int(page.get_by_role("heading", name="Da inviare").inner_text().split("(")[1].rstrip(")"))
    if queued:
        page.get_by_role("button", name=re.compile(rf"^Invia {queued} messaggi?o?$")).dblclick()
        expect(page.get_by_text("Inviati:").first).to_be_visible(timeout=90_000)
    wait_app(page)
    invitations = recipients(relay, "Invito")
    assert len(invitations) == 31 and set(invitations.values()) == {1}, invitations
    audit(page, "Posta in uscita dopo il riavvio", axe, failures)

    # -- a request for clarification answered and published
    page.get_by_role("link", name="Chiarimenti").click()
    wait_app(page)
    expect(page.get_by_role("heading", name="2 richieste di chiarimenti")).to_be_visible(timeout=TIMEOUT)
    first = page.locator("[data-testid='stForm']").filter(has_text="Risposta").first
    first.get_by_role("textbox", name="Risposta").fill("Sì: il consorzio presenta una sola domanda per sé.")
    first.get_by_role("button", name="Pubblica la risposta").click()
    expect(page.get_by_text("Risposta pubblicata tra le FAQ dell'avviso.")).to_be_visible(timeout=TIMEOUT)
    audit(page, "Chiarimenti", axe, failures)

    # -- a visitor who never signed in reads the avviso and its FAQ
    visitor = offline_context(viewport={"width": 390, "height": 844}).new_page()
    visitor.goto(pec_server["base"] + "/avviso")
    wait_app(visitor)
    expect(visitor.get_by_text("Sì: il consorzio presenta una sola domanda per sé.")).to_be_visible(timeout=TIMEOUT)
    expect(visitor.get_by_text("PG 456/2026", exact=False)).to_be_visible()
    with visitor.expect_download() as form:  # the fillable form itself, as the avviso offers it to anyone
        visitor.get_by_role("button", name="Scarica il modello di domanda (PDF compilabile)").click()
    assert form.value.suggested_filename == "modello-di-domanda.pdf"
    blank = application_form.read(open(form.value.path(), "rb").read())
    assert blank is not None and set(blank.values()) <= {"", "no"}, blank  # this percorso's form, not filled in
    body = visitor.locator("body").inner_text()
    assert "ets51@pec.example.org" not in body and "@pec.example.org" not in body
    shot(visitor, "avviso-faq-telefono")
    audit(visitor, "Avviso pubblico", axe, failures)
    assert failures == []


@pytest.fixture(scope="module")
def trust_server(tmp_path_factory):
    """A percorso with one valid application in the organisers' hands, and the
    tests' Commission as the signer of the EU list of the lists."""
    revocation = RevocationServer().start()  # the authority's revocation list, where its certificates say
    authority = tp.Authority(crl_url=revocation.crl_url)
    revocation.publish(authority)  # nobody revoked
    lists = tp.TrustLists.naming(authority)

    def prepare(database):
        pid = pec_percorso(database, avviso_protocol="PG 457/2026")
        BATCH["form"] = application_form.build(processes.get(database, pid))
        batch = tp.batch(BATCH["form"], DEADLINE, TO, 1, authority)
        BATCH["trust"] = (batch, lists, revocation)

    env = lists.env(tmp_path_factory.mktemp("fiducia"))  # the tests' Commission signs the list of the lists
    yield from demo_server(tmp_path_factory, prepare=prepare, demo=False, env=env)
    revocation.stop()


def test_the_trust_list_is_loaded_only_with_its_signatures_checked(trust_server, offline_context):
    """An organiser uploads AgID's list alone (refused: the EU list is needed to
    check it), then with an altered copy (refused), then the two lists together:
    the authority is in the list, and an application signed under it reads
    «firma valida»."""
    batch, lists, revocation = BATCH["trust"]
    failures: list = []
    context = offline_context(viewport={"width": 1400, "height": 1200})
    page = staff_page(context, trust_server["base"], "Posta in arrivo (PEC)")
    expect(page.get_by_text("Nessun elenco di fiducia caricato")).to_be_visible(timeout=TIMEOUT)
    trust = page.locator("[data-testid='stForm']").filter(has_text="Elenchi di fiducia")

    def load(*files: tuple[str, bytes]) -> None:
        upload(trust, [{"name": n, "mimeType": "text/xml", "buffer": data} for n, data in files])
        trust.get_by_role("button", name="Carica nell'elenco").click()

    load(("TSL-IT.xml", lists.italian))
    expect(page.get_by_text("caricala insieme alla lista europea delle liste (eu-lotl.xml)")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(page.get_by_text("Nessun elenco di fiducia caricato")).to_be_visible()
    shot(page, "fiducia-solo-nazionale")

    altered = lists.italian.replace(b"CA qualificata di prova", b"CA qualificata di altri")
    load(("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", altered))
    expect(page.get_by_text("la firma della lista nazionale (IT) non è valida")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Nessun elenco di fiducia caricato")).to_be_visible()

    load(("eu-lotl.xml", lists.lotl), ("TSL-IT.xml", lists.italian))
    expect(page.get_by_text("1 certificato aggiunto all'elenco di fiducia.")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("1 certificato di autorità caricato")).to_be_visible()
    page.get_by_text("Certificati caricati").click()
    listed = page.locator("[data-testid='stTable']").filter(has_text="CA di prova coprog")
    expect(listed.get_by_role("cell", name="TSL-IT.xml")).to_be_visible(timeout=TIMEOUT)  # the list it came from
    expect(listed.get_by_role("cell", name="dal 2020-01-01")).to_be_visible()  # granted since, as the list says
    audit(page, "Posta in arrivo: elenco di fiducia", Axe(), failures)
    shot(page, "fiducia-caricata")

    def examine() -> None:
        upload(
            page.get_by_role("region", name="Messaggi PEC esportati"),
            [{"name": "domanda-01.eml", "mimeType": "message/rfc822", "buffer": batch.messages["domanda-01.eml"]}],
        )
        page.get_by_role("button", name="Esamina i file").click()

    examine()
    expect(page.get_by_role("heading", name="Esiti: 1 messaggio")).to_be_visible(timeout=60_000)
    table = page.locator("[data-testid='stTable']").filter(has_text="Domanda accettata")
    unchecked = "firma valida (certificato nell'elenco di fiducia; revoca non verificata)"
    expect(table.get_by_text(unchecked)).to_be_visible()
    shot(page, "fiducia-esito")

    # -- the same message with the signer's revocation looked up at the authority's CRL
    page.get_by_text("Verifica anche la revoca dei certificati di firma").click()
    wait_app(page)
    examine()
    expect(table.get_by_text("firma valida (certificato nell'elenco di fiducia, non revocato)")).to_be_visible(
        timeout=60_000
    )
    assert revocation.served == ["GET /ca.crl"]  # the app's server asked the authority, once
    audit(page, "Posta in arrivo: revoca verificata", Axe(), failures)
    shot(page, "fiducia-revoca")

    # -- the PEC provider's certificate revoked before the message was sent: its envelope's
    # certification (the official time the deadline is read against) cannot be relied on
    revocation.publish(batch.authority, {batch.provider.cert.serial_number: DEADLINE - timedelta(days=30)})
    examine()
    refused = page.locator("[data-testid='stTable']").filter(has_text="Domanda respinta")
    expect(refused.get_by_text("certificato del gestore PEC revocato prima dell'invio", exact=False)).to_be_visible(
        timeout=60_000
    )
    expect(refused.get_by_text("firma valida (certificato nell'elenco di fiducia, non revocato)")).to_be_visible()
    assert revocation.served == ["GET /ca.crl"] * 2  # once per reading of the box
    audit(page, "Posta in arrivo: gestore revocato", Axe(), failures)
    shot(page, "fiducia-gestore-revocato")
    assert failures == [], "\n".join(failures)


def test_a_joint_signature_and_a_busta_di_anomalia_as_the_organiser_reads_them(trust_server, offline_context):
    """Two files uploaded: an application signed jointly by the legale
    rappresentante and someone else (one .p7m, two signers), and an ordinary
    e-mail the provider wrapped in a busta di anomalia. The first is accepted,
    read by the legale rappresentante's signature with the other named; the
    second is listed as no PEC, never stored."""
    batch, _lists, _revocation = BATCH["trust"]
    vals = tp.values(7)
    filled = tp.fill(BATCH["form"], vals)
    rep = batch.authority.issue(vals["legale_rappresentante"], vals["cf_legale_rappresentante"])
    other = batch.authority.issue("Altra Persona", tp.person_code(77))

    def sent(name: str, files: list[tuple[str, bytes]]) -> dict:
        inner = tp.original(vals["email"], TO, f"Domanda - {vals['denominazione']}", "In allegato la domanda.", files)
        raw = tp.envelope(inner, batch.provider, when=DEADLINE - timedelta(days=1), identifier=f"{name}@pec.example")
        if name == "anomalia":
            raw = raw.replace(b"X-Trasporto: posta-certificata", b"X-Trasporto: errore")
        return {"name": f"{name}.eml", "mimeType": "message/rfc822", "buffer": raw}

    failures: list = []
    context = offline_context(viewport={"width": 1400, "height": 1200})
    page = staff_page(context, trust_server["base"], "Posta in arrivo (PEC)")
    region = page.get_by_role("region", name="Messaggi PEC esportati")
    upload(
        region,
        [
            sent("congiunta", [("domanda.pdf.p7m", tp.cades_jointly(filled, [rep, other]))]),
            sent("anomalia", [("domanda.pdf.p7m", tp.cades(filled, rep))]),
        ],
    )
    page.get_by_role("button", name="Esamina i file").click()
    expect(page.get_by_role("heading", name="Esiti: 2 messaggi")).to_be_visible(timeout=60_000)
    accepted = page.locator("[data-testid='stTable']").filter(has_text="Domanda accettata")
    expect(accepted.get_by_text("firmata anche da: Altra Persona", exact=False)).to_be_visible()
    expect(accepted.get_by_text(vals["legale_rappresentante"], exact=False)).to_be_visible()
    expect(page.get_by_text("busta di anomalia del gestore", exact=False)).to_be_visible()
    audit(page, "Posta in arrivo: firma congiunta e busta di anomalia", Axe(), failures)
    page.get_by_role("heading", name="Esiti: 2 messaggi").scroll_into_view_if_needed()
    shot(page, "pec-congiunta-anomalia")
    assert failures == [], "\n".join(failures)
