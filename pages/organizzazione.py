"""Organisers: the process at a glance, ETS and delegates, access codes, audit log."""

import pandas as pd
import streamlit as st

from coprog.procedure import delegates, invites, organisations, sessions
from coprog.storage import audit
from coprog.storage.migrations import report as migration_report
from coprog.texts import i18n, taxonomy, vocabulary
from coprog.texts.errors import CoprogError
from ui import feedback, organiser, state
from ui.console import act, organiser_page, url_tabs
from ui.render import plain
from ui.state import lang, t, tn

process = organiser_page("org.heading")
actor = state.staff_actor()
database = state.database()
L = lang()
st.header(plain(process["title"]))
flagged = [r for r in migration_report(database) if r["entity"] == "organisation"]
if flagged:
    st.warning(
        t(
            "org.migration_flagged",
            orgs=tn("count.ets", len(flagged)),
            names=plain("; ".join(r["detail"] for r in flagged)),
        ),
        icon=":material/warning:",
    )
st.caption(
    f"{process['office']} · {i18n.when(process['start_date'], L, with_time=False)} – "
    f"{i18n.when(process['end_date'], L, with_time=False)}"
)

tab_s, tab_o, tab_d, tab_f, tab_m, tab_a = url_tabs(
    [
        t("org.sessions"),
        t("org.organisations"),
        t("org.delegates"),
        t("org.facilitators"),
        t("org.moderation"),
        t("org.audit"),
    ]
)

with tab_s:
    rows = [
        {
            t("org.col.kind"): t(f"kind.{s['kind']}"),
            t("org.col.title"): s["title"],
            t("org.col.date"): i18n.when(s["date"], L, with_time=False),
            t("org.col.place"): s["place"],
            t("org.col.join_code"): s["join_code"],
            t("org.col.phase"): taxonomy.phase_label(s["phase_name"] or "", L),
        }
        for s in sessions.sessions(database, process["id"])
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)

with tab_o:
    forms = taxonomy.labels("legal_form", L)
    rows = [
        {
            t("org.col.name"): o["name"],
            t("org.col.cf"): o["codice_fiscale"],
            t("org.col.runts"): o["runts_number"],
            t("org.col.form"): forms.get(o["legal_form"], ""),
            t("org.col.fields"): o["activity_fields"] or "",
            t("org.col.municipi"): o["municipi"] or "",
            t("org.col.delegates"): o["delegates"],
            t("field.admission"): t(f"admission.{o['admission']}"),
        }
        for o in organisations.organisations(database, process["id"])
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)

with tab_d:
    people = delegates.delegates(database, process["id"])
    st.download_button(
        t("org.download_invites"),
        invites.to_csv(invites.invite_rows(database, process["id"], state.base_url())),
        file_name="inviti.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    rows = [
        {
            t("org.col.name"): d["name"],
            t("org.col.organisation"): d["organisation"],
            t("org.col.role"): d["role"],
            t("org.col.revoked"): bool(d["revoked"]),
        }
        for d in people
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    labels = {d["id"]: f"{d['name']} – {d['organisation']}" for d in people}
    chosen = st.selectbox(t("org.delegate"), list(labels), format_func=labels.get, key="code_delegate")
    admission = next((d["admission"] for d in people if d["id"] == chosen), "ammessa")
    allowed = True
    if admission != vocabulary.ADMITTED:  # a code that will not open anything: say so, and ask before issuing it
        st.warning(t("org.code_not_admitted", admission=t(f"admission.{admission}")), icon=":material/block:")
        allowed = st.checkbox(t("org.code_not_admitted_confirm"), key=f"code_confirm_{chosen}")
    c1, c2 = st.columns(2)
    try:
        if c1.button(t("org.reissue"), icon=":material/autorenew:", disabled=not allowed):
            code = delegates.reissue_code(database, actor, chosen)
            st.success(t("org.new_code", name=plain(labels[chosen]), code=invites.access.format_code(code)))
        if c2.button(t("org.revoke"), icon=":material/block:"):
            delegates.revoke_code(database, actor, chosen)
            st.success(t("org.revoked"))
    except CoprogError as exc:
        feedback.show_error(exc)
    organiser.delegates_on_the_day(process["id"])
    with st.expander(t("org.gdpr")):
        st.caption(t("org.gdpr_help"))
        confirm = st.checkbox(t("org.gdpr_confirm", name=labels.get(chosen, "")), key="gdpr_confirm")
        if st.button(t("org.gdpr_erase"), disabled=not confirm, icon=":material/person_remove:"):
            act(delegates.erase_delegate, chosen)

with tab_f:
    organiser.facilitators_tab(process["id"])

with tab_m:
    organiser.moderation_tab(process["id"])

with tab_a:
    log = audit.recent(database, process["id"], 300)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("org.col.at"): i18n.when(r["at"], L),
                    t("org.col.who"): r["actor_label"],
                    t("org.col.action"): r["action"],
                    t("org.col.entity"): f"{r['entity']} {r['entity_id'] or ''}",
                }
                for r in log
            ]
        ),
        hide_index=True,
    )
