"""The documents the procedure needs, as files to download (Italian): each is what
its record says (coprog/records/records.py, coprog/records/sintesi.py: plain data,
read from the database) rendered by the writers (coprog/records/rendering.py: no
query). The verbale of a session (DOCX and an HTML print view), the attendance
register (XLSX and PDF), the list of applications with their outcome, and the
documento di sintesi."""

from __future__ import annotations

from coprog.records import records, rendering, sintesi
from coprog.records.docmodel import PUBLIC
from coprog.storage.db import Database

REGISTER_HEADER = records.REGISTER_HEADER
REGISTER_WIDTHS = [34, 18, 48, 34, 26, 26, 18, 26, 16, 14, 18]  # mm on a landscape A4
APPLICATIONS_WIDTHS = [38, 22, 16, 26, 24, 14, 18, 18, 18, 18, 65]


def verbale_docx(data: dict) -> bytes:
    return rendering.docx(records.verbale(data))


def verbale_html(data: dict) -> str:
    """The verbale's print view: the same content as the DOCX, every text escaped."""
    return rendering.html_page(records.verbale(data))


def synthesis_docx(database: Database, process_id: int, edition: str = PUBLIC, **options) -> bytes:
    """The documento di sintesi (public edition unless told), as DOCX."""
    return sintesi.docx(database, process_id, edition, **options)


def register_xlsx(database: Database, session_id: int | None = None, *, process_id: int | None = None) -> bytes:
    return rendering.table_xlsx(records.register(database, session_id, process_id=process_id), "Registro presenze")


def register_pdf(database: Database, session_id: int | None = None, *, process_id: int | None = None) -> bytes:
    return rendering.table_pdf(records.register(database, session_id, process_id=process_id), REGISTER_WIDTHS)


def applications_xlsx(database: Database, process_id: int) -> bytes:
    return rendering.table_xlsx(records.applications_list(database, process_id), "Domande")


def applications_pdf(database: Database, process_id: int) -> bytes:
    return rendering.table_pdf(records.applications_list(database, process_id), APPLICATIONS_WIDTHS)
