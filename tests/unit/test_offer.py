"""The offer beside the needs, through the core: services declared, checked,
withdrawn and imported (all or nothing), and the measures on the hand-built
fixture of testkit/offer.py (3 NIL, 4 ETS, 6 services, 5 needs), every figure
computed by hand in the comments."""

import io
import sqlite3
import threading

import pytest
from docx import Document

from coprog.procedure.importer import ImportFailed
from coprog.reading import analysis, offer, resources
from coprog.records import documents, opendata
from coprog.texts import i18n, taxonomy
from coprog.texts.errors import NotAllowed, ValidationError
from testkit import spreadsheets
from testkit.builders import STAFF, admitted_ets, fiscal_code, tables_and_plenary
from testkit.offer import csv_bytes, import_rows, offer_world, service_fields


@pytest.fixture
def fixture(database):
    world = offer_world(database)
    needs = analysis.needs_table(database, world["process_id"])
    services = offer.services(database, world["process_id"])
    return world, needs, services


def test_every_service_type_answers_known_areas():
    areas = set(taxonomy.codes("area"))
    assert set(taxonomy.service_areas()) == set(taxonomy.codes("service_type"))
    assert all(set(a) <= areas for a in taxonomy.service_areas().values())


def test_coverage_by_municipio(fixture):
    _, needs, services = fixture
    frame = resources.by_territory(needs, services, "municipio").set_index("municipio")
    m3, m1 = frame.loc[3], frame.loc[1]
    # Municipio 3: three needs (5, 4, 3); every area answered somewhere in it (the caregivers'
    # need is answered by Gamma's sollievo in NIL 22, which lies in Municipio 3)
    assert (m3["needs"], m3["mean_intensity"], m3["scoperti"]) == (3, 4.0, 0)
    # five services of four ETS, 40 + 100 + 60 + 20 + 0 = 220 people; 220 / 32,971 aged 65+ * 1000
    assert (m3["services"], m3["ets"], m3["people"], m3["per_1000_over65"]) == (5, 4, 220.0, 6.67)
    # Municipio 1: Beta's meals, 30 people / 21,793 * 1000 = 1.38
    assert (m1["needs"], m1["services"], m1["ets"], m1["people"], m1["per_1000_over65"]) == (1, 1, 1, 30.0, 1.38)
    assert frame.loc[5, "services"] == 0 and frame.loc[5, "per_1000_over65"] == 0.0


def test_coverage_and_scoperto_by_nil(fixture):
    _, needs, services = fixture
    frame = resources.by_territory(needs, services, "nil").set_index("nil")
    ba = frame.loc[21]
    # NIL 21: services 1, 2, 3, 6 of Alfa, Beta, Delta; people 40 + 100/2 (custodia shared with 22) + 60 + 0 = 150
    assert (ba["services"], ba["ets"], ba["people"]) == (4, 3, 150.0)
    # two needs; the caregivers' one is scoperto here (no sollievo in 21): 1 of 2 = 50%
    assert (ba["needs"], ba["mean_intensity"], ba["scoperti"], ba["share_scoperti"]) == (2, 4.5, 1, 50.0)
    assert ba["per_1000_over65"] == 10.42  # 150 / 14,394 * 1000
    assert ba["most_ets_one_type"] == 3  # assistenza domiciliare: Alfa, Beta, Delta
    studi = frame.loc[22]
    assert (studi["services"], studi["ets"], studi["people"], studi["per_1000_over65"]) == (2, 2, 70.0, 8.06)
    assert (studi["needs"], studi["scoperti"], studi["most_ets_one_type"]) == (1, 0, 1)
    assert (frame.loc[1, "people"], frame.loc[1, "per_1000_over65"]) == (30.0, 7.94)  # 30 / 3,778 * 1000
    assert frame.loc[24, "per_1000_over65"] != frame.loc[24, "per_1000_over65"]  # 161 aged 65+: left blank (NaN)


