"""Importing the ETS applications: all rows or none, with row-level errors."""

import io

import pytest
from openpyxl import Workbook

from coprog.procedure import importer, organisations
from coprog.texts import i18n
from testkit import spreadsheets
from testkit.builders import STAFF, VALID_CF, pid
from testkit.pec import zipped


@pytest.fixture(autouse=True)
def _percorso(percorso):
    """Applications go to a percorso."""


HEADER = (
    "denominazione;codice_fiscale;numero_runts;forma_giuridica;attivita;municipi;email;telefono;"
    "delegato_nome;delegato_ruolo;delegato_email\n"
)


def csv_file(tmp_path, *rows, name="domande.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


GOOD = [
    f"Cooperativa Sociale Alfa;{VALID_CF[0]};12345;Cooperativa sociale;a;1;info@alfa.it;02 123;Anna "
    "Rossi;Presidente;anna@alfa.it",
    f"Cooperativa Sociale Alfa;{VALID_CF[0]};12345;Cooperativa sociale;a;1;info@alfa.it;02 123;Bruno Verdi;Referente;",
    f"Associazione Beta APS;{VALID_CF[1]};555;APS;a,c;tutti;;;Carla Neri;;",
]


def test_a_good_file_imports_everything(tmp_path, database):
    result = importer.import_file(database, STAFF, csv_file(tmp_path, *GOOD), process_id=pid(database))
    assert (result.organisations, result.delegates) == (2, 3)
    orgs = {o["name"]: o for o in organisations.organisations(database, pid(database))}
    assert orgs["Associazione Beta APS"]["legal_form"] == "aps"
    assert orgs["Associazione Beta APS"]["municipi"].split(",") == [str(m) for m in range(1, 10)]
    assert orgs["Associazione Beta APS"]["activity_fields"] == "a,c"


def test_one_bad_row_imports_nothing_and_names_every_error(tmp_path, database):
    bad = [
        GOOD[0],
        "Ente Senza Codice;;1;ODV;a;1;;;Dario Blu;;",  # row 3: CF missing
        "Ente Codice Sbagliato;97123450154;1;ODV;a;1;;;Elena Gialli;;",  # row 4: check digit
        f"Ente Gamma;{VALID_CF[2]};1;ODV;a;12;;;Franco Viola;;",  # row 5: Municipio 12
        f"Ente Delta;{VALID_CF[2][:-1]}0;1;Forma strana;zz;1;x@;;Gino;;",  # row 6: several
        GOOD[0],  # row 7: duplicate
    ]
    with pytest.raises(importer.ImportFailed) as info:
        importer.import_file(database, STAFF, csv_file(tmp_path, *bad), process_id=pid(database))
    by_row = {}
    for row, _field, key, _ in info.value.rows:
        by_row.setdefault(row, []).append(key)
    assert "validation.required" in by_row[3]
    assert "validation.fiscal_code" in by_row[4]
    assert "validation.unknown_municipio" in by_row[5]
    assert {
        "validation.fiscal_code",
        "validation.unknown_value",
        "validation.unknown_activity",
        "validation.email",
    } <= set(by_row[6])
    assert "validation.duplicate_row" in by_row[7]
    assert 2 not in by_row
    assert database.scalar("SELECT count(*) FROM organisation") == 0
    assert database.scalar("SELECT count(*) FROM delegate") == 0


def test_same_fiscal_code_with_different_data_is_an_error(tmp_path, database):
    rows = [GOOD[0], GOOD[1].replace("Cooperativa Sociale Alfa", "Altro Nome")]
    with pytest.raises(importer.ImportFailed) as info:
        importer.import_file(database, STAFF, csv_file(tmp_path, *rows), process_id=pid(database))
    row, field, key, params = info.value.rows[0]
    assert (row, importer.column_for(field), key) == (3, "denominazione", "validation.inconsistent_org")
    assert i18n.problem(field, key, params, "it") == (
        "Denominazione: stesso codice fiscale della riga 2, ma qui «Altro Nome» e lì «Cooperativa Sociale Alfa»."
    )


def test_an_ets_filled_on_its_first_row_only(database):
    """Offices often fill the ETS's cells on its first delegate's row and leave them blank
    below: a blank is «as above», a different value is an error naming the column."""
    header = "denominazione;codice_fiscale;forma_giuridica;telefono;municipi;delegato_nome\n"
    rows = [f"Alfa;{VALID_CF[0]};ODV;02 123;3;Anna", f";{VALID_CF[0]};;;;Bruno", f";{VALID_CF[0]};;;;Carla"]
    content = (header + "\n".join(rows) + "\n").encode()
    result = importer.import_file(database, STAFF, "d.csv", content, process_id=pid(database))
    assert (result.organisations, result.delegates) == (1, 3)
    org = organisations.organisations(database, pid(database))[0]
    assert (org["name"], org["phone"], org["municipi"]) == ("Alfa", "02 123", "3")
    rows[2] = f";{VALID_CF[0]};;02 999;;Dario"
    content = (header + "\n".join(rows) + "\n").encode()
    _result, errors = importer.preview(database, STAFF, "d.csv", content, process_id=pid(database))
    assert [(r, importer.column_for(f), p.get("mine")) for r, f, _k, p in errors] == [(4, "telefono", "02 999")]


def test_the_same_ets_written_another_way_is_the_same_ets(tmp_path, database):
    """Registered as «Società Cooperativa Sociale L’Arcobaleno» (by PEC, say), listed by the
    office as «SOCIETA' COOPERATIVA SOCIALE L'ARCOBALENO»: one ETS, the delegate goes to it."""
    header = "denominazione;codice_fiscale;forma_giuridica;delegato_nome\n"
    first = f"Società Cooperativa Sociale L’Arcobaleno;{VALID_CF[0]};ODV;Anna\n"
    importer.import_file(database, STAFF, "a.csv", (header + first).encode(), process_id=pid(database))
    again = f"SOCIETA' COOPERATIVA  SOCIALE L'ARCOBALENO;{VALID_CF[0]};ODV;Bruno\n"
    result = importer.import_file(database, STAFF, "b.csv", (header + again).encode(), process_id=pid(database))
    assert (result.organisations, result.delegates) == (0, 1)
    assert database.scalar("SELECT count(*) FROM delegate") == 2


def test_reimporting_refuses_known_delegates_and_keeps_the_database(tmp_path, database):
    importer.import_file(database, STAFF, csv_file(tmp_path, *GOOD), process_id=pid(database))
    with pytest.raises(importer.ImportFailed):
        importer.import_file(database, STAFF, csv_file(tmp_path, *GOOD, name="di-nuovo.csv"), process_id=pid(database))
    assert database.scalar("SELECT count(*) FROM delegate") == 3


def test_an_existing_org_with_another_name_is_refused(tmp_path, database):
    importer.import_file(database, STAFF, csv_file(tmp_path, GOOD[0]), process_id=pid(database))
    renamed = GOOD[1].replace("Cooperativa Sociale Alfa", "Alfa Rinominata")
    with pytest.raises(importer.ImportFailed) as info:
        importer.import_file(database, STAFF, csv_file(tmp_path, renamed, name="b.csv"), process_id=pid(database))
    assert info.value.rows[0][2:] == (
        "validation.fiscal_code_other_name",
        {"value": VALID_CF[0], "name": "Cooperativa Sociale Alfa"},
    )
    assert database.scalar("SELECT count(*) FROM delegate") == 1


def test_xlsx_is_read_like_csv(tmp_path, database):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(";"))
    for row in GOOD:
        sheet.append(row.split(";"))
    path = tmp_path / "domande.xlsx"
    workbook.save(path)
    assert importer.import_file(database, STAFF, path, process_id=pid(database)).delegates == 3


