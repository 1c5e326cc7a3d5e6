"""The organisers' first-run page, on a database with no percorso: create the
percorso (then its first session, on Preparazione), or try the demo. Its two
actions are also offered on Preparazione once a percorso exists."""

from __future__ import annotations

import streamlit as st

from coprog import demo
from coprog.procedure import processes
from coprog.texts.errors import CoprogError
from ui import feedback, state
from ui.process_form import process_form
from ui.state import t


def new_process_form(key: str) -> None:
    """The percorso's form; on success the tab opens the new percorso."""
    fields = process_form(key, submit_label=t("firstrun.create_do"))
    if fields is None:
        return
    try:
        process_id = processes.create(state.database(), state.staff_actor(), **fields)
    except CoprogError as exc:
        feedback.show_error(exc)
        return
    state.choose_process(process_id)
    st.session_state["staff_flash"] = t("firstrun.created")
    st.rerun()


def demo_button() -> None:
    """Create the demo percorso and open it in this tab."""
    st.caption(t("firstrun.demo_help"))
    if st.button(t("firstrun.demo_do"), icon=":material/science:"):
        with st.spinner(t("firstrun.demo_wait")):
            state.choose_process(demo.create(state.database())["process_id"])
        st.rerun()


def first_run() -> None:
    st.title(t("firstrun.heading"))
    st.write(t("firstrun.intro"))
    left, right = st.columns([3, 1])
    with left:
        st.header(t("firstrun.create"))
        new_process_form("first_process")
    with right:
        st.header(t("firstrun.demo"))
        demo_button()
