"""The documento di sintesi on the organisers' page: the pre-publication
check's report (coprog/records/verifica.py), the editions it checked for download,
publishing the definitive version and the versions published."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coprog.records import drafts, verifica
from coprog.texts import i18n
from coprog.texts.errors import CheckFailed, CoprogError
from ui import feedback, state
from ui.organiser import stamp, up_to_date_notice
from ui.state import t, tn

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
}


def file_stem(title: str) -> str:
    """A file name part from a title: «Tavolo 2 – Nord» -> «tavolo-2-nord»."""
    import re
    import unicodedata

    flat = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", flat).strip("-")[:60] or "documento"


def check_report(report: verifica.Report, at: str, version: int) -> None:
    """The check's verdict and, when it found something, every finding (as text);
    a publication just refused says so first, and a check older than the
    percorso's last change (``version``: the one it read) says that before its
    verdict."""
    refused = st.session_state.pop("sintesi_refused", None)
    if refused is not None:
        feedback.show_error(refused)
    up_to_date_notice(version, stale=t("doc.check_stale", time=at))
    if report.ok:
        st.success(t("doc.check_ok", facts=report.facts, at=at), icon=":material/verified:")
        return
    st.error(tn("doc.check_problems", len(report.findings), at=at), icon=":material/block:")
    st.dataframe(
        pd.DataFrame(
            [
                {t("doc.col.kind"): verifica.KINDS[f.kind], t("doc.col.where"): f.where, t("doc.col.detail"): f.detail}
                for f in report.findings
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def edition_downloads(report: verifica.Report, stem: str) -> None:
    """The files the check read back, per edition: what is downloaded is what was checked."""
    for edition in ("pubblica", "interna"):
        formats = [fmt for (ed, fmt) in report.files if ed == edition]
        if not formats:
            continue
        st.subheader(t(f"doc.edition.{edition}"))
        columns = st.columns(len(formats))
        for column, fmt in zip(columns, formats):
            column.download_button(
                t("doc.download_file", fmt=fmt.upper()),
                report.files[(edition, fmt)],
                file_name=f"{file_stem(stem)}_{edition}.{fmt}",
                mime=MIME[fmt],
                key=f"sintesi_{edition}_{fmt}",
                icon=":material/download:",
            )


def publish_final(process_id: int, checked_key: str) -> None:
    """Publish the definitive version; a refusal shows the check's findings."""
    stamp_before = stamp(checked_key)  # the refusal's report stands for the check made now
    try:
        found = drafts.publish_final(state.database(), state.staff_actor(), process_id)
    except CheckFailed as exc:  # the report takes the place of the last one, with the refusal above it
        st.session_state[checked_key] = (exc.report, *stamp_before)
        st.session_state["sintesi_refused"] = exc
        st.rerun()
    except CoprogError as exc:
        feedback.show_error(exc)
        return
    st.session_state["staff_flash"] = t("doc.published_final", number=found["number"])
    st.rerun()


def finals(process_id: int, title: str) -> None:
    """The definitive versions published, each downloadable as it was published."""
    database = state.database()
    published = drafts.finals(database, process_id)
    if not published:
        return
    st.subheader(t("doc.finals"))
    for row in reversed(published):
        st.caption(
            t(
                "doc.final_line",
                number=row["number"],
                published=i18n.when(row["published_at"], state.lang()),
                sha=row["sha256"],
            )
        )
        columns = st.columns(3)
        for column, fmt in zip(columns, ("pdf", "docx", "html")):
            column.download_button(
                t("doc.download_file", fmt=fmt.upper()),
                drafts.final_file(database, row["id"], fmt),
                file_name=f"{file_stem(title)}_definitivo-{row['number']}.{fmt}",
                mime=MIME[fmt],
                key=f"final_{row['id']}_{fmt}",
                icon=":material/download:",
            )
