"""The offer: the services each admitted ETS runs that matter to domiciliarità,
per percorso: type (data/taxonomies/servizi.csv), territory (Municipi, NIL or the
whole city), target groups, people reached in the last year, weekly hours, paid
staff and volunteers, premises with their NIL, Comune funding, availability for
co-design. Declared by the ETS's delegates (checked by organisers: ``nuovo`` ->
``approvato`` or ``nascosto`` with a reason), withdrawn by the ETS, or imported
by organisers from CSV/XLSX (all or nothing, errors by row; imported services
are approved: the organisers are the check). Only approved services count in
the reading (coprog/reading/resources.py) and leave the app (open data, sintesi).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from coprog.procedure import importer, permissions, spreadsheet
from coprog.procedure.spreadsheet import ImportFailed
from coprog.storage import audit
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts import taxonomy, vocabulary
from coprog.texts.errors import NotAllowed, NotFound, ValidationError
from coprog.texts.validation import Problems, as_list, choice, clean_text, integer, territory, text, yes_no
from coprog.texts.validation import nil as validation_nil
from coprog.texts.vocabulary import ADMITTED

FIGURES = ("people", "weekly_hours", "paid_staff", "volunteers")

# The import file: one row per service, the ETS by codice fiscale.
REQUIRED = ("codice_fiscale", "servizio", "persone_raggiunte")
ALIASES = {
    "cf": "codice_fiscale",
    "tipo_servizio": "servizio",
    "tipo": "servizio",
    "altro_servizio": "altro",
    "persone": "persone_raggiunte",
    "ore": "ore_settimanali",
    "personale": "personale_retribuito",
    "finanziato_dal_comune": "finanziato_comune",
    "coprogettazione": "disponibile_coprogettazione",
    "sede": "sedi",
}
# a service's figures and flags: the same column names in the import file and in the open data
FIGURE_COLUMNS = {
    "people": "persone_raggiunte",
    "weekly_hours": "ore_settimanali",
    "paid_staff": "personale_retribuito",
    "volunteers": "volontari",
    "comune_funded": "finanziato_comune",
    "codesign": "disponibile_coprogettazione",
}
COLUMN_OF = {
    "organisation": "codice_fiscale",
    "type": "servizio",
    "other": "altro",
    "municipi": "municipi",
    "nils": "nil",
    "targets": "destinatari",
    **FIGURE_COLUMNS,
    "premises": "sedi",
}
CITYWIDE_WORDS = ("tutti", "tutta la città", "tutta la citta", "città", "citta", "all", "city")
_PREMISES = re.compile(r"^(?P<name>.+?)\s*\((?P<nil>[^()]+)\)\s*$")


KNOWN = frozenset(COLUMN_OF.values())


def column_for(field: str) -> str:
    """The import file's column behind a problem's field ('' for the file as a whole)."""
    return COLUMN_OF.get(field, "")


def validate(fields: dict) -> dict:
    """Clean one service; raise ValidationError listing every problem."""
    problems = Problems()
    clean = {
        "type": choice(problems, "type", fields.get("type"), taxonomy.codes("service_type")),
        "other": text(problems, "other", fields.get("other"), required=False, max_len=vocabulary.SERVICE_OTHER_MAX),
        "citywide": bool(fields.get("citywide")),
    }
    if clean["type"] == vocabulary.OTHER_SERVICE and len(clean["other"]) < 3:
        problems.add("other", "validation.required")
    if clean["type"] != vocabulary.OTHER_SERVICE:
        clean["other"] = ""
    clean["municipi"], clean["nils"] = territory(
        problems, fields.get("municipi"), fields.get("nils"), citywide=clean["citywide"]
    )
    targets = []
    for value in as_list(fields.get("targets")):
        code = choice(problems, "targets", value, taxonomy.codes("target_group"))
        if code and code not in targets:
            targets.append(code)
    if not targets and not any(f == "targets" for f, *_ in problems):
        problems.add("targets", "validation.required")
    clean["targets"] = targets
    for name in FIGURES:
        clean[name] = integer(
            problems, name, fields.get(name), low=0, high=vocabulary.SERVICE_FIGURE_MAX[name], required=True
        )
    for name in ("comune_funded", "codesign"):
        clean[name] = bool(yes_no(problems, name, fields.get(name)))  # a tick (bool) or a file's sì/no
    clean["premises"] = _premises(problems, fields.get("premises"))
    problems.raise_if_any()
    return clean


def _premises(problems: Problems, value) -> list[dict]:
    """Premises as [{"name", "nil"}]: the name 2-200 characters, the NIL known."""
    result: list[dict] = []
    for item in as_list(value):
        name = clean_text(item.get("name") if isinstance(item, dict) else item)
        given = item.get("nil") if isinstance(item, dict) else None
        if not name and given in (None, ""):
            continue
        if not 2 <= len(name) <= vocabulary.PREMISES_NAME_MAX:
            problems.add("premises", "validation.premises_name", max=vocabulary.PREMISES_NAME_MAX)
        elif given in (None, ""):
            problems.add("premises", "validation.premises_nil", name=name[:60])
        elif (nil := validation_nil(problems, "premises", given)) is not None:
            result.append({"name": name, "nil": nil})
    if len(result) > vocabulary.PREMISES_MAX:
        problems.add("premises", "validation.too_many", max=vocabulary.PREMISES_MAX)
    return result


def _insert(db, actor: Actor, organisation_id: int, clean: dict, *, source: str, status: str) -> int:
    """One service and its territories, targets and premises (inside the caller's transaction)."""
    service_id = db.insert_row(
        "service",
        {
            "organisation_id": organisation_id,
            "delegate_id": actor.delegate_id,
            "type": clean["type"],
            "other": clean["other"],
            "citywide": int(clean["citywide"]),
            **{name: clean[name] for name in FIGURES},
            "comune_funded": int(clean["comune_funded"]),
            "codesign": int(clean["codesign"]),
            "source": source,
            "status": status,
        },
    )
    db.conn.executemany(
        "INSERT INTO service_municipio (service_id, municipio) VALUES (?, ?)",
        [(service_id, m) for m in clean["municipi"]],
    )
    db.conn.executemany(
        "INSERT INTO service_nil (service_id, nil) VALUES (?, ?)", [(service_id, n) for n in clean["nils"]]
    )
    db.conn.executemany(
        "INSERT INTO service_target (service_id, target_group) VALUES (?, ?)",
        [(service_id, g) for g in clean["targets"]],
    )
    db.conn.executemany(
        "INSERT INTO service_premises (service_id, name, nil) VALUES (?, ?, ?)",
        [(service_id, p["name"], p["nil"]) for p in clean["premises"]],
    )
    return service_id


def declare(database: Database, actor: Actor, fields: dict) -> int:
    """A delegate declares one service of their ETS: validate, one transaction, the
    audit row. It waits for the organisers' check (``nuovo``)."""
    permissions.require("declare_service", actor)
    organisation_id = int(actor.organisation_id or 0)  # the rule: always set
    clean = validate(fields)
    try:
        with database.write() as db:
            permissions.require_participation(db, organisation_id)
            service_id = _insert(db, actor, organisation_id, clean, source="delegato", status=vocabulary.NEW)
            audit.log(db, actor, "declare", "service", service_id, **_summary(clean))
    except sqlite3.IntegrityError as exc:
        raise permissions.translate(exc) from exc
    return service_id


def _summary(clean: dict) -> dict:
    return {k: clean[k] for k in ("type", "other", "citywide", "municipi", "nils", "targets", *FIGURES)}


def _service(db, service_id: int):
    row = db.execute(
        "SELECT s.*, o.process_id FROM service s JOIN organisation o ON o.id = s.organisation_id WHERE s.id = ?",
        [service_id],
    ).fetchone()
    if row is None:
        raise NotFound("offer.unknown")
    return row


def withdraw(database: Database, actor: Actor, service_id: int) -> None:
    """The ETS takes a service back: one of its own delegates, who is recorded
    (organisers hide a service instead, with a reason). The database keeps the rule too."""
    try:
        with database.write() as db:
            row = _service(db, service_id)
            permissions.require("withdraw_service", actor, owner=row["organisation_id"])
            permissions.require_participation(db, actor.organisation_id)
            if row["status"] == vocabulary.WITHDRAWN:
                return
            db.execute(
                "UPDATE service SET status = ?, withdrawn_by = ?, withdrawn_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?",
                [vocabulary.WITHDRAWN, actor.id, service_id],
            )
            audit.log(db, actor, "withdraw", "service", service_id, before=row["status"])
    except sqlite3.IntegrityError as exc:
        raise permissions.translate(exc) from exc


def review(database: Database, actor: Actor, service_id: int, status: str, reason: str = "") -> None:
    """Organisers check a service: approve it, or hide it with a reason (shown to its ETS)."""
    permissions.require("prepare", actor)
    problems = Problems()
    choice(problems, "status", status, (vocabulary.APPROVED, vocabulary.HIDDEN))
    reason = text(problems, "reason", reason, required=status == vocabulary.HIDDEN, min_len=3, max_len=500)
    problems.raise_if_any()
    with database.write() as db:
        row = _service(db, service_id)
        permissions.require_editable(db, row["process_id"])
        if row["status"] == vocabulary.WITHDRAWN:
            raise NotAllowed("offer.withdrawn")
        try:
            db.execute(
                "UPDATE service SET status = ?, reason = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                " WHERE id = ?",
                [status, reason if status == vocabulary.HIDDEN else "", service_id],
            )
        except sqlite3.IntegrityError as exc:
            raise permissions.translate(exc) from exc
        audit.log(db, actor, "review", "service", service_id, before=row["status"], after=status, reason=reason)


# -- import --------------------------------------------------------------------------


@dataclass
class ImportResult:
    services: int
    organisations: int
    ignored: tuple[str, ...] = ()  # the file's columns nothing was read from
    hidden: tuple[int, ...] = ()  # the rows a filter hid in the workbook (imported like the others)


def _row_fields(row: dict) -> dict:
    """A file's row as the fields validate() reads (labels accepted for codes)."""
    where = row.get("municipi", "")
    citywide = where.strip().casefold() in CITYWIDE_WORDS
    nils = importer.split(row.get("nil", ""))  # numbers or names, read by validation.nil
    premises = []
    for part in [p.strip() for p in re.split(r"[;|]", row.get("sedi", "")) if p.strip()]:
        match = _PREMISES.match(part)
        premises.append({"name": match["name"], "nil": match["nil"]} if match else {"name": part, "nil": None})
    return {
        "type": _code("service_type", row.get("servizio", "")),
        "other": row.get("altro", ""),
        "citywide": citywide,
        "municipi": [] if citywide else importer.split(where),
        "nils": nils,
        "targets": [_code("target_group", v) for v in importer.split(row.get("destinatari", ""))],
        "people": row.get("persone_raggiunte", ""),
        "weekly_hours": row.get("ore_settimanali", "") or "0",
        "paid_staff": row.get("personale_retribuito", "") or "0",
        "volunteers": row.get("volontari", "") or "0",
        "comune_funded": row.get("finanziato_comune", "") or "no",
        "codesign": row.get("disponibile_coprogettazione", "") or "no",
        "premises": premises,
    }


def _code(kind: str, value: str) -> str:
    wanted = clean_text(value).casefold()
    for term in taxonomy.terms(kind):
        if wanted in (term.code, term.it.casefold(), term.en.casefold()):
            return term.code
    return clean_text(value)


def import_rows(database: Database, actor: Actor, rows: list[dict], *, process_id: int) -> ImportResult:
    """Services of admitted ETS of one percorso, all or nothing; each arrives approved."""
    permissions.require("prepare", actor)
    with database.read() as conn:
        admitted = {
            r["codice_fiscale"].upper(): r["id"]
            for r in conn.execute(
                f"SELECT id, codice_fiscale FROM organisation WHERE process_id = ? AND admission = '{ADMITTED}'",
                [process_id],
            )
            if r["codice_fiscale"]
        }
    errors: list = []
    ready: list[tuple[int, int, dict]] = []
    for counted, row in enumerate(rows, start=2):  # rows given without their number: the header is row 1
        index = row.get(spreadsheet.ROW, counted)
        cf = clean_text(row.get("codice_fiscale")).upper()
        organisation_id = admitted.get(cf)
        if organisation_id is None:
            errors.append((index, "organisation", "offer.unknown_ets", {"value": cf[:20]}))
        try:
            clean = validate(_row_fields(row))
        except ValidationError as exc:
            errors.extend((index, f, k, p) for f, k, p in exc.problems)
            continue
        if organisation_id is not None:
            ready.append((index, organisation_id, clean))
    if errors:
        raise ImportFailed(errors)
    with database.write() as db:
        permissions.require_editable(db, process_id)
        for index, organisation_id, clean in ready:
            try:
                service_id = _insert(db, actor, organisation_id, clean, source="import", status=vocabulary.APPROVED)
            except sqlite3.IntegrityError as exc:
                translated = permissions.translate(exc)
                raise ImportFailed(
                    [(index, "organisation", getattr(translated, "key", "validation.bad_file"), {"reason": str(exc)})]
                ) from exc
            audit.log(db, actor, "import", "service", service_id, row=index, **_summary(clean))
    return ImportResult(len(ready), len({o for _, o, _ in ready}))


def read_sheet(path: str | Path, content: bytes | None = None) -> spreadsheet.Sheet:
    return spreadsheet.read(path, content, required=REQUIRED, known=KNOWN, aliases=ALIASES)


def import_file(
    database: Database, actor: Actor, path: str | Path, content: bytes | None = None, *, process_id: int
) -> ImportResult:
    sheet = read_sheet(path, content)
    result = import_rows(database, actor, sheet.rows, process_id=process_id)
    return replace(result, ignored=sheet.ignored, hidden=sheet.hidden)


def preview(database: Database, actor: Actor, path: str | Path, content: bytes, *, process_id: int) -> tuple:
    """What importing the file would do, without doing it: (result, []) or (None, row errors)."""
    return importer.dry_run(database, lambda: import_file(database, actor, path, content, process_id=process_id))


# -- reading -------------------------------------------------------------------------

COLUMNS = [
    "id",
    "organisation_id",
    "organisation",
    "type",
    "other",
    "citywide",
    "municipi",
    "nils",
    "targets",
    *FIGURES,
    "comune_funded",
    "codesign",
    "premises",
    "premises_nils",
    "source",
    "status",
    "reason",
    "created_at",
]


def _lists(value, cast=int) -> list:
    return sorted(cast(x) for x in value.split(",") if x) if isinstance(value, str) else []


def services(
    database: Database, process_id: int, *, statuses=(vocabulary.APPROVED,), organisation_id: int | None = None
) -> pd.DataFrame:
    """The services of one percorso (by default the approved ones), each with its
    territory, targets and premises as lists."""
    marks = ", ".join("?" * len(statuses))
    where = f" AND s.status IN ({marks})" + (" AND s.organisation_id = ?" if organisation_id else "")
    params = [process_id, *statuses] + ([organisation_id] if organisation_id else [])
    rows = database.query(
        "SELECT s.id, s.organisation_id, o.name AS organisation, s.type, s.other, s.citywide,"
        " (SELECT group_concat(municipio) FROM service_municipio WHERE service_id = s.id) AS municipi,"
        " (SELECT group_concat(nil) FROM service_nil WHERE service_id = s.id) AS nils,"
        " (SELECT group_concat(target_group) FROM service_target WHERE service_id = s.id) AS targets,"
        " s.people, s.weekly_hours, s.paid_staff, s.volunteers, s.comune_funded, s.codesign,"
        " (SELECT group_concat(name || ' (' || nil || ')', '; ') FROM service_premises WHERE service_id = s.id)"
        " AS premises,"
        " (SELECT group_concat(nil) FROM service_premises WHERE service_id = s.id) AS premises_nils,"
        " s.source, s.status, s.reason, s.created_at"
        " FROM service s JOIN organisation o ON o.id = s.organisation_id"
        f" WHERE o.process_id = ? AND o.admission = '{ADMITTED}'{where} ORDER BY o.name, s.id",
        tuple(params),
    )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("municipi", "nils", "premises_nils"):
        frame[column] = frame[column].map(_lists)
    frame["targets"] = frame["targets"].map(lambda v: _lists(v, str))
    frame["premises"] = frame["premises"].fillna("")
    return frame


def version(database: Database, process_id: int) -> tuple:
    """Moves whenever a service of the percorso is added or changes (cache key of the reading)."""
    row = database.query(
        "SELECT count(*) AS n, max(s.updated_at) AS last FROM service s"
        " JOIN organisation o ON o.id = s.organisation_id WHERE o.process_id = ?",
        (process_id,),
    )[0]
    return row["n"], row["last"]


def service_label(row, lang: str = "it") -> str:
    """A service's type as read: the taxonomy's label, or the ETS's own words for "altro"."""
    if row["type"] == vocabulary.OTHER_SERVICE and row["other"]:
        return f"{taxonomy.label('service_type', row['type'], lang)}: {row['other']}"
    return taxonomy.label("service_type", row["type"], lang)