def test_each_need_scoperto_or_poco_coperto(fixture):
    _, needs, services = fixture
    coverage = resources.need_coverage(needs, services).set_index("title")
    rows = {t: (r["services"], r["ets"], r["scoperto"], r["poco_coperto"]) for t, r in coverage.iterrows()}
    assert rows == {
        # assistenza x3 (Alfa, Beta, Delta) and Alfa's custodia: all answer non-autosufficienza in 21
        "Anziani non autosufficienti senza assistenza": (4, 3, False, False),
        "Caregiver senza sollievo": (0, 0, True, False),  # sollievo only in 22
        "Solitudine nei caseggiati": (1, 1, False, True),  # Alfa's custodia in 22
        "Povertà alimentare degli anziani": (1, 1, False, True),  # Beta's meals in NIL 1
        "Demenze non diagnosticate": (4, 4, False, False),  # city-wide: assistenza x3 and sollievo, anywhere
    }
    areas = resources.by_area(needs, services).set_index("area")
    assert tuple(areas.loc["caregiver", ["needs", "scoperti", "services", "ets", "people"]]) == (1, 1, 1, 1, 20)
    # non-autosufficienza: assistenza x3 (40 + 60 + 0), custodia (100), meals (30) -> 5 services, 230 people
    assert tuple(areas.loc["non_autosufficienza", ["needs", "scoperti", "services", "ets", "people"]]) == (
        1, 0, 5, 3, 230,
    )  # fmt: skip
    assert resources.summary(needs, services) == {
        "ets": 4, "services": 6, "people": 250, "weekly_hours": 143, "paid_staff": 7, "volunteers": 27,
        "comune_funded": 1, "codesign_ets": 2, "needs": 5, "scoperti": 1, "poco_coperti": 2,
    }  # fmt: skip


def test_fragmentation_counts_ets_and_hhi(fixture):
    _, _, services = fixture
    frame = resources.fragmentation(services)
    top = frame.iloc[0]
    # NIL 21, assistenza domiciliare: Alfa 40, Beta 60, Delta 0 people -> 0.4² + 0.6² + 0² = 0.52
    assert (top["nil"], top["type"], top["ets"], top["services"], top["people"], top["hhi"]) == (
        21, "assistenza_domiciliare", 3, 3, 100.0, 0.52,
    )  # fmt: skip
    assert len(frame) == 5 and set(frame["hhi"].iloc[1:]) == {1.0}
    assert resources.hhi([0, 0]) == 0.0 and resources.hhi([1, 1, 1, 1]) == 0.25


def test_network_links_ets_sharing_a_nil(fixture):
    world, _, services = fixture
    graph = resources.network(services)
    ids = {v: k for k, v in world["organisations"].items()}
    edges = {tuple(sorted((ids[a], ids[b]))): (d["nils"], d["types"]) for a, b, d in graph.edges(data=True)}
    assert edges == {
        ("Alfa APS", "Beta ODV"): (1, ["assistenza_domiciliare"]),  # NIL 21
        ("Alfa APS", "Gamma Coop"): (1, []),  # NIL 22: custodia and sollievo, complementary
        ("Alfa APS", "Delta Fondazione"): (1, ["assistenza_domiciliare"]),
        ("Beta ODV", "Delta Fondazione"): (1, ["assistenza_domiciliare"]),
    }
    nodes, lines = resources.network_frames(graph)
    assert len(nodes) == 4 and len(lines) == 4 and nodes.set_index("name").loc["Alfa APS", "links"] == 3
    again, _ = resources.network_frames(resources.network(services))
    assert again[["x", "y"]].equals(nodes[["x", "y"]])  # the same drawing every time


