"""Organisers publish versions of the draft sintesi for the ETS' observations
(version number, deadline) and answer each observation; the next version
lists them all with the answers in its annex (coprog/records/drafts.py)."""

import datetime as dt

import streamlit as st

from coprog.records import drafts
from coprog.texts import i18n, vocabulary
from coprog.texts.errors import CheckFailed, CoprogError
from ui import feedback, state
from ui.console import act, organiser_page
from ui.documents import check_report
from ui.editing import Editor
from ui.render import plain
from ui.state import lang, t, tn

process = organiser_page("nav.observations")
database = state.database()
L = lang()
versions = drafts.versions(database, process["id"])
received = drafts.observations(database, process["id"])
next_version = (versions[-1]["version"] if versions else 0) + 1

st.header(t("draft.publish_heading"))
st.caption(t("draft.publish_help"))
waiting = sum(1 for r in received if not r["answer"])
if waiting:
    st.warning(tn("draft.unanswered", waiting), icon=":material/pending_actions:")
with st.form("publish_draft"):
    c1, c2 = st.columns(2)
    day = c1.date_input(t("draft.deadline_date"), value=dt.date.today() + dt.timedelta(days=14), format="DD/MM/YYYY")
    hour = c2.time_input(t("draft.deadline_time"), value=dt.time(23, 59))
    if st.form_submit_button(t("draft.publish", version=next_version), type="primary", icon=":material/publish:"):
        with st.spinner(t("doc.check_running")):
            try:
                drafts.publish(database, state.staff_actor(), process["id"], dt.datetime.combine(day, hour))
            except CheckFailed as exc:  # the pre-publication check found something: show what
                feedback.show_error(exc)
                check_report(exc.report, i18n.clock(L))
            except CoprogError as exc:
                feedback.show_error(exc)
            else:
                st.session_state["staff_flash"] = t("console.done")
                st.rerun()

if versions:
    st.header(t("draft.versions"))
    for v in reversed(versions):
        c1, c2, c3 = st.columns([4, 1, 1])
        c1.markdown(
            t(
                "draft.version_line",
                version=v["version"],
                published=i18n.when(v["published_at"], L),
                deadline=i18n.when(v["deadline"], L),
                n=v["observations"],
            )
        )
        c2.download_button(
            "DOCX",
            drafts.docx_of(database, v["id"]),
            file_name=f"bozza-sintesi-v{v['version']}.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key=f"draft_docx_{v['id']}",
            help=t("draft.download"),
        )
        pdf = drafts.pdf_of(database, v["id"])
        if pdf:
            c3.download_button(
                "PDF",
                pdf,
                file_name=f"bozza-sintesi-v{v['version']}.pdf",
                mime="application/pdf",
                key=f"draft_pdf_{v['id']}",
                help=t("draft.download_pdf"),
            )


def answer_form(row: dict) -> None:
    """The organisers' answer to one observation (an editor: a version saved meanwhile is not overwritten)."""
    answer_editor = Editor(
        f"observation_answer_{row['id']}",
        {"answer": row["answer"], "reason": row["reason"] or ""},
        drafts.ANSWER,
        texts=("reason",),
    )
    answer_editor.notice()
    with st.form(f"answer_{row['id']}"):
        outcome = st.radio(
            t("field.answer"),
            vocabulary.ANSWERS,
            index=None,
            format_func=lambda a: t(f"answer.{a}"),
            horizontal=True,
            key=answer_editor.key("answer"),
        )
        reason = st.text_area(t("field.reason"), max_chars=vocabulary.OBSERVATION_MAX, key=answer_editor.key("reason"))
        if st.form_submit_button(t("draft.answer")):
            act(drafts.answer, row["id"], outcome, reason, editor=answer_editor)


if received:
    st.header(t("draft.observations"))
for row in received:
    head = t("draft.observation_head", version=row["version"], section=row["section"], organisation=row["organisation"])
    with st.container(border=True, key=f"observation_{row['id']}"):
        st.markdown(f"**{plain(head)}** · :gray[{i18n.when(row['created_at'], L)}]")
        st.text(row["text"])
        if row["answer"]:
            st.markdown(t("draft.answer_line", answer=t(f"answer.{row['answer']}"), reason=plain(row["reason"])))
        # drawn only while open: an editor for each of hundreds of observations would cost every run
        answering = st.expander(t("draft.answer"), key=f"answering_{row['id']}", on_change="rerun")
        if answering.open:
            with answering:
                answer_form(row)
