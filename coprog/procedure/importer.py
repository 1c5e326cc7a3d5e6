"""Import ETS and delegates from the applications received by PEC (CSV or XLSX).

Every row is validated (codice fiscale check digits, required fields,
duplicates, unknown Municipio or activity); the file is imported whole, in
one transaction, or not at all, with row-level errors.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from coprog.procedure import permissions, spreadsheet
from coprog.procedure.delegates import insert_delegate, validate_delegate
from coprog.procedure.organisations import insert_organisation, validate_organisation
from coprog.procedure.spreadsheet import ImportFailed
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import taxonomy

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
    # as organisers' own spreadsheets name them (accents, case and punctuation aside)
    "ragione_sociale": "denominazione",
    "denominazione_ente": "denominazione",
    "codice_fiscale_ente": "codice_fiscale",
    "cf_ente": "codice_fiscale",
    "n_runts": "numero_runts",
    "numero_iscrizione_runts": "numero_runts",
    "municipio": "municipi",
    "nome_delegato": "delegato_nome",
    "ruolo_delegato": "delegato_ruolo",
    "email_delegato": "delegato_email",
    "codice_fiscale_legale_rappresentante": "cf_legale_rappresentante",
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


KNOWN = frozenset(COLUMN_OF.values())


def column_for(field: str) -> str:
    """The file's column behind a problem's field ('' for the file as a whole)."""
    return COLUMN_OF.get(field, "")


@dataclass
class ImportResult:
    organisations: int
    delegates: int
    ignored: tuple[str, ...] = ()  # the file's columns nothing was read from
    hidden: tuple[int, ...] = ()  # the rows a filter hid in the workbook (imported like the others)


def read_sheet(path: str | Path, content: bytes | None = None) -> spreadsheet.Sheet:
    """The applications' file as rows (see coprog.procedure.spreadsheet)."""
    return spreadsheet.read(path, content, required=REQUIRED, known=KNOWN, aliases=ALIASES)


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


ORG_COLUMNS = tuple(c for c in COLUMN_OF.values() if not c.startswith("delegato_"))


def _as_above(row: dict, first_rows: dict[str, dict]) -> dict:
    """A later row of the same ETS (same codice fiscale) with its ETS's cells left blank
    takes them from the ETS's first row: «as above», as offices fill one row per delegate."""
    cf = "".join(str(row.get("codice_fiscale") or "").split()).upper()
    if not cf:
        return row
    first = first_rows.setdefault(cf, row)
    if first is row:
        return row
    return {**row, **{c: first.get(c, "") for c in ORG_COLUMNS if not str(row.get(c) or "").strip()}}


def _shown(value) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
    return text[:60] or "—"


def import_rows(database: Database, actor: Actor, rows: list[dict], *, process_id: int) -> ImportResult:
    """The applications to one percorso, all or nothing; each arrives as ricevuta."""
    permissions.require("prepare", actor)
    errors: list = []
    organisations: dict[str, tuple[int, dict]] = {}  # cf -> (first row, clean)
    delegates: list[tuple[int, str, dict]] = []
    seen_delegates: dict[tuple[str, str], int] = {}
    first_rows: dict[str, dict] = {}  # the ETS's first row, by codice fiscale as typed
    for counted, row in enumerate(rows, start=2):  # rows given without their number: the header is row 1
        index = row.get(spreadsheet.ROW, counted)
        row = _as_above(row, first_rows)
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
            first, theirs = organisations[cf]
            field = next(f for f in org if org[f] != theirs[f])
            shown = {"mine": _shown(org[field]), "theirs": _shown(theirs[field])}
            errors.append((index, field, "validation.inconsistent_org", {"other": first, **shown}))
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
            if existing and taxonomy.comparable(existing["name"]) != taxonomy.comparable(org["name"]):
                found = {"value": cf, "name": existing["name"]}
                errors.append((index, "codice_fiscale", "validation.fiscal_code_other_name", found))
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
    sheet = read_sheet(path, content)
    result = import_rows(database, actor, sheet.rows, process_id=process_id)
    return replace(result, ignored=sheet.ignored, hidden=sheet.hidden)


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
    return dry_run(database, lambda: import_file(database, actor, path, content, process_id=process_id))
