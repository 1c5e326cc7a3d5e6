"""The records: what each record says, assembled as plain data (minutes, registers,
decisions, the sintesi, the review), then rendered as DOCX/HTML/PDF/XLSX by writers that
run no query; the drafts and their observations, the pre-publication check, open data.

May use: every other package."""
