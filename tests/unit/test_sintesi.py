"""The documento di sintesi the Comune can publish as it comes out: every
ballot with its outcome and its results in rank order, participation counted
once (an ETS turned down after taking part counted apart, everywhere), two
editions (no person in the public one), an accessible archival PDF, the verbale
with the same content in DOCX and HTML, and the pre-publication check that
recounts every figure and blocks publishing while it finds anything."""

import io
import json
import re
import sqlite3

import pikepdf
import pytest
from docx import Document
from openpyxl import load_workbook

from coprog import cli
from coprog.procedure import delegates
from coprog.records import documents, drafts, opendata, records, rendering, review, sintesi, verifica
from coprog.records.docmodel import INTERNAL, PUBLIC
from coprog.texts.errors import CheckFailed
from testkit.builders import STAFF
from testkit.sintesi import (
    HIDDEN_AFTER,
    HIDDEN_BEFORE,
    NORTH_OUTCOME,
    PLENARY_OUTCOME,
    SOUTH_OUTCOME,
    published_percorso,
)


@pytest.fixture
def world(database):
    return published_percorso(database)


def docx_text(content: bytes) -> str:
    return verifica.read_back(content, "docx")


def test_every_ballot_with_what_was_voted_who_voted_its_results_in_rank_order_and_its_outcome(database, world):
    public = sintesi.model(database, world["process_id"])
    text = public.text()
    # every ballot, tables and plenary, numbered within its session as the verbale numbers it
    for heading in (
        "Tavolo Nord – votazione n. 1 (approvazione)",
        "Tavolo Sud – votazione n. 1 (voto a punti)",
        "Plenaria di sintesi – votazione n. 1 (ordinamento)",
    ):
        assert heading in text, heading
    for outcome in (NORTH_OUTCOME, SOUTH_OUTCOME, PLENARY_OUTCOME):
        assert f"Deciso: {outcome['decided']}" in text
        assert f"Resta aperto: {outcome['open'] or 'nulla'}" in text
        assert f"Dissenso: {outcome['dissent'] or 'nessuno registrato'}" in text
    assert "Schede: 3 (enti, una scheda per ente); di enti poi non ammessi: 1 (Eta APS)." in text
    assert "Schede: 2 (enti, una scheda per ente); di cui su carta: 1." in text
    # the results tables: in rank order, saying what the position is, with the consolidated items' tables
    tables = [b for b in public.blocks if type(b).__name__ == "Table" and b.header[0] == "Posizione"]
    assert len(tables) == 3
    for table in tables:
        assert [row[0] for row in table.rows] == sorted(row[0] for row in table.rows)
        assert "Posizione» è il posto in graduatoria" in table.caption
    north = next(t for t in tables if any("Rete di vicinato" in str(r[1]) for r in t.rows) and len(t.rows) == 3)
    # Sportello 2/3 and the custode 2/3 tie at position 1; Eta's network 1/3 is third
    assert [(r[0], r[2]) for r in north.rows] == [(1, "67%"), (1, "67%"), (3, "33%")]
    plenary = tables[-1]
    assert plenary.header[-1] == "Tavoli d'origine"
    assert plenary.rows[0][1] == "Sportello unico domiciliare per Municipio"
    assert plenary.rows[0][-1] == "Tavolo Nord, Tavolo Sud"  # consolidated items keep their trace to the tables


def test_a_contribution_hidden_after_its_vote_keeps_its_figures_not_its_text(database, world):
    for edition in (PUBLIC, INTERNAL):
        text = sintesi.model(database, world["process_id"], edition=edition).text()
        assert HIDDEN_AFTER not in text and HIDDEN_BEFORE not in text
        assert "Voce non pubblicata (nascosta dalla moderazione dopo il voto)" in text
    verbale = documents.verbale_html(records.minutes(database, world["sessions"]["Tavolo Nord"]))
    assert HIDDEN_AFTER not in verbale
    dump = opendata.dumps(database, world["process_id"])  # the open data too: figures kept, text withheld
    assert HIDDEN_AFTER not in dump and "Voce non pubblicata" in dump


def test_priorities_are_listed_in_rank_order_and_say_what_the_number_is(database, world):
    public = sintesi.model(database, world["process_id"])
    ranked = [b for b in public.blocks if type(b).__name__ == "Ranked"]
    assert ranked and all(
        [n for n, _ in b.items if n is not None] == sorted(n for n, _ in b.items if n is not None) for b in ranked
    )
    (strategies,) = [b for b in ranked if any("Sportello" in t for _, t in b.items)]
    assert "il numero è la posizione" in strategies.meaning
    # Sportello: Anna 1st, Carla 1st -> Borda (1 + 1 + 0) / 3; Rete: Anna 2nd, Dario 1st -> (0 + 0 + 1) / 3
    assert strategies.items == [(1, "Sportello unico domiciliare per Municipio"), (2, "Rete di vicinato solidale")]
    text = public.text()
    assert "Posizione 1 – Sportello unico domiciliare per Municipio" in text
    assert "Posizione 2 – Rete di vicinato solidale" in text


