"""Organisers send the procedure's mail from the app (coprog/records/outbox.py):
prepare a kind of message (outcomes, invitations, the draft, the answers), read
the queue's preview, send it through the Comune's relay, read the log with the
server's answers, send the refused again, put back the ones to check."""

import streamlit as st

from coprog.records import outbox
from coprog.texts import i18n, vocabulary
from ui import state
from ui.console import act, organiser_page
from ui.render import label_plain, plain, text_table
from ui.state import lang, t, tn

process = organiser_page("nav.mail")
database = state.database()
L = lang()
relay = state.mail_relay()
st.caption(t("mail.intro"))
if relay is None:
    st.warning(t("mail.no_relay"), icon=":material/warning:")
else:
    st.caption(t("mail.relay", where=plain(relay.where), sender=plain(relay.sender)))


def prepared(result: dict) -> str:
    said = t("mail.prepared", queued=result["queued"], already=result["already"])
    if result["without_address"]:
        said += "\n\n" + t("mail.without_address", names=plain(", ".join(result["without_address"])))
    return said


st.header(t("mail.prepare_heading"))
with st.form("mail_prepare"):
    kind = st.radio(
        t("mail.kind_label"), vocabulary.MAIL_KINDS, format_func=lambda k: t(f"mail.kind.{k}"), horizontal=True
    )
    st.caption(t("mail.prepare_help"))
    if st.form_submit_button(t("mail.prepare_do"), icon=":material/outbox:"):
        act(
            outbox.prepare,
            process["id"],
            kind,
            base_url=state.base_url(),
            relay=relay,
            done="mail.prepared_kind",
            said={"kind": t(f"mail.kind.{kind}")},
            more=lambda r: "\n\n".join(
                [t("mail.prepared", queued=r["queued"], already=r["already"])]
                + (
                    [t("mail.without_address", names=plain(", ".join(r["without_address"])))]
                    if r["without_address"]
                    else []
                )
            ),
        )

queued = outbox.messages(database, process["id"], vocabulary.MAIL_QUEUED)
st.header(t("mail.queue_heading", n=len(queued)))
if not queued:
    st.caption(t("mail.queue_empty"))
else:
    for m in queued[:50]:
        with st.expander(label_plain(f"{m['recipient_label']} <{m['recipient']}> · {m['subject']}")):
            st.markdown(plain(m["body"]).replace("\n", "  \n"))
            if m["attachment_name"]:
                st.caption(t("mail.attachment", name=plain(m["attachment_name"])))
    if len(queued) > 50:
        st.caption(t("mail.queue_more", n=len(queued) - 50))
    if st.button(
        tn("mail.send_do", len(queued)), type="primary", icon=":material/send:", disabled=relay is None, key="mail_send"
    ):
        with st.spinner(t("mail.sending")):
            act(
                outbox.send,
                process["id"],
                relay,
                done="mail.sent",
                more=lambda r: t(
                    "mail.sent_counts",
                    sent=r["sent"],
                    refused=r["refused"],
                    uncertain=r["uncertain"],
                    skipped=r["skipped"],
                ),
            )

outbox.settle(database, process["id"])  # a batch cut short by a restart shows «to check» at once
every = outbox.messages(database, process["id"])
st.header(t("mail.log_heading"))
if not every:
    st.caption(t("mail.log_empty"))
else:
    counts = outbox.counts(database, process["id"])
    st.caption(" · ".join(f"{t(f'mail.status.{s}')}: {n}" for s, n in counts.items() if n))
    text_table(
        [
            {
                t("mail.col.kind"): t(f"mail.kind.{m['kind']}"),
                t("mail.col.recipient"): f"{m['recipient_label']} <{m['recipient']}>",
                t("mail.col.status"): t(f"mail.status.{m['status']}"),
                t("mail.col.attempts"): m["attempts"],
                t("mail.col.answer"): m["server_answer"],
                t("mail.col.when"): i18n.when(m["sent_at"] or m["queued_at"], L),
            }
            for m in every
        ]
    )
    if counts[vocabulary.MAIL_REFUSED] and st.button(
        t("mail.retry_do", n=counts[vocabulary.MAIL_REFUSED]), icon=":material/replay:", key="mail_retry"
    ):
        act(outbox.retry, process["id"], done="mail.retried", said={"n": counts[vocabulary.MAIL_REFUSED]})
    uncertain = [m for m in every if m["status"] == vocabulary.MAIL_UNCERTAIN]
    if uncertain:
        st.warning(t("mail.uncertain_help"), icon=":material/help:")
        with st.form("mail_uncertain"):
            chosen = st.multiselect(
                t("mail.uncertain_pick"),
                [m["id"] for m in uncertain],
                format_func=lambda i: next(f"{m['recipient']} · {m['subject']}" for m in uncertain if m["id"] == i),
                placeholder=t("form.choose"),
                select_all=False,
            )
            if st.form_submit_button(t("mail.requeue_do")) and chosen:
                act(outbox.requeue_uncertain, process["id"], chosen, done="mail.retried", said={"n": len(chosen)})
