"""The percorso's form: the first-run page, a new percorso, and its editing
share it (title, description, office, the avviso, the deadline, PEC, contact,
dates, and the informativa's controller, text and retention)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ui.editing import Editor, value_or_key
from ui.forms import legend, optional, required
from ui.state import t


def _day(value):
    return dt.date.fromisoformat(value[:10]) if value else None


def _time(value):
    return dt.time.fromisoformat(value[11:16]) if value and len(value) >= 16 else None


def widgets(p: dict) -> dict:
    """What each of the form's widgets shows of a stored percorso, by widget name
    (a deadline is a day and a time)."""
    texts = (
        "title",
        "description",
        "office",
        "avviso_protocol",
        "pec",
        "contact",
        "privacy_controller",
        "privacy_text",
    )
    return {
        **{name: p.get(name) or "" for name in texts},
        "avviso_date": _day(p.get("avviso_date")),
        "deadline_day": _day(p.get("application_deadline")),
        "deadline_time": _time(p.get("application_deadline")),
        "questions_day": _day(p.get("clarification_deadline")),
        "questions_time": _time(p.get("clarification_deadline")),
        "start_date": _day(p.get("start_date")),
        "end_date": _day(p.get("end_date")),
        "retention_months": int(p.get("retention_months") or 24),
    }


def process_form(key: str, *, submit_label: str, editor: Editor | None = None) -> dict | None:
    """Draw the form; on submit return the typed fields (validated by the core).
    ``editor``: the stored percorso's :class:`ui.editing.Editor` (keyed widgets it
    fills from :func:`widgets`), else a new one's empty form."""
    empty = widgets({})

    def own(name: str) -> dict:
        return value_or_key(editor, empty, name)

    with st.form(key):
        legend()
        title = st.text_input(required(t("field.title")), max_chars=200, **own("title"))
        description = st.text_area(optional(t("field.description")), max_chars=5000, **own("description"))
        office = st.text_input(optional(t("field.office")), max_chars=200, **own("office"))
        st.subheader(t("process.avviso"))
        c1, c2 = st.columns(2)
        protocol = c1.text_input(optional(t("field.avviso_protocol")), max_chars=60, **own("avviso_protocol"))
        avviso_date = c2.date_input(optional(t("field.avviso_date")), format="DD/MM/YYYY", **own("avviso_date"))
        deadline_day = c1.date_input(
            optional(t("field.application_deadline")), format="DD/MM/YYYY", **own("deadline_day")
        )
        deadline_time = c2.time_input(
            optional(t("process.deadline_time")), step=dt.timedelta(minutes=15), **own("deadline_time")
        )
        questions_day = c1.date_input(
            optional(t("field.clarification_deadline")), format="DD/MM/YYYY", **own("questions_day")
        )
        questions_time = c2.time_input(
            optional(t("process.clarification_time")), step=dt.timedelta(minutes=15), **own("questions_time")
        )
        pec = c1.text_input(optional(t("field.pec")), max_chars=200, **own("pec"))
        contact = c2.text_input(
            optional(t("field.contact")), max_chars=300, help=t("process.contact_help"), **own("contact")
        )
        start = c1.date_input(optional(t("field.start_date")), format="DD/MM/YYYY", **own("start_date"))
        end = c2.date_input(optional(t("field.end_date")), format="DD/MM/YYYY", **own("end_date"))
        st.subheader(t("privacy.heading"))
        controller = st.text_input(optional(t("field.privacy_controller")), max_chars=500, **own("privacy_controller"))
        privacy_text = st.text_area(
            optional(t("field.privacy_text")), max_chars=20000, help=t("process.privacy_help"), **own("privacy_text")
        )
        retention = st.number_input(t("field.retention_months"), min_value=1, max_value=240, **own("retention_months"))
        if not st.form_submit_button(submit_label, type="primary"):
            return None
    deadline = None
    if deadline_day:
        deadline = dt.datetime.combine(deadline_day, deadline_time or dt.time(12, 0))
    questions = dt.datetime.combine(questions_day, questions_time or dt.time(12, 0)) if questions_day else None
    return {
        "title": title,
        "description": description,
        "office": office,
        "avviso_protocol": protocol,
        "avviso_date": avviso_date,
        "application_deadline": deadline,
        "clarification_deadline": questions,
        "pec": pec,
        "contact": contact,
        "start_date": start,
        "end_date": end,
        "privacy_controller": controller,
        "privacy_text": privacy_text,
        "retention_months": retention,
    }
