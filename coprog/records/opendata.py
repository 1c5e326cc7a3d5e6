"""Open data: every entity of the process as tables (XLSX with one sheet per
entity, CSV per entity in a zip) and a JSON dump of the whole process that a
new database can load back. Delegates' personal data are left out; every
spreadsheet cell that would read as a formula is neutralised.

JSON format (``format`` = "coprog-open-data", ``version`` = 1): an object with
``generated_at`` and one list of row objects per table in TABLES, columns as
listed there, plus ``ballot_result`` (the closed ballots' frozen results as rows, derived,
not loaded back) and the records in RECORDS (speaking turns by ETS, observations on the
drafts with their answers, the published answers to
the requests for clarification; not loaded back). Ids are the database's; references use them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from coprog.ballots import tallying
from coprog.reading.offer import FIGURE_COLUMNS
from coprog.records import catalogue, rendering
from coprog.records.decisions import WITHHELD_ITEM
from coprog.records.docmodel import Table
from coprog.storage.db import Database
from coprog.texts import vocabulary
from coprog.texts.errors import ValidationError
from coprog.texts.vocabulary import ADMITTED, APPROVED, BALLOT_CLOSED, BALLOT_PREPARED, SPOKE

FORMAT = "coprog-open-data"
NO_OUTCOME = "Esito non registrato nel file d'origine."
VERSION = 1

# table -> (columns, SQL). Order matters for loading (references first).
# Every query is limited to one percorso (``:p``): an export never mixes two.
# Only public contributions (approved, as contributions.PUBLIC says) leave the app.
_SESSIONS = "SELECT id FROM session WHERE process_id = :p"
_CONTRIBUTIONS = f"SELECT id FROM contribution WHERE session_id IN ({_SESSIONS})"
_BALLOTS = f"SELECT id FROM ballot WHERE session_id IN ({_SESSIONS}) AND status != '{BALLOT_PREPARED}'"
_ADMITTED = f"SELECT id FROM organisation WHERE process_id = :p AND admission = '{ADMITTED}'"
_SERVICES = f"SELECT id FROM service WHERE organisation_id IN ({_ADMITTED}) AND status = '{APPROVED}'"

TABLES: dict[str, tuple[list[str], str]] = {
    "process": (
        ["id", "title", "description", "start_date", "end_date", "office"],
        "SELECT id, title, description, start_date, end_date, office FROM process WHERE id = :p",
    ),
    "organisation": (
        ["id", "name", "codice_fiscale", "runts_number", "legal_form", "admission"],
        "SELECT id, name, codice_fiscale, runts_number, legal_form, admission FROM organisation"
        f" WHERE process_id = :p AND admission = '{ADMITTED}'",
    ),
    "organisation_municipio": (
        ["organisation_id", "municipio"],
        f"SELECT m.organisation_id, m.municipio FROM organisation_municipio m WHERE m.organisation_id IN ({_ADMITTED})",
    ),
    "organisation_field": (
        ["organisation_id", "field"],
        f"SELECT f.organisation_id, f.field FROM organisation_field f WHERE f.organisation_id IN ({_ADMITTED})",
    ),
    "session": (
        ["id", "process_id", "kind", "title", "theme", "date", "place", "moderated", "current_phase_id"],
        "SELECT id, process_id, kind, title, theme, date, place, moderated, current_phase_id FROM session"
        " WHERE process_id = :p",
    ),
    "phase": (
        ["id", "session_id", "position", "name", "contribution_types", "contributions_open", "opened_at", "closed_at"],
        "SELECT id, session_id, position, name, contribution_types, contributions_open, opened_at, closed_at"
        f" FROM phase WHERE session_id IN ({_SESSIONS})",
    ),
    "attendance": (
        ["session_id", "organisation_id", "first_check_in", "delegates", "mode"],
        "SELECT session_id, organisation_id, min(checked_in_at), count(*), min(mode) FROM attendance"
        f" WHERE session_id IN ({_SESSIONS}) GROUP BY session_id, organisation_id",
    ),
    "contribution": (
        [
            "id",
            "session_id",
            "phase_id",
            "type",
            "organisation_id",
            "source",
            "status",
            "title",
            "body",
            "area",
            "target_group",
            "citywide",
            "intensity",
            "trend",
            "evidence",
            "evidence_source",
            "pinned",
            "merged_into",
            "created_at",
            "updated_at",
        ],
        "SELECT id, session_id, phase_id, type, organisation_id, source, status, title, body, area,"
        " target_group, citywide, intensity, trend, evidence, evidence_source, pinned, merged_into,"
        f" created_at, updated_at FROM contribution WHERE status = '{APPROVED}' AND session_id IN ({_SESSIONS})",
    ),
    "contribution_author": (
        ["contribution_id", "organisation_id"],
        "SELECT a.contribution_id, a.organisation_id FROM contribution_author a"
        f" JOIN contribution c ON c.id = a.contribution_id WHERE c.status = '{APPROVED}'"
        f" AND c.session_id IN ({_SESSIONS})",
    ),
    "contribution_municipio": (
        ["contribution_id", "municipio"],
        "SELECT m.contribution_id, m.municipio FROM contribution_municipio m"
        f" JOIN contribution c ON c.id = m.contribution_id WHERE c.status = '{APPROVED}'"
        f" AND c.session_id IN ({_SESSIONS})",
    ),
    "contribution_nil": (
        ["contribution_id", "nil"],
        "SELECT n.contribution_id, n.nil FROM contribution_nil n"
        f" JOIN contribution c ON c.id = n.contribution_id WHERE c.status = '{APPROVED}'"
        f" AND c.session_id IN ({_SESSIONS})",
    ),
    "paper_count": (
        ["id", "session_id", "phase_id", "contribution_id", "area", "count", "source", "note"],
        "SELECT id, session_id, phase_id, contribution_id, area, count, source, note FROM paper_count"
        f" WHERE session_id IN ({_SESSIONS})",
    ),
    "seed_item": (
        ["id", "session_id", "type", "title", "body"],
        f"SELECT id, session_id, type, title, body FROM seed_item WHERE session_id IN ({_SESSIONS})",
    ),
    "consolidated_item": (
        ["id", "session_id", "contribution_id", "type", "title", "body", "reworded", "merged_into"],
        "SELECT id, session_id, contribution_id, type, title, body, reworded, merged_into FROM consolidated_item"
        f" WHERE session_id IN ({_SESSIONS}) AND contribution_id IN (SELECT id FROM contribution"
        f" WHERE status = '{APPROVED}') ORDER BY id",
    ),
    "ballot": (
        [
            "id",
            "session_id",
            "phase_id",
            "method",
            "per_delegate",
            "budget",
            "cap",
            "dimensions",
            "top_k",
            "status",
            "opened_at",
            "closed_at",
            "snapshot",
            "list_type",
            "outcome_decided",
            "outcome_open",
            "outcome_dissent",
        ],
        "SELECT id, session_id, phase_id, method, per_delegate, budget, cap, dimensions, top_k, status,"
        " opened_at, closed_at, snapshot, list_type, outcome_decided, outcome_open, outcome_dissent"
        f" FROM ballot WHERE session_id IN ({_SESSIONS}) AND status != '{BALLOT_PREPARED}'",
    ),
    "ballot_item": (
        ["id", "ballot_id", "position", "contribution_id", "seed_id", "consolidated_id", "title"],
        "SELECT id, ballot_id, position, contribution_id, seed_id, consolidated_id, title FROM ballot_item"
        f" WHERE ballot_id IN ({_BALLOTS})",
    ),
    "vote": (
        ["id", "ballot_id", "organisation_id", "cast_at"],
        f"SELECT id, ballot_id, organisation_id, cast_at FROM vote WHERE ballot_id IN ({_BALLOTS})",
    ),
    "vote_entry": (
        ["vote_id", "item_id", "dimension", "value"],
        "SELECT vote_id, item_id, dimension, value FROM vote_entry"
        f" WHERE vote_id IN (SELECT id FROM vote WHERE ballot_id IN ({_BALLOTS}))",
    ),
    "ballot_paper": (
        ["id", "ballot_id", "item_id", "value", "source", "note"],
        f"SELECT id, ballot_id, item_id, value, source, note FROM ballot_paper WHERE ballot_id IN ({_BALLOTS})",
    ),
    "reaction": (  # one per ETS per public item; co-signing (endorsed) means agreeing
        ["contribution_id", "organisation_id", "value", "endorsed", "updated_at"],
        "SELECT r.contribution_id, r.organisation_id, r.value, r.endorsed, r.updated_at FROM reaction r"
        f" JOIN contribution c ON c.id = r.contribution_id WHERE c.session_id IN ({_SESSIONS})"
        f" AND c.status = '{APPROVED}' AND c.merged_into IS NULL AND r.organisation_id IN ({_ADMITTED})",
    ),
    # The offer: approved services of admitted ETS (who declared them is not said).
    "service": (
        [
            "id",
            "organisation_id",
            "type",
            "other",
            "citywide",
            "people",
            "weekly_hours",
            "paid_staff",
            "volunteers",
            "comune_funded",
            "codesign",
            "source",
            "status",
            "created_at",
        ],
        "SELECT id, organisation_id, type, other, citywide, people, weekly_hours, paid_staff, volunteers,"
        " comune_funded, codesign, source, status, created_at FROM service"
        f" WHERE organisation_id IN ({_ADMITTED}) AND status = '{APPROVED}'",
    ),  # fmt: skip
    "service_municipio": (
        ["service_id", "municipio"],
        f"SELECT service_id, municipio FROM service_municipio WHERE service_id IN ({_SERVICES})",
    ),
    "service_nil": (
        ["service_id", "nil"],
        f"SELECT service_id, nil FROM service_nil WHERE service_id IN ({_SERVICES})",
    ),
    "service_target": (
        ["service_id", "target_group"],
        f"SELECT service_id, target_group FROM service_target WHERE service_id IN ({_SERVICES})",
    ),
    "service_premises": (
        ["id", "service_id", "name", "nil"],
        f"SELECT id, service_id, name, nil FROM service_premises WHERE service_id IN ({_SERVICES})",
    ),
}
# Records of the procedure written as tables but not loaded back (as ballot_result):
# speaking turns by ETS (no person), and the observations on the drafts with their answers.
RECORDS: dict[str, tuple[list[str], str]] = {
    "floor_turn": (
        ["session_id", "organisation_id", "called_at", "seconds"],
        "SELECT session_id, organisation_id, called_at, seconds FROM floor_request"
        f" WHERE session_id IN ({_SESSIONS}) AND status = '{SPOKE}' ORDER BY called_at, id",
    ),
    "observation": (
        ["id", "version", "section", "organisation_id", "text", "created_at", "answer", "reason", "answered_at"],
        "SELECT o.id, d.version, x.title, o.organisation_id, o.text, o.created_at, o.answer, o.reason, o.answered_at"
        " FROM observation o JOIN draft_section x ON x.id = o.section_id JOIN draft d ON d.id = x.draft_id"
        " WHERE d.process_id = :p ORDER BY d.version, x.position, o.id",
    ),
    # the published answers to the requests for clarification (the avviso's FAQ), never who asked
    "clarification": (
        ["id", "question", "asked_at", "on_time", "answer", "published_at"],
        "SELECT id, question, asked_at, on_time, answer, published_at FROM clarification"
        " WHERE process_id = :p AND published_at IS NOT NULL ORDER BY published_at, id",
    ),
}
# Tables computed from others (not loaded back): the frozen results of every
# closed ballot, one row per item and one per item and voter group, so each
# figure of the documents can be traced without reading the JSON snapshot.
RESULT_COLUMNS = ["ballot_id", "item_id", "title", "group_kind", "group", "voters", "value", "breadth", "consensus"]
NAMES = (*TABLES, "ballot_result", *RECORDS)  # every table of the export, in its order
TITLES_IT = {
    "process": "percorso",
    "organisation": "enti",
    "organisation_municipio": "enti_municipi",
    "organisation_field": "enti_attivita",
    "session": "sessioni",
    "phase": "fasi",
    "attendance": "presenze_enti",
    "contribution": "contributi",
    "contribution_author": "contributi_autori",
    "contribution_municipio": "contributi_municipi",
    "contribution_nil": "contributi_nil",
    "paper_count": "conteggi_carta",
    "seed_item": "voci_proposte",
    "consolidated_item": "voci_consolidate",
    "ballot": "votazioni",
    "ballot_item": "voci_votate",
    "vote": "schede",
    "vote_entry": "schede_voci",
    "ballot_paper": "schede_carta",
    "ballot_result": "risultati_votazioni",
    "reaction": "reazioni",
    "floor_turn": "interventi",
    "observation": "osservazioni_bozza",
    "clarification": "chiarimenti",
    "service": "servizi",
    "service_municipio": "servizi_municipi",
    "service_nil": "servizi_nil",
    "service_target": "servizi_destinatari",
    "service_premises": "servizi_sedi",
}


# Column headers of the spreadsheets (CSV, XLSX) in Italian; the JSON dump keeps the identifiers.
HEADERS_IT = {
    "admission": "ammissione",
    "asked_at": "chiesto_il",
    "on_time": "nei_termini",
    "published_at": "pubblicato_il",
    "question": "domanda",
    "area": "area",
    "ballot_id": "votazione_id",
    "body": "testo",
    "breadth": "ampiezza",
    "budget": "budget",
    "consensus": "consenso",
    "group": "gruppo",
    "group_kind": "tipo_di_gruppo",
    "voters": "votanti",
    "cap": "tetto",
    "cast_at": "votato_il",
    "citywide": "tutta_la_citta",
    "closed_at": "chiuso_il",
    "codice_fiscale": "codice_fiscale",
    "contribution_id": "contributo_id",
    "consolidated_id": "voce_consolidata_id",
    "contribution_types": "tipi_di_contributo",
    "contributions_open": "contributi_aperti",
    "count": "numero",
    "created_at": "creato_il",
    "current_phase_id": "fase_corrente_id",
    "date": "data",
    "delegates": "delegati",
    "description": "descrizione",
    "dimension": "dimensione",
    "dimensions": "dimensioni",
    "end_date": "data_fine",
    "evidence": "evidenze",
    "evidence_source": "tipo_di_fonte",
    "field": "attivita",
    "first_check_in": "primo_ingresso",
    "id": "id",
    "intensity": "intensita",
    "item_id": "voce_id",
    "kind": "tipo_di_sessione",
    "list_type": "elenco_votato",
    "legal_form": "forma_giuridica",
    "merged_into": "unito_a",
    "method": "metodo",
    "mode": "modalita",
    "moderated": "moderata",
    "municipio": "municipio",
    "name": "denominazione",
    "nil": "nil",
    "note": "nota",
    "office": "ufficio",
    "opened_at": "aperto_il",
    "outcome_decided": "esito_deciso",
    "outcome_dissent": "esito_dissenso",
    "outcome_open": "esito_aperto",
    "organisation_id": "ente_id",
    "per_delegate": "per_delegato",
    "phase_id": "fase_id",
    "pinned": "in_evidenza",
    "place": "luogo",
    "position": "posizione",
    "reworded": "riformulata",
    "process_id": "percorso_id",
    "runts_number": "numero_runts",
    "seed_id": "voce_proposta_id",
    "session_id": "sessione_id",
    "snapshot": "risultati_congelati",
    "source": "fonte",
    "start_date": "data_inizio",
    "status": "stato",
    "target_group": "destinatari",
    "theme": "tema",
    "title": "titolo",
    "top_k": "voci_da_ordinare",
    "trend": "andamento",
    "type": "tipo",
    "updated_at": "modificato_il",
    "value": "valore",
    "vote_id": "scheda_id",
    "endorsed": "adesione",
    "called_at": "parola_data_il",
    "seconds": "secondi",
    "version": "versione",
    "section": "sezione",
    "text": "testo_osservazione",
    "answer": "risposta",
    "reason": "motivazione",
    "answered_at": "risposto_il",
    "other": "altro_servizio",
    **FIGURE_COLUMNS,  # as in the services' import file
    "service_id": "servizio_id",
}


def tables(database: Database, process_id: int) -> dict[str, list[dict]]:
    """Every open-data table of one percorso as rows (no delegate names, emails, codes or ids)."""
    out = {}
    with database.read() as conn:
        for name, (columns, sql) in TABLES.items():
            out[name] = [dict(zip(columns, row)) for row in conn.execute(sql, {"p": process_id})]
    admitted = {o["id"] for o in out["organisation"]}
    # rows that point to an ETS not admitted keep the row but not the link
    for name in ("contribution", "attendance", "vote"):
        for row in out[name]:
            if row.get("organisation_id") not in admitted:
                row["organisation_id"] = None
    out["contribution_author"] = [r for r in out["contribution_author"] if r["organisation_id"] in admitted]
    _withhold_hidden_items(database, out)
    out["ballot_result"] = ballot_results(out["ballot"])
    with database.read() as conn:
        for name, (columns_, sql) in RECORDS.items():
            out[name] = [dict(zip(columns_, row)) for row in conn.execute(sql, {"p": process_id})]
    for name in RECORDS:
        for row in out[name]:
            if row["organisation_id"] not in admitted:
                row["organisation_id"] = None
    return out


def _withhold_hidden_items(database: Database, out: dict) -> None:
    """A ballot item whose source was hidden after the vote keeps its figures,
    not its text: in ``ballot_item`` and in the frozen results."""

    ballot_ids = [b["id"] for b in out["ballot"]]
    marks = ",".join("?" * len(ballot_ids)) or "NULL"
    withheld = {
        r["id"]
        for r in database.query(
            "SELECT i.id FROM ballot_item i LEFT JOIN consolidated_item k ON k.id = i.consolidated_id"
            " JOIN contribution c ON c.id = coalesce(k.contribution_id, i.contribution_id)"
            f" WHERE i.ballot_id IN ({marks}) AND c.status != '{APPROVED}'",
            tuple(ballot_ids),
        )
    }
    if not withheld:
        return
    for row in out["ballot_item"]:
        if row["id"] in withheld:
            row["title"] = WITHHELD_ITEM
    for ballot in out["ballot"]:
        if ballot["snapshot"]:
            frozen = json.loads(ballot["snapshot"])
            for item in frozen["items"]:
                if item["id"] in withheld:
                    item["title"], item["tables"] = WITHHELD_ITEM, []
            ballot["snapshot"] = json.dumps(frozen, ensure_ascii=False)


def columns(name: str) -> list[str]:
    if name in RECORDS:
        return RECORDS[name][0]
    return RESULT_COLUMNS if name == "ballot_result" else TABLES[name][0]


def ballot_results(ballot_rows: list[dict]) -> list[dict]:
    """The frozen results of the closed ballots as rows: per item overall
    (group_kind "tutti") with its main value (tallying.score), breadth and
    consensus, then per voter group (tavolo, municipio, attivita)."""

    rows = []
    for b in ballot_rows:
        if b["status"] != vocabulary.BALLOT_CLOSED or not b["snapshot"]:
            continue
        result = json.loads(b["snapshot"])
        dims = result["dimensions"]
        for it in result["items"]:
            figures = it.get(dims[0], {}) if result["method"] == "valutazione" else {}
            rows.append(
                {
                    "ballot_id": b["id"],
                    "item_id": it["id"],
                    "title": it["title"],
                    "group_kind": "tutti",
                    "group": "",
                    "voters": result["voters"],
                    "value": tallying.score(result["method"], it, dims),
                    "breadth": it.get("breadth"),
                    "consensus": figures.get("consensus"),
                }
            )
        for kind, groups in result.get("groups", {}).items():
            for group, per_item in sorted(groups.items()):
                for it in result["items"]:
                    figures = per_item.get(str(it["id"]))
                    if figures:
                        rows.append(
                            {
                                "ballot_id": b["id"],
                                "item_id": it["id"],
                                "title": it["title"],
                                "group_kind": kind,
                                "group": group,
                                "voters": figures["voters"],
                                "value": figures.get("score"),
                                "breadth": None,
                                "consensus": figures.get("consensus"),
                            }
                        )
    return rows


def to_json(database: Database, process_id: int) -> dict:
    """The dump, with its DCAT-AP_IT metadata (``metadati``: not loaded back)."""
    out = tables(database, process_id)
    title = "Tutte le tabelle del percorso in un file JSON, ricaricabile in un nuovo database."
    files = {"dati_aperti.json": ("json", title)}
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "metadati": catalogue.metadata(_process(out, process_id), files, modified=catalogue.today()),
        **out,
    }


def as_tables(database: Database, process_id: int) -> dict[str, Table]:
    """The export's tables as the writers take them: Italian titles and headers."""
    return _as_tables(tables(database, process_id))


