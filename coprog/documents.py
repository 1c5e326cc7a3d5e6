"""The documents the procedure needs, generated from the data (Italian):
the verbale of a session (DOCX and an HTML print view), the attendance
register (XLSX and PDF) and the documento di sintesi (DOCX).
Charts are PNG drawn by matplotlib (no browser), each with alt text and a
table beside it."""

from __future__ import annotations

import functools
import html
import io
from collections.abc import Callable
from datetime import UTC, datetime

from docx import Document
from docx.shared import Cm, Pt

from . import (
    analysis,
    attendance,
    ballots,
    decisions,
    doc_charts,
    floor,
    i18n,
    offer,
    opinion,
    reactions,
    records,
    registry,
    resources,
    taxonomy,
    territory,
)
from .db import Database
from .exports_safe import safe_cell
from .vocabulary import NEED

METHOD_NAMES = {
    "punti": "voto a punti",
    "valutazione": "valutazione 1-5",
    "ordinamento": "ordinamento",
    "approvazione": "approvazione",
}
SECTIONS = (
    "premessa",
    "quadro_normativo",
    "obiettivi",
    "metodo",
    "enti",
    "contesto",
    "bisogni",
    "risorse",
    "strategie",
    "principi",
    "criteri",
    "governance",
    "ascolto",
    "questioni_aperte",
    "coprogettazione",
    "allegati",
)
SECTION_TITLES = {
    "premessa": "Premessa",
    "quadro_normativo": "Quadro normativo",
    "obiettivi": "Obiettivi",
    "metodo": "Metodo e sessioni",
    "enti": "Enti del Terzo settore partecipanti",
    "contesto": "Dati di contesto per Municipio",
    "bisogni": "La lettura condivisa dei bisogni",
    "risorse": "Risorse disponibili",
    "strategie": "Strategie prioritarie",
    "principi": "Principi guida",
    "criteri": "Criteri di qualità",
    "governance": "Strumenti di governance",
    "ascolto": "Adesioni, reazioni e gruppi di opinione",
    "questioni_aperte": "Questioni aperte e posizioni divergenti",
    "coprogettazione": "Indicazioni per la co-progettazione",
    "allegati": "Allegati",
}
LEGAL_FRAME = (
    "Il percorso si svolge ai sensi dell'art. 55 del Codice del Terzo settore (D.Lgs. 3 luglio 2017, n. 117), "
    "che chiama le amministrazioni pubbliche ad assicurare il coinvolgimento attivo degli enti del Terzo settore "
    "attraverso forme di co-programmazione, e delle Linee guida sul rapporto tra pubbliche amministrazioni ed enti "
    "del Terzo settore adottate con D.M. 31 marzo 2021, n. 72. La co-programmazione è finalizzata "
    "all'individuazione dei bisogni da soddisfare, degli interventi a tal fine necessari, delle modalità di "
    "realizzazione degli stessi e delle risorse disponibili; i suoi esiti sono la base della successiva "
    "co-progettazione."
)
OBJECTIVES = [
    "leggere insieme i bisogni sociali e socio-sanitari emergenti, territorio per territorio (9 Municipi, 88 NIL);",
    "proporre e mettere in priorità strategie per integrare servizi domiciliari, welfare territoriale e "
    "sistema socio-sanitario;",
    "condividere principi guida, criteri di qualità e strumenti di governance.",
]
TYPES_BY_SECTION = {
    "strategie": "strategia",
    "principi": "principio",
    "criteri": "criterio_qualita",
    "governance": "strumento_governance",
}


def when(value) -> str:
    return i18n.when(value, "it") if value else "—"


# -- small DOCX helpers ----------------------------------------------------------


