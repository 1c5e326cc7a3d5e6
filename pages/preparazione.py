"""Organisers prepare the process: the percorso, its sessions, the ETS (import
with a preview of errors), admission, invitations."""

import datetime as dt

import pandas as pd
import streamlit as st

from coprog import admin, i18n, importer, invites, registry, taxonomy
from coprog.exports_safe import csv_bytes
from ui import state
from ui.console import act, organiser_page
from ui.render import plain
from ui.state import lang, t

process = organiser_page("prep.heading")
actor = state.staff_actor()
db = state.database()
L = lang()


def day(value):
    return dt.date.fromisoformat(value) if value else None


tab_p, tab_s, tab_i, tab_a, tab_inv = st.tabs([t("org.process"), t("org.sessions"), t("prep.import"),
                                               t("prep.admission"), t("prep.invites")])
with tab_p, st.form("process"):
    title = st.text_input(t("field.title"), value=process["title"], max_chars=200)
    description = st.text_area(t("field.description"), value=process["description"], max_chars=5000)
    office = st.text_input(t("field.office"), value=process["office"], max_chars=200)
    c1, c2 = st.columns(2)
    start = c1.date_input(t("field.start_date"), value=day(process["start_date"]), format="DD/MM/YYYY")
    end = c2.date_input(t("field.end_date"), value=day(process["end_date"]), format="DD/MM/YYYY")
    if st.form_submit_button(t("form.save"), type="primary"):
        act(admin.update_process, process["id"], title=title, description=description, office=office,
            start_date=start, end_date=end)

with tab_s:
    kinds = ["plenaria", "tavolo"]
    for s in registry.sessions(db, process["id"]):
        with st.expander(plain(f"{s['title']} · {t('kind.' + s['kind'])} · {i18n.when(s['date'], L, with_time=False)}")):
            with st.form(f"session_{s['id']}"):
                title = st.text_input(t("field.title"), value=s["title"], max_chars=200)
                kind = st.selectbox(t("field.kind"), kinds, index=kinds.index(s["kind"]),
                                    format_func=lambda k: t(f"kind.{k}"))
                theme = st.text_input(t("field.theme"), value=s["theme"], max_chars=500)
                date = st.date_input(t("field.date"), value=day(s["date"]), format="DD/MM/YYYY")
                place = st.text_input(t("field.place"), value=s["place"], max_chars=200)
                if st.form_submit_button(t("form.save")):
                    act(admin.update_session, s["id"], title=title, kind=kind, theme=theme, date=date, place=place)
    st.caption(t("prep.facilitators_hint"))
    with st.form("new_session", clear_on_submit=True):
        st.header(t("prep.new_session"))
        title = st.text_input(t("field.title"), max_chars=200)
        kind = st.selectbox(t("field.kind"), kinds, format_func=lambda k: t(f"kind.{k}"))
        theme = st.text_input(t("field.theme"), max_chars=500)
        date = st.date_input(t("field.date"), value=None, format="DD/MM/YYYY")
        place = st.text_input(t("field.place"), max_chars=200)
        if st.form_submit_button(t("prep.create_session"), type="primary"):
            act(registry.create_session, process_id=process["id"], kind=kind, title=title, theme=theme,
                date=str(date) if date else None, place=place)

with tab_i:
    st.caption(t("prep.import_help"))
    upload = st.file_uploader(t("prep.file"), type=["csv", "xlsx"], max_upload_size=5)
    if upload is not None:
        content = upload.getvalue()
        result, errors = importer.preview(db, actor, upload.name, content)
        if errors:
            st.error(t("prep.import_errors", n=len(errors)))
            st.table(pd.DataFrame([{t("prep.row"): row or "—", t("prep.problem"): i18n.problem(field, key, params, L)}
                                   for row, field, key, params in errors]).set_index(t("prep.row")))
        else:
            st.success(t("prep.import_ready", organisations=result.organisations, delegates=result.delegates))
            if st.button(t("prep.import_do"), type="primary"):
                act(importer.import_file, upload.name, content)

    with st.form("add_organisation", clear_on_submit=True):
        st.header(t("prep.add_org"))
        c1, c2 = st.columns(2)
        name = c1.text_input(t("field.name"), max_chars=200)
        fiscal = c2.text_input(t("field.codice_fiscale"), max_chars=16)
        forms = list(taxonomy.codes("legal_form"))
        form = c1.selectbox(t("field.legal_form"), forms, format_func=lambda f: taxonomy.label("legal_form", f, L))
        runts = c2.text_input(t("field.runts_number"), max_chars=30)
        municipi = c1.multiselect(t("form.municipi"), list(taxonomy.MUNICIPI), placeholder=t("form.choose"),
                                  format_func=lambda m: f"Municipio {m}")
        fields = c2.multiselect(t("field.activity_fields"), list(taxonomy.codes("activity_field")),
                                placeholder=t("form.choose"),
                                format_func=lambda f: f"{f}) {taxonomy.label('activity_field', f, L)}")
        delegate = c1.text_input(t("field.delegate_name"), max_chars=120)
        role = c2.text_input(t("field.delegate_role"), max_chars=120)
        if st.form_submit_button(t("prep.add_org_do")):
            act(registry.add_organisation, {"name": name, "codice_fiscale": fiscal, "legal_form": form,
                                            "runts_number": runts, "municipi": municipi, "activity_fields": fields},
                [{"name": delegate, "role": role}] if delegate else [])

with tab_a:
    organisations = registry.organisations(db)
    st.dataframe(pd.DataFrame([{t("org.col.name"): o["name"], t("field.admission"): t(f"admission.{o['admission']}"),
                                t("field.admission_reason"): o["admission_reason"]} for o in organisations]),
                 hide_index=True)
    names = {o["id"]: o["name"] for o in organisations}
    with st.form("admission"):
        who = st.selectbox(t("org.col.organisation"), list(names), format_func=names.get)
        status = st.radio(t("field.admission"), list(admin.ADMISSION), horizontal=True,
                          format_func=lambda a: t(f"admission.{a}"))
        reason = st.text_input(t("field.admission_reason"), max_chars=500)
        if st.form_submit_button(t("form.save")):
            act(admin.set_admission, who, status, reason)
    admitted = pd.DataFrame(admin.admitted(db))
    st.download_button(t("prep.admitted_csv"), csv_bytes(admitted), file_name="ets_ammessi.csv", mime="text/csv")

with tab_inv:
    rows = invites.invite_rows(db)
    st.caption(t("prep.invites_count", n=len(rows)))
    c1, c2, c3 = st.columns(3)
    c1.download_button("CSV", invites.to_csv(rows), file_name="inviti.csv", mime="text/csv", icon=":material/download:")
    c2.download_button(t("prep.cards_html"), invites.to_html(rows, t("prep.cards_title")), file_name="inviti.html",
                       mime="text/html", icon=":material/print:")
    if c3.button(t("prep.cards_pdf_prepare"), icon=":material/picture_as_pdf:"):
        st.session_state["invite_pdf"] = invites.to_pdf(rows, t("prep.cards_title"))
    if st.session_state.get("invite_pdf"):
        c3.download_button(t("prep.cards_pdf"), st.session_state["invite_pdf"], file_name="inviti.pdf",
                           mime="application/pdf")
