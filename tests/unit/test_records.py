"""Records and exports: documents read back, open data round trip, formula
neutralisation on every export, backup under writes, erasure, admission."""

import csv
import io
import json
import sqlite3
import threading
import zipfile

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

from coprog import demo
from coprog.ballots import ballots, tallying
from coprog.contributions import contributions, moderation
from coprog.live import attendance, facilitation
from coprog.procedure import delegates, invites, organisations, processes, sessions
from coprog.reading import analysis
from coprog.records import documents, opendata, records, rendering, review, sintesi
from coprog.storage import audit, backup
from coprog.storage.db import Database
from coprog.texts.errors import NotAllowed, NotFound, ValidationError
from coprog.texts.exports_safe import FORMULA_PREFIXES, safe_cell
from testkit.builders import FACILITATOR, OUTCOME, STAFF, VALID_CF, make_org, need_fields, pid


@pytest.fixture
def demo_db(database):
    demo.create(database)
    return database


def headings(doc):
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]


def test_synthesis_document_sections_tables_figures(demo_db):
    process_id = processes.current(demo_db)["id"]
    sintesi.save_texts(
        demo_db,
        STAFF,
        process_id,
        premessa="Il Comune avvia il percorso.",
        conclusioni="Si passa alla co-progettazione.",
        order=["obiettivi", "premessa", *[s for s in sintesi.SECTIONS if s not in ("obiettivi", "premessa")]],
    )
    doc = Document(io.BytesIO(documents.synthesis_docx(demo_db, process_id)))
    titles = headings(doc)
    assert titles[0] == "Documento di sintesi"
    assert titles[1:3] == ["1. Obiettivi", "2. Premessa"]  # the organisers' order
    for section in sintesi.SECTION_TITLES.values():
        assert any(t.endswith(section) for t in titles), section
    assert titles.index("16. Conclusioni") == titles.index("17. Allegati") - 1  # once, before the annexes
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Il Comune avvia il percorso." in text and "Versione 1" in text and "generato il" in text
    assert "art. 55" in text and "D.M. 31 marzo 2021, n. 72" in text
    assert len(doc.inline_shapes) == 4  # context, needs by area and by Municipio, the offer per 1,000 aged 65+
    alts = [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]
    assert all(alt and "Municipio" in alt or "area" in alt.lower() for alt in alts)
    assert len(doc.tables) >= 7
    areas_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Area")
    assert sum(int(r.cells[1].text) for r in areas_table.rows[1:]) == 120
    # the demo's closing plenary consolidated the tables' items: the sections follow its lists,
    # with each item's origin and how it fared in its table's ballot
    assert "Voci consolidate in plenaria dai tavoli: 4." in text
    assert "Origine: Tavolo 1 (" in text
    assert "Al tavolo: Tavolo 1 – votazione n. 1 (voto a punti):" in text  # numbered within its session
    assert "Non messa ai voti in plenaria." in text


def test_synthesis_version_grows_and_only_organisers_write(demo_db):
    process_id = processes.current(demo_db)["id"]
    assert sintesi.save_texts(demo_db, STAFF, process_id, premessa="a", conclusioni="b") == 1
    assert sintesi.save_texts(demo_db, STAFF, process_id, premessa="a2", conclusioni="b") == 2
    with pytest.raises(NotAllowed):
        sintesi.save_texts(demo_db, FACILITATOR, process_id, premessa="x", conclusioni="y")