@pytest.mark.parametrize(
    "name, content, key",
    [
        ("vuoto.csv", b"", "validation.empty_file"),
        ("solo-intestazione.csv", HEADER.encode(), "validation.empty_file"),
        ("colonne.csv", b"nome;email\nx;y\n", "validation.missing_columns_unknown"),
        ("rotto.xlsx", b"questo non e' un xlsx", "validation.bad_xlsx"),
        ("binario.csv", b"\xff\xfe\x00\x01", "validation.not_text"),
        ("documento.pdf", b"%PDF-1.4", "validation.file_format"),
        ("vecchio.xls", b"\xd0\xcf\x11\xe0" + bytes(100), "validation.file_format"),
        ("calc.ods", b"PK\x03\x04" + bytes(100), "validation.bad_ods"),
        ("non-calc.ods", zipped({"content.xml": b"<testo/>"}), "validation.bad_ods"),
        ("gonfiato.ods", zipped({"content.xml": b" " * (65 * 1024 * 1024)}), "validation.bad_ods"),
        ("codifica.csv", HEADER.encode() + b"Ente \x81\x8d;1;1;ODV;a;1;;;Anna;;\n", "validation.file_encoding"),
    ],
)
def test_malformed_files_get_a_clear_error(tmp_path, database, name, content, key):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(importer.ImportFailed) as info:
        importer.import_file(database, STAFF, path, process_id=pid(database))
    assert info.value.rows[0][2] == key
    assert database.scalar("SELECT count(*) FROM organisation") == 0


