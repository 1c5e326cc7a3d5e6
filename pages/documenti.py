"""Documents and open data: minutes (verbale), attendance registers, the
synthesis document with the organisers' texts, open-data exports, backup."""

import streamlit as st

from coprog.procedure import sessions
from coprog.records import documents, drafts, opendata, records, sintesi, verifica
from coprog.storage import backup
from ui import documents as documents_ui
from ui import state
from ui.console import act, organiser_page, url_tabs
from ui.editing import Editor
from ui.organiser import XLSX, follow_built, prepared, stamp
from ui.state import t

process = organiser_page("doc.heading")
database = state.database()
every_session = {s["id"]: s for s in sessions.sessions(database, process["id"])}
titles = {i: s["title"] for i, s in every_session.items()}


def session_file(kind: str, session_id: int | None, ext: str) -> str:
    """What and which session, in the file's name: «verbale_tavolo-2_2026-03-12.docx»."""
    if session_id is None:
        return f"{kind}_{documents_ui.file_stem(process['title'])}.{ext}"
    s = every_session[session_id]
    return f"{kind}_{documents_ui.file_stem(s['title'])}" + (f"_{s['date']}" if s["date"] else "") + f".{ext}"


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


tab_v, tab_r, tab_s, tab_o = url_tabs([t("doc.minutes"), t("doc.registers"), t("doc.synthesis"), t("doc.open_data")])
with tab_v:
    session_id = st.selectbox(t("board.session"), list(titles), format_func=titles.get, key="doc_session")
    st.caption(t("doc.notes_hint"))
    prepared(
        f"verbale_{session_id}",
        "DOCX",
        lambda: documents.verbale_docx(records.minutes(database, session_id)),
        session_file("verbale", session_id, "docx"),
        DOCX,
    )
    prepared(
        f"verbale_html_{session_id}",
        t("doc.print_view"),
        lambda: documents.verbale_html(records.minutes(database, session_id)),
        session_file("verbale", session_id, "html"),
        "text/html",
    )

with tab_r:
    choice = st.selectbox(
        t("board.session"),
        [None, *titles],
        key="reg_session",
        format_func=lambda s: titles[s] if s else t("doc.whole_process"),
    )
    prepared(
        f"reg_xlsx_{choice}",
        "XLSX",
        lambda: documents.register_xlsx(database, choice, process_id=process["id"]),
        session_file("registro-presenze", choice, "xlsx"),
        XLSX,
    )
    prepared(
        f"reg_pdf_{choice}",
        "PDF",
        lambda: documents.register_pdf(database, choice, process_id=process["id"]),
        session_file("registro-presenze", choice, "pdf"),
        "application/pdf",
    )

with tab_s:
    texts = sintesi.texts(database, process["id"])
    st.caption(t("doc.version", version=texts["version"]))
    written = ("premessa", "open_questions", "codesign", "conclusioni")
    editor = Editor(
        f"synthesis_{process['id']}", texts, sintesi.TEXTS, texts=written, labels={f: t(f"doc.{f}") for f in written}
    )
    editor.notice()
    with st.form("synthesis"):
        premessa = st.text_area(t("doc.premessa"), height=160, max_chars=50000, key=editor.key("premessa"))
        open_questions = st.text_area(
            t("doc.open_questions"), height=100, max_chars=50000, key=editor.key("open_questions")
        )
        codesign = st.text_area(t("doc.codesign"), height=100, max_chars=50000, key=editor.key("codesign"))
        conclusioni = st.text_area(t("doc.conclusioni"), height=120, max_chars=50000, key=editor.key("conclusioni"))
        order = st.multiselect(
            t("doc.order"),
            list(sintesi.SECTIONS),
            format_func=sintesi.SECTION_TITLES.get,
            help=t("doc.order_help"),
            select_all=False,
            key=editor.key("order"),
        )
        if st.form_submit_button(t("form.save"), type="primary"):
            act(
                sintesi.save_texts,
                process["id"],
                premessa=premessa,
                conclusioni=conclusioni,
                open_questions=open_questions,
                codesign=codesign,
                order=order,
                editor=editor,
            )
    st.caption(t("doc.charts_note"))
    st.header(t("doc.check_heading"))
    st.caption(t("doc.check_help"))
    checked = f"sintesi_check_{process['id']}"
    if st.button(t("doc.check_run"), icon=":material/fact_check:", key="check_sintesi"):
        with st.spinner(t("doc.check_running")):
            at, version = stamp(checked)
            st.session_state[checked] = (verifica.check(database, process["id"]), at, version)
    if checked in st.session_state:
        report, at, version = st.session_state[checked]
        documents_ui.check_report(report, at, version)
        documents_ui.edition_downloads(report, f"documento-di-sintesi_{process['title']}")
    number = len(drafts.finals(database, process["id"])) + 1
    st.caption(t("doc.publish_final_help"))
    if st.button(t("doc.publish_final", number=number), icon=":material/publish:", key="publish_final"):
        with st.spinner(t("doc.check_running")):
            documents_ui.publish_final(process["id"], checked)
    documents_ui.finals(process["id"], process["title"])

with tab_o:
    st.caption(t("doc.open_data_help"))
    prepared("od_xlsx", "XLSX", lambda: opendata.to_xlsx(database, process["id"]), "dati_aperti.xlsx", XLSX)
    prepared(
        "od_csv",
        "CSV (zip)",
        lambda: opendata.to_csv_zip(database, process["id"]),
        "dati_aperti_csv.zip",
        "application/zip",
    )
    prepared("od_json", "JSON", lambda: opendata.dumps(database, process["id"]), "dati_aperti.json", "application/json")
    st.header(t("doc.backup"))
    st.caption(t("doc.backup_help"))

    def backup_bytes() -> bytes:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            return backup.backup(database, Path(tmp) / "copia.db").read_bytes()

    prepared("backup", t("doc.backup"), backup_bytes, "coprog-copia.db", "application/octet-stream")

follow_built()  # a document built here says it is out of date the moment it is