def _as_tables(out: dict[str, list[dict]]) -> dict[str, Table]:
    return {
        TITLES_IT[name]: Table(
            [HEADERS_IT[c] for c in columns(name)], [[row[c] for c in columns(name)] for row in rows]
        )
        for name, rows in out.items()
    }


def documentation() -> dict[str, Table]:
    """The data dictionary and the code lists, as tables (a sheet each, a CSV each)."""
    described = {name: (TITLES_IT[name], columns(name), [HEADERS_IT[c] for c in columns(name)]) for name in NAMES}
    return {
        "dizionario": Table(catalogue.DICTIONARY_HEADER, catalogue.dictionary(described)),
        "vocabolari": Table(catalogue.CODE_LIST_HEADER, catalogue.code_lists()),
    }


def _process(out: dict[str, list[dict]], process_id: int) -> dict:
    return out["process"][0] if out["process"] else {"id": process_id, "title": ""}


def _described() -> dict[str, str]:
    """Each table's title in the files and what it holds, then the dictionary and the code lists."""
    return {TITLES_IT[name]: catalogue.TABLES[name] for name in NAMES} | catalogue.DOCUMENTATION


def to_xlsx(database: Database, process_id: int) -> bytes:
    """One sheet per table, the readme first, the dictionary and the code lists last."""
    out = tables(database, process_id)
    sheets = {title: ("xlsx", text) for title, text in _described().items()}
    readme = catalogue.readme(_process(out, process_id), sheets, modified=catalogue.today(), heading="Fogli:")
    first = {"leggimi": Table(["leggimi"], [[line] for line in readme.splitlines()])}
    return rendering.sheets_xlsx({**first, **_as_tables(out), **documentation()})


