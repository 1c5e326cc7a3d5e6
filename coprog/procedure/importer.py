"""Import ETS and delegates from the applications received by PEC (CSV or XLSX).

Every row is validated (codice fiscale check digits, required fields,
duplicates, unknown Municipio or activity); the file is imported whole, in
one transaction, or not at all, with row-level errors.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from coprog.procedure import permissions
from coprog.procedure.delegates import insert_delegate, validate_delegate
from coprog.procedure.organisations import insert_organisation, validate_organisation
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import taxonomy
from coprog.texts.errors import CoprogError

REQUIRED = ("denominazione", "codice_fiscale", "forma_giuridica", "delegato_nome")
ALIASES = {
    "nome_ente": "denominazione",
    "ente": "denominazione",
    "cf": "codice_fiscale",
    "runts": "numero_runts",
    "repertorio_runts": "numero_runts",
    "delegato": "delegato_nome",
    "ruolo": "delegato_ruolo",
    "arrivo_pec": "data_arrivo_pec",
    "data_pec": "data_arrivo_pec",
    "esperienza": "esperienza_triennio",
    "attivita_coerenti_nel_triennio": "attivita_coerenti",
}
# the column of the file each checked field comes from, for errors "row N, column X"
COLUMN_OF = {
    "name": "denominazione",
    "codice_fiscale": "codice_fiscale",
    "legal_form": "forma_giuridica",
    "runts_number": "numero_runts",
    "activity_fields": "attivita",
    "municipi": "municipi",
    "email": "email",
    "phone": "telefono",
    "received_at": "data_arrivo_pec",
    "experience": "esperienza_triennio",
    "coherent_activities": "attivita_coerenti",
    "seat": "sede",
    "legal_rep_name": "legale_rappresentante",
    "legal_rep_cf": "cf_legale_rappresentante",
    "privacy_ack": "informativa",
    "delegate_name": "delegato_nome",
    "delegate_role": "delegato_ruolo",
    "delegate_email": "delegato_email",
}


def column_for(field: str) -> str:
    """The file's column behind a problem's field ('' for the file as a whole)."""
    return COLUMN_OF.get(field, "")


MAX_ROWS = 5000


class ImportFailed(CoprogError):
    """The file was not imported; ``rows`` lists (row number, field, key, params)."""

    def __init__(self, rows: list):
        self.rows = rows
        first = rows[0] if rows else (0, "", "validation.empty_file", {})
        super().__init__(first[2], **first[3])


@dataclass
class ImportResult:
    organisations: int
    delegates: int


def _header(name, aliases: dict) -> str:
    key = str(name or "").strip().lower().replace(" ", "_").replace("-", "_")
    return aliases.get(key, key)


def read_rows(
    path: str | Path, content: bytes | None = None, *, required=REQUIRED, aliases: dict | None = None
) -> list[dict]:
    """Rows of a CSV (comma or semicolon, UTF-8) or XLSX file as dicts keyed by
    normalised column names (``aliases``: other names of a column). Raises
    ImportFailed for unreadable files or when a ``required`` column is missing."""
    path = Path(path)
    data = content if content is not None else path.read_bytes()
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            table = _xlsx_table(data)
        elif suffix in (".csv", ".txt"):
            table = _csv_table(data)
        else:
            raise ValueError(f"formato {suffix or '?'} non supportato (CSV o XLSX)")
    except ImportFailed:
        raise
    except Exception as exc:  # malformed file of any kind
        raise ImportFailed([(0, "file", "validation.bad_file", {"reason": str(exc)[:200]})]) from exc
    if not table:
        raise ImportFailed([(0, "file", "validation.empty_file", {})])
    headers = [_header(h, ALIASES if aliases is None else aliases) for h in table[0]]
    missing = [c for c in required if c not in headers]
    if missing:
        raise ImportFailed([(1, "file", "validation.missing_columns", {"columns": ", ".join(missing)})])
    rows = []
    for values in table[1:]:
        values = ["" if v is None else str(v).strip() for v in values]
        if not any(values):
            continue
        rows.append(dict(zip(headers, values + [""] * (len(headers) - len(values)))))
    if not rows:
        raise ImportFailed([(0, "file", "validation.empty_file", {})])
    if len(rows) > MAX_ROWS:
        raise ImportFailed([(0, "file", "validation.bad_file", {"reason": f"più di {MAX_ROWS} righe"})])
    return rows


def _csv_table(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_table(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def split(value: str) -> list[str]:
    """A cell holding several values (separated by ``;``, ``,`` or ``|``)."""
    return [p.strip() for p in value.replace(",", ";").replace("|", ";").split(";") if p.strip()]


def legal_form_code(value: str) -> str:
    wanted = value.strip().lower()
    for term in taxonomy.terms("legal_form"):
        if wanted in (term.code, term.it.lower(), term.en.lower()):
            return term.code
        if "(" in term.it and wanted == term.it.split("(")[1].rstrip(")").lower():
            return term.code  # ODV, APS
    return value


def municipi_list(value: str) -> list[str]:
    if value.strip().lower() in ("tutti", "tutta la città", "citta", "città", "all"):
        return [str(m) for m in taxonomy.MUNICIPI]
    return split(value)


def organisation_fields(row: dict) -> dict:
    """An application as ``validate_organisation`` takes it, from a row of the
    spreadsheet or from the modello di domanda's fields (the same names)."""
    return {
        "name": row.get("denominazione"),
        "codice_fiscale": row.get("codice_fiscale"),
        "runts_number": row.get("numero_runts"),
        "legal_form": legal_form_code(row.get("forma_giuridica", "")),
        "email": row.get("email"),
        "phone": row.get("telefono"),
        "activity_fields": split(row.get("attivita", "")),
        "municipi": municipi_list(row.get("municipi", "")),
        "received_at": row.get("data_arrivo_pec"),
        "experience": row.get("esperienza_triennio"),
        "coherent_activities": row.get("attivita_coerenti"),
        "seat": row.get("sede"),
        "legal_rep_name": row.get("legale_rappresentante"),
        "legal_rep_cf": row.get("cf_legale_rappresentante"),
        "privacy_ack": row.get("informativa"),
    }


