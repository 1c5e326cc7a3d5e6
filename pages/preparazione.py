"""Organisers prepare the process: the percorso (and its life: current,
closed, archived; the demo deleted), its sessions, the applications of the ETS
(import with a preview of errors, or one by one), admission, invitations."""

import datetime as dt

import pandas as pd
import streamlit as st

from coprog import demo
from coprog.procedure import importer, invites, organisations, processes, sessions
from coprog.records import documents
from coprog.texts import i18n, taxonomy, vocabulary
from coprog.texts.errors import CoprogError
from coprog.texts.exports_safe import csv_bytes
from ui import feedback, lan, state
from ui.console import act, import_panel, organiser_page, url_tabs
from ui.firstrun import demo_button, new_process_form
from ui.forms import legend, optional, required
from ui.organiser import XLSX, prepared, session_fields, session_form
from ui.process_form import process_form
from ui.render import label_plain, plain, text_table
from ui.state import lang, t, tn

process = organiser_page("prep.heading")
actor = state.staff_actor()
database = state.database()
L = lang()
percorso_sessions = sessions.sessions(database, process["id"])

if not percorso_sessions:  # right after the first-run page: the first session comes next
    st.info(t("prep.first_session"), icon=":material/event:")
    session_form("first_session", process["id"])

tab_p, tab_s, tab_i, tab_a, tab_inv = url_tabs(
    [t("org.process"), t("org.sessions"), t("prep.import"), t("prep.admission"), t("prep.invites")]
)
with tab_p:
    st.header(plain(process["title"]))
    st.caption(t(f"process.status.{process['status']}") + (" · DEMO" if process["is_demo"] else ""))
    fields = process_form("process", process, submit_label=t("form.save"))
    if fields is not None:
        act(processes.update, process["id"], **fields)
    st.header(t("process.life"))
    c1, c2, c3 = st.columns(3)
    if c1.button(t("process.make_current"), help=t("process.make_current_help")):
        act(processes.set_current, process["id"])
    if process["status"] == vocabulary.RUNNING and c2.button(t("process.close"), help=t("process.close_help")):
        act(processes.close, process["id"])
    if process["status"] == vocabulary.CLOSED:
        if c2.button(t("process.reopen")):
            act(processes.reopen, process["id"])
        if c3.button(t("process.archive"), help=t("process.archive_help")):
            act(processes.archive, process["id"])
    if process["closed_at"]:
        st.caption(t("process.retention_until", day=i18n.when(processes.retention_ends(process), L, with_time=False)))
    if process["is_demo"]:
        with st.expander(t("process.delete_demo"), icon=":material/delete:"):
            st.caption(t("process.delete_demo_help"))
            with st.form("delete_demo"):
                confirm = t("process.delete_demo_confirm", title=label_plain(process["title"]))
                typed = st.text_input(confirm, max_chars=200)
                if st.form_submit_button(t("process.delete_demo_do")):
                    try:
                        processes.delete_demo(database, actor, process["id"], typed)
                    except CoprogError as exc:
                        feedback.show_error(exc)
                    else:
                        state.choose_process(None)
                        st.session_state["staff_flash"] = t("process.demo_deleted")
                        st.rerun()
    if not demo.demo_exists(database):
        with st.expander(t("firstrun.demo"), icon=":material/science:"):
            demo_button()
    with st.expander(t("process.new"), icon=":material/add:"):
        new_process_form("new_process")

with tab_s:
    for s in percorso_sessions:
        with (
            st.expander(plain(f"{s['title']} · {t('kind.' + s['kind'])} · {i18n.when(s['date'], L, with_time=False)}")),
            st.form(f"session_{s['id']}"),
        ):
            fields = session_fields(s)
            if st.form_submit_button(t("form.save")):
                act(sessions.update_session, s["id"], **fields, said={"title": fields["title"]})
    st.caption(t("prep.facilitators_hint"))
    if percorso_sessions:
        session_form("new_session", process["id"])

with tab_i:
    st.caption(t("prep.import_help"))
    import_panel(
        importer,
        process["id"],
        key="upload",
        label=t("prep.file"),
        button=t("prep.import_do"),
        ready=lambda r: t(
            "prep.import_ready",
            organisations=tn("count.ets", r.organisations),
            delegates=tn("count.delegates", r.delegates),
        ),
        done=lambda r: tn("prep.imported", r.organisations),
    )

    with st.form("add_organisation", clear_on_submit=True):
        st.header(t("prep.add_org"))
        legend()
        c1, c2 = st.columns(2)
        name = c1.text_input(required(t("field.name")), max_chars=200)
        fiscal = c2.text_input(required(t("field.codice_fiscale")), max_chars=16, help=t("prep.cf_help"))
        forms = list(taxonomy.codes("legal_form"))
        form = c1.selectbox(
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
        if st.form_submit_button(t("prep.add_org_do")):
            received = dt.datetime.combine(received_day, received_time or dt.time(0, 0)) if received_day else None
            act(
                organisations.add_organisation,
                {
                    "name": name,
                    "codice_fiscale": fiscal,
                    "legal_form": form,
                    "runts_number": runts,
                    "municipi": municipi,
                    "activity_fields": fields,
                    "received_at": received,
                    "experience": experience,
                    "coherent_activities": coherent,
                },
                [{"name": delegate, "role": role}] if delegate else [],
                process_id=process["id"],
                said={"name": name},
            )

with tab_a:
    applications = organisations.applications(database, process["id"])
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
                who = list(dict.fromkeys([*chosen, *(organisations.received_on_time(applications) if on_time else [])]))
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
    admitted = pd.DataFrame(organisations.admitted(database, process["id"]))
    st.download_button(t("prep.admitted_csv"), csv_bytes(admitted), file_name="ets_ammessi.csv", mime="text/csv")
    prepared(
        "domande_xlsx",
        t("prep.applications") + " XLSX",
        lambda: documents.applications_xlsx(database, process["id"]),
        "domande_esito.xlsx",
        XLSX,
    )
    prepared(
        "domande_pdf",
        t("prep.applications") + " PDF",
        lambda: documents.applications_pdf(database, process["id"]),
        "domande_esito.pdf",
        "application/pdf",
    )

with tab_inv:
    lan.base_url_warning()
    rows = invites.invite_rows(database, process["id"], state.base_url())
    st.caption(tn("prep.invites_count", len(rows)))
    c1, c2, c3 = st.columns(3)
    c1.download_button("CSV", invites.to_csv(rows), file_name="inviti.csv", mime="text/csv", icon=":material/download:")
    c2.download_button(
        t("prep.cards_html"),
        invites.to_html(rows, t("prep.cards_title")),
        file_name="inviti.html",
        mime="text/html",
        icon=":material/print:",
    )
    with c3:
        prepared(
            "inviti_pdf",
            t("prep.cards_pdf"),
            lambda: invites.to_pdf(rows, t("prep.cards_title")),
            "inviti.pdf",
            "application/pdf",
        )
