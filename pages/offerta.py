"""A delegate declares the services their ETS runs for domiciliarità (a form
that works on a phone) and sees each one's status; any delegate of the ETS may
withdraw one (coprog/reading/offer.py)."""

import streamlit as st

from coprog.procedure import delegates
from coprog.reading import offer
from coprog.texts.errors import CoprogError
from ui import feedback, presses, state
from ui import offer as offer_ui
from ui.render import plain
from ui.state import t

delegate = state.require_delegate()
database = state.database()
actor = delegates.delegate_actor(delegate)
st.title(t("offer.heading"))
st.caption(t("offer.intro"))
flash = st.session_state.pop("offer_flash", None)
if flash == "offer.withdrawn_done":  # a withdrawal answers at the top, where the list of services is
    st.success(t(flash), icon=":material/check_circle:")

st.header(t("offer.ours"))
ours = offer.services(
    database,
    delegate["process_id"],
    statuses=("nuovo", "approvato", "nascosto"),
    organisation_id=delegate["organisation_id"],
)
if ours.empty:
    st.info(t("offer.none_yet"))
for service in ours.to_dict("records"):
    offer_ui.card(service)
    if st.button(t("offer.withdraw"), key=f"withdraw_{service['id']}", icon=":material/delete:"):
        try:
            offer.withdraw(database, actor, service["id"])
        except CoprogError as exc:
            feedback.show_error(exc)
        else:
            st.session_state["offer_flash"] = "offer.withdrawn_done"
            st.rerun()

st.header(t("offer.new"))
form_key = f"service_{st.session_state.get('services_sent', 0)}"  # a fresh form after each declaration
fields, press = offer_ui.service_form(form_key)
refused = None


def declare() -> None:
    offer.declare(database, actor, fields)
    st.session_state["services_sent"] = st.session_state.get("services_sent", 0) + 1
    st.session_state["offer_flash"] = "offer.declared"
    st.rerun()


if press:  # once: the second click of a double click declares nothing (ui/presses.py)
    try:
        press.act(declare, untouched=lambda: presses.blank(fields))
    except CoprogError as exc:
        refused = exc
with feedback.answer("service", bool(refused or flash == "offer.declared")):  # right under the button, in view
    if refused is not None:
        st.error(feedback.summary(refused), icon=":material/error:")
        for message in feedback.field_messages(refused).values():
            st.caption(plain(message))
    if flash == "offer.declared":
        st.success(t(flash), icon=":material/check_circle:")
