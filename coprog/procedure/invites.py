"""Invitations: each delegate's code and personal link, as CSV for mail
merge or as printable cards with QR codes (HTML or PDF)."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import qrcode
import qrcode.image.svg

from coprog.hosting import network
from coprog.procedure import access, delegates
from coprog.storage.db import Database
from coprog.texts import i18n, vocabulary
from coprog.texts.errors import ValidationError
from coprog.texts.exports_safe import safe_cell


def invite_link(code: str, base_url: str | None = None) -> str:
    base = network.base_url() if base_url is None else base_url
    return f"{base}/join/{access.format_code(code)}"


def session_link(join_code: str, base_url: str | None = None) -> str:
    """The QR link shown on the projector: opens the participant page on that session."""
    base = network.base_url() if base_url is None else base_url
    return f"{base}/?sessione={join_code}"


def invite_rows(
    database: Database, process_id: int, base_url: str | None = None, delegate_ids: list[int] | None = None
) -> list[dict]:
    """One row per active delegate of an admitted ETS of the percorso (or of
    the delegates chosen): the percorso, its next session (title, date, place),
    organisation, delegate, code, link."""
    process = database.query_one("SELECT title FROM process WHERE id = ?", (process_id,)) or {"title": ""}
    upcoming = next_session(database, process_id)
    return [
        {
            "process": process["title"],
            "session": upcoming,
            "organisation": d["organisation"],
            "delegate": d["name"],
            "role": d["role"],
            "code": access.format_code(d["access_code"]),
            "link": invite_link(d["access_code"], base_url),
        }
        for d in delegates.delegates(database, process_id)
        if not d["revoked"]
        and d["admission"] == vocabulary.ADMITTED
        and (delegate_ids is None or d["id"] in delegate_ids)
    ]


def next_session(database: Database, process_id: int) -> str:
    """«Plenaria di avvio, 26/11/2026, Palazzo Marino»: the percorso's next
    dated session (today or later, Milan time), else its first one."""
    from datetime import datetime

    today = datetime.now(i18n.TZ).date().isoformat()
    rows = database.query(
        "SELECT title, date, place FROM session WHERE process_id = ? ORDER BY date IS NULL, date, id", (process_id,)
    )
    if not rows:
        return ""
    chosen = next((r for r in rows if r["date"] and r["date"] >= today), rows[0])
    parts = [chosen["title"], i18n.when(chosen["date"], with_time=False) if chosen["date"] else "", chosen["place"]]
    return ", ".join(p for p in parts if p)


CSV_HEADER = {
    "process": "percorso",
    "session": "prossima_sessione",
    "organisation": "ente",
    "delegate": "delegato",
    "role": "ruolo",
    "code": "codice",
    "link": "link",
}


def to_csv(rows: list[dict]) -> str:
    """For a mail merge: Italian headers, formula cells neutralised, and the UTF-8
    mark the other exports carry, so Excel shows «Niccolò» and not «NiccolÃ²»."""
    buffer = io.StringIO("\ufeff")
    buffer.seek(1)
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER.values())
    for row in rows:
        writer.writerow([safe_cell(row[k]) for k in CSV_HEADER])
    return buffer.getvalue()


def qr_svg(link: str) -> str:
    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(link, box_size=8, border=2).save(buffer, format="PNG")
    return buffer.getvalue()


def to_html(rows: list[dict], title: str) -> str:
    """Printable cards (two per row on A4), every text escaped."""
    cards = []
    for row in rows:
        cards.append(
            '<section class="card">'
            f'<div class="qr" role="img" aria-label="QR code: {html.escape(row["link"])}">{qr_svg(row["link"])}</div>'
            f'<div class="text"><p class="process">{html.escape(row["process"])}</p>'
            + (f'<p class="when">Prossima sessione: {html.escape(row["session"])}</p>' if row["session"] else "")
            + f'<p class="org">{html.escape(row["organisation"])}</p>'
            f'<p class="who">{html.escape(row["delegate"])}</p>'
            f'<p>Il tuo codice personale:</p><p class="code">{html.escape(row["code"])}</p>'
            f'<p class="link">{html.escape(row["link"])}</p>'
            '<p class="note">Inquadra il QR o apri il link; in alternativa inserisci il codice '
            "nella pagina di accesso. Il codice è personale: non condividerlo.</p></div></section>"
        )
    return (
        '<!doctype html><html lang="it"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:Arial,sans-serif;color:#111;margin:0}"
        "main{display:grid;grid-template-columns:1fr 1fr;gap:8mm;padding:10mm}"
        ".card{border:1px solid #333;border-radius:4mm;padding:5mm;display:flex;gap:5mm;"
        "break-inside:avoid}.qr svg{width:38mm;height:38mm}.org{font-weight:bold;margin:0}"
        ".process{font-size:9pt;margin:0 0 1mm}.when{font-size:8pt;margin:0 0 2mm}"
        ".who{margin:0 0 2mm}.code{font-family:monospace;font-size:18pt;font-weight:bold;"
        "letter-spacing:1px;margin:0}.link{font-size:8pt;word-break:break-all}.note{font-size:8pt}"
        f"</style></head><body><h1>{html.escape(title)}</h1><main>{''.join(cards)}</main></body></html>"
    )


def to_pdf(rows: list[dict], title: str) -> bytes:
    """Printable cards as PDF (fpdf2): 8 per A4 page."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(title)
    width, height = 95, 68
    for index, row in enumerate(rows):
        slot = index % 8
        if slot == 0:
            pdf.add_page()
        x = 10 + (slot % 2) * width
        y = 10 + (slot // 2) * height
        pdf.rect(x, y, width - 5, height - 5)
        pdf.image(io.BytesIO(qr_png(row["link"])), x=x + 3, y=y + 3, w=34, h=34)
        pdf.set_xy(x + 40, y + 3)
        pdf.set_font("Helvetica", "", 7)
        pdf.multi_cell(width - 48, 3, _latin(row["process"]))
        if row["session"]:
            pdf.set_x(x + 40)
            pdf.multi_cell(width - 48, 3, _latin("Prossima sessione: " + row["session"]))
        pdf.set_x(x + 40)
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(width - 48, 5, _latin(row["organisation"]))
        pdf.set_x(x + 40)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(width - 48, 5, _latin(row["delegate"]))
        pdf.set_xy(x + 3, y + 40)
        pdf.set_font("Helvetica", "", 8)
        pdf.cell(width - 11, 4, "Codice personale:")
        pdf.set_xy(x + 3, y + 44)
        pdf.set_font("Courier", "B", 15)
        pdf.cell(width - 11, 7, row["code"])
        pdf.set_xy(x + 3, y + 52)
        pdf.set_font("Helvetica", "", 6.5)
        pdf.multi_cell(width - 11, 3, _latin(row["link"]))
    return bytes(pdf.output())


def _latin(text: str) -> str:
    """The core PDF fonts are Latin-1: keep Italian accents, replace the rest."""
    return text.encode("latin-1", "replace").decode("latin-1")


def write(
    database: Database,
    out: str | Path,
    process_id: int,
    title: str = "Inviti alla co-programmazione",
    base_url: str | None = None,
) -> int:
    """Write invites to ``out`` (.csv, .html or .pdf); returns how many."""
    out = Path(out)
    rows = invite_rows(database, process_id, base_url)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        out.write_text(to_csv(rows), encoding="utf-8")
    elif suffix in (".html", ".htm"):
        out.write_text(to_html(rows, title), encoding="utf-8")
    elif suffix == ".pdf":
        out.write_bytes(to_pdf(rows, title))
    else:
        raise ValidationError([("", "invites.unknown_format", {"suffix": suffix or "?"})])
    return len(rows)
