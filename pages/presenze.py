"""The attendance register of a session: check in and out by hand, mode, delegations."""

import pandas as pd
import streamlit as st

from coprog.live import attendance
from coprog.procedure import access, delegates, invites, organisations
from coprog.texts import i18n, vocabulary
from coprog.texts.errors import CoprogError
from ui import feedback, projector, state
from ui.console import act, present_line, staff_page
from ui.render import plain
from ui.state import lang, t

session_id = staff_page("att.heading")
database = state.database()
L = lang()
st.caption(present_line(attendance.counts(database, session_id)))

rows = attendance.register(database, session_id)
table = pd.DataFrame(
    [
        {
            t("org.col.organisation"): r["organisation"],
            t("org.col.delegate"): r["delegate"],
            t("att.in"): i18n.when(r["checked_in_at"], L),
            t("att.out"): i18n.when(r["checked_out_at"], L),
            t("att.mode"): t(f"mode.{r['mode']}"),
            t("att.represents"): r["represents"] or "",
            t("att.entered_by"): t(f"entered.{r['entered_by']}"),
        }
        for r in rows
    ]
)
st.dataframe(table, hide_index=True)

process_id = state.current_process()["id"]
people = {
    d["id"]: f"{d['name']} – {d['organisation']}"
    for d in delegates.delegates(database, process_id)
    if not d["revoked"] and d["admission"] == vocabulary.ADMITTED
}
ets_names = organisations.admitted_names(database, process_id)
with st.form("check_in"):
    st.header(t("att.check_in"))
    who = st.selectbox(t("org.col.delegate"), list(people), format_func=people.get)
    mode = st.radio(t("att.mode"), list(attendance.MODES), horizontal=True, format_func=lambda m: t(f"mode.{m}"))
    represents = st.selectbox(
        t("att.represents_label"),
        [None] + list(ets_names),
        format_func=lambda o: ets_names[o] if o else t("att.nobody"),
    )
    if st.form_submit_button(t("att.check_in"), type="primary"):
        act(attendance.check_in_by_hand, session_id, who, mode, represents)

with st.form("lost_link"):
    st.header(t("att.lost_link"))
    st.caption(t("att.lost_link_help"))
    who_lost = st.selectbox(t("org.col.delegate"), list(people), format_func=people.get, key="lost_who")
    if st.form_submit_button(t("att.lost_link_do"), icon=":material/qr_code_2:"):
        try:
            code = attendance.hand_new_code(database, state.staff_actor(), session_id, who_lost)
        except CoprogError as exc:
            feedback.show_error(exc)
        else:
            st.session_state["handed_code"] = (people[who_lost], code)
if st.session_state.get("handed_code"):
    name, code = st.session_state["handed_code"]
    link = invites.invite_link(code, state.base_url())
    with st.container(border=True):
        st.markdown(t("att.new_code", name=plain(name), code=access.format_code(code)))
        c1, c2 = st.columns([1, 2])
        c1.image(projector.qr_png(link), width=220, caption=t("att.new_code_qr"), alt=t("att.new_code_qr"))
        c2.code(link, language=None)
        if c2.button(t("att.new_code_done")):
            st.session_state.pop("handed_code")
            st.rerun()

present = {r["delegate_id"]: f"{r['delegate']} – {r['organisation']}" for r in rows if not r["checked_out_at"]}
if present:
    with st.form("check_out"):
        st.header(t("att.check_out"))
        who_out = st.selectbox(t("org.col.delegate"), list(present), format_func=present.get)
        if st.form_submit_button(t("att.check_out")):
            act(attendance.check_out, session_id, who_out)