def _table(doc, header: list[str], rows: list[list]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = "" if value is None else str(value)
    doc.add_paragraph()


def _picture(doc, png: bytes, alt: str, width_cm: float = 15) -> None:
    run = doc.add_paragraph().add_run()
    shape = run.add_picture(io.BytesIO(png), width=Cm(width_cm))
    shape._inline.docPr.set("descr", alt)  # alt text read by screen readers
    shape._inline.docPr.set("title", alt.split(".")[0])


def _bullets(doc, lines) -> None:
    for line in lines:
        doc.add_paragraph(str(line), style="List Bullet")


def _new_document(title: str, subtitle: str):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    doc.add_heading(title, level=0)
    doc.add_paragraph(subtitle)
    return doc


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- verbale ------------------------------------------------------------------------


def ballot_rows(result: dict) -> tuple[list[str], list[list]]:
    """A ballot's results as a table; with the items' origin tables when they
    were consolidated from the tables."""
    header, rows = _ballot_rows(result)
    if any(it.get("tables") for it in result["items"]):
        tables = {it["title"]: ", ".join(it.get("tables", [])) for it in result["items"]}
        header, rows = [*header, "Tavoli d'origine"], [[*row, tables.get(row[0], "")] for row in rows]
    return header, rows


def outcome_lines(statement: dict | None) -> list[str]:
    """A ballot's outcome statement as lines for the records."""
    if not statement or not statement.get("decided"):
        return []
    lines = [f"Deciso: {statement['decided']}"]
    if statement.get("open"):
        lines.append(f"Resta aperto: {statement['open']}")
    if statement.get("dissent"):
        lines.append(f"Dissenso: {statement['dissent']}")
    return lines


def _ballot_rows(result: dict) -> tuple[list[str], list[list]]:
    method = result["method"]
    if method == "valutazione":
        dim = result["dimensions"][0]
        return (
            ["Voce", "Media", "Mediana", "Consenso", "Controverso", "Condivisa tra i gruppi"],
            [
                [
                    it["title"],
                    it[dim]["mean"],
                    it[dim]["median"],
                    it[dim]["consensus"],
                    "sì" if it.get("controversial") else "no",
                    "sì" if ballots.shared(it) else "no",
                ]
                for it in result["items"]
            ],
        )
    key, label = {
        "punti": ("combined", "Punti"),
        "approvazione": ("share", "Approvazione"),
        "ordinamento": ("borda", "Borda medio"),
    }[method]
    rows = []
    for it in sorted(result["items"], key=lambda i: -i[key]):
        value = f"{it[key] * 100:.0f}%" if key == "share" else it[key]
        paper = sum(it.get("paper", {}).values()) if it.get("paper") else ""
        rows.append([it["title"], value, paper, f"{it['breadth'] * 100:.0f}%", "sì" if ballots.shared(it) else "no"])
    return ["Voce", label, "Alzata di mano (a parte)", "Ampiezza", "Condivisa tra i gruppi"], rows


def verbale_docx(data: dict) -> bytes:
    s, p = data["session"], data["process"]
    doc = _new_document(f"Verbale – {s['title']}", p["title"])
    doc.add_paragraph(
        f"Data: {when(s['date'])} · Luogo: {s['place'] or '—'} · Tipo: "
        f"{'plenaria' if s['kind'] == 'plenaria' else 'tavolo di lavoro'}"
    )
    if s["theme"]:
        doc.add_paragraph(f"Tema: {s['theme']}")
    doc.add_paragraph("Facilitatori: " + (", ".join(data["facilitators"]) or "—"))
    doc.add_heading("Presenze", level=1)
    _table(
        doc,
        ["Organizzazione", "Delegato", "Entrata", "Uscita", "Modalità", "Delega per"],
        [
            [
                r["organisation"],
                r["delegate"],
                when(r["checked_in_at"]),
                when(r["checked_out_at"]),
                "in presenza" if r["mode"] == "presenza" else "online",
                r["represents"] or "",
            ]
            for r in data["register"]
        ],
    )
    doc.add_heading("Fasi", level=1)
    _table(
        doc,
        ["Fase", "Contributi raccolti", "Inizio", "Fine", "Contributi pubblicati"],
        [
            [
                f"{ph['position']}. {ph['name']}",
                ", ".join(ph["types"]) or "—",
                when(ph["started_at"]),
                when(ph["ended_at"]) if ph["ended_at"] or not ph["started_at"] else "in corso",
                len(ph["contributions"]),
            ]
            for ph in data["phases"]
        ],
    )
    doc.add_heading("Contributi ricevuti", level=1)
    for c in data["contributions"]:
        line = f"[{taxonomy.label('contribution_type', c['type'])}] {c['title']} — {c['authors'] or c['organisation']}"
        doc.add_paragraph(line, style="List Bullet")
    if data["withheld"]:
        doc.add_paragraph("Contributi non pubblicati (solo il numero e il motivo):")
        _bullets(doc, withheld_lines(data["withheld"]))
    doc.add_heading("Votazioni", level=1)
    if not data["ballots"]:
        doc.add_paragraph("Nessuna votazione.")
    for b in data["ballots"]:
        r = b["result"]
        doc.add_heading(
            f"Votazione n. {b['number']} – {METHOD_NAMES[r['method']]} "
            f"({'chiusa' if b['status'] == 'chiusa' else 'aperta'})",
            level=2,
        )
        doc.add_paragraph(
            f"Schede: {r['voters']}" + (f" · chiusa il {when(r.get('closed_at'))}" if r.get("closed_at") else "")
        )
        header, rows = ballot_rows(r)
        _table(doc, header, rows)
        if outcome_lines(r.get("outcome")):
            doc.add_paragraph("Esito:")
            _bullets(doc, outcome_lines(r.get("outcome")))
        doc.add_paragraph("Punti di accordo:")
        _bullets(doc, b["agreement"] or ["nessuno emerso"])
        doc.add_paragraph("Punti di divergenza:")
        _bullets(doc, b["divergence"] or ["nessuno emerso"])
    doc.add_heading("Interventi", level=1)
    _floor(doc, data["floor"])
    doc.add_heading("Note del facilitatore", level=1)
    for paragraph in (data["notes"] or "—").split("\n"):
        doc.add_paragraph(paragraph)
    doc.add_paragraph(f"Generato il {when(datetime.now(UTC).isoformat())} da coprog.")
    return _bytes(doc)


FLOOR_HEADER = ["N.", "Ora", "Organizzazione", "Delegato", "Durata"]
NO_TURNS = "Nessun intervento registrato con la coda degli interventi."


def floor_rows(turns: list[dict]) -> list[list]:
    """The speaking turns of a session as the verbale's table rows (DOCX and HTML)."""
    return [
        [n, when(t["called_at"]), t["organisation"], t["delegate"] or "—", floor.duration(t["seconds"])]
        for n, t in enumerate(turns, start=1)
    ]


def floor_lines(by_organisation: list[dict]) -> list[str]:
    """«Alfa APS: 1 intervento, 1 min 30 s»: the speaking time of each ETS (DOCX and HTML)."""
    return [
        f"{r['organisation']}: {r['turns']} {'intervento' if r['turns'] == 1 else 'interventi'}, "
        f"{floor.duration(r['seconds'])}"
        for r in by_organisation
    ]


def _floor(doc, floor_data: dict) -> None:
    """The speaking turns, in order, and the time per ETS."""
    if not floor_data["turns"]:
        doc.add_paragraph(NO_TURNS)
        return
    _table(doc, FLOOR_HEADER, floor_rows(floor_data["turns"]))
    doc.add_paragraph("Tempo di parola per organizzazione:")
    _bullets(doc, floor_lines(floor_data["by_organisation"]))


def withheld_lines(rows: list[dict]) -> list[str]:
    """«2 nascosti dalla moderazione – motivo: …», «1 in attesa di moderazione»."""
    return [
        i18n.tn(f"withheld.{r['status']}", r["n"])
        + (i18n.t("withheld.reason", reason=r["reason"]) if r["reason"] else "")
        for r in rows
    ]


def verbale_html(data: dict) -> str:
    """A print view of the verbale; every text escaped."""
    e = html.escape
    s, p = data["session"], data["process"]
    parts = [
        f"<h1>Verbale – {e(s['title'])}</h1><p>{e(p['title'])}</p>",
        f"<p>Data: {e(when(s['date']))} · Luogo: {e(s['place'] or '—')}</p>",
        f"<p>Facilitatori: {e(', '.join(data['facilitators']) or '—')}</p><h2>Presenze</h2><table>",
        "<tr><th>Organizzazione</th><th>Delegato</th><th>Entrata</th><th>Uscita</th><th>Modalità</th></tr>",
    ]
    parts += [
        f"<tr><td>{e(r['organisation'])}</td><td>{e(r['delegate'])}</td><td>{e(when(r['checked_in_at']))}</td>"
        f"<td>{e(when(r['checked_out_at']))}</td><td>{e(r['mode'])}</td></tr>"
        for r in data["register"]
    ]
    parts.append("</table><h2>Contributi ricevuti</h2><ul>")
    parts += [
        f"<li>[{e(taxonomy.label('contribution_type', c['type']))}] {e(c['title'])} — "
        f"{e(c['authors'] or c['organisation'])}</li>"
        for c in data["contributions"]
    ]
    parts.append("</ul>")
    if data["withheld"]:
        parts.append("<p>Contributi non pubblicati (solo il numero e il motivo):</p><ul>")
        parts += [f"<li>{e(line)}</li>" for line in withheld_lines(data["withheld"])]
        parts.append("</ul>")
    parts.append("<h2>Votazioni</h2>")
    for b in data["ballots"]:
        header, rows = ballot_rows(b["result"])
        parts.append(
            f"<h3>Votazione n. {b['number']} – {e(METHOD_NAMES[b['result']['method']])}</h3><table><tr>"
            + "".join(f"<th>{e(str(h))}</th>" for h in header)
            + "</tr>"
        )
        parts += ["<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>" for row in rows]
        parts.append("</table>")
        lines = outcome_lines(b["result"].get("outcome"))
        if lines:
            parts.append("<p>Esito:</p><ul>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>")
    parts.append("<h2>Interventi</h2>")
    if not data["floor"]["turns"]:
        parts.append(f"<p>{e(NO_TURNS)}</p>")
    else:
        parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in FLOOR_HEADER) + "</tr>")
        parts += [
            "<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>"
            for row in floor_rows(data["floor"]["turns"])
        ]
        parts.append("</table><p>Tempo di parola per organizzazione:</p><ul>")
        parts += [f"<li>{e(line)}</li>" for line in floor_lines(data["floor"]["by_organisation"])]
        parts.append("</ul>")
    parts.append(f"<h2>Note del facilitatore</h2><p>{e(data['notes'] or '—')}</p>")
    style = (
        "body{font-family:Arial,sans-serif;color:#111;max-width:60rem;margin:2rem auto}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px;text-align:left}"
        "@media print{body{margin:0}}"
    )
    return (
        f"<!doctype html><html lang='it'><head><meta charset='utf-8'><title>Verbale – {e(s['title'])}</title>"
        f"<style>{style}</style></head><body>{''.join(parts)}</body></html>"
    )


