"""A delegate joins a session, sees its phase, and contributes when it is open."""

import streamlit as st

from coprog import attendance, ballots, contributions, i18n, registry, taxonomy
from coprog.errors import CoprogError
from ui import state
from ui.ballot_form import ballot_tab
from ui.forms import contribution_form, typed_text
from ui.privacy import first_sign_in_notice
from ui.render import contribution_card, plain
from ui.state import lang, t

delegate = state.require_delegate()
db = state.database()
st.title(t("part.heading"))
st.markdown(t("part.you_are", name=plain(delegate["name"]), organisation=plain(delegate["organisation"])))
first_sign_in_notice(delegate)

# Joining: by the code on the projector, or by the QR link (?sessione=CODE).
linked = st.query_params.get("sessione")
if linked and not st.session_state.get("session_id"):
    try:
        session = registry.session_by_join_code(db, linked)
        registry.check_in(db, delegate, session["id"])
        st.session_state["session_id"] = session["id"]
    except CoprogError as exc:
        state.show_error(exc)

if not st.session_state.get("session_id"):
    with st.form("join_form"):
        code = st.text_input(t("part.join_label"), max_chars=12, autocomplete="off")
        joined = st.form_submit_button(t("part.join"), type="primary")
    if joined:
        try:
            session = registry.session_by_join_code(db, code)
            registry.check_in(db, delegate, session["id"])
        except CoprogError as exc:
            state.show_error(exc)
        else:
            st.session_state["session_id"] = session["id"]
            st.query_params["sessione"] = session["join_code"]  # the address now brings you back here
            st.rerun()
    st.stop()


@st.fragment(run_every="3s")
def follow_phase(session_id: int, rendered: tuple, forms_on_screen: bool) -> None:
    """Poll one cheap number; when the phase changed, redraw the page, unless a
    form is on screen: then warn, so typed text is not lost."""
    attendance.heartbeat(db, delegate["id"], session_id)  # "connected" on the projector
    version = registry.session_version(db, session_id)
    if st.session_state.get("seen_version") != version:
        st.session_state["seen_version"] = version
        current = registry.get_session(db, session_id)
        ballot_now = ballots.open_in_session(db, session_id)
        st.session_state["live_state"] = (current["current_phase_id"], tuple(current["open_types"]),
                                          ballot_now["id"] if ballot_now else None)
    if st.session_state.get("live_state", rendered) != rendered:
        if not forms_on_screen:
            st.rerun(scope="app")
        st.warning(t("part.phase_changed"), icon=":material/notifications:")
        if st.button(t("part.refresh"), icon=":material/refresh:"):
            st.session_state["shown_forms"] = []
            st.rerun(scope="app")


session = registry.get_session(db, st.session_state["session_id"])
open_types = session["open_types"]
# A form that was on screen stays until used or refreshed, so text typed while
# the facilitator closed the phase is not lost: submitting it explains why.
stale = [k for k in st.session_state.get("shown_forms", []) if k not in open_types]
form_types = open_types + stale
st.session_state["shown_forms"] = form_types
open_ballot = ballots.open_in_session(db, session["id"])
rendered = (session["current_phase_id"], tuple(open_types), open_ballot["id"] if open_ballot else None)
st.session_state["live_state"] = rendered
st.session_state["seen_version"] = session["version"]
follow_phase(session["id"], rendered, bool(form_types))

col1, col2 = st.columns([4, 1])
col1.markdown(t("part.session", title=plain(session["title"])))
col1.markdown(t("part.phase", phase=plain(taxonomy.phase_label(session["phase_name"] or "–", lang()))))
if col2.button(t("part.change_session"), icon=":material/swap_horiz:"):
    st.session_state.pop("session_id", None)
    st.session_state["shown_forms"] = []
    st.query_params.pop("sessione", None)
    st.rerun()

L = lang()
if not open_types:
    st.info(t("part.closed"), icon=":material/hourglass_top:")
else:
    st.caption(t("part.open_for", types=", ".join(taxonomy.label("contribution_type", k, L) for k in open_types)))
@st.fragment
def ballot_panel(ballot: dict) -> None:
    """The ballot reruns on its own: casting a vote does not redraw the page."""
    ballot_tab(delegate, ballot)


@st.fragment
def contribution_panel(kind: str) -> None:
    """Each form reruns on its own when sent."""
    if kind in stale:
        st.warning(t("part.phase_changed"), icon=":material/notifications:")
    st.header(t("form.need") if kind == contributions.NEED
              else t("form.proposal", type=taxonomy.label("contribution_type", kind, L)))
    if st.session_state.pop(f"saved_{kind}", False):
        st.success(t("part.saved_moderated") if session["moderated"] else t("part.saved"),
                   icon=":material/check_circle:")
    last = contributions.last_saved(db, delegate["id"], session["id"], kind)
    if last:  # from the database: true even if a confirmation was lost with the connection
        st.caption(t("part.last_saved", title=plain(last["title"]), time=i18n.when(last["created_at"], L)))
    generation = st.session_state.setdefault(f"form_gen_{kind}", 0)
    fields = contribution_form(f"new_{kind}_{generation}", kind)
    if fields is not None:
        try:
            contributions.create(db, registry.delegate_actor(delegate), session["id"], kind, fields)
        except CoprogError as exc:
            state.show_error(exc)
            if exc.key == "contribution.phase_closed":
                st.session_state["shown_forms"] = [k for k in form_types if k != kind]
                st.caption(t("part.keep_text"))
                st.code(typed_text(fields), language=None, wrap_lines=True)
        else:  # a fresh, empty form and the confirmation
            st.session_state[f"form_gen_{kind}"] = generation + 1
            st.session_state[f"saved_{kind}"] = True
            state.rerun_part()


if form_types or open_ballot:
    tabs = st.tabs([taxonomy.label("contribution_type", k, L) for k in form_types]
                   + ([t("nav.vote")] if open_ballot else []))
    if open_ballot:
        with tabs[-1]:
            ballot_panel(open_ballot)
    for tab, kind in zip(tabs, form_types):
        with tab:
            contribution_panel(kind)

st.header(t("part.others"))
others = contributions.visible(db, session["id"], limit=30)
if session["silent"]:  # a silent round: only what this delegate wrote, until the facilitator reveals
    st.info(t("silent.delegate"), icon=":material/visibility_off:")
    others = [c for c in others if c["delegate_id"] == delegate["id"]]
if not others:
    st.caption(t("part.no_others"))
for c in others:
    contribution_card(c)