def test_across_a_city_each_ets_keeps_its_strongest_links():
    import pandas as pd

    # six ETS all in NIL 1; ETS 0 and 1 also share the same type in NIL 2
    rows = [
        {"organisation_id": n, "organisation": f"Ente {n}", "type": "sportello", "citywide": 0, "municipi": [1],
         "nils": [1] + ([2] if n < 2 else []), "people": 10, "codesign": 0}
        for n in range(6)
    ]  # fmt: skip
    graph = resources.network(pd.DataFrame(rows))
    assert graph.number_of_edges() < 15  # not every pair of the 6
    assert all(graph.degree(n) >= 3 for n in graph)  # each keeps its three strongest
    assert graph.edges[0, 1]["nils"] == 2 and graph.edges[0, 1]["strength"] == 1.0


def test_matches_need_and_strategy_to_ets(fixture, database):
    world, needs, services = fixture
    proposals = analysis.proposals_table(database, world["process_id"])
    found = resources.matches(needs, services, proposals)
    by_item = {t: list(g["organisation"]) for t, g in found.groupby("title", sort=False)}
    # co-design first (Alfa), then by people reached (Beta 60, Delta 0)
    assert by_item["Anziani non autosufficienti senza assistenza"] == ["Alfa APS", "Beta ODV", "Delta Fondazione"]
    assert "Caregiver senza sollievo" not in by_item
    # city-wide dementia: Alfa (40, co-design), Gamma (20, co-design), Beta (60), Delta (0)
    assert by_item["Demenze non diagnosticate"] == ["Alfa APS", "Gamma Coop", "Beta ODV", "Delta Fondazione"]
    assert by_item["Custode sociale di caseggiato"] == ["Alfa APS"]  # "custode sociale" -> custodia
    # "domiciliare" -> assistenza domiciliare; nobody runs a sportello
    assert by_item["Sportello unico domiciliare per Municipio"] == ["Alfa APS", "Beta ODV", "Delta Fondazione"]


# -- declaring, checking, withdrawing --------------------------------------------------------


def test_declared_service_waits_for_the_check_and_counts_once_approved(database):
    world = tables_and_plenary(database, with_items=False)
    anna = _actor(world, "Anna Rossi")
    service_id = offer.declare(database, anna, service_fields("telesoccorso", [1], 12, 3, 1, 0, False, True))
    assert offer.services(database, world["process_id"]).empty
    mine = offer.services(database, world["process_id"], statuses=("nuovo",), organisation_id=anna.organisation_id)
    assert list(mine["type"]) == ["telesoccorso"] and mine.iloc[0]["premises"] == "Sede di telesoccorso (1)"
    offer.review(database, STAFF, service_id, "approvato")
    assert list(offer.services(database, world["process_id"])["id"]) == [service_id]
    with pytest.raises(ValidationError):
        offer.review(database, STAFF, service_id, "nascosto", "")  # hiding needs a reason
    offer.review(database, STAFF, service_id, "nascosto", "Servizio non pertinente")
    assert offer.services(database, world["process_id"]).empty
    actions = [r["action"] for r in database.query("SELECT action FROM audit_log WHERE entity = 'service'")]
    assert actions == ["declare", "review", "review"]


def test_refusals_leave_nothing_written(database):
    world = tables_and_plenary(database, with_items=False)
    anna, carla = _actor(world, "Anna Rossi"), _actor(world, "Carla Neri")
    bad = service_fields("altro", [999], -3, 2, 1, 0, False, False)
    bad["targets"] = []
    bad["premises"] = [{"name": "Sede", "nil": "Atlantide"}]
    with pytest.raises(ValidationError) as caught:
        offer.declare(database, anna, bad)
    assert {f for f, *_ in caught.value.problems} == {"other", "nils", "targets", "people", "premises"}
    with pytest.raises(NotAllowed):
        offer.declare(database, STAFF, service_fields("telesoccorso", [1], 1, 1, 1, 1, False, False))
    service_id = offer.declare(database, anna, service_fields("telesoccorso", [1], 1, 1, 1, 1, False, False))
    with pytest.raises(NotAllowed):
        offer.withdraw(database, carla, service_id)  # another ETS's
    with pytest.raises(NotAllowed):
        offer.review(database, anna, service_id, "approvato")  # organisers check
    assert database.scalar("SELECT count(*) FROM service") == 1
    offer.withdraw(database, anna, service_id)
    with pytest.raises(NotAllowed):
        offer.review(database, STAFF, service_id, "approvato")
    assert database.scalar("SELECT status FROM service") == "ritirato"


