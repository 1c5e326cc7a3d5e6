"""Spreadsheets of applications as an organiser's office keeps them, in the
formats it saves them in: headers written by hand (capitals, accents, «E-mail»),
columns the import does not read (the protocol number, notes), an entity's
numeric codice fiscale typed as a number, dates as dates, TRUE for yes.
Used by the import's unit tests and by the organiser's browser test."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import Workbook

from testkit.builders import VALID_CF

HEADER = [
    "Protocollo",
    "Denominazione",
    "Codice Fiscale",
    "Forma giuridica",
    "Attività",
    "Municipi",
    "E-mail",
    "Data arrivo PEC",
    "Informativa",
    "Nome delegato",
    "Ruolo delegato",
    "Note",
]
IGNORED = ("Protocollo", "Note")  # the columns the import does not read
NAMES = ("Società Cooperativa Sociale Àlfa", "Associazione «Più Vicini» APS")


def rows() -> list[list]:
    """Two ETS, three delegates; the second ETS's codice fiscale starts with 0."""
    arrived = dt.datetime(2026, 3, 2, 11, 42)
    return [
        ["PG 101/2026", NAMES[0], int(VALID_CF[0]), "Cooperativa sociale", "a", "1", "alfa@example.org", arrived, True]
        + ["Niccolò Rossi", "Presidente", "da richiamare, se serve"],
        ["PG 101/2026", NAMES[0], int(VALID_CF[0]), "Cooperativa sociale", "a", "1", "alfa@example.org", arrived, True]
        + ["Anna Bianchi", "Referente", ""],
        ["PG 117/2026", NAMES[1], int(VALID_CF[2]), "APS", "a;c", "tutti", "", arrived, True]
        + ["Lucía Fernández", "", ""],
    ]


def _text(value) -> str:
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return str(value)  # a numeric codice fiscale as a spreadsheet writes a number: without its leading zero


def _delimited(table: list[list] | None, delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")  # quotes a cell holding the delimiter
    writer.writerow(HEADER)
    writer.writerows([_text(v) for v in row] for row in table or rows())
    return out.getvalue()


def excel_csv(table: list[list] | None = None) -> bytes:
    """«CSV (delimitato dal separatore di elenco)» of Excel in Italian: Windows-1252, ';', CRLF."""
    return _delimited(table, ";").encode("cp1252")


def unicode_text(table: list[list] | None = None) -> bytes:
    """Excel's «Testo Unicode»: UTF-16 with its BOM, tab-separated."""
    return _delimited(table, "\t").encode("utf-16")


def office_workbook(table: list[list] | None = None, *, hide: int | None = None) -> bytes:
    """An .xlsx with an instructions sheet first, then the list under a title and a
    blank row (the header on row 3), a blank row after the first application (the
    applications are on rows 4, 6 and 7), and a total under the protocol numbers;
    ``hide``: a row a filter hides."""
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Istruzioni"
    notes.append(["Una riga per delegato; le domande sono nel foglio «Domande»."])
    sheet = workbook.create_sheet("Domande")
    sheet.append(["Avviso di co-programmazione: domande pervenute via PEC"])
    sheet.append([])
    sheet.append(HEADER)
    for index, row in enumerate(table or rows()):
        sheet.append(row)
        if index == 0:
            sheet.append([])
    sheet.append(["Totale: 3 righe"])  # under the protocol numbers, a column the import does not read
    if hide is not None:
        sheet.row_dimensions[hide].hidden = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
