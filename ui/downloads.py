"""Files to download that take a moment to build (printable invite cards, a QR code
each; the percorso's modello di domanda, a PDF) are built once per content and offered
as plain files, never built at the click (a chart's CSV the same way, kept on its view:
``ui/reading.View.csv``).

A file built at the click (``st.download_button`` handed a function) reaches the
browser as an answer on the page's message queue, under an id that every run of the
page replaces; in Streamlit 1.67 a run that begins near the click empties that queue
or has already replaced the id. About one click in twelve downloaded nothing (the
button turning for three minutes, then «Request timed out»), after a choice, a tab
or the click's own run: seen in the organisers' browser tests, measured over the
protocol. A plain file's address is its content's hash: the browser fetches it,
and a run that draws the same content keeps the same address.

The builds are cached by what they are built from, so a page's run pays them once
per content, not at every run."""

from __future__ import annotations

import json

import streamlit as st

from coprog.procedure import application_form, invites
from ui.state import t


def invite_cards(rows: list[dict], title: str) -> str:
    """The printable cards of these invites (HTML)."""
    return _cards_html(json.dumps(rows), title)


def invite_cards_pdf(rows: list[dict], title: str) -> bytes:
    """The same cards as PDF."""
    return _cards_pdf(json.dumps(rows), title)


# Keyed by the rows as JSON, one string to hash: Streamlit's own hashing of the
# demo's 52 rows took 2.6 ms at every run, the JSON 0.2 ms.
@st.cache_resource(max_entries=16, show_spinner=False)
def _cards_html(rows: str, title: str) -> str:
    return invites.to_html(json.loads(rows), title)


@st.cache_resource(max_entries=16, show_spinner=False)
def _cards_pdf(rows: str, title: str) -> bytes:
    return invites.to_pdf(json.loads(rows), title)


@st.cache_data(max_entries=8, show_spinner=False)
def _application_form(process: dict) -> bytes:
    return application_form.build(process)


def application_form_button(process: dict) -> None:
    """The percorso's modello di domanda to download (the organisers' page and the
    public avviso): drawn once per version of the percorso's details, not at every run."""
    st.download_button(
        t("pec.form_download"),
        _application_form(process),
        file_name="modello-di-domanda.pdf",
        mime="application/pdf",
        icon=":material/download:",
    )
