"""Organiser tabs about people running the sessions and about moderation."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from coprog import access, i18n, invites, moderation, registry, staff
from ui import state
from ui.console import act
from ui.render import plain
from ui.state import lang, t


def facilitators_tab(process_id: int) -> None:
    db = state.database()
    people = staff.facilitators(db)
    if people:
        st.dataframe(pd.DataFrame([{t("org.col.name"): f["name"], t("org.col.code"): access.format_code(f["access_code"]),
                                    t("org.sessions"): f["sessions"] or ""} for f in people]), hide_index=True)
    else:
        st.caption(t("org.no_facilitators"))
    with st.form("add_facilitator", clear_on_submit=True):
        name = st.text_input(t("org.facilitator_name"), max_chars=120)
        mail = st.text_input(t("field.email"), max_chars=200)
        if st.form_submit_button(t("org.add_facilitator")):
            act(staff.add_facilitator, name, mail)
    if not people:
        return
    names = {f["id"]: f["name"] for f in people}
    sessions = {s["id"]: s["title"] for s in registry.sessions(db, process_id)}
    with st.form("assign"):
        who = st.selectbox(t("org.facilitator_name"), list(names), format_func=names.get)
        chosen = st.multiselect(t("org.sessions"), list(sessions), format_func=sessions.get,
                                placeholder=t("form.choose"))
        if st.form_submit_button(t("org.assign")):
            act(staff.assign, who, chosen)
    st.caption(t("org.facilitator_link_help"))
    for f in people:
        st.code(invites.invite_link(f["access_code"]), language=None)


def moderation_tab() -> None:
    db = state.database()
    log = moderation.moderation_log(db)
    if not log:
        st.caption(t("org.no_moderation"))
    for entry in log:
        detail = json.loads(entry["detail"])
        with st.container(border=True):
            st.markdown(plain(f"{i18n.when(entry['at'], lang())} · {entry['actor_label']} · "
                              f"{t('modaction.' + entry['action'])} · #{entry['entity_id']}"))
            st.caption(plain(f"{t('org.before')}: {json.dumps(detail.get('before'), ensure_ascii=False)}"
                             f" → {t('org.after')}: {json.dumps(detail.get('after'), ensure_ascii=False)}"))
            if st.button(t("org.undo"), key=f"undo_{entry['id']}"):
                act(moderation.undo, entry["id"])