def test_cli_prints_row_errors_and_exit_code(tmp_path, capsys):
    from coprog.cli import main

    db = str(tmp_path / "cli.db")
    bad = csv_file(tmp_path, "Ente;97123450154;1;ODV;a;1;;;Elena Gialli;;")
    assert main(["--db", db, "import-orgs", str(bad)]) == 1
    assert "Nessun percorso" in capsys.readouterr().err  # applications need a percorso first
    assert main(["--db", db, "new-process", "--title", "Percorso"]) == 0
    assert main(["--db", db, "import-orgs", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nessuna riga è stata importata" in err and "riga 2, colonna codice_fiscale: Codice fiscale" in err
    good = csv_file(tmp_path, *GOOD, name="ok.csv")
    assert main(["--db", db, "import-orgs", str(good), "--process", "1"]) == 0
    assert "Importati 2 enti e 3 delegati nel percorso 1" in capsys.readouterr().out


def test_preview_checks_everything_and_writes_nothing(tmp_path, database):
    path = csv_file(tmp_path, *GOOD)
    result, errors = importer.preview(database, STAFF, path.name, path.read_bytes(), process_id=pid(database))
    assert errors == [] and (result.organisations, result.delegates) == (2, 3)
    assert database.scalar("SELECT count(*) FROM organisation") == 0
    importer.import_file(database, STAFF, path, process_id=pid(database))
    result, errors = importer.preview(database, STAFF, path.name, path.read_bytes(), process_id=pid(database))
    assert result is None and errors and errors[0][2] == "validation.delegate_exists"  # already there


# -- spreadsheets as the organisers' office saves them -----------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("domande.csv", spreadsheets.excel_csv()),
        ("domande.txt", spreadsheets.unicode_text()),
        ("domande.xlsx", spreadsheets.office_workbook()),
        ("domande.ods", spreadsheets.office_calc()),
    ],
    ids=["excel-csv-windows-1252", "testo-unicode-utf16-tab", "xlsx-istruzioni-titolo", "ods-istruzioni-titolo"],
)
def test_a_spreadsheet_as_the_office_saves_it_imports_whole(database, name, content):
    """Headers written by hand, Windows-1252 or UTF-16 text, the header under a title
    on the second sheet, a numeric codice fiscale without its leading zero, a date and
    TRUE: everything arrives as typed, and the columns not read are named."""
    result = importer.import_file(database, STAFF, name, content, process_id=pid(database))
    assert (result.organisations, result.delegates) == (2, 3)
    assert result.ignored == spreadsheets.IGNORED
    orgs = {o["name"]: o for o in organisations.organisations(database, pid(database))}
    assert set(orgs) == set(spreadsheets.NAMES)
    alfa, beta = orgs[spreadsheets.NAMES[0]], orgs[spreadsheets.NAMES[1]]
    assert beta["codice_fiscale"] == VALID_CF[2] == "04123450159"  # its leading zero back
    assert alfa["activity_fields"] == "a" and beta["activity_fields"] == "a,c"
    assert alfa["email"] == "alfa@example.org"
    assert alfa["received_at"] == "2026-03-02T11:42" and alfa["privacy_ack"] == 1
    names = {r["name"] for r in database.query("SELECT name FROM delegate")}
    assert names == {"Niccolò Rossi", "Anna Bianchi", "Lucía Fernández"}


