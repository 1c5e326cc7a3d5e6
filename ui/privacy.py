"""The informativa shown to a delegate on their first sign-in (once)."""

from __future__ import annotations

import streamlit as st

from coprog.procedure import delegates, privacy, processes
from ui import state
from ui.render import mail_links
from ui.state import lang, t


def first_sign_in_notice(delegate: dict) -> None:
    """Until the delegate says they read it: the notice, open, above the page.
    It is a fragment of its own and «Ho letto» records the reading in its
    callback: the notice goes in one short run, the page under it is not drawn
    again (at a plenary's start hundreds of delegates press it together)."""
    if delegate.get("privacy_ack_at"):
        return
    _notice(delegate)


def _acknowledge(delegate: dict) -> None:
    delegates.acknowledge_privacy(state.database(), delegate)
    st.session_state["privacy_read"] = delegate["id"]


@st.fragment
def _notice(delegate: dict) -> None:
    if st.session_state.get("privacy_read") == delegate["id"]:  # read in this tab: drawn no more
        return
    process = processes.get(state.database(), delegate["process_id"])
    with st.container(border=True):
        st.header(t("privacy.first_heading"))
        st.markdown(
            "\n\n".join(
                f"**{heading}**  \n" + mail_links(body).replace("\n", "  \n")
                for heading, body in privacy.notice(process, lang())["sections"]
            )
        )
        st.button(t("privacy.ack"), type="primary", key="privacy_ack", on_click=_acknowledge, args=(delegate,))
