"""A delegate joins a session and follows it live: the phase, the ballot (first
on the page while open), the results once revealed, the forms of what the
phase collects, the session's contributions. Each is a fragment that reruns
only when its part changed (ui/live.py)."""

import streamlit as st

from coprog.ballots import ballots, tallying
from coprog.live import attendance, live
from coprog.procedure import sessions
from coprog.texts import i18n, taxonomy
from coprog.texts.errors import CoprogError
from ui import ballot_results, contribute, feedback, live_list, reactions, state
from ui.ballot_form import ballot_tab
from ui.floor import delegate_panel
from ui.live import follow, held_until_open
from ui.privacy import first_sign_in_notice
from ui.render import plain
from ui.state import lang, t

delegate = state.require_delegate()
database = state.database()
st.title(t("part.heading"))
st.markdown(t("part.you_are", name=plain(delegate["name"]), organisation=plain(delegate["organisation"])))
first_sign_in_notice(delegate)


def join(code: str) -> None:
    """Check in to the session of ``code`` (the one on the projector, or the QR
    link's ``?sessione=CODE``); a refusal is shown with the join form. As the
    form's callback it runs before the page, so the page drawn next is already
    the session's (one run, not two)."""
    try:
        session = sessions.session_by_join_code(database, code)
        attendance.check_in(database, delegate, session["id"])
    except CoprogError as exc:
        st.session_state["join_error"] = exc
    else:
        st.session_state["session_id"] = session["id"]
        st.query_params["sessione"] = session["join_code"]  # the address now brings you back here


linked = st.query_params.get("sessione")
if linked and not st.session_state.get("session_id"):
    join(linked)

if not st.session_state.get("session_id"):
    with st.form("join_form"):
        st.text_input(t("part.join_label"), max_chars=12, autocomplete="off", key="join_code")
        st.form_submit_button(
            t("part.join"), type="primary", on_click=lambda: join(st.session_state.get("join_code", ""))
        )
    error = st.session_state.pop("join_error", None)
    if error:
        feedback.show_error(error)
    st.stop()

session_id = st.session_state["session_id"]
seen = live.fingerprints(database, session_id)  # before drawing: a change meanwhile shows at the next turn
if seen is None:  # the session was deleted meanwhile: choose again
    st.session_state.pop("session_id", None)
    st.query_params.pop("sessione", None)
    st.rerun()
L = lang()


def current() -> dict:
    return sessions.get_session(database, session_id)


@st.fragment(key="live_status")
def status() -> None:
    """Session, phase, what it collects."""
    session = current()
    col1, col2 = st.columns([4, 1])
    col1.markdown(t("part.session", title=plain(session["title"])))
    col1.markdown(t("part.phase", phase=plain(taxonomy.phase_label(session["phase_name"] or "–", L))))
    if col2.button(t("part.change_session"), icon=":material/swap_horiz:"):
        for key in ("session_id", "shown_forms"):
            st.session_state.pop(key, None)
        st.query_params.pop("sessione", None)
        st.rerun()
    if not session["open_types"]:
        st.info(t("part.closed"), icon=":material/hourglass_top:")
    else:
        st.caption(
            t(
                "part.open_for",
                types=", ".join(taxonomy.label("contribution_type", k, L) for k in session["open_types"]),
            )
        )


@st.fragment(key="live_floor")
def floor_panel() -> None:
    """Ask for the floor (and withdraw); told when called (coprog/live/floor.py)."""
    delegate_panel(database, delegate, session_id)


@st.fragment(key="live_ballot")
def ballot() -> None:
    """The open ballot, announced (a banner, the tab's title) and first on the
    page; a vote reruns only its answer (ui/ballot_form.cast_here)."""
    open_ballot = ballots.open_in_session(database, session_id)
    st.set_page_config(page_title=t("part.ballot_title", title=t("app.title")) if open_ballot else t("app.title"))
    shown = open_ballot or ballots.prepared_in_session(database, session_id)
    if shown:
        with held_until_open(shown["id"], prepared=open_ballot is None):
            st.warning(t("part.ballot_open"), icon=":material/how_to_vote:")
            with st.container(border=True):
                ballot_tab(delegate, shown)
                if not shown["show_live"]:
                    st.caption(t("vote.results_hidden"))


@st.fragment(key="live_results")
def results() -> None:
    """Live results while voting (if the facilitator turned them on), the frozen
    snapshot once the ballot is closed and revealed."""
    session = current()
    latest = ballots.latest_in_session(database, session_id)
    view = live.results_view(latest, bool(session["show_results"]), session["current_phase_id"])
    if view == "live":
        ballot_results.show(tallying.results(database, latest["id"]), f"live_{latest['id']}", audience="delegate")
    elif view == "frozen":
        st.header(t("res.title"))
        st.caption(t("part.results_frozen", time=i18n.when(latest["closed_at"], L)))
        ballot_results.show(ballots.snapshot(database, latest["id"]), f"frozen_{latest['id']}", audience="delegate")
    elif view == "wait":
        st.info(
            t("part.ballot_closed", time=i18n.when(latest["closed_at"], L)) + " " + t("part.results_wait"),
            icon=":material/lock_clock:",
        )


@st.fragment(key="live_list")
def contribution_list() -> None:
    with st.container(key="contribution_list"):
        contribution_cards()


def contribution_cards() -> None:
    session = current()
    if session["reactions_open"] and not session["silent"]:  # the same list, with a reaction per item
        reactions.cards(database, delegate, session_id)
        return
    st.header(t("part.others"))
    silent = bool(session["silent"])
    if silent:  # a silent round: only what this delegate wrote, until the facilitator reveals
        st.info(t("silent.delegate"), icon=":material/visibility_off:")
    live_list.show(delegate["id"], session_id)  # drawn by the page's script, refreshed by the watch
    if not silent:
        st.page_link("pages/tabellone.py", label=t("part.board_link"), icon=":material/monitoring:")


status()
floor_panel()
ballot()
results()
contribute.forms(database, delegate, session_id)
contribution_list()
follow(delegate["id"], session_id, seen)
