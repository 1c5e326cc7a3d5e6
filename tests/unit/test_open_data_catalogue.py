"""The open data describe themselves: every table and column in the dictionary, every
code in the code lists, the DCAT-AP_IT metadata naming each file the archive holds."""

import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from coprog import demo
from coprog.records import catalogue, opendata
from coprog.texts import vocabulary


@pytest.fixture
def demo_db(database):
    demo.create(database)
    return database


def _pid(database) -> int:
    return database.scalar("SELECT id FROM process")


def test_every_table_and_column_is_described_and_nothing_else():
    """Like Datasette's documented actions: a table or column added to the export
    without a word in the dictionary fails here, and so does a word left behind."""
    used_columns, used_overrides = set(), set()
    for name in opendata.NAMES:
        assert catalogue.TABLES.get(name), f"tabella {name} senza descrizione"
        for column in opendata.columns(name):
            kind, text, codes = catalogue.column(name, column)
            assert kind and text.endswith("."), (name, column)
            assert not codes or codes in {row[0] for row in catalogue.code_lists()}, (name, column, codes)
            used_overrides.add((name, column)) if (name, column) in catalogue.IN_TABLE else used_columns.add(column)
    assert set(catalogue.TABLES) == set(opendata.NAMES)
    assert set(catalogue.IN_TABLE) == used_overrides
    assert set(catalogue.COLUMNS) - used_columns == set(), "descrizioni di colonne che non esistono più"


def _archive(database) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(opendata.to_csv_zip(database, _pid(database)))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_code_in_the_data_is_in_its_code_list(demo_db):
    """The dictionary is true of the data: each coded column's values are codes of the
    list it names (the demo percorso has needs, proposals, services and NIL)."""
    files = _archive(demo_db)
    lists: dict[str, set[str]] = {}
    for row in _csv(files["vocabolari.csv"]):
        lists.setdefault(row["vocabolario"], set()).add(row["codice"])
    checked = 0
    for row in _csv(files["dizionario.csv"]):
        if not row["vocabolario"]:
            continue
        values = {r[row["colonna"]] for r in _csv(files[f"{row['tabella']}.csv"])} - {""}
        assert values <= lists[row["vocabolario"]], (row["tabella"], row["colonna"], values - lists[row["vocabolario"]])
        checked += len(values)
    assert checked > 40


def test_the_archive_carries_its_readme_and_dcat_ap_it_metadata(demo_db):
    files = _archive(demo_db)
    metadata = json.loads(files["metadati.json"])
    # DCAT-AP_IT's mandatory properties of a dataset
    for key in ("dct:identifier", "dct:title", "dct:description", "dct:modified", "dcat:theme", "dct:publisher"):
        assert metadata[key], key
    assert metadata["dct:rightsHolder"] == {
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": "Comune di Milano",
        "dct:identifier": "c_f205",
    }
    assert metadata["dct:license"]["@id"] == vocabulary.OPEN_DATA_LICENCE[1]
    # one distribution per CSV, each a file of the archive, each with its licence and format
    distributions = {d["dcat:downloadURL"]: d for d in metadata["dcat:distribution"]}
    assert set(distributions) == {name for name in files if name.endswith(".csv")}
    assert {"dizionario.csv", "vocabolari.csv", "enti.csv", "risultati_votazioni.csv"} <= set(distributions)
    for distribution in distributions.values():
        assert distribution["dct:license"]["@id"] == vocabulary.OPEN_DATA_LICENCE[1]
        assert distribution["dcat:mediaType"] == "text/csv" and distribution["dct:title"]
    readme = files["LEGGIMI.txt"].decode("utf-8")
    office = demo_db.scalar("SELECT office FROM process")
    licence = "Licenza: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    assert f"{licence} Citare la fonte: Comune di Milano, {office}." in readme
    assert "  enti.csv: Gli enti del Terzo settore ammessi al percorso." in readme
    assert "nomi, e-mail, codici" in readme  # says what is left out


def test_the_workbook_opens_on_its_readme_and_ends_with_the_dictionary(demo_db):
    workbook = load_workbook(io.BytesIO(opendata.to_xlsx(demo_db, _pid(demo_db))))
    assert workbook.sheetnames[0] == "leggimi" and workbook.sheetnames[-2:] == ["dizionario", "vocabolari"]
    first = [row[0] for row in workbook["leggimi"].iter_rows(values_only=True)]
    assert first[1].startswith("Dati aperti del percorso di co-programmazione «DEMO")
    dictionary = list(workbook["dizionario"].iter_rows(values_only=True))
    assert dictionary[0] == tuple(catalogue.DICTIONARY_HEADER)
    assert ("enti", "codice_fiscale", "testo", None, "Il codice fiscale dell'ente (11 cifre).") in dictionary
    assert set(workbook.sheetnames[1:-2]) == {opendata.TITLES_IT[name] for name in opendata.NAMES}
