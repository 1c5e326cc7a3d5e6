"""Reading an organisers' spreadsheet (CSV, tab-separated text, XLSX or ODS) as
the rows of a table, the way people actually save them.

- **Text files**: UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's
  «Testo Unicode») or Windows-1252 (what Excel in Italian saves as «CSV»);
  separated by semicolons, commas or tabs, whichever makes the header appear.
- **Workbooks** (Excel's .xlsx, LibreOffice Calc's .ods, read with odfpy): the
  first sheet that holds the header, found in its first rows
  (a title, a blank line or an instructions sheet before it is fine); an ETS's
  cells merged down over its delegates' rows count on each of them.
- **Headers** as people write them: «Codice Fiscale», «Attività», «E-mail»,
  «N. RUNTS» are matched to the columns the import knows (accents, case and
  punctuation aside, plus each import's other names). A column the import does
  not know is ignored and named back (``Sheet.ignored``), never dropped silently;
  a known column given twice is an error.
- **Cells**: numbers lose no zero that matters (a codice fiscale Excel turned into
  a number gets its leading zeros back), dates read as dates, TRUE/FALSE as sì/no.
- Rows a filter hides are read like the others (Excel saves them in a CSV too) and
  named back (``Sheet.hidden``), so the organiser is not surprised.
- Every row keeps the number the spreadsheet shows it with (``ROW``), blank rows
  and title rows included, so a problem «riga 7» is row 7 on the organiser's screen.
  A row with nothing in the columns read (blank, or a total in the notes) is no row.

Anything else is refused with a reason the organiser can act on
(:class:`ImportFailed`, the first problem as its message).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from coprog.texts import taxonomy
from coprog.texts.errors import CoprogError

ROW = "_riga"  # the spreadsheet's row number in each row read (no header name can start with "_")
MAX_ROWS = 5000
HEADER_WITHIN = 10  # the header is looked for in a sheet's first rows
TEXT_FORMATS = (".csv", ".txt", ".tsv")
WORKBOOK_FORMATS = (".xlsx", ".xlsm")
CALC_FORMATS = (".ods",)
CALC_XML_LIMIT = 64 * 1024 * 1024  # an .ods whose sheets unpack beyond this is refused before it is parsed
DELIMITERS = (",", ";", "\t")
FISCAL_CODE = "codice_fiscale"  # an ETS's codice fiscale: 11 digits when numeric


class ImportFailed(CoprogError):
    """The file was not imported; ``rows`` lists (row number, field, key, params)."""

    def __init__(self, rows: list):
        self.rows = rows
        first = rows[0] if rows else (0, "", "validation.empty_file", {})
        super().__init__(first[2], **first[3])


def _refuse(key: str, row: int = 0, **params) -> ImportFailed:
    return ImportFailed([(row, "file", key, params)])


@dataclass
class Sheet:
    rows: list[dict]  # normalised column name -> text, and ROW -> the spreadsheet's row number
    ignored: tuple[str, ...]  # the file's columns no field is read from, as the file names them
    hidden: tuple[int, ...] = ()  # rows read that the workbook hides (a filter): imported, and said so


def column_name(header) -> str:
    """A header as a column name: «Attività coerenti» -> 'attivita_coerenti'."""
    return taxonomy.comparable(header).replace(" ", "_")


class _Columns:
    """Which known column a header names: its own name, one of the import's other
    names, or either written without separators («E-mail» for 'email')."""

    def __init__(self, known, aliases: dict):
        self.known = set(known) | set(aliases.values())
        self.names = {**{name: name for name in self.known}, **aliases}
        self.squashed = {name.replace("_", ""): column for name, column in self.names.items()}

    def of(self, header) -> str | None:
        name = column_name(header)
        if not name:
            return None
        return self.names.get(name) or self.squashed.get(name.replace("_", ""))


def read(path: str | Path, content: bytes | None = None, *, required, known, aliases: dict) -> Sheet:
    """The rows of the file at ``path`` (or ``content``, named by ``path``), each a
    dict by the known column names with ``ROW``; ``required`` columns must be there.
    Raises ImportFailed when the file cannot be read as such a table."""
    path = Path(path)
    data = content if content is not None else path.read_bytes()
    suffix = path.suffix.lower()
    columns = _Columns(known, aliases)
    if suffix in WORKBOOK_FORMATS:
        tables = _workbook(data)
    elif suffix in CALC_FORMATS:
        tables = _calc_workbook(data)
    elif suffix in TEXT_FORMATS:
        tables = [_text_table(_decode(data), columns, required)]
    else:
        raise _refuse("validation.file_format", suffix=suffix or "?")
    for table in tables:
        header = _header_row(table, columns, required)
        if header is not None:
            return _sheet(table, header, columns)
    raise _missing(tables[0] if tables else [], columns, required)


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = ""
        if "\n" in text or "\t" in text:
            return text
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text[:65536]):
            raise _refuse("validation.not_text")
        return text
    raise _refuse("validation.file_encoding")


def _text_table(text: str, columns: _Columns, required) -> list[tuple]:
    """The records of a delimited text as (number from 1, cells, hidden: never); a
    quoted cell may span lines, and the spreadsheet shows it as one row. The delimiter
    is the one with which the header shows up; failing that, the one most used on the
    first lines."""
    head = "\n".join(text.splitlines()[: HEADER_WITHIN * 2])
    by_count = sorted(DELIMITERS, key=lambda d: -max((line.count(d) for line in head.splitlines()), default=0))
    for delimiter in by_count:
        try:
            first = list(csv.reader(io.StringIO(head), delimiter=delimiter))
        except csv.Error:
            continue
        if _header_row([(n, values, False) for n, values in enumerate(first, 1)], columns, required) is not None:
            break
    else:
        delimiter = by_count[0]
    try:
        return [(n, values, False) for n, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)]
    except csv.Error as exc:
        raise _refuse("validation.bad_csv", reason=str(exc)[:120]) from exc


def _workbook(data: bytes) -> list[list[tuple]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)  # not read-only: merged cells are needed
    except Exception as exc:  # not a zip, not a workbook, a part missing or malformed
        raise _refuse("validation.bad_xlsx") from exc
    try:
        return [_sheet_rows(sheet) for sheet in workbook.worksheets]
    except Exception as exc:  # a damaged sheet inside a workbook that opened
        raise _refuse("validation.bad_xlsx") from exc
    finally:
        workbook.close()


def _sheet_rows(sheet) -> list[tuple]:
    """A sheet's rows from row 1, each cell of a vertical merge holding the merge's value
    (an ETS's name merged over the rows of its delegates is the name on each of them).
    A merge across columns stays in its first cell: spreading it would put one column's
    text into another's. The rows a filter hides are noted (saved as CSV, Excel keeps them
    too: they are imported, and the preview says so)."""
    rows = [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
    for merged in sheet.merged_cells.ranges:
        if merged.min_col != merged.max_col:
            continue
        column = merged.min_col - 1
        value = rows[merged.min_row - 1][column] if merged.min_row <= len(rows) else None
        for number in range(merged.min_row + 1, min(merged.max_row, len(rows)) + 1):
            rows[number - 1][column] = value
    hidden = {n for n, dimension in sheet.row_dimensions.items() if dimension.hidden}
    return [(n, values, n in hidden) for n, values in enumerate(rows, start=1)]


def _calc_workbook(data: bytes) -> list[list[tuple]]:
    """The sheets of an .ods as ``_workbook`` gives an .xlsx's: rows from 1, a
    vertical merge's value in each of its cells, the rows a filter or the
    organiser hid noted."""
    import zipfile

    from odf.opendocument import load
    from odf.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist() if i.filename.endswith(".xml")) > CALC_XML_LIMIT:
                raise _refuse("validation.bad_ods")
        document = load(io.BytesIO(data))
        return [_calc_rows(table) for table in document.spreadsheet.getElementsByType(Table)]
    except ImportFailed:
        raise
    except Exception as exc:  # not a zip, not a spreadsheet, a part missing or malformed
        raise _refuse("validation.bad_ods") from exc


def _calc_value(cell):
    """An .ods cell's value as openpyxl gives an .xlsx's: a number, a date, a flag or text."""
    from odf import teletype
    from odf.text import P

    kind = cell.getAttribute("valuetype")
    if kind in ("float", "percentage", "currency"):
        return float(cell.getAttribute("value"))
    if kind == "date":
        return dt.datetime.fromisoformat(cell.getAttribute("datevalue"))
    if kind == "boolean":
        return cell.getAttribute("booleanvalue") == "true"
    text = "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
    return text or None


def _calc_rows(table) -> list[tuple]:
    """A sheet's rows. Repeated rows and cells are unrolled only up to the last
    one holding something (a sheet saved by Calc ends in a million blank rows)."""
    from odf.table import TableRow

    rows: list[list] = []
    hidden: set[int] = set()
    merges: list[tuple[int, int, int]] = []  # (row index, column, rows spanned): filled down below
    blank_rows = 0
    for row in table.getElementsByType(TableRow):
        cells: list = []
        blank_cells = 0
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            value = _calc_value(cell) if cell.qname[1] == "table-cell" else None
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            if value is None:
                blank_cells += repeat
                continue
            cells += [None] * blank_cells
            blank_cells = 0
            spanned = int(cell.getAttribute("numberrowsspanned") or 1)
            if spanned > 1 and int(cell.getAttribute("numbercolumnsspanned") or 1) == 1:
                merges.append((len(rows) + blank_rows, len(cells), spanned))
            cells += [value] * min(repeat, 1024)
        repeat = int(row.getAttribute("numberrowsrepeated") or 1)
        if not cells:
            blank_rows += repeat
            continue
        if len(rows) + blank_rows + repeat > MAX_ROWS + HEADER_WITHIN + 1:
            raise _refuse("validation.too_many_rows", limit=MAX_ROWS)
        rows += [[] for _ in range(blank_rows)]
        blank_rows = 0
        if row.getAttribute("visibility") in ("collapse", "filter"):
            hidden.update(range(len(rows) + 1, len(rows) + repeat + 1))
        rows += [list(cells) for _ in range(repeat)]
    for index, column, spanned in merges:
        for below in rows[index + 1 : index + spanned]:
            below += [None] * (column + 1 - len(below))
            below[column] = rows[index][column]
    return [(n, values, n in hidden) for n, values in enumerate(rows, start=1)]


def _header_row(table, columns: _Columns, required) -> int | None:
    """The index in ``table`` of the first row (of the first few) naming every required column."""
    for index, (_number, values, _hidden) in enumerate(table[:HEADER_WITHIN]):
        if set(required) <= {columns.of(v) for v in values}:
            return index
    return None


def _missing(table, columns: _Columns, required) -> ImportFailed:
    """No header: the columns missing from the first non-empty row, and that row's
    names the import did not recognise (the likely culprits)."""
    first = next(((n, values) for n, values, _ in table[:HEADER_WITHIN] if any(_cell(v) for v in values)), None)
    if first is None:
        return _refuse("validation.empty_file")
    number, values = first
    found = {columns.of(v) for v in values}
    missing = ", ".join(c for c in required if c not in found)
    unknown = ", ".join(_cell(v) for v in values if _cell(v) and columns.of(v) is None)
    if unknown:
        return _refuse("validation.missing_columns_unknown", number, columns=missing, unknown=unknown[:300])
    return _refuse("validation.missing_columns", number, columns=missing)


def _sheet(table: list[tuple], header: int, columns: _Columns) -> Sheet:
    number, titles, _hidden = table[header]
    names: list[str | None] = []
    ignored: list[int] = []
    for position, title in enumerate(titles):
        name = columns.of(title)
        if name is not None and name in names:
            raise _refuse("validation.duplicate_column", number, column=_cell(title))
        names.append(name)
        if name is None:
            ignored.append(position)
    rows = []
    used: set[int] = set()
    hidden = []
    for number, values, concealed in table[header + 1 :]:
        cells = [_cell(v, names[i] if i < len(names) else None) for i, v in enumerate(values)]
        used.update(i for i, c in enumerate(cells) if c)
        if not any(c for name, c in zip(names, cells) if name):
            continue  # a blank row, or one with nothing the import reads (a total, a note)
        row: dict = {name: "" for name in names if name}
        row.update({name: c for name, c in zip(names, cells) if name})
        row[ROW] = number
        rows.append(row)
        if concealed:
            hidden.append(number)
        if len(rows) > MAX_ROWS:
            raise _refuse("validation.too_many_rows", limit=MAX_ROWS)
    if not rows:
        raise _refuse("validation.empty_file")
    extra = sorted(i for i in used if i >= len(names))
    named = [_cell(titles[i]) or _letter(i) for i in ignored if _cell(titles[i]) or i in used]
    return Sheet(rows, tuple(named + [_letter(i) for i in extra]), tuple(hidden))


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def _cell(value, column: str | None = None) -> str:
    """A cell as text: integral numbers without '.0', dates as dates, TRUE/FALSE as
    sì/no, and a numeric codice fiscale with the leading zeros a spreadsheet drops."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d" if value.time() == dt.time() else "%Y-%m-%d %H:%M")
    text = str(value).strip()
    if column == FISCAL_CODE and text.isdigit() and 8 <= len(text) < 11:
        return text.zfill(11)
    return text
