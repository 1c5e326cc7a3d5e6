"""Organisers read the percorso's PEC box into the procedure (coprog/procedure/intake.py):
the modello di domanda to publish, the trust list, the messages handed over as files
(.eml, .zip, mbox) or read from the box over IMAPS, one verdict per message listed
before anything is stored, then stored; the stored PEC with their original files."""

import streamlit as st

from coprog.hosting import imap
from coprog.procedure import intake, pec
from coprog.texts import i18n
from coprog.texts.errors import CoprogError
from ui import feedback, state
from ui.console import organiser_page
from ui.downloads import application_form_button
from ui.render import label_plain, plain, text_table
from ui.state import lang, t, tn
from ui.trust import trust_section

process = organiser_page("nav.inbox")
database = state.database()
L = lang()
KEY = f"pec_verdicts_p{process['id']}"
st.caption(t("pec.intro"))


def reason_text(reason) -> str:
    key, params = reason
    if key == "pec.form_field":
        return i18n.problem(params["field"], params["key"], params["params"], L)
    return t(key, **params)


def outcome_label(verdict: intake.Verdict) -> str:
    if verdict.already:
        return t("pec.outcome.already")
    return t(f"pec.outcome.{verdict.outcome or verdict.category}")


st.header(t("pec.form_heading"))
st.caption(t("pec.form_help"))
application_form_button(process)
trusted = trust_section(database)

st.header(t("pec.read_heading"))
# with a trust list, the signers' revocation may be looked up too (the office's internet)
revocation = trusted and st.checkbox(t("pec.revocation"), key="pec_revocation", help=t("pec.revocation_help"))
box = state.pec_mailbox()
incoming: list[pec.Incoming] | None = None
with st.form("pec_files", clear_on_submit=True):
    uploads = st.file_uploader(
        t("pec.upload"), type=["eml", "zip", "mbox", "mbx"], accept_multiple_files=True, help=t("pec.upload_help")
    )
    if st.form_submit_button(t("pec.examine_files"), icon=":material/mark_email_read:") and uploads:
        incoming, problems = [], []
        for upload in uploads:
            try:
                incoming += pec.from_upload(upload.name, upload.getvalue())
            except pec.Unreadable as exc:
                problems.append(t(exc.key, **exc.params))
        for problem in problems:
            st.error(problem, icon=":material/error:")
if box is None:
    st.caption(t("pec.no_mailbox"))
else:
    st.caption(t("pec.mailbox", where=plain(box.label)))
    if st.button(t("pec.examine_box"), icon=":material/inbox:"):
        try:
            fetched = imap.fetch(box)
        except imap.MailboxUnreachable as exc:
            feedback.show_error(exc)
        else:
            incoming = [pec.Incoming(f"IMAP {uid}", raw or b"", too_big=raw is None) for uid, raw in fetched]
if incoming is not None:
    st.session_state[KEY] = intake.assess(database, process["id"], incoming, revocation=revocation)

verdicts: list[intake.Verdict] | None = st.session_state.get(KEY)
if verdicts is not None:
    st.subheader(tn("pec.verdicts_heading", len(verdicts)))
    counted = intake.counts(verdicts)
    st.markdown(" · ".join(f"{t(f'pec.outcome.{k}')}: **{n}**" for k, n in sorted(counted.items())))
    text_table(
        [
            {
                t("pec.col.time"): v.official_at.replace("T", " "),
                t("pec.col.from_subject"): f"{v.sender} — {v.subject}",
                t("pec.col.outcome"): outcome_label(v),
                t("pec.col.ets"): v.fields.get("denominazione", ""),
                t("pec.col.signature"): (t(v.signature) + (f" ({v.signer_name})" if v.signer_name else ""))
                if v.signature
                else "",
                t("pec.col.reasons"): "; ".join(reason_text(r) for r in [*v.reasons, *v.notes]),
            }
            for v in verdicts
        ]
    )
    accepted = [v for v in verdicts if v.category == intake.PEC_APPLICATION and v.fields and not v.already]
    if accepted:
        with st.expander(t("pec.fields_heading")):
            for v in accepted:
                st.markdown(f"**{plain(v.fields.get('denominazione') or v.source)}** — {outcome_label(v)}")
                text_table([{t("pec.col.field"): k, t("pec.col.value"): val} for k, val in v.fields.items() if val])
    storable = [v for v in verdicts if v.storable]
    c1, c2 = st.columns(2)
    if storable and c1.button(tn("pec.record_do", len(storable)), type="primary", icon=":material/save:"):
        try:
            done = intake.record(database, state.staff_actor(), process["id"], verdicts)
        except CoprogError as exc:
            feedback.show_error(exc)
        else:
            st.session_state.pop(KEY, None)
            st.session_state["staff_flash"] = t(
                "pec.recorded",
                accepted=done["accettata"],
                refused=done["respinta"],
                superseded=done["sostituita"],
                questions=done["chiarimento"],
                already=done["already"],
            )
            st.rerun()
    if not storable:
        st.caption(t("pec.nothing_to_record"))
    if c2.button(t("pec.clear"), icon=":material/close:"):
        st.session_state.pop(KEY, None)
        st.rerun()

st.header(t("pec.stored_heading"))
stored = intake.messages(database, process["id"])
if not stored:
    st.caption(t("pec.stored_none"))
else:
    text_table(
        [
            {
                t("pec.col.time"): m["official_at"].replace("T", " "),
                t("pec.col.sender"): m["sender"],
                t("pec.col.kind"): t(f"pec.kind.{m['kind']}"),
                t("pec.col.outcome"): t(f"pec.outcome.{m['verdict']}"),
                t("pec.col.ets"): m["organisation"] or "",
                t("pec.col.reasons"): "; ".join(reason_text(r) for r in m["reasons"]),
            }
            for m in stored
        ]
    )
    chosen = st.selectbox(
        t("pec.files_of"),
        stored,
        index=None,
        format_func=lambda m: label_plain(f"{m['official_at'].replace('T', ' ')} · {m['sender']} · {m['subject']}"),
        placeholder=t("pec.files_pick"),
    )
    if chosen:
        st.caption(t("pec.identifier", identifier=plain(chosen["identifier"]), source=plain(chosen["source"])))
        for f in intake.files(database, process["id"], chosen["id"]):
            name, content = intake.original(database, process["id"], f["id"])
            st.download_button(
                t(
                    "pec.file_download",
                    role=t(f"pec.role.{f['role']}"),
                    name=label_plain(name),
                    kb=max(1, f["size"] // 1024),
                ),
                content,
                file_name=name,
                key=f"pec_file_{f['id']}",
                help=t("pec.file_hash", sha=f["sha256"]),
                icon=":material/download:",
            )
