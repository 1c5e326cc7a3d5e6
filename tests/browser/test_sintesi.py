"""The documento di sintesi from the organiser's side, in the real browser: on
the percorso of the issue (two tables each with a closed ballot, a plenary
that consolidates and votes, an ETS turned down after voting, a contribution
hidden after its vote), the organiser runs the pre-publication check,
downloads the public DOCX and PDF (read here: every ballot with its outcome,
no person, a tagged PDF/A with its language), then tries to publish the final
version with a delegate's name in the premessa (refused, the finding listed),
removes it and publishes; the published PDF is the one the check read."""

import hashlib
import io
import sqlite3

import pikepdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from docx import Document
from playwright.sync_api import expect

from coprog.records import verifica
from testkit.browser import TIMEOUT, audit, shot, sintesi_file, staff_page, wait_app
from testkit.server import demo_server
from testkit.sintesi import NORTH_OUTCOME, PLENARY_OUTCOME, SOUTH_OUTCOME, published_percorso

pytestmark = pytest.mark.browser
CHECK = 180_000  # the check renders both editions, the PDF included


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from demo_server(tmp_path_factory, prepare=published_percorso, demo=False)


def people(db) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT name, email, access_code FROM delegate").fetchall()
    conn.close()
    return rows


def test_the_organiser_checks_downloads_and_publishes_the_sintesi(server, offline_context):
    base, db = server["base"], server["db"]
    axe, failures = Axe(), []
    context = offline_context(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    organiser = staff_page(context, base, "Documenti e dati")

    # -- the check, then the public DOCX and PDF as downloaded
    docx = sintesi_file(organiser, "docx")
    expect(organiser.get_by_text("Verifica superata").first).to_be_visible(timeout=TIMEOUT)
    shot(organiser, "sintesi-verifica-superata")
    audit(organiser, "Documenti e dati: verifica della sintesi", axe, failures)
    pdf = sintesi_file(organiser, "pdf", check=False)
    text = " ".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    cells = " ".join(c.text for t in Document(io.BytesIO(docx)).tables for r in t.rows for c in r.cells)
    pdf_text = " ".join(verifica.read_back(pdf, "pdf").split())
    for outcome in (NORTH_OUTCOME, SOUTH_OUTCOME, PLENARY_OUTCOME):
        assert f"Deciso: {outcome['decided']}" in text and f"Deciso: {outcome['decided']}" in pdf_text
    for heading in (
        "Tavolo Nord – votazione n. 1",
        "Tavolo Sud – votazione n. 1",
        "Plenaria di sintesi – votazione n. 1",
    ):
        assert heading in text and heading in pdf_text
    assert "Enti non ammessi dopo aver preso parte al percorso: 1 (Eta APS" in text
    for name, email, code in people(db):
        for value in (name, email, code):
            assert value not in text and value not in cells and value not in pdf_text, value
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "it" and "/StructTreeRoot" in document.Root
        meta = document.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "A")
        assert meta["dc:title"].startswith("Documento di sintesi")
        figures = [alt for role, alt in verifica._struct(document.Root.StructTreeRoot) if role == "/Figure"]
        assert figures and all(figures)

    # -- a delegate's name in the premessa: the final version is refused, the finding listed
    organiser.get_by_role("textbox", name="Premessa").fill("Ringraziamo Anna Rossi per il lavoro dei tavoli.")
    organiser.get_by_role("button", name="Salva").click()
    expect(organiser.get_by_text("Versione dei testi: 1")).to_be_visible(timeout=TIMEOUT)
    organiser.get_by_role("tab", name="Documento di sintesi").click()
    organiser.get_by_role("button", name="Pubblica la versione definitiva n. 1").click()
    expect(organiser.get_by_text("La verifica prima della pubblicazione ha trovato 3 problemi").first).to_be_visible(
        timeout=CHECK
    )
    expect(organiser.get_by_text("La verifica").filter(has_text="ha trovato 3 problemi").first).to_be_visible()
    shot(organiser, "sintesi-pubblicazione-rifiutata")
    audit(organiser, "Documenti e dati: pubblicazione rifiutata", axe, failures)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM final_document").fetchone()[0] == 0
    conn.close()

    # -- the name removed: published, and the published PDF is downloadable as published
    organiser.get_by_role("textbox", name="Premessa").fill("Il Comune ringrazia gli enti dei tavoli.")
    organiser.get_by_role("button", name="Salva").click()
    expect(organiser.get_by_text("Versione dei testi: 2")).to_be_visible(timeout=TIMEOUT)
    organiser.get_by_role("tab", name="Documento di sintesi").click()
    organiser.get_by_role("button", name="Pubblica la versione definitiva n. 1").click()
    expect(organiser.get_by_text("Documento di sintesi definitivo n. 1 pubblicato.")).to_be_visible(timeout=CHECK)
    organiser.get_by_role("tab", name="Documento di sintesi").click()
    wait_app(organiser)
    with organiser.expect_download() as download:
        organiser.locator(".st-key-final_1_pdf button").click()
    published = open(download.value.path(), "rb").read()
    conn = sqlite3.connect(db)
    (digest,) = conn.execute("SELECT sha256 FROM final_document").fetchone()
    conn.close()
    assert hashlib.sha256(published).hexdigest() == digest
    expect(organiser.get_by_text(f"SHA-256 del PDF: {digest}")).to_be_visible()
    shot(organiser, "sintesi-pubblicata")
    assert failures == [], "\n".join(failures)
