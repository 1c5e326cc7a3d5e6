"""A delegate joins a session and follows it live: the phase, the ballot (first
on the page while open), the results once revealed, the forms of what the
phase collects, the session's contributions. Each is a fragment that reruns
only when its part changed (ui/live.py)."""

import streamlit as st

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions
from coprog.live import attendance, live
from coprog.procedure import delegates, sessions
from coprog.texts import i18n, taxonomy
from coprog.texts.errors import CoprogError
from ui import ballot_results, feedback, live_list, reactions, state
from ui.ballot_form import ballot_tab
from ui.floor import delegate_panel
from ui.forms import TYPED_FIELDS, contribution_form, has_typed_text, typed_text
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
        for key in ("session_id", "shown_forms", "drawn_forms", "open_form", "forms_default"):
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


def send(kind: str, fields: dict) -> None:
    """The form's submit callback: store; the run the button starts anyway
    (this form's fragment) draws the form fresh with the confirmation (asking
    for it with ``st.rerun`` would cut that run short for a second one). The
    new contribution is in the list at once: the answer has the list's script
    fetch it (ui/live_list.refresh), or, in a silent round and with reactions
    open, the list's fragment reruns too, as before."""
    session = current()
    try:
        contributions.create(database, delegates.delegate_actor(delegate), session_id, kind, fields)
    except CoprogError as exc:
        st.session_state[f"form_error_{kind}"] = exc
        if exc.key == "contribution.phase_closed":
            st.session_state[f"form_keep_{kind}"] = typed_text(fields)
    else:
        st.session_state[f"form_gen_{kind}"] = st.session_state.get(f"form_gen_{kind}", 0) + 1
        st.session_state[f"saved_{kind}"] = "saved_moderated" if session["moderated"] else "saved"
        if session["silent"] or session["reactions_open"]:
            st.rerun([f"form_{kind}", "live_list"])
        st.session_state[f"list_due_{kind}"] = current()["contents_version"]


def form_key(kind: str) -> str:
    return f"new_{kind}_{st.session_state.get(f'form_gen_{kind}', 0)}"


def contribution_panel(kind: str, closed: bool) -> None:
    @st.fragment(key=f"form_{kind}")
    def panel() -> None:
        st.header(
            t("form.need")
            if kind == contributions.NEED
            else t("form.proposal", type=taxonomy.label("contribution_type", kind, L))
        )
        if closed:
            st.warning(t("part.form_closed"), icon=":material/notifications:")
            if st.button(t("part.close_form"), key=f"close_{kind}"):
                st.session_state["shown_forms"] = [k for k in st.session_state.get("shown_forms", []) if k != kind]
                for field in TYPED_FIELDS:  # its text goes with it
                    st.session_state.pop(f"{form_key(kind)}_{field}", None)
                st.rerun(scope="app")
        last = contributions.last_saved(database, delegate["id"], session_id, kind)
        if last:  # from the database: true even if a confirmation was lost with the connection
            st.caption(t("part.last_saved", title=plain(last["title"]), time=i18n.when(last["created_at"], L)))
        error = st.session_state.pop(f"form_error_{kind}", None)
        contribution_form(
            form_key(kind), kind, on_submit=lambda fields: send(kind, fields), messages=feedback.field_messages(error)
        )
        saved = st.session_state.pop(f"saved_{kind}", None)
        kept = st.session_state.pop(f"form_keep_{kind}", None)
        due = st.session_state.pop(f"list_due_{kind}", None)
        with feedback.answer(f"form_{kind}", bool(saved or error)):  # right under «Invia», in view
            if saved:
                st.success(t(f"part.{saved}"), icon=":material/check_circle:")
            if due is not None:
                live_list.refresh(session_id, due)
            if error:
                st.error(feedback.summary(error), icon=":material/error:")
            if kept:
                st.caption(t("part.keep_text"))
                st.code(kept, language=None, wrap_lines=True)

    panel()


@st.fragment(key="live_forms")
def forms() -> None:
    """A form per type the phase collects, the first open one selected when
    the phase changes. A form on screen when its collection closes stays,
    marked (in its tab's label too), if the delegate typed in it, so nothing
    typed is lost: sending it says why it was not saved and gives the text
    back to copy; "Chiudi il modulo" removes it."""
    open_types = current()["open_types"]
    shown = st.session_state.get("shown_forms", [])
    # what the delegate typed: sent fields the page knows, and text not sent yet that the browser reported
    reported = st.session_state.get("typed_forms") or {}
    typed = {k for k in shown if has_typed_text(form_key(k))} | set(reported)
    form_types, stale = live.forms_on_screen(shown, open_types, typed)
    for kind in stale:  # the kept form shows the text the browser reported, whatever the tabs' redraw did
        for field, text in reported.get(kind, {}).items():
            if not st.session_state.get(f"{form_key(kind)}_{field}"):
                st.session_state[f"{form_key(kind)}_{field}"] = text
    st.session_state["shown_forms"] = form_types
    if not form_types:
        return
    # Only the forms the delegate has opened are drawn (the selected one at the
    # start): a form is a third of a page run. A form once drawn stays drawn,
    # so text typed in it survives a switch to another tab.
    labels = [
        t("part.tab_closed", type=taxonomy.label("contribution_type", k, L))
        if k in stale
        else taxonomy.label("contribution_type", k, L)
        for k in form_types
    ]
    tabs = st.tabs(
        labels, on_change="rerun", default=live.tabs_default(labels, form_types, st.session_state, open_types)
    )
    drawn = set(st.session_state.get("drawn_forms", []))
    for tab, kind in zip(tabs, form_types):
        if tab.open:
            st.session_state["open_form"] = kind
            drawn.add(kind)
        if kind in drawn:
            with tab:
                contribution_panel(kind, kind in stale)
    st.session_state["drawn_forms"] = [k for k in form_types if k in drawn]


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
forms()
contribution_list()
follow(delegate["id"], session_id, seen)
