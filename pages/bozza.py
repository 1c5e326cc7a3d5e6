"""A delegate reads the published draft of the documento di sintesi by section
and sends observations for their ETS until the deadline; the answers show
here as the organisers give them (coprog/records/drafts.py)."""

import streamlit as st

from coprog.procedure import delegates
from coprog.records import drafts
from coprog.texts import i18n
from coprog.texts.errors import CoprogError
from ui import feedback, presses, state
from ui.render import plain
from ui.state import lang, t

delegate = state.require_delegate()
database = state.database()
L = lang()
draft = drafts.latest(database, delegate["process_id"])
if draft is None:
    st.title(t("nav.draft"))
    st.info(t("draft.none"))
    st.stop()
st.title(t("draft.heading", version=draft["version"]))
deadline = i18n.when(draft["deadline"], L)
is_open = drafts.is_open(draft)
if is_open:
    st.info(t("draft.open_until", deadline=deadline), icon=":material/rate_review:")
else:
    st.warning(t("draft.closed_at", deadline=deadline), icon=":material/lock_clock:")
st.download_button(
    t("draft.download"),
    drafts.docx_of(database, draft["id"]),
    file_name=f"bozza-sintesi-v{draft['version']}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    icon=":material/download:",
)
pdf = drafts.pdf_of(database, draft["id"])
if pdf:
    st.download_button(
        t("draft.download_pdf"),
        pdf,
        file_name=f"bozza-sintesi-v{draft['version']}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
    )
flash = st.session_state.pop("draft_flash", None)
if flash:
    st.success(t(flash), icon=":material/check_circle:")


def send(section_id: int) -> bool:
    """Store the observation; False when refused (the press does not count, ui/presses.py)."""
    try:
        drafts.observe(
            database, delegates.delegate_actor(delegate), section_id, st.session_state.get(f"obs_{section_id}", "")
        )
    except CoprogError as exc:
        st.session_state[f"obs_error_{section_id}"] = exc
        return False
    else:
        st.session_state["draft_flash"] = "draft.sent"
        st.session_state[f"obs_{section_id}"] = ""
        return True


for section in drafts.sections(database, draft["id"]):
    with st.expander(plain(section["title"])):
        st.text(section["body"] or "—")  # the published text, as text
        if is_open:
            with st.form(f"observe_{section['id']}"):
                st.text_area(  # the label names our own chapter heading (not typed text): unescaped, as read aloud
                    t("draft.observe_label", section=section["title"]), max_chars=2000, key=f"obs_{section['id']}"
                )
                presses.submit_button(  # a double click sends one observation (ui/presses.py)
                    f"observe_{section['id']}",
                    t("draft.send"),
                    on_click=send,
                    args=(section["id"],),
                    untouched=lambda sid=section["id"]: not (st.session_state.get(f"obs_{sid}") or "").strip(),
                    echo=lambda: st.session_state.update(draft_flash="draft.sent"),
                )
        error = st.session_state.pop(f"obs_error_{section['id']}", None)
        if error:
            feedback.show_error(error)

mine = drafts.of_organisation(database, draft["id"], delegate["organisation_id"])
if mine:
    st.header(t("draft.yours"))
    for row in mine:
        with st.container(border=True):
            st.markdown(f"**{plain(row['section'])}** · :gray[{i18n.when(row['created_at'], L)}]")
            st.text(row["text"])
            if row["answer"]:
                st.markdown(t("draft.answer_line", answer=t(f"answer.{row['answer']}"), reason=plain(row["reason"])))
            else:
                st.caption(t("draft.no_answer"))
