"""The informativa shown to a delegate on their first sign-in (once)."""

from __future__ import annotations

import streamlit as st

from coprog.procedure import delegates, privacy, processes
from ui import state
from ui.render import mail_links
from ui.state import lang, t


def first_sign_in_notice(delegate: dict) -> None:
    """Until the delegate says they read it: the notice, open, above the page."""
    if delegate.get("privacy_ack_at"):
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
        if st.button(t("privacy.ack"), type="primary", key="privacy_ack"):
            delegates.acknowledge_privacy(state.database(), delegate)
            st.rerun()