@pytest.mark.parametrize(
    "name, workbook", [("domande.xlsx", spreadsheets.office_workbook), ("domande.ods", spreadsheets.office_calc)]
)
def test_errors_name_the_row_the_spreadsheet_shows(database, name, workbook):
    """Title, blank line, header on row 3, a blank row after the first application:
    the third application is on row 7 of the sheet, and the error says 7."""
    table = spreadsheets.rows()
    table[2][5] = "12"
    result, errors = importer.preview(database, STAFF, name, workbook(table), process_id=pid(database))
    assert result is None
    assert [(row, key) for row, _field, key, _ in errors] == [(7, "validation.unknown_municipio")]


def test_a_header_not_recognised_is_named_in_the_refusal(database):
    content = b"Ente;Codice fiscale;Forma giuridica;Persona incaricata\nAlfa;97123450153;ODV;Anna\n"
    with pytest.raises(importer.ImportFailed) as info:
        importer.import_file(database, STAFF, "domande.csv", content, process_id=pid(database))
    assert info.value.rows == [
        (1, "file", "validation.missing_columns_unknown", {"columns": "delegato_nome", "unknown": "Persona incaricata"})
    ]
    assert "Persona incaricata" in i18n.problem("file", *info.value.rows[0][2:], "it")


def test_a_column_given_twice_is_refused_not_half_read(database):
    content = (
        "denominazione;codice_fiscale;forma_giuridica;delegato_nome;Email;E-mail\nA;97123450153;ODV;Anna;a@b.it;\n"
    )
    with pytest.raises(importer.ImportFailed) as info:
        importer.import_file(database, STAFF, "domande.csv", content.encode(), process_id=pid(database))
    assert info.value.rows[0][2:] == ("validation.duplicate_column", {"column": "E-mail"})
    assert database.scalar("SELECT count(*) FROM organisation") == 0


def test_the_delimiter_is_the_one_that_shows_the_header(database):
    """Commas inside a semicolon file's cells (an address, a list of activities) outnumber
    its semicolons on a line: the header decides."""
    header = "denominazione;codice_fiscale;forma_giuridica;delegato_nome;sede\n"
    row = "Alfa, Beta, Gamma e Delta;97123450153;ODV;Anna;Via Roma, 1, 20100, Milano, MI, Italia, piano 2\n"
    result = importer.import_file(database, STAFF, "domande.csv", (header + row).encode(), process_id=pid(database))
    assert (result.organisations, result.delegates) == (1, 1)
    org = organisations.organisations(database, pid(database))[0]
    assert (org["name"], org["seat"]) == (
        "Alfa, Beta, Gamma e Delta",
        "Via Roma, 1, 20100, Milano, MI, Italia, piano 2",
    )


