"""The attendance register of a session: check in and out by hand, mode, delegations."""

import pandas as pd
import streamlit as st

from coprog import attendance, i18n, registry
from ui import state
from ui.console import act, staff_page
from ui.state import lang, t

session_id = staff_page("att.heading")
db = state.database()
L = lang()
st.caption(t("console.present", **attendance.counts(db, session_id)))

rows = attendance.register(db, session_id)
table = pd.DataFrame([{
    t("org.col.organisation"): r["organisation"], t("org.col.delegate"): r["delegate"],
    t("att.in"): i18n.when(r["checked_in_at"], L), t("att.out"): i18n.when(r["checked_out_at"], L),
    t("att.mode"): t(f"mode.{r['mode']}"), t("att.represents"): r["represents"] or "",
    t("att.entered_by"): t(f"entered.{r['entered_by']}"),
} for r in rows])
st.dataframe(table, hide_index=True)

people = {d["id"]: f"{d['name']} – {d['organisation']}" for d in registry.delegates(db) if not d["revoked"]}
organisations = {o["id"]: o["name"] for o in registry.organisations(db)}
with st.form("check_in"):
    st.header(t("att.check_in"))
    who = st.selectbox(t("org.col.delegate"), list(people), format_func=people.get)
    mode = st.radio(t("att.mode"), list(attendance.MODES), horizontal=True, format_func=lambda m: t(f"mode.{m}"))
    represents = st.selectbox(t("att.represents_label"), [None] + list(organisations),
                              format_func=lambda o: organisations[o] if o else t("att.nobody"))
    if st.form_submit_button(t("att.check_in"), type="primary"):
        act(attendance.check_in_by_hand, session_id, who, mode, represents)

present = {r["delegate_id"]: f"{r['delegate']} – {r['organisation']}" for r in rows if not r["checked_out_at"]}
if present:
    with st.form("check_out"):
        st.header(t("att.check_out"))
        who_out = st.selectbox(t("org.col.delegate"), list(present), format_func=present.get)
        if st.form_submit_button(t("att.check_out")):
            act(attendance.check_out, session_id, who_out)
