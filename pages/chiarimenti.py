"""Organisers answer the requests for clarification (coprog/procedure/clarifications.py):
arrived by PEC or typed here, each on time or late against the percorso's deadline;
an answer published becomes a FAQ on the public avviso page, without the asker's name."""

import datetime as dt

import streamlit as st

from coprog.procedure import clarifications
from coprog.texts import i18n
from ui import presses, state
from ui.console import act, act_once, organiser_page
from ui.editing import Editor
from ui.forms import legend, required
from ui.render import plain
from ui.state import lang, t, tn

process = organiser_page("nav.clarifications")
database = state.database()
L = lang()
deadline = process.get("clarification_deadline")
st.caption(t("clar.intro"))
st.markdown(t("clar.deadline", when=i18n.local_when(deadline, L)) if deadline else t("clar.no_deadline"))

items = clarifications.listing(database, process["id"])
published = sum(1 for c in items if c["published_at"])
st.header(tn("clar.heading", len(items)))
st.caption(tn("clar.published", published))
for c in items:
    status = (
        t("clar.status.published")
        if c["published_at"]
        else t("clar.status.answered")
        if c["answer"]
        else t("clar.status.open")
    )
    late = "" if c["on_time"] else " · " + t("clar.late")
    source = t(f"clar.source.{c['source']}")
    with st.container(border=True):
        st.markdown(f"**{i18n.local_when(c['asked_at'], L)}** · {source}{late} · {status}")
        if c["sender"]:
            st.caption(t("clar.sender", who=plain(c["sender"])))
        st.markdown(plain(c["question"]).replace("\n", "  \n"))
        answer_editor = Editor(
            f"clar_{c['id']}",
            {"answer": c["answer"] or ""},
            clarifications.ANSWER,
            keys={"answer": f"clar_answer_{c['id']}"},
        )
        answer_editor.notice()
        with st.form(f"clar_{c['id']}"):
            reply = st.text_area(t("clar.answer_label"), max_chars=5000, key=answer_editor.key("answer"))
            a, b = st.columns(2)
            if a.form_submit_button(t("clar.publish"), type="primary", icon=":material/public:"):
                act(
                    clarifications.answer,
                    process["id"],
                    c["id"],
                    reply,
                    publish=True,
                    done="done.clarifications.publish",
                    editor=answer_editor,
                )
            if b.form_submit_button(t("clar.save"), icon=":material/save:"):
                act(clarifications.answer, process["id"], c["id"], reply, publish=False, editor=answer_editor)

st.header(t("clar.add_heading"))
with presses.form("clar_add") as form:
    legend()
    question = st.text_area(required(t("field.question")), max_chars=5000)
    c1, c2 = st.columns(2)
    day = c1.date_input(required(t("clar.asked_day")), value=dt.date.today(), format="DD/MM/YYYY")
    hour = c2.time_input(required(t("clar.asked_time")), value=dt.time(9, 0), step=dt.timedelta(minutes=5))
    act_once(
        form.submit_button(t("clar.add_do"), icon=":material/add:"),
        clarifications.ask, process["id"], question, dt.datetime.combine(day, hour),
        untouched=lambda: not question.strip(),
    )  # fmt: skip