def test_a_prepared_document_knows_when_the_percorso_changed_since(demo_db):
    """audit.last_change: what the organisers' prepared documents compare with."""
    process_id = pid(demo_db)
    before = audit.last_change(demo_db, process_id)
    assert before > 0  # the demo was written
    documents.verbale_docx(records.minutes(demo_db, sessions.sessions(demo_db, process_id)[0]["id"]))
    opendata.dumps(demo_db, process_id)
    assert audit.last_change(demo_db, process_id) == before  # building a document writes nothing
    other = processes.create(demo_db, STAFF, title="Altro percorso", make_current=False)
    sintesi.save_texts(demo_db, STAFF, other, premessa="Altrove.", conclusioni="")
    assert audit.last_change(demo_db, process_id) == before  # another percorso's writes are not this one's
    assert audit.last_change(demo_db, other) > before
    sintesi.save_texts(demo_db, STAFF, process_id, premessa="Il Comune avvia il percorso.", conclusioni="")
    assert audit.last_change(demo_db, process_id) > before
    before = audit.last_change(demo_db, process_id)
    person = delegates.delegates(demo_db, process_id)[0]  # a delegate's write in a session is the percorso's too
    contributions.create(
        demo_db,
        delegates.delegate_actor(person),
        sessions.sessions(demo_db)[0]["id"],
        "bisogno",
        need_fields(title="Nuovo"),
    )
    assert audit.last_change(demo_db, process_id) > before


def test_verbale_docx_and_html(demo_db):
    table = sessions.sessions(demo_db)[1]
    sessions.set_notes(demo_db, FACILITATOR, table["id"], "Discussione vivace.\nSeconda riga <b>non html</b>.")
    data = records.minutes(demo_db, table["id"])
    doc = Document(io.BytesIO(documents.verbale_docx(data)))
    assert headings(doc)[:6] == [
        "Verbale – Tavolo 1",
        "Presenze",
        "Fasi",
        "Contributi ricevuti",
        "Votazioni",
        "Votazione n. 1 – voto a punti (chiusa)",
    ]
    presence = doc.tables[0]
    assert len(presence.rows) - 1 == len(data["register"]) == 14
    ballot_table = doc.tables[2]
    assert [c.text for c in ballot_table.rows[0].cells][:3] == ["Posizione", "Voce", "Punti"]
    assert sum(int(r.cells[2].text) for r in ballot_table.rows[1:]) == 14 * 5
    positions = [int(r.cells[0].text) for r in ballot_table.rows[1:]]
    assert positions == sorted(positions)  # in rank order
    page = documents.verbale_html(data)
    assert "&lt;b&gt;non html&lt;/b&gt;" in page and "<b>non html</b>" not in page


def test_registers_xlsx_and_pdf(demo_db):
    workbook = load_workbook(io.BytesIO(documents.register_xlsx(demo_db, process_id=pid(demo_db))))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Sessione", "Data", "Organizzazione", "Delegato") and len(rows) == 15
    assert documents.register_pdf(demo_db, process_id=pid(demo_db)).startswith(b"%PDF")


def test_open_data_round_trip_gives_the_same_tallies(demo_db, tmp_path):
    dump = json.loads(opendata.dumps(demo_db, pid(demo_db)))
    assert dump["format"] == "coprog-open-data" and dump["version"] == 1
    fresh = Database(tmp_path / "restored.db")
    opendata.load_json(fresh, dump)
    before, after = analysis.needs_table(demo_db, pid(demo_db)), analysis.needs_table(fresh, pid(fresh))
    pd.testing.assert_frame_equal(analysis.by_municipio(before), analysis.by_municipio(after))
    pd.testing.assert_frame_equal(analysis.by_area(before), analysis.by_area(after))
    pd.testing.assert_frame_equal(analysis.area_by_municipio(before), analysis.area_by_municipio(after))
    assert ballots.snapshot(fresh, 1) == ballots.snapshot(demo_db, 1)
    fresh_results, old_results = tallying.results(fresh, 1), tallying.results(demo_db, 1)
    assert [i["total"] for i in fresh_results["items"]] == [i["total"] for i in old_results["items"]]
    with pytest.raises(ValidationError):
        opendata.load_json(fresh, dump)  # not an empty database
    with pytest.raises(ValidationError):
        opendata.load_json(Database(tmp_path / "other.db"), {"format": "altro"})


