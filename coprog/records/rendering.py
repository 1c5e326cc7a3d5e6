"""The writers of a record (coprog/records/docmodel.py): DOCX (python-docx), an HTML view
and an accessible, archival PDF of that view (WeasyPrint: tagged PDF/A-3a, with
the document's language and title, tables with header cells, images with their
alternative text; identified as PDF/UA-1 too, its XMP written with pikepdf).
They only render: no query, no figure computed here, every text escaped."""

from __future__ import annotations

import base64
import csv
import html
import io
import zipfile

from coprog.records.docmodel import Bullets, Document, Heading, Image, Paragraph, Ranked, Table
from coprog.texts.exports_safe import safe_cell

PDF_VARIANT = "pdf/a-3a"  # PDF/A-3, level A: tagged, Unicode text, embedded fonts, sRGB
PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
NOT_RANKED = "–"  # what an item without a number shows in a ranked list


def ranked_label(number: int | None) -> str:
    return f"{number}." if number is not None else NOT_RANKED


def _cell(value) -> str:
    return "" if value is None else str(value)


# -- DOCX ------------------------------------------------------------------------------


def docx(document: Document) -> bytes:
    from docx import Document as Docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Docx()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    language = OxmlElement("w:lang")  # the text's language, for spelling and screen readers
    language.set(qn("w:val"), "it-IT" if document.lang == "it" else "en-GB")
    normal.element.get_or_add_rPr().append(language)
    properties = doc.core_properties
    properties.title = document.title + (f" – {document.subtitle}" if document.subtitle else "")
    properties.language = "it-IT" if document.lang == "it" else "en-GB"
    properties.author = document.author
    properties.comments = f"Edizione {document.edition}"
    doc.add_heading(document.title, level=0)
    if document.subtitle:
        doc.add_paragraph(document.subtitle)
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(max(block.level, 1), 9))
        elif isinstance(block, Paragraph):
            doc.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Ranked):
            doc.add_paragraph(block.meaning)
            for number, text in block.items:
                doc.add_paragraph(f"{ranked_label(number)} {text}", style="List Paragraph")
        elif isinstance(block, Table):
            if block.caption:
                doc.add_paragraph(block.caption, style="Caption")
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Light Grid Accent 1"
            for cell, text in zip(table.rows[0].cells, block.header):
                cell.text = _cell(text)
            header = table.rows[0]._tr.get_or_add_trPr()  # repeated on every page, read as the header
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            header.append(mark)
            for row in block.rows:
                for cell, value in zip(table.add_row().cells, row):
                    cell.text = _cell(value)
            if block.source:
                doc.add_paragraph(f"Fonte: {block.source}")
            else:
                doc.add_paragraph()
        elif isinstance(block, Image):
            run = doc.add_paragraph().add_run()
            shape = run.add_picture(io.BytesIO(block.png), width=Cm(15))
            shape._inline.docPr.set("descr", block.alt)  # alt text read by screen readers
            shape._inline.docPr.set("title", block.title)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- HTML ------------------------------------------------------------------------------

STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#111;max-width:60rem;margin:2rem auto;line-height:1.45}
h1{font-size:1.8rem}h2{font-size:1.35rem;margin-top:2rem}h3{font-size:1.1rem}h4{font-size:1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #777;padding:4px;text-align:left;vertical-align:top}
th{background:#e8eef5}caption{text-align:left;font-weight:bold;padding:.25rem 0}
.fonte{font-size:.85rem;color:#333}figure{margin:1rem 0}img{max-width:100%}
ol.ranked li::marker{font-weight:bold}ul.unranked{list-style:"– "}
@page{size:A4;margin:2cm 1.8cm;
 @bottom-right{content:"Pagina " counter(page) " di " counter(pages);font-size:9pt;
  font-family:"DejaVu Sans",sans-serif}}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}tr,figure{break-inside:avoid}}
"""


def html_page(document: Document) -> str:
    """The HTML view of a record (and the PDF's source): every text escaped."""
    e = html.escape
    parts = [f"<h1>{e(document.title)}</h1>"]
    if document.subtitle:
        parts.append(f"<p>{e(document.subtitle)}</p>")
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1) + 1, 6)
            parts.append(f"<h{level}>{e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{e(block.text)}</p>")
        elif isinstance(block, Bullets):
            parts.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Ranked):
            parts.append(f"<p>{e(block.meaning)}</p>")
            numbered = [(n, t) for n, t in block.items if n is not None]
            rest = [t for n, t in block.items if n is None]
            if numbered:
                parts.append(
                    "<ol class='ranked'>" + "".join(f"<li value='{n}'>{e(t)}</li>" for n, t in numbered) + "</ol>"
                )
            if rest:
                parts.append("<ul class='unranked'>" + "".join(f"<li>{e(t)}</li>" for t in rest) + "</ul>")
        elif isinstance(block, Table):
            caption = f"<caption>{e(block.caption)}</caption>" if block.caption else ""
            head = "".join(f"<th scope='col'>{e(_cell(h))}</th>" for h in block.header)
            body = "".join("<tr>" + "".join(f"<td>{e(_cell(v))}</td>" for v in row) + "</tr>" for row in block.rows)
            parts.append(f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            if block.source:
                parts.append(f"<p class='fonte'>Fonte: {e(block.source)}</p>")
        elif isinstance(block, Image):
            data = base64.b64encode(block.png).decode("ascii")
            parts.append(
                f"<figure><img src='data:image/png;base64,{data}' alt='{e(block.alt)}'>"
                f"<figcaption>{e(block.title)}</figcaption></figure>"
            )
    title = document.title + (f" – {document.subtitle}" if document.subtitle else "")
    return (
        f"<!doctype html><html lang='{e(document.lang)}'><head><meta charset='utf-8'>"
        f"<meta name='author' content='{e(document.author)}'><meta name='generator' content='coprog'>"
        f"<meta name='description' content='Edizione {e(document.edition)}'>"
        f"<title>{e(title)}</title><style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"
    )


# -- PDF -------------------------------------------------------------------------------


def pdf(document: Document) -> bytes:
    """The HTML view as a tagged PDF/A-3a, identified as PDF/UA-1 too. Nothing
    is fetched: images are inline and the fonts are the system's (fontconfig)."""
    import hashlib

    import pikepdf
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    page = html_page(document)
    inline_only = URLFetcher(allowed_protocols=("data",))  # a record never loads anything from outside
    identifier = hashlib.sha256(document.title.encode() + document.subtitle.encode()).hexdigest()[:32].encode()
    raw = HTML(string=page, url_fetcher=inline_only).write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    with pikepdf.open(io.BytesIO(raw)) as pdf_file:
        with pdf_file.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta[f"{{{PDFUA_NS}}}part"] = "1"
            meta["dc:language"] = {document.lang}
        out = io.BytesIO()
        pdf_file.save(out)
    return out.getvalue()


# -- tables as spreadsheets and as a landscape PDF (registers, lists, open data) -------------


def table_xlsx(table: Table, sheet_title: str) -> bytes:
    """One sheet: a header and rows, every cell neutralised against formulas."""
    return sheets_xlsx({sheet_title: table})


def sheets_xlsx(tables: dict[str, Table]) -> bytes:
    """One sheet per table (titles cut to Excel's 31 characters), every cell neutralised."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, table in tables.items():
        sheet = workbook.create_sheet(title[:31])
        sheet.append(table.header)
        for row in table.rows:
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_zip(tables: dict[str, Table], extra: dict[str, str] | None = None) -> bytes:
    """One CSV per table (UTF-8 with its mark, for spreadsheets), zipped, every cell
    neutralised; ``extra``: other text files by name (UTF-8), first in the archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
        for name, table in tables.items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(table.header)
            for row in table.rows:
                writer.writerow([safe_cell(v) for v in row])
            archive.writestr(f"{name}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()


def table_pdf(table: Table, widths: list[int]) -> bytes:
    """A landscape A4 table with its caption and note (core fonts, Latin-1)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, latin(table.caption), new_x="LMARGIN", new_y="NEXT")
    if table.note:
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, latin(table.note), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5) as grid:
        for row in [table.header, *table.rows]:
            cells = grid.row()
            for value in row:
                cells.cell(latin(str(value)))
    return bytes(pdf.output())


_PLAIN = {ord(k): v for k, v in {"—": "-", "–": "-", "’": "'", "“": '"', "”": '"', "…": "..."}.items()}


def latin(text: str) -> str:
    """The PDF core fonts are Latin-1: dashes and quotes become their plain forms."""
    plain = text.translate(_PLAIN)
    return plain.encode("latin-1", "replace").decode("latin-1")
