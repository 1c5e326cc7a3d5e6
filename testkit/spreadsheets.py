"""Spreadsheets of applications as an organiser's office keeps them, in the
formats it saves them in: headers written by hand (capitals, accents, «E-mail»),
columns the import does not read (the protocol number, notes), an entity's
numeric codice fiscale typed as a number, dates as dates, TRUE for yes; as CSV,
Unicode text, an Excel workbook (.xlsx) or a LibreOffice Calc one (.ods).
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


def _office_sheets(table: list[list] | None) -> dict[str, list[list]]:
    """The office's workbook, sheet by sheet: an instructions sheet first, then the
    list under a title and a blank row (the header on row 3), a blank row after the
    first application (the applications are on rows 4, 6 and 7), and a total under
    the protocol numbers."""
    applications: list[list] = [["Avviso di co-programmazione: domande pervenute via PEC"], [], HEADER]
    for index, row in enumerate(table or rows()):
        applications.append(row)
        if index == 0:
            applications.append([])
    applications.append(["Totale: 3 righe"])  # under the protocol numbers, a column the import does not read
    return {"Istruzioni": [["Una riga per delegato; le domande sono nel foglio «Domande»."]], "Domande": applications}


def office_workbook(table: list[list] | None = None, *, hide: int | None = None) -> bytes:
    """The office's workbook (``_office_sheets``) as an .xlsx; ``hide``: a row a filter hides."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, lines in _office_sheets(table).items():
        sheet = workbook.create_sheet(title)
        for line in lines:
            sheet.append(line)
    if hide is not None:
        workbook["Domande"].row_dimensions[hide].hidden = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _calc_cell(value):
    from odf.table import TableCell
    from odf.text import P

    if value is None:
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value)
    elif isinstance(value, dt.datetime):
        cell = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"))
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=_text(value)))  # the text the sheet shows
    return cell


def calc_file(
    sheets: dict[str, list[list]], *, hide: int | None = None, merged_down: dict[tuple[int, int], int] | None = None
) -> bytes:
    """An .ods as LibreOffice Calc saves one (odfpy): numbers, dates and flags
    typed, every row padded with a run of repeated empty cells and every sheet
    ending in a million repeated empty rows. ``hide``: a row of the last sheet a
    filter hides; ``merged_down``: (row, column), from 1, of a cell of the last
    sheet merged down over this many rows (the cells below it covered)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow

    document = OpenDocumentSpreadsheet()
    merged_down = merged_down or {}
    covered = {(r + k, c) for (r, c), n in merged_down.items() for k in range(1, n)}
    for title, lines in sheets.items():
        table = Table(name=title)
        for number, line in enumerate(lines, start=1):
            row = TableRow(visibility="filter") if number == hide and title == list(sheets)[-1] else TableRow()
            for column, value in enumerate(line, start=1):
                if (number, column) in covered:
                    row.addElement(CoveredTableCell())
                    continue
                cell = _calc_cell(value)
                if (number, column) in merged_down:
                    cell.setAttribute("numberrowsspanned", str(merged_down[(number, column)]))
                row.addElement(cell)
            row.addElement(TableCell(numbercolumnsrepeated=1000))
            table.addElement(row)
        tail = TableRow(numberrowsrepeated=1048000)
        tail.addElement(TableCell(numbercolumnsrepeated=1024))
        table.addElement(tail)
        document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def office_calc(table: list[list] | None = None, *, hide: int | None = None) -> bytes:
    """The office's workbook (``_office_sheets``) as LibreOffice Calc saves it (.ods)."""
    return calc_file(_office_sheets(table), hide=hide)