def test_an_ets_turned_down_after_taking_part_is_counted_apart_and_named_everywhere(database, world):
    process_id = world["process_id"]
    counts = records.participation(database, process_id)
    assert {k: counts[k] for k in ("admitted", "attended", "contributed", "voted")} == {
        "admitted": 4,
        "attended": 4,
        "contributed": 3,  # Delta wrote nothing
        "voted": 4,  # Delta voted in the plenary
    }
    (eta,) = counts["turned_down"]
    assert (eta["name"], eta["sessions"], eta["contributions"], eta["votes"]) == ("Eta APS", 1, 1, 1)
    text = sintesi.model(database, process_id).text()
    assert "Enti del Terzo settore ammessi: 4. Di questi, hanno partecipato ad almeno una sessione: 4" in text
    assert "Enti non ammessi dopo aver preso parte al percorso: 1 (Eta APS: 1 sessione, 1 contributo, 1 scheda)" in text
    assert "Eta APS (ente non ammesso)" in text  # in the annexes A and C
    assert "Proposta anche da enti poi non ammessi (non contati): Eta APS (ente non ammesso)." in text
    # Revisione's headline, the verbale and the registers say the same
    headline = review.headline(database, process_id)
    assert headline["present"] == 4 and [r["name"] for r in headline["turned_down"]] == ["Eta APS"]
    verbale = documents.verbale_html(records.minutes(database, world["sessions"]["Tavolo Nord"]))
    assert "Eta APS (ente non ammesso)" in verbale
    rows = list(load_workbook(io.BytesIO(documents.register_xlsx(database, process_id=process_id))).active.values)
    assert any(row[2] == "Eta APS (ente non ammesso)" for row in rows)
    north = review.presence_by_session(database, process_id).set_index("session").loc["Tavolo Nord"]
    assert (north["organisations"], north["turned_down"]) == (2, 1)


def test_the_public_edition_names_no_person_and_the_internal_one_keeps_the_register(database, world):
    people = delegates.delegates(database, world["process_id"])
    assert all(p["email"] for p in people)
    report = verifica.check(database, world["process_id"])
    assert report.ok, [f.line() for f in report.findings]
    for (edition, fmt), content in report.files.items():
        text = verifica.read_back(content, fmt)
        for person in people:
            found = [v for v in (person["name"], person["email"], person["access_code"]) if v in text]
            if edition == PUBLIC:
                assert found == [], (edition, fmt, found)
        if edition == INTERNAL:
            assert "Anna Rossi" in text  # the named register, for the records office
    public = docx_text(report.files[(PUBLIC, "docx")])
    assert "Presenze degli enti per sessione (edizione pubblica: senza nomi di persone)" in public
    assert "Edizione pubblica: gli enti sono indicati per nome, le persone fisiche non sono nominate." in public