# -- attendance register ------------------------------------------------------------------

REGISTER_HEADER = [
    "Sessione",
    "Data",
    "Organizzazione",
    "Delegato",
    "Entrata",
    "Uscita",
    "Modalità",
    "Delega per",
    "Registrato da",
    "Interventi",
    "Tempo di parola",
]


def _register_rows(database: Database, session_id=None, process_id=None) -> list[list]:
    return [
        [
            r["session"],
            when(r["date"]),
            r["organisation"],
            r["delegate"],
            when(r["checked_in_at"]),
            when(r["checked_out_at"]),
            "in presenza" if r["mode"] == "presenza" else "online",
            r["represents"] or "",
            "link personale" if r["entered_by"] == "link" else "facilitatore",
            r["turns"],
            floor.duration(r["spoken"]) if r["turns"] else "",
        ]
        for r in attendance.register(database, session_id, process_id=process_id)
    ]


def register_xlsx(database: Database, session_id: int | None = None, *, process_id: int | None = None) -> bytes:
    return table_xlsx("Registro presenze", REGISTER_HEADER, _register_rows(database, session_id, process_id))


def register_pdf(database: Database, session_id: int | None = None, *, process_id: int | None = None) -> bytes:
    return table_pdf(
        "Registro presenze",
        REGISTER_HEADER,
        _register_rows(database, session_id, process_id),
        [34, 18, 48, 34, 26, 26, 18, 26, 16, 14, 18],
    )