def test_the_database_holds_the_rules(database):
    world = tables_and_plenary(database, with_items=False)
    refused = admitted_ets(database, world["process_id"], "Ente Ricevuto", [1], ["a"], ["Rita Nera"], fiscal_code(90))
    with database.write() as db:
        db.execute("UPDATE organisation SET admission = 'ricevuta' WHERE id = ?", [refused])
    insert = "INSERT INTO service (organisation_id, type, other, people, weekly_hours, paid_staff, volunteers, status,"
    insert += " reason) VALUES (?, ?, ?, ?, 1, 1, 1, ?, ?)"
    alfa = world["organisations"]["Alfa APS"]
    for values, marker in [
        ((refused, "telesoccorso", "", 1, "nuovo", ""), "ente_non_ammesso"),
        ((alfa, "altro", "", 1, "nuovo", ""), "CHECK"),  # "altro" needs words
        ((alfa, "telesoccorso", "", -1, "nuovo", ""), "CHECK"),
        ((alfa, "telesoccorso", "", 1, "nascosto", ""), "CHECK"),  # hidden without a reason
    ]:
        with pytest.raises(sqlite3.IntegrityError, match=marker), database.write() as db:
            db.execute(insert, values)
    assert database.scalar("SELECT count(*) FROM service") == 0


