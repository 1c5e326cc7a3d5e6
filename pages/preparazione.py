"""Organisers prepare the process: the percorso (and its life: current,
closed, archived; the demo deleted), its sessions, the applications of the ETS
(import with a preview of errors, or one by one), admission, invitations."""

import streamlit as st

from coprog import demo
from coprog.procedure import importer, invites, processes, sessions
from coprog.texts import i18n, vocabulary
from coprog.texts.errors import CoprogError
from ui import downloads, feedback, lan, state
from ui.admission import add_organisation_form, admission
from ui.console import act, import_panel, organiser_page, url_tabs
from ui.editing import Editor
from ui.firstrun import demo_button, new_process_form
from ui.organiser import follow_built, prepared, session_fields, session_form, session_widgets
from ui.process_form import process_form
from ui.process_form import widgets as process_widgets
from ui.render import label_plain, plain
from ui.state import lang, t, tn

process = organiser_page("prep.heading")
actor = state.staff_actor()
database = state.database()
L = lang()
percorso_sessions = sessions.sessions(database, process["id"])

if not percorso_sessions:  # right after the first-run page: the first session comes next
    st.info(t("prep.first_session"), icon=":material/event:")
    session_form("first_session", process["id"])

tab_p, tab_s, tab_i, tab_a, tab_inv = url_tabs(
    [t("org.process"), t("org.sessions"), t("prep.import"), t("prep.admission"), t("prep.invites")]
)
with tab_p:
    st.header(plain(process["title"]))
    st.caption(t(f"process.status.{process['status']}") + (" · DEMO" if process["is_demo"] else ""))
    settings = Editor(
        f"process_{process['id']}",
        process,
        processes.EDITABLE,
        texts=("title", "description", "privacy_text"),
        widgets=process_widgets(process),
    )
    settings.notice()
    fields = process_form("process", submit_label=t("form.save"), editor=settings)
    if fields is not None:
        act(processes.update, process["id"], **fields, editor=settings)
    st.header(t("process.life"))
    c1, c2, c3 = st.columns(3)
    if c1.button(t("process.make_current"), help=t("process.make_current_help")):
        act(processes.set_current, process["id"])
    if process["status"] == vocabulary.RUNNING and c2.button(t("process.close"), help=t("process.close_help")):
        act(processes.close, process["id"])
    if process["status"] == vocabulary.CLOSED:
        if c2.button(t("process.reopen")):
            act(processes.reopen, process["id"])
        if c3.button(t("process.archive"), help=t("process.archive_help")):
            act(processes.archive, process["id"])
    if process["closed_at"]:
        st.caption(t("process.retention_until", day=i18n.when(processes.retention_ends(process), L, with_time=False)))
    if process["is_demo"]:
        with st.expander(t("process.delete_demo"), icon=":material/delete:"):
            st.caption(t("process.delete_demo_help"))
            with st.form("delete_demo"):
                confirm = t("process.delete_demo_confirm", title=label_plain(process["title"]))
                typed = st.text_input(confirm, max_chars=200)
                if st.form_submit_button(t("process.delete_demo_do")):
                    try:
                        processes.delete_demo(database, actor, process["id"], typed)
                    except CoprogError as exc:
                        feedback.show_error(exc)
                    else:
                        state.choose_process(None)
                        st.session_state["staff_flash"] = t("process.demo_deleted")
                        st.rerun()
    if not demo.demo_exists(database):
        with st.expander(t("firstrun.demo"), icon=":material/science:"):
            demo_button()
    with st.expander(t("process.new"), icon=":material/add:"):
        new_process_form("new_process")

with tab_s:
    for s in percorso_sessions:
        heading = f"{s['title']} · {t('kind.' + s['kind'])} · {i18n.when(s['date'], L, with_time=False)}"
        with st.expander(plain(heading), key=f"session_details_{s['id']}"):  # stays open when its title changes
            details = Editor(f"session_{s['id']}", s, sessions.DETAILS, texts=("title", "theme", "place"),
                             widgets=session_widgets(s))  # fmt: skip
            details.notice()
            with st.form(f"session_{s['id']}"):
                fields = session_fields(details)
                if st.form_submit_button(t("form.save")):
                    act(sessions.update_session, s["id"], **fields, said={"title": fields["title"]}, editor=details)
    st.caption(t("prep.facilitators_hint"))
    if percorso_sessions:
        session_form("new_session", process["id"])

with tab_i:
    st.caption(t("prep.import_help"))
    import_panel(
        importer,
        process["id"],
        key="upload",
        label=t("prep.file"),
        button=t("prep.import_do"),
        ready=lambda r: t(
            "prep.import_ready",
            organisations=tn("count.ets", r.organisations),
            delegates=tn("count.delegates", r.delegates),
        ),
        done=lambda r: tn("prep.imported", r.organisations),
    )

    add_organisation_form(process["id"])

with tab_a:
    admission(process["id"])

with tab_inv:
    lan.base_url_warning()
    rows = invites.invite_rows(database, process["id"], state.base_url())
    st.caption(tn("prep.invites_count", len(rows)))
    c1, c2, c3 = st.columns(3)
    c1.download_button("CSV", invites.to_csv(rows), file_name="inviti.csv", mime="text/csv", icon=":material/download:")
    cards_title = t("prep.cards_title")
    c2.download_button(  # a QR per invite: built once per content (ui/downloads.py), not at every run
        t("prep.cards_html"),
        downloads.invite_cards(rows, cards_title),
        file_name="inviti.html",
        mime="text/html",
        icon=":material/print:",
    )
    with c3:
        prepared(
            "inviti_pdf",
            t("prep.cards_pdf"),
            lambda: invites.to_pdf(rows, t("prep.cards_title")),
            "inviti.pdf",
            "application/pdf",
        )

follow_built()  # the invites prepared here say they are out of date the moment they are