def table_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    """One sheet: a header and rows, every cell neutralised against formulas."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_pdf(title: str, header: list[str], rows: list[list], widths: list[int], subtitle: str = "") -> bytes:
    """A landscape A4 table with a title (core fonts, Latin-1)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, _latin(title), new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, _latin(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
        for row in [header, *rows]:
            cells = table.row()
            for value in row:
                cells.cell(_latin(str(value)))
    return bytes(pdf.output())


# -- applications and their outcome ---------------------------------------------------------

APPLICATIONS_HEADER = [
    "Denominazione",
    "Codice fiscale",
    "N. RUNTS",
    "Forma giuridica",
    "Arrivo PEC",
    "Nei termini",
    "Attività coerenti nel triennio",
    "Municipi",
    "Attività art. 5",
    "Esito",
    "Motivazione",
]
_YES_NO = {True: "sì", False: "no", None: "—"}  # 1 and 0 are True and False as keys


def _application_rows(database: Database, process_id: int) -> list[list]:
    from .admin import applications

    return [
        [
            a["name"],
            a["codice_fiscale"],
            a["runts_number"],
            taxonomy.label("legal_form", a["legal_form"]),
            i18n.local_when(a["received_at"]),
            _YES_NO[a["on_time"]],
            _YES_NO[a["coherent_activities"]],
            (a["municipi"] or "").replace(";", ", "),
            (a["attivita"] or "").replace(";", ", "),
            i18n.t(f"admission.{a['admission']}"),
            a["admission_reason"],
        ]
        for a in applications(database, process_id)
    ]


def _applications_subtitle(database: Database, process_id: int) -> str:
    p = database.one("SELECT * FROM process WHERE id = ?", (process_id,))
    parts = [p["title"]]
    if p["avviso_protocol"]:
        parts.append(
            f"Avviso prot. {p['avviso_protocol']}" + (f" del {when(p['avviso_date'])}" if p["avviso_date"] else "")
        )
    if p["application_deadline"]:
        parts.append(f"scadenza delle domande {i18n.local_when(p['application_deadline'])}")
    return " · ".join(parts)


def applications_xlsx(database: Database, process_id: int) -> bytes:
    return table_xlsx("Domande", APPLICATIONS_HEADER, _application_rows(database, process_id))


def applications_pdf(database: Database, process_id: int) -> bytes:
    return table_pdf(
        "Domande di partecipazione ed esito",
        APPLICATIONS_HEADER,
        _application_rows(database, process_id),
        [38, 22, 16, 26, 24, 14, 18, 18, 18, 18, 65],
        _applications_subtitle(database, process_id),
    )


_PLAIN = {ord(k): v for k, v in {"—": "-", "–": "-", "’": "'", "“": '"', "”": '"', "…": "..."}.items()}


def _latin(text: str) -> str:
    """The PDF core fonts are Latin-1: dashes and quotes become their plain forms."""
    plain = text.translate(_PLAIN)
    return plain.encode("latin-1", "replace").decode("latin-1")


# -- documento di sintesi ----------------------------------------------------------------------


def synthesis_texts(database: Database, process_id: int) -> dict:
    row = database.query_one("SELECT * FROM synthesis WHERE process_id = ?", (process_id,)) or {}
    order = [s for s in (row.get("section_order") or "").split(",") if s in SECTIONS]
    for position, section in enumerate(SECTIONS):  # a section added later: after its default predecessor
        if section not in order:
            before = [p for p in SECTIONS[:position] if p in order]
            order.insert(order.index(before[-1]) + 1 if before else 0, section)
    return {
        "premessa": row.get("premessa", ""),
        "conclusioni": row.get("conclusioni", ""),
        "open_questions": row.get("open_questions", ""),
        "codesign": row.get("codesign", ""),
        "order": order,
        "version": row.get("version", 0),
        "updated_at": row.get("updated_at"),
    }


def save_synthesis_texts(
    database: Database,
    actor,
    process_id: int,
    *,
    premessa: str,
    conclusioni: str,
    open_questions: str = "",
    codesign: str = "",
    order=None,
) -> int:
    """Organisers write the premessa and conclusions and reorder sections; the version grows."""
    from . import audit
    from .permissions import require_organiser
    from .validation import Problems, text

    require_organiser(actor)
    problems = Problems()
    values = {
        k: text(problems, k, v, required=False, max_len=50000, multiline=True)
        for k, v in (
            ("premessa", premessa),
            ("conclusioni", conclusioni),
            ("open_questions", open_questions),
            ("codesign", codesign),
        )
    }
    order = [s for s in (order or SECTIONS) if s in SECTIONS]
    problems.raise_if_any()
    with database.write() as db:
        db.execute(
            "INSERT INTO synthesis (process_id, premessa, conclusioni, open_questions, codesign, "
            "section_order, version,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
            " ON CONFLICT(process_id) DO UPDATE SET premessa = excluded.premessa, conclusioni = excluded.conclusioni,"
            " open_questions = excluded.open_questions, codesign = excluded.codesign,"
            " section_order = excluded.section_order, version = version + 1, updated_at = excluded.updated_at",
            [process_id, *values.values(), ",".join(order)],
        )
        version = db.execute("SELECT version FROM synthesis WHERE process_id = ?", [process_id]).fetchone()[0]
        audit.log(db, actor, "modifica_sintesi", "synthesis", process_id, version=version)
    return version


def synthesis_docx(
    database: Database, process_id: int, *, draft: dict | None = None, annex: list[dict] | None = None
) -> bytes:
    """The documento di sintesi; as a published ``draft`` ({version, deadline}
    local time) it says so, and ``annex`` (observations on the earlier
    versions, coprog/drafts.py) becomes its last chapter."""
    process = database.one("SELECT * FROM process WHERE id = ?", (process_id,))
    texts = synthesis_texts(database, process_id)
    generated = when(datetime.now(UTC).isoformat())
    doc = _new_document("Documento di sintesi", process["title"])
    doc.add_paragraph(f"{process['office']} · Versione {texts['version']} · generato il {generated}")
    if draft:
        doc.add_paragraph(
            f"Bozza n. {draft['version']} pubblicata per le osservazioni degli enti: osservazioni entro il "
            f"{i18n.local_when(draft['deadline'])}. Le osservazioni e le risposte sono elencate in allegato "
            "alla versione successiva."
        )
    needs = analysis.needs_table(database, process_id)
    sessions = registry.sessions(database, process_id)
    writers: dict[str, Callable[[], object]] = {
        "premessa": lambda: _paragraphs(doc, texts["premessa"] or process["description"]),
        "quadro_normativo": lambda: doc.add_paragraph(LEGAL_FRAME),
        "obiettivi": lambda: _bullets(doc, OBJECTIVES),
        "metodo": lambda: _method(doc, database, sessions),
        "enti": lambda: _organisations(doc, database, process_id),
        "contesto": lambda: _context(doc),
        "bisogni": lambda: _needs(doc, needs, database, process_id),
        "risorse": lambda: _resources(doc, needs, database, process_id),
        "ascolto": lambda: _voices(doc, database, process_id, bool(process["opinion_names"])),
        "questioni_aperte": lambda: _open_questions(doc, database, sessions, texts["open_questions"]),
        "coprogettazione": lambda: _paragraphs(doc, texts["codesign"] or "Da completare a cura del Comune."),
        "allegati": lambda: _annexes(doc, database, sessions),
    }
    for key, kind in TYPES_BY_SECTION.items():
        writers[key] = functools.partial(_proposals, doc, database, sessions, kind, process_id)
    sections = list(texts["order"])
    if texts["conclusioni"]:  # once, before the annexes (or last when there are none)
        at = sections.index("allegati") if "allegati" in sections else len(sections)
        sections.insert(at, "conclusioni")
        writers["conclusioni"] = lambda: _paragraphs(doc, texts["conclusioni"])
    for number, section in enumerate(sections, start=1):
        doc.add_heading(f"{number}. {SECTION_TITLES.get(section, 'Conclusioni')}", level=1)
        writers[section]()
    if annex:
        doc.add_heading(f"{len(sections) + 1}. Osservazioni degli enti sulle versioni precedenti e risposte", level=1)
        _observations(doc, annex)
    return _bytes(doc)


def _voices(doc, database: Database, process_id: int, names: bool) -> None:
    """Adesioni and reactions: counts, the opinion groups, the group-informed
    consensus per item over opinion groups, Municipi and fields, the items that
    divide, and the method with its limits."""
    found = reactions.reading(database, process_id)
    if not found["reactions"]:
        doc.add_paragraph("Nel percorso non sono state raccolte reazioni né adesioni alle proposte.")
        return
    groups = found["groups"]
    doc.add_paragraph(
        f"Reazioni raccolte: {found['reactions']}, da {i18n.tn('count.ets', len(found['organisations']))} su "
        f"{i18n.tn('count.items', len(found['items']))}; adesioni: {sum(len(i['endorsers']) for i in found['items'])}."
    )
    if groups["k"] > 1:
        sizes = ", ".join(f"gruppo {g} ({len(rows)} enti)" for g, rows in groups["members"].items())
        doc.add_paragraph(
            f"Sono emersi {groups['k']} gruppi di opinione: {sizes} (silhouette {groups['silhouette']}; "
            f"sulle stesse reazioni rimescolate al più {groups['shuffled']})."
        )
        if names:
            for g in groups["members"]:
                members = [o["name"] for o in found["organisations"] if o["group"] == g]
                doc.add_paragraph(f"Gruppo {g}: {', '.join(members)}.", style="List Bullet")
    else:
        doc.add_paragraph(
            f"Le reazioni non mostrano gruppi di opinione distinti ({groups['mapped']} enti sulla mappa): "
            "il consenso è calcolato sull'insieme degli enti e sui gruppi dichiarati."
        )

    def level(item, kind):
        value = opinion.figure(item, kind)
        return "—" if value is None else f"{value:.2f}"

    _table(
        doc,
        [
            "Voce",
            "Sessione",
            "Accordo",
            "Disaccordo",
            "Passo",
            "Adesioni",
            "Consenso: opinione",
            "Municipi",
            "Attività",
            "Divide i gruppi",
        ],
        [
            [
                i["title"],
                i["session"],
                i["agree"],
                i["disagree"],
                i["pass"],
                ", ".join(i["endorsers"]) or "—",
                level(i, "opinione"),
                level(i, "municipio"),
                level(i, "attivita"),
                "sì" if opinion.divides(i) else "no",
            ]
            for i in sorted(found["items"], key=lambda i: -(opinion.figure(i, "opinione") or 0))
        ],
    )
    dividing = [i["title"] for i in found["items"] if opinion.divides(i, ("opinione",))]
    doc.add_paragraph("Voci che dividono i gruppi di opinione:")
    _bullets(doc, dividing or ["nessuna"])
    doc.add_paragraph("Metodo: " + i18n.t("opinion.method"))
    doc.add_paragraph("Limiti: " + i18n.t("opinion.limits"))


def _observations(doc, rows: list[dict]) -> None:
    """Every observation with its answer (or that it has none yet)."""
    doc.add_paragraph(
        f"Osservazioni ricevute: {len(rows)}; con risposta: {sum(1 for r in rows if r['answer'])}. "
        "Per ogni osservazione: la versione e la sezione a cui si riferisce, l'ente che l'ha inviata, il testo, "
        "la risposta del Comune e la sua motivazione."
    )
    for r in rows:
        doc.add_paragraph(
            f"Versione {r['version']}, sezione «{r['section']}» — {r['organisation']}: «{r['text']}»",
            style="List Bullet",
        )
        reply = (
            f"Risposta: {i18n.t('answer.' + r['answer'])}. {r['reason']}"
            if r["answer"]
            else "Risposta: non ancora data."
        )
        doc.add_paragraph(reply)


def _paragraphs(doc, value: str) -> None:
    for paragraph in (value or "—").split("\n"):
        if paragraph.strip():
            doc.add_paragraph(paragraph)


def _method(doc, database, sessions) -> None:
    doc.add_paragraph(
        "Il percorso si è articolato in una plenaria e in tavoli di lavoro; ogni sessione ha seguito "
        "un'agenda di fasi; i contributi sono stati raccolti dai portatili dei delegati, dal facilitatore "
        "e su carta, e messi in priorità con votazioni in cui ogni organizzazione esprime una scheda."
    )
    _table(
        doc,
        ["Sessione", "Tipo", "Data", "Luogo", "Organizzazioni presenti", "Contributi"],
        [
            [
                s["title"],
                s["kind"],
                when(s["date"]),
                s["place"],
                database.scalar(
                    "SELECT count(DISTINCT organisation_id) FROM attendance WHERE session_id = ?", (s["id"],)
                ),
                database.scalar(
                    "SELECT count(*) FROM contribution WHERE session_id = ? AND status = 'approvato'"
                    " AND merged_into IS NULL",
                    (s["id"],),
                ),
            ]
            for s in sessions
        ],
    )


def _organisations(doc, database, process_id: int) -> None:
    from .admin import admitted

    rows = admitted(database, process_id)
    counts = records.participation(database, process_id)
    doc.add_paragraph(
        f"Enti del Terzo settore ammessi: {counts['admitted']}. Hanno partecipato ad almeno una sessione: "
        f"{counts['attended']}; hanno presentato contributi: {counts['contributed']}; hanno votato: {counts['voted']}."
    )
    _table(
        doc,
        ["Denominazione", "Codice fiscale", "Forma giuridica", "Municipi"],
        [
            [
                r["denominazione"],
                r["codice_fiscale"],
                taxonomy.label("legal_form", r["forma_giuridica"]),
                (r["municipi"] or "").replace(";", ", "),
            ]
            for r in rows
        ],
    )


def _context(doc) -> None:
    population = territory.population_by_municipio()
    png, alt = doc_charts.municipi_map(
        {m: int(population.loc[m, "over80_soli"]) for m in taxonomy.MUNICIPI},
        "Over 80 che vivono soli per Municipio (stima, 2024)",
        "persone",
    )
    _picture(doc, png, alt)
    doc.add_paragraph(
        "Stima: i dati per Municipio sono ricavati dai NIL ripartendo quelli a cavallo di più "
        "Municipi in proporzione all'area. Fonte: Comune di Milano, CC BY 4.0."
    )
    _table(
        doc,
        ["Municipio", "Residenti", "Over 65", "Over 80", "Over 80 soli"],
        [
            [
                m,
                int(population.loc[m, "residenti"]),
                int(population.loc[m, "over65"]),
                int(population.loc[m, "over80"]),
                int(population.loc[m, "over80_soli"]),
            ]
            for m in taxonomy.MUNICIPI
        ],
    )


def _needs(doc, needs, database: Database, process_id: int) -> None:
    if _decided(doc, database, process_id, NEED):
        doc.add_paragraph("La lettura dei bisogni segnalati ai tavoli rispetto ai dati della città:")
    areas = analysis.by_area(needs)
    png, alt = doc_charts.bars(list(areas["label"]), list(areas["count"]), "Bisogni segnalati per area", "bisogni")
    _picture(doc, png, alt)
    _table(doc, ["Area", "Bisogni"], [[r.label, r.count] for r in areas.itertuples()])
    municipi = analysis.by_municipio(needs)
    png, alt = doc_charts.municipi_map(
        dict(zip(municipi["municipio"], municipi["needs"])), "Bisogni segnalati per Municipio", "bisogni"
    )
    _picture(doc, png, alt)
    _table(
        doc,
        ["Municipio", "Bisogni", "Intensità media", "Ogni 10.000 over 65 (stima)"],
        [
            [r.municipio, r.needs, r.mean_intensity if r.mean_intensity == r.mean_intensity else "—", r.per_10k_over65]
            for r in municipi.itertuples()
        ],
    )
    doc.add_paragraph(
        f"Bisogni riferiti a tutta la città (non ripartiti tra i Municipi): {analysis.citywide_count(needs)}. "
        "Un bisogno che indica più Municipi è contato una volta in ciascuno."
    )


def _resources(doc, needs, database: Database, process_id: int) -> None:
    """What the ETS bring beside the needs: headline figures, services by type,
    one map (people reached per 1,000 aged 65+ by Municipio), offer and needs by
    Municipio, where the offer is most fragmented, and the method."""
    services = offer.services(database, process_id)
    if services.empty:
        doc.add_paragraph("Nessun ETS ha ancora dichiarato servizi verificati dagli organizzatori.")
        return
    figures = resources.summary(needs, services)
    doc.add_paragraph(i18n.t("res.doc.headline", **figures))
    if figures["needs"]:
        doc.add_paragraph(
            i18n.tn("res.doc.scoperti", figures["scoperti"], total=figures["needs"])
            + " "
            + i18n.tn("res.doc.poco_coperti", figures["poco_coperti"])
        )
    kinds = resources.by_type(services)
    kinds = kinds[kinds["services"] > 0]
    _table(
        doc,
        ["Servizio", "Servizi", "ETS", "Persone raggiunte", "Ore settimanali", "Personale retribuito", "Volontari"],
        [
            [r.label, r.services, r.ets, r.people, r.weekly_hours, r.paid_staff, r.volunteers]
            for r in kinds.itertuples()
        ],
    )
    municipi = resources.by_territory(needs, services, "municipio")
    png, alt = doc_charts.municipi_map(
        dict(zip(municipi["municipio"], municipi["per_1000_over65"])),
        "Persone raggiunte ogni 1.000 over 65 per Municipio (stima)",
        "persone ogni 1.000 residenti con 65 anni e più",
    )
    _picture(doc, png, alt)
    _table(
        doc,
        ["Municipio", "Bisogni", "Scoperti", "Servizi", "ETS", "Persone raggiunte", "Ogni 1.000 over 65"],
        [
            [r.municipio, r.needs, r.scoperti, r.services, r.ets, round(r.people), r.per_1000_over65]
            for r in municipi.itertuples()
        ],
    )
    crowded = resources.fragmentation(services)
    crowded = crowded[crowded["ets"] >= 2].head(10)
    if len(crowded):
        doc.add_paragraph("Dove più ETS offrono lo stesso servizio nello stesso NIL (frammentazione):")
        _table(
            doc,
            ["NIL", "Servizio", "ETS", "Indice di concentrazione (HHI)"],
            [[r.name, taxonomy.label("service_type", r.type), r.ets, r.hhi] for r in crowded.itertuples()],
        )
    doc.add_paragraph(i18n.t("res.method"))


def _proposals(doc, database, sessions, kind: str, process_id: int) -> None:
    from . import contributions

    if _decided(doc, database, process_id, kind):
        return
    items = [c for s in sessions for c in contributions.visible(database, s["id"], kind)]
    if not items:
        doc.add_paragraph("Nessun contributo.")
        return
    for c in items:
        doc.add_paragraph(f"{c['title']} — {c['authors'] or c['organisation']}", style="List Bullet")
        if c["body"]:
            doc.add_paragraph(c["body"])
    for s in sessions:
        for b in records.ballot_summaries(database, s["id"]):
            r = b["result"]
            if b["status"] != "chiusa" or not _ballot_of_kind(database, b["id"], kind):
                continue
            doc.add_paragraph(
                f"Priorità ({s['title']}, votazione n. {b['id']}, {METHOD_NAMES[r['method']]}, {r['voters']} schede):"
            )
            header, rows = ballot_rows(r)
            _table(doc, header, rows)


def _decided(doc, database: Database, process_id: int, kind: str) -> bool:
    """The consolidated items of this type, as the plenary left them: wording,
    origin, support, ballot result and outcome; needs with territories and
    evidence. False (nothing written) when the percorso consolidated none."""
    found = decisions.decisions(database, process_id, kind)
    if not found:
        return False
    doc.add_paragraph(
        f"Voci consolidate in plenaria dai tavoli: {len(found)}. Per ciascuna: testo, tavoli d'origine, enti che "
        "la sostengono (per Municipio e per attività) ed esito delle votazioni."
    )
    for n, item in enumerate(found, start=1):
        doc.add_heading(f"{n}. {item['title']}", level=3)
        if item["body"]:
            doc.add_paragraph(item["body"])
        origin = "; ".join(f"{s['session']} ({taxonomy.phase_label(s['phase'])})" for s in item["sources"])
        doc.add_paragraph(f"Origine: {origin}.")
        backing = item["support"]
        by_m = ", ".join(f"Municipio {m}: {c}" for m, c in backing["municipi"].items()) or "—"
        by_f = ", ".join(f"{taxonomy.label('activity_field', f)}: {c}" for f, c in backing["fields"].items()) or "—"
        doc.add_paragraph(
            f"Enti che la sostengono: {backing['organisations']} ({', '.join(item['organisations'])}). "
            f"Per Municipio: {by_m}. Per attività: {by_f}."
        )
        if kind == NEED:
            where = "tutta la città" if item["citywide"] else ""
            places = [f"Municipio {m}" for m in item["municipi"]] + [
                taxonomy.nils()[x].name for x in item["nils"] if x in taxonomy.nils()
            ]
            doc.add_paragraph(f"Territori: {', '.join(filter(None, [where, *places])) or '—'}.")
            for evidence in item["evidence"]:
                doc.add_paragraph(f"Evidenza: {evidence}", style="List Bullet")
        for vote in item["votes"]:
            consensus = vote["consensus"]
            doc.add_paragraph(
                f"Votazione n. {vote['ballot_id']} ({METHOD_NAMES[vote['method']]}, {vote['voters']} schede): "
                f"{_value(vote)}, posizione {vote['rank']} su {vote['of']}, ampiezza {vote['breadth'] * 100:.0f}%"
                + (f", consenso {consensus}" if consensus is not None else "")
                + f"; {ballots.cross_group_text(vote)}."
            )
            for line in outcome_lines(vote["outcome"]):
                doc.add_paragraph(line, style="List Bullet")
        for vote in item["table_votes"]:
            doc.add_paragraph(
                f"Al tavolo: votazione n. {vote['ballot_id']} ({vote['session']}, {METHOD_NAMES[vote['method']]}): "
                f"{_value(vote)}, posizione {vote['rank']} su {vote['of']}."
            )
        if not item["votes"]:
            doc.add_paragraph("Non messa ai voti in plenaria.")
    for b in decisions.list_ballots(database, process_id, kind):
        r = b["result"]
        doc.add_paragraph(f"Votazione n. {b['ballot']['id']} sull'elenco consolidato ({r['voters']} schede):")
        header, rows = ballot_rows(r)
        _table(doc, header, rows)
    doc.add_paragraph(f"Fonti: dati aperti del percorso, tabelle {decisions.SOURCES}.")
    return True


def _value(vote: dict) -> str:
    method = vote["method"]
    if method == "punti":
        return f"{vote['value']} punti"
    if method == "approvazione":
        return f"approvata dal {vote['value'] * 100:.0f}%"
    if method == "ordinamento":
        return f"Borda medio {vote['value']}"
    return f"media {vote['value']}"


def _ballot_of_kind(database: Database, ballot_id: int, kind: str) -> bool:
    return bool(
        database.scalar(
            "SELECT 1 FROM ballot_item i LEFT JOIN contribution c ON c.id = i.contribution_id"
            " LEFT JOIN seed_item s ON s.id = i.seed_id WHERE i.ballot_id = ? AND coalesce(c.type, s.type) = ? LIMIT 1",
            (ballot_id, kind),
        )
    )


def _open_questions(doc, database, sessions, written: str) -> None:
    if written:
        _paragraphs(doc, written)
    divergent = [
        (s["title"], t) for s in sessions for b in records.ballot_summaries(database, s["id"]) for t in b["divergence"]
    ]
    doc.add_paragraph("Voci su cui le votazioni mostrano posizioni divergenti:")
    _bullets(doc, [f"{title} ({session})" for session, title in divergent] or ["nessuna"])
    # this percorso's proposals that no ballot listed and no plenary took into its lists
    minority = database.query(
        "SELECT c.title, c.body, o.name AS organisation FROM contribution c JOIN organisation o ON o.id "
        "= c.organisation_id"
        " WHERE c.type != 'bisogno' AND c.status = 'approvato' AND c.merged_into IS NULL"
        " AND c.session_id IN (SELECT id FROM session WHERE process_id = ?)"
        " AND c.id NOT IN (SELECT i.contribution_id FROM ballot_item i WHERE i.contribution_id IS NOT NULL)"
        " AND c.id NOT IN (SELECT contribution_id FROM consolidated_item) ORDER BY c.id",
        (sessions[0]["process_id"] if sessions else 0,),
    )
    if minority:
        doc.add_paragraph("Posizioni non messe ai voti, riportate testualmente:")
        for c in minority:
            doc.add_paragraph(f"«{c['title']}. {c['body']}» — {c['organisation']}", style="List Bullet")


def _annexes(doc, database, sessions) -> None:
    from . import contributions

    doc.add_heading("Allegato A – Tutti i contributi", level=2)
    everything = contributions._with_lists(
        database.query(
            contributions._SELECT + f" WHERE {contributions.PUBLIC} AND c.session_id IN"
            " (SELECT id FROM session WHERE process_id = ?) ORDER BY c.session_id, c.id",
            (sessions[0]["process_id"] if sessions else 0,),
        )
    )
    _table(
        doc,
        ["Sessione", "Tipo", "Titolo", "Organizzazione", "Stato", "Fonte"],
        [
            [
                next((s["title"] for s in sessions if s["id"] == c["session_id"]), ""),
                taxonomy.label("contribution_type", c["type"]),
                c["title"],
                c["authors"] or c["organisation"],
                c["status"],
                c["source"],
            ]
            for c in everything
        ],
    )
    doc.add_heading("Allegato B – Verbali delle sessioni (sintesi)", level=2)
    for s in sessions:
        data = records.minutes(database, s["id"])
        doc.add_paragraph(
            f"{s['title']} ({when(s['date'])}): "
            + ", ".join(
                i18n.tn(key, len(data[part]))
                for key, part in (
                    ("count.attendance", "register"),
                    ("mod.count", "contributions"),
                    ("count.ballots", "ballots"),
                )
            )
            + "."
        )
    doc.add_heading("Allegato C – Registro presenze", level=2)
    _table(
        doc,
        REGISTER_HEADER[:7],
        [row[:7] for row in _register_rows(database, process_id=sessions[0]["process_id"] if sessions else 0)],
    )