def to_csv_zip(database: Database, process_id: int) -> bytes:
    """One CSV per table, with the dictionary, the code lists, the readme and the
    DCAT-AP_IT metadata (LEGGIMI.txt, metadati.json)."""
    out = tables(database, process_id)
    files = {f"{title}.csv": ("csv", text) for title, text in _described().items()}
    process, modified = _process(out, process_id), catalogue.today()
    extra = {
        "LEGGIMI.txt": catalogue.readme(process, files, modified=modified),
        "metadati.json": catalogue.metadata_json(process, files, modified=modified),
    }
    return rendering.csv_zip({**_as_tables(out), **documentation()}, extra)


def load_json(database: Database, data: dict) -> None:
    """Load a dump into an empty database (ids kept). Contributions and votes go in
    while their phase/ballot is open, then each gets its recorded state back, so
    the database's own rules are never bypassed."""

    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValidationError([("file", "validation.bad_file", {"reason": "formato non riconosciuto"})])
    with database.write() as db:
        if db.execute("SELECT count(*) FROM process").fetchone()[0]:
            raise ValidationError([("file", "validation.bad_file", {"reason": "il database non è vuoto"})])
        insert = lambda table, rows: (
            db.conn.executemany(  # noqa: E731
                f"INSERT INTO {table} ({', '.join(rows[0])}) VALUES ({', '.join('?' * len(rows[0]))})",
                [tuple(r.values()) for r in rows],
            )
            if rows
            else None
        )
        insert("process", data["process"])
        process_id = data["process"][0]["id"] if data["process"] else None
        insert("organisation", [{**o, "process_id": process_id} for o in data["organisation"]])
        insert("organisation_municipio", data["organisation_municipio"])
        insert("organisation_field", data["organisation_field"])
        insert("session", [{**s, "current_phase_id": None, "join_code": f"R{s['id']:05d}"} for s in data["session"]])
        insert("phase", [{**p, "contributions_open": 1} for p in data["phase"]])
        pending_merge = {c["id"]: c["merged_into"] for c in data["contribution"] if c["merged_into"]}
        insert("contribution", [{**c, "merged_into": None} for c in data["contribution"]])
        for cid, target in pending_merge.items():
            db.execute("UPDATE contribution SET merged_into = ? WHERE id = ?", [target, cid])
        db.execute("DELETE FROM contribution_author")
        insert("contribution_author", data["contribution_author"])
        insert("contribution_municipio", data["contribution_municipio"])
        insert("contribution_nil", data["contribution_nil"])
        for p in data["phase"]:
            db.execute("UPDATE phase SET contributions_open = ? WHERE id = ?", [p["contributions_open"], p["id"]])
        for s in data["session"]:
            db.execute("UPDATE session SET current_phase_id = ? WHERE id = ?", [s["current_phase_id"], s["id"]])
        insert("paper_count", data["paper_count"])
        insert("seed_item", data["seed_item"])
        consolidated = data.get("consolidated_item", [])  # files written before consolidation have none
        insert("consolidated_item", [{**k, "merged_into": None} for k in consolidated])
        for k in consolidated:
            if k["merged_into"]:
                db.execute("UPDATE consolidated_item SET merged_into = ? WHERE id = ?", [k["merged_into"], k["id"]])
        insert(
            "ballot",
            [
                {**b, "status": "aperta", "closed_at": None, "snapshot": None, "outcome_decided": ""}
                for b in data["ballot"]
            ],
        )
        insert("ballot_item", data["ballot_item"])
        insert("vote", [{**v, "voter": f"org:{v['organisation_id']}:{v['id']}"} for v in data["vote"]])
        insert("vote_entry", data["vote_entry"])
        insert("ballot_paper", data["ballot_paper"])
        reacted = data.get("reaction", [])  # files written before reactions have none
        if reacted:  # in through the database's rules: each session's first phase takes them for the load
            for s_ in data["session"]:
                first = db.execute("SELECT min(id) FROM phase WHERE session_id = ?", [s_["id"]]).fetchone()[0]
                db.execute("UPDATE phase SET reactions_open = 1 WHERE id = ?", [first])
                db.execute("UPDATE session SET current_phase_id = ? WHERE id = ?", [first, s_["id"]])
            insert("reaction", reacted)
            db.execute("UPDATE phase SET reactions_open = 0")
            for s_ in data["session"]:
                db.execute("UPDATE session SET current_phase_id = ? WHERE id = ?", [s_["current_phase_id"], s_["id"]])
        for table in ("service", "service_municipio", "service_nil", "service_target", "service_premises"):
            insert(table, data.get(table, []))  # files written before the offer have none
        for b in data["ballot"]:
            if b["status"] == vocabulary.BALLOT_CLOSED:  # a file written before outcomes were recorded says so
                db.execute(
                    f"UPDATE ballot SET status = '{BALLOT_CLOSED}', closed_at = ?, snapshot = ?, outcome_decided = ?"
                    " WHERE id = ?",
                    [b["closed_at"], b["snapshot"], b.get("outcome_decided") or NO_OUTCOME, b["id"]],
                )


def dumps(database: Database, process_id: int) -> str:
    return json.dumps(to_json(database, process_id), ensure_ascii=False, indent=1)
