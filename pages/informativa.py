"""The privacy notice (informativa, art. 13 GDPR) of the percorso: reachable
from every page, by anyone, signed in or not."""

import streamlit as st

from coprog.procedure import privacy, processes
from ui import state
from ui.render import mail_links, plain
from ui.state import lang, t

st.title(t("privacy.heading"))
process = state.current_process() or processes.current(state.database())
if process is None:
    st.info(t("privacy.no_process"))
    st.stop()
st.caption(plain(process["title"]))
for heading, body in privacy.notice(process, lang())["sections"]:
    st.header(heading)
    st.markdown(mail_links(body).replace("\n", "  \n"))