def test_an_ets_merged_over_its_delegates_rows_is_read_on_each(database):
    """One row per delegate, the ETS's cells merged down over its delegates (as offices
    lay it out): each delegate belongs to it. A note merged across columns stays in its
    own column."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Denominazione", "Codice fiscale", "Forma giuridica", "Nome delegato", "Note", "Telefono"])
    sheet.append(["Cooperativa Alfa", VALID_CF[0], "Cooperativa sociale", "Anna Rossi", "richiamare", None])
    sheet.append([None, None, None, "Bruno Verdi", None, None])
    sheet.append([None, None, None, "Carla Neri", None, None])
    sheet.append(["Associazione Beta", VALID_CF[1], "APS", "Dario Blu", None, "02 555"])
    for column in "ABC":
        sheet.merge_cells(f"{column}2:{column}4")
    sheet.merge_cells("E2:F2")
    out = io.BytesIO()
    book.save(out)
    result = importer.import_file(database, STAFF, "domande.xlsx", out.getvalue(), process_id=pid(database))
    assert (result.organisations, result.delegates, result.ignored) == (2, 4, ("Note",))
    by_org = {
        r["name"]: r["people"]
        for r in database.query(
            "SELECT o.name, group_concat(d.name, ', ') AS people FROM organisation o"
            " JOIN delegate d ON d.organisation_id = o.id GROUP BY o.id"
        )
    }
    assert by_org == {"Cooperativa Alfa": "Anna Rossi, Bruno Verdi, Carla Neri", "Associazione Beta": "Dario Blu"}
    phones = {r["name"]: r["phone"] for r in database.query("SELECT name, phone FROM organisation")}
    assert phones == {"Cooperativa Alfa": "", "Associazione Beta": "02 555"}


def test_municipi_as_offices_write_them(database):
    """«Municipio 1», «Mun. 3», «M5», «IX», «Zona 7» (the same numbers before 2016) are Municipi;
    «10» and «Municipio» are not."""
    header = "denominazione;codice_fiscale;forma_giuridica;delegato_nome;municipi\n"
    row = f'Alfa;{VALID_CF[0]};ODV;Anna;"Municipio 1, Mun. 3; M5 | IX; Zona 7"\n'
    result = importer.import_file(database, STAFF, "d.csv", (header + row).encode(), process_id=pid(database))
    assert result.organisations == 1
    assert organisations.organisations(database, pid(database))[0]["municipi"] == "1,3,5,7,9"
    for wrong in ("10", "Municipio"):
        bad = f"Beta;{VALID_CF[1]};ODV;Bruno;{wrong}\n"
        result, errors = importer.preview(database, STAFF, "d.csv", (header + bad).encode(), process_id=pid(database))
        assert [(row, key) for row, _field, key, _ in errors] == [(2, "validation.unknown_municipio")]


@pytest.mark.parametrize(
    "written", ["02/03/2026 ore 11:42", "02/03/2026, 11.42", "2.3.2026 11:42", "02-03-2026 11:42", "02/03/26 11:42"]
)
def test_the_pec_arrival_as_a_protocol_register_writes_it(database, written):
    header = "denominazione;codice_fiscale;forma_giuridica;delegato_nome;data_arrivo_pec\n"
    row = f"Alfa;{VALID_CF[0]};ODV;Anna;{written}\n"
    importer.import_file(database, STAFF, "d.csv", (header + row).encode(), process_id=pid(database))
    assert organisations.organisations(database, pid(database))[0]["received_at"] == "2026-03-02T11:42"


def test_an_ets_merged_over_its_delegates_rows_in_calc_is_read_on_each(database):
    """The same layout saved by LibreOffice Calc (.ods): the merged cells below the
    first are «covered» in the file, and read as the merge's value."""
    content = spreadsheets.calc_file(
        {
            "Domande": [
                ["Denominazione", "Codice fiscale", "Forma giuridica", "Nome delegato"],
                ["Cooperativa Alfa", VALID_CF[0], "Cooperativa sociale", "Anna Rossi"],
                [None, None, None, "Bruno Verdi"],
                [None, None, None, "Carla Neri"],
                ["Associazione Beta", VALID_CF[1], "APS", "Dario Blu"],
            ]
        },
        merged_down={(2, 1): 3, (2, 2): 3, (2, 3): 3},
    )
    result = importer.import_file(database, STAFF, "domande.ods", content, process_id=pid(database))
    assert (result.organisations, result.delegates) == (2, 4)
    people = database.query(
        "SELECT o.name, group_concat(d.name, ', ') AS people FROM organisation o"
        " JOIN delegate d ON d.organisation_id = o.id GROUP BY o.id ORDER BY o.name"
    )
    assert people == [
        {"name": "Associazione Beta", "people": "Dario Blu"},
        {"name": "Cooperativa Alfa", "people": "Anna Rossi, Bruno Verdi, Carla Neri"},
    ]