def import_rows(database: Database, actor: Actor, rows: list[dict], *, process_id: int) -> ImportResult:
    """The applications to one percorso, all or nothing; each arrives as ricevuta."""
    permissions.require("prepare", actor)
    errors: list = []
    organisations: dict[str, tuple[int, dict]] = {}  # cf -> (first row, clean)
    delegates: list[tuple[int, str, dict]] = []
    seen_delegates: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows, start=2):  # row 1 is the header
        org, org_problems = validate_organisation(organisation_fields(row))
        delegate, delegate_problems = validate_delegate(
            {"name": row.get("delegato_nome"), "role": row.get("delegato_ruolo"), "email": row.get("delegato_email")}
        )
        problems = org_problems + delegate_problems
        errors.extend((index, f, k, p) for f, k, p in problems)
        if problems:
            continue
        cf = org["codice_fiscale"]
        if cf in organisations and organisations[cf][1] != org:
            errors.append((index, "codice_fiscale", "validation.inconsistent_org", {"other": organisations[cf][0]}))
            continue
        organisations.setdefault(cf, (index, org))
        key = (cf, delegate["name"].casefold())
        if key in seen_delegates:
            errors.append((index, "delegate_name", "validation.duplicate_row", {"other": seen_delegates[key]}))
            continue
        seen_delegates[key] = index
        delegates.append((index, cf, delegate))
    if errors:
        raise ImportFailed(errors)

    created_orgs = created_delegates = 0
    with database.write() as db:
        org_ids = {}
        for cf, (index, org) in organisations.items():
            existing = db.execute(
                "SELECT id, name FROM organisation WHERE process_id = ? AND codice_fiscale = ?", [process_id, cf]
            ).fetchone()
            if existing and existing["name"].casefold() != org["name"].casefold():
                errors.append((index, "codice_fiscale", "validation.duplicate_fiscal_code", {"value": cf}))
                continue
            if existing:
                org_ids[cf] = existing["id"]
            else:
                org_ids[cf] = insert_organisation(db, actor, org, process_id)
                created_orgs += 1
        for index, cf, delegate in delegates:
            if cf not in org_ids:
                continue
            if db.execute(
                "SELECT 1 FROM delegate WHERE organisation_id = ? AND lower(name) = lower(?)",
                [org_ids[cf], delegate["name"]],
            ).fetchone():
                errors.append((index, "delegate_name", "validation.delegate_exists", {"name": delegate["name"]}))
                continue
            insert_delegate(db, actor, org_ids[cf], delegate)
            created_delegates += 1
        if errors:
            raise ImportFailed(errors)  # rolls the whole transaction back
    return ImportResult(created_orgs, created_delegates)


def import_file(
    database: Database, actor: Actor, path: str | Path, content: bytes | None = None, *, process_id: int
) -> ImportResult:
    return import_rows(database, actor, read_rows(path, content), process_id=process_id)


class _DryRun(Exception):
    def __init__(self, result):
        self.result = result


def dry_run(database: Database, run) -> tuple:
    """Run a whole import, database checks included, then roll it back:
    (what would be imported, []) or (None, row errors)."""
    try:
        with database.write():
            raise _DryRun(run())
    except _DryRun as dry:
        return dry.result, []
    except ImportFailed as failed:
        return None, failed.rows


def preview(
    database: Database, actor: Actor, path: str | Path, content: bytes, *, process_id: int
) -> tuple[ImportResult | None, list]:
    """What importing the applications would do, without doing it."""
    return dry_run(database, lambda: import_rows(database, actor, read_rows(path, content), process_id=process_id))
