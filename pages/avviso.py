"""The avviso's public page, reachable without signing in: how to apply (the PEC
address, the deadlines, the modello di domanda to download) and the answers to
the requests for clarification (coprog/procedure/clarifications.py), never with
the name of who asked."""

import streamlit as st

from coprog.procedure import clarifications, processes
from coprog.texts import i18n
from ui import state
from ui.downloads import application_form_button
from ui.render import plain
from ui.state import lang, t

L = lang()
database = state.database()
st.title(t("avviso.heading"))
choices = clarifications.public_processes(database)
if not choices:
    st.info(t("avviso.none"))
    st.stop()
process = choices[0]
if len(choices) > 1:
    process = st.selectbox(t("avviso.pick"), choices, format_func=lambda p: p["title"])
st.header(plain(process["title"]))
facts = []
if process["avviso_protocol"]:
    facts.append(t("avviso.protocol", protocol=plain(process["avviso_protocol"])))
if process["pec"]:
    facts.append(t("avviso.pec", pec=plain(process["pec"])))
if process["application_deadline"]:
    facts.append(t("avviso.deadline", when=i18n.local_when(process["application_deadline"], L)))
if process["clarification_deadline"]:
    facts.append(t("avviso.questions_deadline", when=i18n.local_when(process["clarification_deadline"], L)))
if facts:
    st.markdown("\n".join(f"- {f}" for f in facts))
st.markdown(t("avviso.how"))
application_form_button(processes.get(database, process["id"]))
st.header(t("avviso.faq_heading"))
faq = clarifications.faq(database, process["id"])
if not faq:
    st.caption(t("avviso.faq_none"))
for n, item in enumerate(faq, start=1):
    with st.container(border=True):
        st.markdown(f"**{t('avviso.question', n=n)}** " + plain(item["question"]).replace("\n", "  \n"))
        st.markdown(f"**{t('avviso.answer')}** " + plain(item["answer"]).replace("\n", "  \n"))
        st.caption(t("avviso.published", when=i18n.when(item["published_at"], L, with_time=False)))
