"""The ETS' applications on the organisers' Preparazione page: one added by
hand (a file of them: ``console.import_panel``), the table of applications
with their outcome, the admission decision (those chosen, or every one
received on time) with what it touches of what they did, and the lists to
download."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from coprog.procedure import organisations
from coprog.records import documents
from coprog.texts import i18n, taxonomy, vocabulary
from coprog.texts.errors import CoprogError
from coprog.texts.exports_safe import csv_bytes
from ui import feedback, presses, state
from ui.console import act_once
from ui.forms import legend, optional, required
from ui.organiser import XLSX, prepared
from ui.render import plain, text_table
from ui.state import lang, t, tn


def add_organisation_form(process_id: int) -> None:
    """One application added by hand (one that came on paper, say), with its first delegate."""
    L = lang()
    with presses.form("add_organisation") as form:
        st.header(t("prep.add_org"))
        legend()
        c1, c2 = st.columns(2)
        name = c1.text_input(required(t("field.name")), max_chars=200)
        fiscal = c2.text_input(required(t("field.codice_fiscale")), max_chars=16, help=t("prep.cf_help"))
        forms = list(taxonomy.codes("legal_form"))
        legal_form = c1.selectbox(
            required(t("field.legal_form")), forms, format_func=lambda f: taxonomy.label("legal_form", f, L)
        )
        runts = c2.text_input(optional(t("field.runts_number")), max_chars=30)
        municipi = c1.multiselect(
            optional(t("form.municipi")),
            list(taxonomy.MUNICIPI),
            placeholder=t("form.choose"),
            format_func=lambda m: f"Municipio {m}",
            select_all=False,
        )
        fields = c2.multiselect(
            optional(t("field.activity_fields")),
            list(taxonomy.codes("activity_field")),
            placeholder=t("form.choose"),
            format_func=lambda f: f"{f}) {taxonomy.label('activity_field', f, L)}",
            select_all=False,
        )
        received_day = c1.date_input(optional(t("field.received_at")), value=None, format="DD/MM/YYYY")
        received_time = c2.time_input(optional(t("prep.received_time")), value=None, step=dt.timedelta(minutes=1))
        experience = st.text_area(optional(t("field.experience")), max_chars=3000)
        coherent = st.radio(
            t("field.coherent_activities"),
            [None, True, False],
            horizontal=True,
            format_func=lambda v: t("prep.not_stated") if v is None else t("prep.yes" if v else "prep.no"),
        )
        delegate = c1.text_input(optional(t("field.delegate_name")), max_chars=120)
        role = c2.text_input(optional(t("field.delegate_role")), max_chars=120)
        press = form.submit_button(t("prep.add_org_do"))
        if press:
            received = dt.datetime.combine(received_day, received_time or dt.time(0, 0)) if received_day else None
            act_once(
                press,
                organisations.add_organisation,
                {
                    "name": name,
                    "codice_fiscale": fiscal,
                    "legal_form": legal_form,
                    "runts_number": runts,
                    "municipi": municipi,
                    "activity_fields": fields,
                    "received_at": received,
                    "experience": experience,
                    "coherent_activities": coherent,
                },
                [{"name": delegate, "role": role}] if delegate else [],
                process_id=process_id,
                said={"name": name},
            )


def admission(process_id: int) -> None:
    """The applications, the decision on some or all of them, the lists."""
    database, actor, L = state.database(), state.staff_actor(), lang()
    applications = organisations.applications(database, process_id)
    yes_no = {True: t("prep.yes"), False: t("prep.no"), None: "—"}
    text_table(  # wrapped text: the outcome and its reason whole, on any screen
        [
            {
                t("org.col.name"): a["name"],
                t("org.col.cf"): a["codice_fiscale"],
                t("field.received_at"): i18n.local_when(a["received_at"], L) or "—",
                t("prep.on_time"): yes_no[a["on_time"]],
                t("field.coherent_activities"): yes_no[a["coherent_activities"]],
                t("field.admission"): t(f"admission.{a['admission']}"),
                t("prep.reason"): a["admission_reason"] or "",
                t("prep.flag"): t("prep.cf_person_flag") if a["cf_non_conforme"] else "",
            }
            for a in applications
        ]
    )
    names = {a["id"]: a["name"] for a in applications}
    if names:
        decisions = st.session_state.get("decisions", 0)  # a fresh form after each decision, kept after an error
        with st.form(f"admission_{decisions}"):
            st.header(t("prep.decide"))
            on_time = st.checkbox(
                t("prep.all_on_time", n=len(organisations.received_on_time(applications))),
                help=t("prep.all_on_time_help"),
            )
            chosen = st.multiselect(
                t("prep.organisations"),
                list(names),
                format_func=names.get,
                placeholder=t("form.choose"),
                select_all=False,
            )
            status = st.radio(
                t("field.admission"),
                list(vocabulary.ADMISSION),
                horizontal=True,
                format_func=lambda a: t(f"admission.{a}"),
            )
            reason = st.text_input(t("prep.reason"), max_chars=500, help=t("prep.reason_help"))
            if st.form_submit_button(t("form.save")):
                who = organisations.to_decide(chosen, applications, all_on_time=on_time)
                try:
                    impacts = organisations.set_admissions(database, actor, who, status, reason)
                except CoprogError as exc:
                    feedback.show_error(exc)
                else:
                    st.session_state["decisions"] = decisions + 1
                    st.session_state["staff_flash"] = tn("prep.decided", len(impacts))
                    touched = [
                        t(
                            "prep.impact",
                            name=plain(names[o]),
                            sessions=tn("count.sessions", i["sessions"]),
                            contributions=tn("count.contributions", i["contributions"]),
                            votes=tn("count.votes", i["votes"]),
                            open_votes=i["open_votes"],
                        )
                        for o, i in impacts.items()
                        if status != vocabulary.ADMITTED and any(i.values())
                    ]
                    if touched:
                        st.session_state["admission_impact"] = "\n\n".join(touched)
                    st.rerun()
    if st.session_state.get("admission_impact"):
        st.warning(st.session_state.pop("admission_impact"), icon=":material/warning:")
    st.header(t("prep.lists"))
    admitted = pd.DataFrame(organisations.admitted(database, process_id))
    st.download_button(t("prep.admitted_csv"), csv_bytes(admitted), file_name="ets_ammessi.csv", mime="text/csv")
    prepared(
        "domande_xlsx",
        t("prep.applications") + " XLSX",
        lambda: documents.applications_xlsx(database, process_id),
        "domande_esito.xlsx",
        XLSX,
    )
    prepared(
        "domande_pdf",
        t("prep.applications") + " PDF",
        lambda: documents.applications_pdf(database, process_id),
        "domande_esito.pdf",
        "application/pdf",
    )