def test_declarations_under_a_burst_are_each_stored_once(database):
    world = tables_and_plenary(database, with_items=False)
    actors = [_actor(world, n) for n in ("Anna Rossi", "Bruno Verdi", "Bice Gialli", "Carla Neri", "Dario Blu")]
    errors = []

    def declare(actor, n):
        try:
            for i in range(6):
                fields = service_fields("sportello", [1 + (n + i) % 80], i, 1, 1, 1, False, False)
                offer.declare(database, actor, fields)
        except Exception as exc:  # pragma: no cover - shown by the assertion
            errors.append(exc)

    threads = [threading.Thread(target=declare, args=(a, n)) for n, a in enumerate(actors)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert database.scalar("SELECT count(*) FROM service") == 30
    assert database.scalar("SELECT count(*) FROM audit_log WHERE entity = 'service'") == 30
    assert database.scalar("SELECT count(*) FROM service_premises") == 30


# -- import ------------------------------------------------------------------------------------


def test_import_is_all_or_nothing_with_errors_by_row(database):
    world = tables_and_plenary(database, with_items=False)
    codes = [r["codice_fiscale"] for r in database.query("SELECT codice_fiscale FROM organisation ORDER BY id")]
    content = csv_bytes(import_rows(codes, 40, bad_row=17))
    result, errors = offer.preview(database, STAFF, "servizi.csv", content, process_id=world["process_id"])
    assert result is None and [(row, offer.column_for(f)) for row, f, *_ in errors] == [(18, "municipi")]
    with pytest.raises(ImportFailed):
        offer.import_file(database, STAFF, "servizi.csv", content, process_id=world["process_id"])
    assert database.scalar("SELECT count(*) FROM service") == 0
    fixed = csv_bytes(import_rows(codes, 40))
    result, errors = offer.preview(database, STAFF, "servizi.csv", fixed, process_id=world["process_id"])
    assert errors == [] and (result.services, result.organisations) == (40, 4)
    assert database.scalar("SELECT count(*) FROM service") == 0  # the preview wrote nothing
    offer.import_file(database, STAFF, "servizi.csv", fixed, process_id=world["process_id"])
    services = offer.services(database, world["process_id"])
    assert len(services) == 40 and set(services["source"]) == {"import"}
    assert services["citywide"].sum() == 3  # rows 13, 26, 39 say "tutti"
    other = services[services["type"] == "altro"]
    assert len(other) == 4 and set(other["other"]) == {"Portierato solidale"}
    assert services.iloc[0]["targets"] == ["anziani_soli", "caregiver_familiari"]
    with_premises = services[services["premises"] != ""]
    assert len(with_premises) == 10 and with_premises.iloc[0]["premises"].endswith("(1)")


def test_the_services_from_a_calc_file(database):
    """The same 40 services saved by LibreOffice Calc (.ods): read as from the CSV."""
    world = tables_and_plenary(database, with_items=False)
    codes = [r["codice_fiscale"] for r in database.query("SELECT codice_fiscale FROM organisation ORDER BY id")]
    content = spreadsheets.calc_file({"Servizi": import_rows(codes, 40)})
    result, errors = offer.preview(database, STAFF, "servizi.ods", content, process_id=world["process_id"])
    assert errors == [] and (result.services, result.organisations) == (40, 4)
    offer.import_file(database, STAFF, "servizi.ods", content, process_id=world["process_id"])
    from_calc = offer.services(database, world["process_id"])
    assert len(from_calc) == 40 and from_calc["citywide"].sum() == 3
    assert from_calc.iloc[0]["targets"] == ["anziani_soli", "caregiver_familiari"]


def test_import_refuses_unknown_ets_and_malformed_files(database):
    world = tables_and_plenary(database, with_items=False)
    rows = import_rows(["97999990159"], 2)
    result, errors = offer.preview(database, STAFF, "s.csv", csv_bytes(rows), process_id=world["process_id"])
    assert result is None and {(r, k) for r, _, k, _ in errors} == {(2, "offer.unknown_ets"), (3, "offer.unknown_ets")}
    for name, content in [("s.csv", b""), ("s.csv", b"servizio;persone\nx;1\n"), ("s.pdf", b"%PDF")]:
        result, errors = offer.preview(database, STAFF, name, content, process_id=world["process_id"])
        assert result is None and errors and errors[0][1] == "file"


def test_an_xlsx_file_and_the_command_line(database, tmp_path, capsys):
    from openpyxl import Workbook

    from coprog.cli import main

    world = tables_and_plenary(database, with_items=False)
    codes = [r["codice_fiscale"] for r in database.query("SELECT codice_fiscale FROM organisation ORDER BY id")]
    workbook = Workbook()
    for row in import_rows(codes, 5):
        workbook.active.append(row)
    path = tmp_path / "servizi.xlsx"
    workbook.save(path)
    bad = tmp_path / "servizi.csv"
    bad.write_bytes(csv_bytes(import_rows(codes, 5, bad_row=2)))
    db = str(database.path)
    assert main(["--db", db, "import-services", str(bad), "--process", str(world["process_id"])]) == 1
    assert "riga 3, colonna municipi: Municipi: Municipio sconosciuto «12»" in capsys.readouterr().err
    assert main(["--db", db, "import-services", str(path), "--process", str(world["process_id"])]) == 0
    assert "Importati 5 servizi di 4 enti" in capsys.readouterr().out
    assert database.scalar("SELECT count(*) FROM service WHERE source = 'import' AND status = 'approvato'") == 5


def test_nil_written_as_people_write_them(database):
    """The import reads a NIL by any of the names people use; a name two NIL share,
    or a typo, is refused with the candidates or the likely one, never guessed."""
    world = tables_and_plenary(database, with_items=False)
    codes = [r["codice_fiscale"] for r in database.query("SELECT codice_fiscale FROM organisation ORDER BY id")]
    header = "codice_fiscale;servizio;persone_raggiunte;destinatari;municipi;nil;sedi\n"

    def preview(*rows):
        common = f"{codes[0]};Assistenza domiciliare;10;anziani_soli"
        content = (header + "".join(f"{common};{r}\n" for r in rows)).encode()
        return offer.preview(database, STAFF, "servizi.csv", content, process_id=world["process_id"])

    result, errors = preview(
        "3;CITTA' STUDI;Via Pascoli 10 (citta studi)", "2;Nolo, greco;", ";Q.RE FELTRE;Centro anziani (niguarda)"
    )
    assert errors == [] and result.services == 3
    result, errors = preview("1;Porta Ticinese;", "2;Lorento;", "4;;Via Mecenate 1 (Parigi)")
    messages = [(row, i18n.problem(field, key, params, "it")) for row, field, key, params in errors]
    assert messages == [
        (
            2,
            "Quartieri: «Porta Ticinese» è il nome di più quartieri (NIL): Porta Ticinese - Conca del Naviglio"
            " (6); Porta Ticinese - Conchetta (44). Scrivi il nome intero o il numero.",
        ),
        (3, "Quartieri: quartiere (NIL) sconosciuto «Lorento»: forse Loreto - Casoretto - NoLo (20)?"),
        (4, "Sedi: quartiere (NIL) sconosciuto «Parigi»."),
    ]


def test_a_workbook_as_the_office_keeps_it(database):
    """Headers written by hand under a title, a notes column, a blank row: the services
    arrive, the notes column is named as ignored, and an error names the sheet's row."""
    from openpyxl import Workbook

    world = tables_and_plenary(database, with_items=False)
    codes = [r["codice_fiscale"] for r in database.query("SELECT codice_fiscale FROM organisation ORDER BY id")]

    def workbook(rows: list[list]) -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.append(["Servizi degli ETS ammessi"])
        header, *data = rows
        sheet.append([name.replace("_", " ").capitalize() for name in header] + ["Note"])
        for index, row in enumerate(data):
            sheet.append([*row, "verificato al telefono"])
            if index == 1:
                sheet.append([])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    result, errors = offer.preview(
        database, STAFF, "servizi.xlsx", workbook(import_rows(codes, 5, bad_row=3)), process_id=world["process_id"]
    )
    assert result is None and [(row, offer.column_for(f)) for row, f, *_ in errors] == [(6, "municipi")]
    result = offer.import_file(
        database, STAFF, "servizi.xlsx", workbook(import_rows(codes, 5)), process_id=world["process_id"]
    )
    assert (result.services, result.organisations, result.ignored) == (5, 4, ("Note",))
    assert database.scalar("SELECT count(*) FROM service WHERE source = 'import'") == 5


# -- records ----------------------------------------------------------------------------------


def test_open_data_has_the_offer_without_people(fixture, database):
    world, *_ = fixture
    tables = opendata.tables(database, world["process_id"])
    assert len(tables["service"]) == 6 and "delegate_id" not in tables["service"][0]
    assert {r["nil"] for r in tables["service_nil"]} == {1, 21, 22}
    dump = opendata.to_json(database, world["process_id"])
    from coprog.storage.db import Database

    fresh = Database(database.path.parent / "fresh.db")
    opendata.load_json(fresh, dump)
    assert fresh.scalar("SELECT count(*) FROM service WHERE status = 'approvato'") == 6
    assert fresh.scalar("SELECT count(*) FROM service_premises") == 6
    fresh.close()


def test_the_sintesi_has_the_resources_section(fixture, database):
    world, *_ = fixture
    doc = Document(io.BytesIO(documents.synthesis_docx(database, world["process_id"])))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Risorse disponibili" in text
    assert "4 ETS hanno dichiarato 6 servizi" in text
    assert "1 bisogno su 5 è scoperto" in text
    tables = ["\n".join(c.text for c in t._cells) for t in doc.tables]
    assert any("Assistenza domiciliare" in t and "Municipio 3" not in t for t in tables)
    alts = [s.get("descr") for s in doc.element.body.iter() if s.tag.endswith("}docPr") and s.get("descr")]
    assert any(a.startswith("Persone raggiunte ogni 1.000") for a in alts)


def _actor(world, name):
    from coprog.procedure import delegates

    return delegates.delegate_actor(world["people"][name])