def test_rows_a_filter_hides_in_calc_are_imported_and_named(database):
    result, errors = importer.preview(
        database, STAFF, "domande.ods", spreadsheets.office_calc(hide=6), process_id=pid(database)
    )
    assert errors == [] and (result.organisations, result.delegates, result.hidden) == (2, 3, (6,))


def test_rows_a_filter_hides_are_imported_and_named(database, capsys, tmp_path):
    """The organiser filtered the list before saving: Excel keeps the hidden rows in the
    file (and in a CSV saved from it), so they are imported too, and the preview and the
    command line say which."""
    from coprog.cli import main

    book = Workbook()
    sheet = book.active
    sheet.append(["denominazione", "codice_fiscale", "forma_giuridica", "delegato_nome"])
    sheet.append(["Alfa", VALID_CF[0], "ODV", "Anna"])
    sheet.append(["Beta", VALID_CF[1], "APS", "Bruno"])
    sheet.append(["Gamma", VALID_CF[2], "ODV", "Carla"])
    sheet.row_dimensions[3].hidden = True
    path = tmp_path / "filtrate.xlsx"
    book.save(path)
    result, errors = importer.preview(database, STAFF, path.name, path.read_bytes(), process_id=pid(database))
    assert errors == [] and (result.organisations, result.hidden) == (3, (3,))
    assert main(["--db", str(database.path), "import-orgs", str(path)]) == 0
    assert "Una riga nascosta da un filtro del foglio è compresa nell'importazione: riga 3." in capsys.readouterr().out


def test_activities_as_their_letters_are_written(database):
    """«a)», «(c)», «lett. d», «lettera E», «art. 5 lett. u» are the letters of art. 5 CTS."""
    header = "denominazione;codice_fiscale;forma_giuridica;delegato_nome;attivita\n"
    row = f'Alfa;{VALID_CF[0]};ODV;Anna;"a), (c); lett. d | lettera E, art. 5 lett. u"\n'
    importer.import_file(database, STAFF, "d.csv", (header + row).encode(), process_id=pid(database))
    assert organisations.organisations(database, pid(database))[0]["activity_fields"] == "a,c,d,e,u"


def test_email_addresses_as_copied_from_a_mail_client(database):
    """«Anna Rossi <anna@alfa.it>», «mailto:…», «<…>» and a final dot give the address a relay
    takes; «mailto:» and «<…>» were stored as typed, and the invitation then bounced. Two
    addresses in one cell, or a name holding an address, are refused."""
    header = "denominazione;codice_fiscale;forma_giuridica;email;delegato_nome;delegato_email\n"
    rows = [
        f"Alfa;{VALID_CF[0]};ODV;mailto:info@alfa.it;Anna;Anna Rossi <anna@alfa.it>",
        f'Alfa;{VALID_CF[0]};ODV;mailto:info@alfa.it;Bruno;"""Verdi, Bruno"" <bruno@alfa.it>"',
        f"Beta;{VALID_CF[1]};APS;<info@beta.it>;Carla;carla@beta.it.",
    ]
    importer.import_file(database, STAFF, "d.csv", (header + "\n".join(rows)).encode(), process_id=pid(database))
    assert {r["name"]: r["email"] for r in database.query("SELECT name, email FROM organisation")} == {
        "Alfa": "info@alfa.it",
        "Beta": "info@beta.it",
    }
    assert {r["name"]: r["email"] for r in database.query("SELECT name, email FROM delegate")} == {
        "Anna": "anna@alfa.it",
        "Bruno": "bruno@alfa.it",
        "Carla": "carla@beta.it",
    }
    for wrong in ('"dario@gamma.it; dario@pec.gamma.it"', "dario@gamma.it <altro@gamma.it>"):
        row = f"Gamma;{VALID_CF[2]};ODV;;Dario;{wrong}"
        _result, errors = importer.preview(database, STAFF, "d.csv", (header + row).encode(), process_id=pid(database))
        assert [(r, importer.column_for(f), k) for r, f, k, _ in errors] == [(2, "delegato_email", "validation.email")]
