"""The trust list on the organisers' PEC page (coprog/procedure/trustlists.py):
the authorities loaded, each with the file it came from and the period it was
qualified, and the upload of the EU list of the lists with national lists, or
of an authority's certificate."""

from __future__ import annotations

import streamlit as st

from coprog.procedure import intake
from coprog.texts.errors import CoprogError
from ui import feedback, state
from ui.render import text_table
from ui.state import t, tn


def _granted(anchor: dict) -> str:
    """The period its national list says the authority was qualified («–»: a
    certificate loaded as it is)."""
    start, end = (anchor["granted_from"] or "")[:10], (anchor["granted_until"] or "")[:10]
    if end:
        return t("pec.granted_between", start=start, end=end)
    return t("pec.granted_since", start=start) if start else "–"


def trust_section(database) -> bool:
    """Draw the section; whether a trust list is loaded."""
    st.header(t("pec.trust_heading"))
    anchors = intake.trust_list(database)
    if anchors:
        st.caption(tn("pec.trust_loaded", len(anchors)))
        with st.expander(t("pec.trust_list")):
            text_table(
                [
                    {
                        t("pec.col.subject"): a["subject"],
                        t("pec.col.source"): a["source"],
                        t("pec.col.not_after"): a["not_after"][:10],
                        t("pec.col.granted"): _granted(a),
                    }
                    for a in anchors
                ]
            )
    else:
        st.warning(t("pec.trust_none"), icon=":material/gpp_maybe:")
    with st.form("pec_trust", clear_on_submit=True):
        trust_files = st.file_uploader(
            t("pec.trust_upload"),
            type=["xml", "pem", "crt", "cer", "der"],
            accept_multiple_files=True,
            help=t("pec.trust_upload_help"),
        )
        if st.form_submit_button(t("pec.trust_do"), icon=":material/verified_user:") and trust_files:
            try:
                files = [(f.name, f.getvalue()) for f in trust_files]
                added = intake.load_trust(database, state.staff_actor(), files)
            except CoprogError as exc:
                feedback.show_error(exc)
            else:
                st.session_state["staff_flash"] = tn("pec.trust_added", added)
                st.rerun()
    return bool(anchors)
