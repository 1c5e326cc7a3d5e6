"""The percorso's form: the first-run page, a new percorso, and its editing
share it (title, description, office, the avviso, the deadline, PEC, contact,
dates, and the informativa's controller, text and retention)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ui.forms import legend, optional, required
from ui.state import t


def _day(value):
    return dt.date.fromisoformat(value[:10]) if value else None


def _time(value):
    return dt.time.fromisoformat(value[11:16]) if value and len(value) >= 16 else None


def process_form(key: str, process: dict | None = None, *, submit_label: str) -> dict | None:
    """Draw the form; on submit return the typed fields (validated by the core)."""
    p = process or {}
    with st.form(key):
        legend()
        title = st.text_input(required(t("field.title")), value=p.get("title", ""), max_chars=200)
        description = st.text_area(optional(t("field.description")), value=p.get("description", ""), max_chars=5000)
        office = st.text_input(optional(t("field.office")), value=p.get("office", ""), max_chars=200)
        st.subheader(t("process.avviso"))
        c1, c2 = st.columns(2)
        protocol = c1.text_input(optional(t("field.avviso_protocol")), value=p.get("avviso_protocol", ""), max_chars=60)
        avviso_date = c2.date_input(
            optional(t("field.avviso_date")), value=_day(p.get("avviso_date")), format="DD/MM/YYYY"
        )
        deadline_day = c1.date_input(
            optional(t("field.application_deadline")), value=_day(p.get("application_deadline")), format="DD/MM/YYYY"
        )
        deadline_time = c2.time_input(
            optional(t("process.deadline_time")),
            value=_time(p.get("application_deadline")),
            step=dt.timedelta(minutes=15),
        )
        questions_day = c1.date_input(
            optional(t("field.clarification_deadline")),
            value=_day(p.get("clarification_deadline")),
            format="DD/MM/YYYY",
        )
        questions_time = c2.time_input(
            optional(t("process.clarification_time")),
            value=_time(p.get("clarification_deadline")),
            step=dt.timedelta(minutes=15),
        )
        pec = c1.text_input(optional(t("field.pec")), value=p.get("pec", ""), max_chars=200)
        contact = c2.text_input(
            optional(t("field.contact")), value=p.get("contact", ""), max_chars=300, help=t("process.contact_help")
        )
        start = c1.date_input(optional(t("field.start_date")), value=_day(p.get("start_date")), format="DD/MM/YYYY")
        end = c2.date_input(optional(t("field.end_date")), value=_day(p.get("end_date")), format="DD/MM/YYYY")
        st.subheader(t("privacy.heading"))
        controller = st.text_input(
            optional(t("field.privacy_controller")), value=p.get("privacy_controller", ""), max_chars=500
        )
        privacy_text = st.text_area(
            optional(t("field.privacy_text")),
            value=p.get("privacy_text", ""),
            max_chars=20000,
            help=t("process.privacy_help"),
        )
        retention = st.number_input(
            t("field.retention_months"), min_value=1, max_value=240, value=int(p.get("retention_months") or 24)
        )
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