def test_open_data_leaves_out_personal_data(demo_db):
    text = opendata.dumps(demo_db, pid(demo_db))
    for person in delegates.delegates(demo_db, pid(demo_db))[:10]:
        assert person["name"] not in text and person["access_code"] not in text
    assert "@" not in "".join(o.get("name", "") for o in json.loads(text)["organisation"])
    for name in opendata.TABLES:
        columns = opendata.TABLES[name][0]
        assert not {"delegate_id", "email", "phone", "access_code", "name_delegate"} & set(columns)


PAYLOADS = ['=HYPERLINK("http://x","y")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def _plant_formulas(database):
    """Rows as an older version or a raw import could have left them."""
    organisations.add_organisation(
        database,
        STAFF,
        {"name": "Ente formula", "codice_fiscale": "80012340156", "legal_form": "aps"},
        [{"name": "Delegato formula"}],
        process_id=pid(database),
    )
    with database.write() as db:
        org_id = db.execute("SELECT id FROM organisation WHERE name = 'Ente formula'").fetchone()[0]
        db.execute("UPDATE organisation SET admission = 'ammessa', name = ? WHERE id = ?", [PAYLOADS[0], org_id])
        db.execute("UPDATE delegate SET name = ? WHERE organisation_id = ?", [PAYLOADS[1], org_id])
        session_id, phase_id = db.execute("SELECT id, current_phase_id FROM session LIMIT 1").fetchone()
        db.execute("UPDATE phase SET contributions_open = 1, contribution_types = 'bisogno' WHERE id = ?", [phase_id])
        for payload in PAYLOADS:
            db.execute(
                "INSERT INTO contribution (session_id, phase_id, type, organisation_id, source, status, title,"
                " body, area, target_group, intensity, trend, evidence_source, created_at)"
                " VALUES (?, ?, 'bisogno', ?, 'facilitatore', 'approvato', ?, ?, 'poverta', 'minori', 3,"
                " 'stabile', 'dati', '2026-11-26T10:00:00.000Z')",
                [session_id, phase_id, org_id, payload + " titolo", payload],
            )
        db.execute(
            "INSERT INTO attendance (session_id, delegate_id, organisation_id) SELECT ?, id, organisation_id"
            " FROM delegate WHERE organisation_id = ?",
            [session_id, org_id],
        )


def _cells_of_every_export(database) -> list[str]:
    cells = []
    for blob in (opendata.to_xlsx(database, pid(database)), documents.register_xlsx(database)):
        for sheet in load_workbook(io.BytesIO(blob)).worksheets:
            cells += [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    with zipfile.ZipFile(io.BytesIO(opendata.to_csv_zip(database, pid(database)))) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8-sig")
            cells += [v for row in csv.reader(io.StringIO(text, newline="")) for v in row]
    invites_text = invites.to_csv(invites.invite_rows(database, pid(database)))
    cells += [v for row in csv.reader(io.StringIO(invites_text, newline="")) for v in row]
    from coprog.texts.exports_safe import csv_bytes

    frame = analysis.needs_table(database, pid(database))[["title", "body"]]
    cells += [v for row in csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"), newline="")) for v in row]
    return cells


def test_every_export_neutralises_formulas(demo_db):
    _plant_formulas(demo_db)
    cells = _cells_of_every_export(demo_db)
    planted = [c for c in cells if any(p.strip("\t\r")[:6] in c for p in PAYLOADS)]
    assert len(planted) >= 12
    assert [c for c in cells if c.startswith(FORMULA_PREFIXES)] == []
    assert all(safe_cell(p).startswith("'") for p in PAYLOADS)


def test_backup_during_a_burst_of_writes(world, database, tmp_path):
    actor = delegates.delegate_actor(world["anna"])
    stop = threading.Event()
    written = []

    def burst():
        n = 0
        while not stop.is_set() and n < 400:
            contributions.create(database, actor, world["session_id"], "bisogno", need_fields(title=f"Scrittura {n}"))
            written.append(n)
            n += 1

    writer = threading.Thread(target=burst)
    writer.start()
    copies = []
    for i in range(3):
        copies.append(backup.backup(database, tmp_path / f"copia-{i}.db"))
    stop.set()
    writer.join()
    for path in copies:
        assert backup.integrity(path) == "ok"
        conn = sqlite3.connect(path)
        count = conn.execute("SELECT count(*) FROM contribution").fetchone()[0]
        municipi = conn.execute("SELECT count(DISTINCT contribution_id) FROM contribution_municipio").fetchone()[0]
        conn.close()
        assert count == municipi  # every contribution complete with its territory: no half transaction
    assert len(written) > 0


def test_cli_export_and_backup(demo_db, tmp_path, capsys):
    from coprog.cli import main

    db = str(demo_db.path)
    for fmt, name in (("json", "dati.json"), ("xlsx", "dati.xlsx"), ("csv", "dati.zip"), ("docx", "sintesi.docx")):
        assert main(["--db", db, "export", "--format", fmt, "--out", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 1000
    assert main(["--db", db, "backup", "--out", str(tmp_path / "copia.db")]) == 0
    assert "integrità: ok" in capsys.readouterr().out


def test_gdpr_erasure_keeps_contributions_with_the_organisation(world, database):
    anna = world["anna"]
    cid = contributions.create(database, delegates.delegate_actor(anna), world["session_id"], "bisogno", need_fields())
    attendance.check_in(database, anna, world["session_id"])
    with pytest.raises(NotAllowed):
        delegates.erase_delegate(database, FACILITATOR, anna["id"])
    delegates.erase_delegate(database, STAFF, anna["id"])
    erased = delegates.get_delegate(database, anna["id"])
    assert erased["name"].startswith("Delegato rimosso") and erased["revoked"] == 1
    assert erased["access_code"] != anna["access_code"]
    assert delegates.delegate_by_code(database, anna["access_code"]) is None
    assert contributions.get(database, cid)["organisation"] == "Cooperativa Sociale Alfa"
    assert "Anna Rossi" not in json.dumps(database.query("SELECT * FROM audit_log"))
    assert (
        database.query("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")[0]["action"]
        == "cancella_dati_personali"
    )
    with pytest.raises(NotAllowed):
        delegates.erase_delegate(database, STAFF, anna["id"])
    with pytest.raises(NotFound):
        delegates.erase_delegate(database, STAFF, 9999)


def test_admission_and_the_published_list(world, database):
    gamma = make_org(database, "Gamma ODV", VALID_CF[2], ("Dario Blu",), admission="ricevuta")
    names = lambda: [r["denominazione"] for r in organisations.admitted(database, pid(database))]  # noqa: E731
    assert "Gamma ODV" not in names()  # applications start as received
    organisations.set_admission(database, STAFF, gamma, "ammessa")
    assert "Gamma ODV" in names()
    with pytest.raises(ValidationError):
        organisations.set_admission(database, STAFF, world["org_b"], "non_ammessa", "")
    organisations.set_admission(database, STAFF, world["org_b"], "non_ammessa", "Non iscritto al RUNTS")
    row = database.query_one("SELECT admission, admission_reason FROM organisation WHERE id = ?", (world["org_b"],))
    assert row == {"admission": "non_ammessa", "admission_reason": "Non iscritto al RUNTS"}
    assert all(o["name"] != "Associazione Beta APS" for o in opendata.tables(database, pid(database))["organisation"])
    with pytest.raises(NotAllowed):
        organisations.set_admission(database, FACILITATOR, world["org_b"], "ammessa")


def test_process_and_session_edits_are_validated_and_audited(world, database):
    processes.update(
        database,
        STAFF,
        world["process_id"],
        title="Nuovo titolo",
        start_date="2026-11-01",
        end_date="2027-01-31",
        office="Area Domiciliarità",
    )
    assert processes.current(database)["office"] == "Area Domiciliarità"
    with pytest.raises(ValidationError):
        processes.update(database, STAFF, world["process_id"], title="", start_date="2027-02-01", end_date="2027-01-01")
    sessions.update_session(
        database,
        STAFF,
        world["session_id"],
        title="Plenaria finale",
        kind="plenaria",
        date="2027-01-20",
        place="Palazzo Marino",
    )
    assert sessions.get_session(database, world["session_id"])["place"] == "Palazzo Marino"
    assert database.query("SELECT action, entity FROM audit_log ORDER BY id DESC LIMIT 2") == [
        {"action": "modifica", "entity": "session"},
        {"action": "modifica", "entity": "process"},
    ]


def test_register_pdf_keeps_dashes_readable(demo_db):
    assert rendering.latin("Uscita — in corso – «sì» … ’") == "Uscita - in corso - «sì» ... '"


def _all_text(blob: bytes) -> str:
    """Every text inside a file: the XML of a DOCX/XLSX, the members of a zip, or the bytes themselves."""
    import zipfile

    if blob[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    try:
        return blob.decode("utf-8")
    except UnicodeDecodeError:
        return blob.decode("latin-1")


def test_hidden_and_pending_contributions_never_leave_the_app(world, database):
    marker = "MARCATORE-NASCOSTO"
    anna, carla = delegates.delegate_actor(world["anna"]), delegates.delegate_actor(world["carla"])
    shown = contributions.create(database, anna, world["session_id"], "bisogno", need_fields(title="Bisogno visibile"))
    hidden = contributions.create(
        database,
        anna,
        world["session_id"],
        "bisogno",
        need_fields(title=f"Titolo {marker}", body=f"Testo {marker}", evidence=f"Evidenza {marker}"),
    )
    moderation.hide(database, STAFF, hidden, "Dati personali di un utente")
    facilitation.set_moderated(database, STAFF, world["session_id"], True)
    contributions.create(database, carla, world["session_id"], "bisogno", need_fields(title=f"In attesa {marker}"))
    attendance.check_in(database, world["anna"], world["session_id"])
    pid_ = world["process_id"]
    minutes = records.minutes(database, world["session_id"])
    files = {
        "open data json": opendata.dumps(database, pid_).encode(),
        "open data xlsx": opendata.to_xlsx(database, pid_),
        "open data csv": opendata.to_csv_zip(database, pid_),
        "sintesi": documents.synthesis_docx(database, pid_),
        "verbale docx": documents.verbale_docx(minutes),
        "verbale html": documents.verbale_html(minutes).encode(),
        "registro": documents.register_xlsx(database, process_id=pid_),
        "domande": documents.applications_xlsx(database, pid_),
    }
    for name, blob in files.items():
        assert marker not in _all_text(blob), name
    assert "Bisogno visibile" in _all_text(files["sintesi"]) and "Bisogno visibile" in _all_text(files["verbale docx"])
    verbale = _all_text(files["verbale html"])
    assert "1 nascosto dalla moderazione – motivo: Dati personali di un utente" in verbale
    assert "1 in attesa di moderazione" in verbale
    shown_everywhere = [c["id"] for c in contributions.visible(database, world["session_id"])]
    assert shown_everywhere == [shown]  # boards and projector
    assert [n for n in analysis.needs_table(database, pid_)["title"]] == ["Bisogno visibile"]


def test_phase_times_come_from_the_log_of_current_phases():
    assert records.phase_times([("09:00", 1), ("09:30", 2), ("10:15", 3)], [1, 2, 3, 4]) == {
        1: ("09:00", "09:30"),
        2: ("09:30", "10:15"),
        3: ("10:15", None),
        4: (None, None),
    }
    assert records.phase_times([("09:00", 1), ("09:30", 2), ("09:40", 1), ("09:40", 1)], [1, 2]) == {
        1: ("09:00", None),
        2: ("09:30", "09:40"),
    }


def test_the_verbale_closes_a_phase_left_for_the_next_and_numbers_ballots_in_the_session(world, database):
    phases = sessions.phases(database, world["session_id"])
    facilitation.set_current_phase(database, STAFF, world["session_id"], phases[2]["id"])  # needs -> strategies
    ballots.add_seed(database, STAFF, world["session_id"], "strategia", "Una regia unica")
    bid = ballots.open_ballot(database, STAFF, world["session_id"], "approvazione")
    ballots.close(database, STAFF, bid, OUTCOME)
    other = processes.create(database, STAFF, title="Altro percorso")  # ballots elsewhere do not count
    assert other
    data = records.minutes(database, world["session_id"])
    needs_phase = next(p for p in data["phases"] if p["position"] == 2)
    assert needs_phase["started_at"] and needs_phase["ended_at"]  # left for the next: it has an end
    assert next(p for p in data["phases"] if p["position"] == 3)["ended_at"] is None
    assert [b["number"] for b in data["ballots"]] == [1]
    text = documents.verbale_html(data)
    assert "Votazione n. 1" in text
    doc = Document(io.BytesIO(documents.verbale_docx(data)))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any(p.startswith("Votazione n. 1 ") for p in paragraphs), paragraphs
    assert "in corso" in cells, cells


def test_every_section_of_the_sintesi_is_printed_once_in_its_place(world, database):
    sintesi.save_texts(
        database,
        STAFF,
        world["process_id"],
        premessa="Premessa scritta",
        conclusioni="Conclusioni scritte una volta",
        open_questions="",
        codesign="",
        order=list(sintesi.SECTIONS),
    )
    docx = Document(io.BytesIO(documents.synthesis_docx(database, world["process_id"])))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading 1")]
    texts = [p.text for p in docx.paragraphs]
    assert texts.count("Conclusioni scritte una volta") == 1
    assert headings.index("16. Conclusioni") == headings.index("17. Allegati") - 1
    codesign = texts.index("15. Indicazioni per la co-progettazione")
    assert texts[codesign + 1] == "Da completare a cura del Comune."


def test_documents_say_what_each_count_counts(world, database):
    attendance.check_in(database, world["anna"], world["session_id"])
    contributions.create(
        database, delegates.delegate_actor(world["anna"]), world["session_id"], "bisogno", need_fields()
    )
    make_org(database, "Gamma ODV", VALID_CF[2], ("Dario Blu",))  # admitted, never came
    counts = records.participation(database, world["process_id"])
    assert {k: counts[k] for k in ("admitted", "attended", "contributed", "voted")} == {
        "admitted": 3,
        "attended": 1,
        "contributed": 1,
        "voted": 0,
    }
    assert counts["turned_down"] == []
    assert review.headline(database, world["process_id"])["present"] == 1
    text = _all_text(documents.synthesis_docx(database, world["process_id"]))
    assert (
        "Enti del Terzo settore ammessi: 3. Di questi, hanno partecipato ad almeno una sessione: 1; hanno presentato "
        "contributi: 1; hanno votato: 0."
    ) in text


def test_open_data_spreadsheets_have_italian_headers(world, database):
    workbook = load_workbook(io.BytesIO(opendata.to_xlsx(database, world["process_id"])))
    header = [c.value for c in next(workbook["contributi"].iter_rows(max_row=1))]
    assert header[:6] == ["id", "sessione_id", "fase_id", "tipo", "ente_id", "fonte"]
    with zipfile.ZipFile(io.BytesIO(opendata.to_csv_zip(database, world["process_id"]))) as archive:
        assert (
            archive.read("enti.csv").decode("utf-8-sig").splitlines()[0].startswith("id,denominazione,codice_fiscale")
        )
    assert "organisation_id" in opendata.dumps(database, world["process_id"])  # the JSON keeps the identifiers
