"""The organisers' first-run page, on a database with no percorso: create the
percorso (then its first session, on Preparazione), or try the demo."""

from __future__ import annotations

import streamlit as st

from coprog import demo, processes
from coprog.errors import CoprogError
from ui import state
from ui.process_form import process_form
from ui.state import t


def first_run() -> None:
    st.title(t("firstrun.heading"))
    st.write(t("firstrun.intro"))
    left, right = st.columns([3, 1])
    with left:
        st.header(t("firstrun.create"))
        fields = process_form("first_process", submit_label=t("firstrun.create_do"))
        if fields is not None:
            try:
                process_id = processes.create(state.database(), state.staff_actor(), **fields)
            except CoprogError as exc:
                state.show_error(exc)
            else:
                state.choose_process(process_id)
                st.session_state["staff_flash"] = t("firstrun.created")
                st.rerun()
    with right:
        st.header(t("firstrun.demo"))
        st.caption(t("firstrun.demo_help"))
        if st.button(t("firstrun.demo_do"), icon=":material/science:"):
            with st.spinner(t("firstrun.demo_wait")):
                summary = demo.create(state.database())
            state.choose_process(summary["process_id"])
            st.rerun()