def test_the_public_pdf_is_tagged_archival_and_accessible(database, world):
    document = sintesi.model(database, world["process_id"])
    content = rendering.pdf(document)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "it"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta["dc:title"].startswith("Documento di sintesi – Domiciliarità")
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "A")
        assert meta["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
        roles = list(verifica._struct(pdf.Root.StructTreeRoot))
    figures = [alt for role, alt in roles if role == "/Figure"]
    assert len(figures) == 3 and all("Municipio" in alt or "area" in alt.lower() for alt in figures)
    names = {role for role, _ in roles}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/P"} <= names
    assert verifica.pdf_structure(content, document, "pdf") == []
    text = verifica.read_back(content, "pdf")
    assert "Plenaria di sintesi – votazione n. 1 (ordinamento)" in " ".join(text.split())


def test_docx_and_html_of_the_sintesi_and_of_the_verbale_say_the_same(database, world):
    document = sintesi.model(database, world["process_id"])
    docx, html = verifica.read_back(rendering.docx(document), "docx"), rendering.html_page(document)
    flat = lambda text: " ".join(text.split())  # noqa: E731
    for line in document.texts():
        assert flat(line) in flat(docx), line
        assert flat(line) in flat(verifica.read_back(html.encode(), "html")), line
    table = records.minutes(database, world["sessions"]["Tavolo Nord"])
    table["session"]["theme"] = "Domiciliarità nel Municipio 1"
    page, doc = documents.verbale_html(table), Document(io.BytesIO(documents.verbale_docx(table)))
    for text in ("<h2>Fasi</h2>", "Tema: Domiciliarità nel Municipio 1", "Contributi raccolti", "Esito:"):
        assert text in page, text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert re.findall(r"<h[2-6]>(.*?)</h[2-6]>", page) == [h.replace("'", "&#x27;") for h in headings]


def test_the_check_recounts_every_figure_and_publishing_waits_for_it(database, world, tmp_path):
    process_id = world["process_id"]
    report = verifica.check(database, process_id)
    assert report.ok and report.facts > 40
    public = sintesi.model(database, process_id)
    assert set(public.facts) == set(verifica.recount(database, process_id))
    assert all(f.table for f in public.facts.values())  # every figure names the table it comes from
    # a vote changed behind the application's back (triggers dropped): the recount disagrees with the
    # frozen results, and publishing is refused with the differences listed
    north = world["ballots"]["north"]
    with database.write() as db:
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'vote_entry'"):
            db.execute(f"DROP TRIGGER {name}")
        vote = db.execute("SELECT id FROM vote WHERE ballot_id = ? ORDER BY id LIMIT 1", [north]).fetchone()[0]
        db.execute("DELETE FROM vote_entry WHERE vote_id = ?", [vote])
    report = verifica.check(database, process_id)
    differences = {f.where for f in report.findings if f.kind == "differenza"}
    assert any(key.startswith(f"votazione.{north}.voce.") for key in differences), report.findings
    with pytest.raises(CheckFailed) as refused:
        drafts.publish(database, STAFF, process_id, "2099-01-01T12:00")
    assert refused.value.report.findings and drafts.versions(database, process_id) == []
    with pytest.raises(CheckFailed):
        drafts.publish_final(database, STAFF, process_id)
    assert drafts.finals(database, process_id) == []
    assert cli.main(["--db", str(database.path), "verifica", "--process", str(process_id)]) == 1


def test_personal_data_and_hidden_text_block_publishing_until_removed(database, world):
    process_id = world["process_id"]
    sintesi.save_texts(
        database, STAFF, process_id, premessa="Grazie a Bruno Verdi (bruno.verdi@example.org).", conclusioni=""
    )
    report = verifica.check(database, process_id)
    personal = [f for f in report.findings if f.kind == "dato_personale"]
    assert {f.where for f in personal} == {
        "edizione pubblica, DOCX",
        "edizione pubblica, HTML",
        "edizione pubblica, PDF",
    }
    assert {f.detail.split(" compare")[0] for f in personal} == {"nome di un delegato", "email di un delegato"}
    sintesi.save_texts(database, STAFF, process_id, premessa=f"Nota: {HIDDEN_BEFORE}.", conclusioni="")
    hidden = [f for f in verifica.check(database, process_id).findings if f.kind == "testo_nascosto"]
    assert len(hidden) == 5  # both editions, every format
    with pytest.raises(CheckFailed):
        drafts.publish(database, STAFF, process_id, "2099-01-01T12:00")
    # an ETS named after a person is an ETS: not personal data
    sintesi.save_texts(database, STAFF, process_id, premessa="La Fondazione Eta APS ringrazia.", conclusioni="")
    draft = drafts.publish(database, STAFF, process_id, "2099-01-01T12:00")
    assert drafts.pdf_of(database, draft["id"]).startswith(b"%PDF")
    final = drafts.publish_final(database, STAFF, process_id)
    assert final["number"] == 1 and len(final["sha256"]) == 64
    assert drafts.final_file(database, final["id"], "pdf").startswith(b"%PDF")
    with database.write() as db, pytest.raises(sqlite3.IntegrityError, match="documento_pubblicato"):
        db.execute("UPDATE final_document SET html = 'altro' WHERE id = ?", [final["id"]])
    audit = database.one("SELECT detail FROM audit_log WHERE action = 'pubblica_sintesi'")
    assert json.loads(audit["detail"])["check"]["findings"] == 0


def test_cli_verifica_writes_the_editions_it_checked(database, world, tmp_path, capsys):
    out = tmp_path / "edizioni"
    code = cli.main(["--db", str(database.path), "verifica", "--out", str(out)])
    assert code == 0 and "Verifica superata" in capsys.readouterr().out
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "documento_di_sintesi_interna.docx",
        "documento_di_sintesi_interna.html",
        "documento_di_sintesi_pubblica.docx",
        "documento_di_sintesi_pubblica.html",
        "documento_di_sintesi_pubblica.pdf",
    ]
