"""The documents the procedure needs, generated from the data (Italian):
the verbale of a session (DOCX and an HTML print view, one model:
coprog/records.py), the attendance register (XLSX and PDF), the lists of
applications and the documento di sintesi (coprog/sintesi.py)."""

from __future__ import annotations

import io

from . import attendance, floor, i18n, records, rendering, sintesi, taxonomy
from .db import Database
from .docmodel import PUBLIC
from .exports_safe import safe_cell
from .records import when


def verbale_docx(data: dict) -> bytes:
    return rendering.docx(records.verbale(data))


def verbale_html(data: dict) -> str:
    """The verbale's print view: the same content as the DOCX, every text escaped."""
    return rendering.html_page(records.verbale(data))


def synthesis_docx(database: Database, process_id: int, edition: str = PUBLIC, **options) -> bytes:
    """The documento di sintesi (public edition unless told), as DOCX."""
    return sintesi.docx(database, process_id, edition, **options)


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
            records.ets_label(r["organisation"], r["admission"]),
            r["delegate"],
            when(r["checked_in_at"]),
            when(r["checked_out_at"]),
            "in presenza" if r["mode"] == "presenza" else "online",
            records.ets_label(r["represents"], r["represents_admission"]) if r["represents"] else "",
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
