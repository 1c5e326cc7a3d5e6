"""The projector: a 16:9 screen read from 10 metres. Session, phase, timer,
join QR and code, live counters and the board of the phase; or, for the
plenary, all working tables together. Redraws only when something changed."""

import streamlit as st

from coprog.ballots import ballots, groups, tallying
from coprog.contributions import consolidation
from coprog.live import attendance, facilitation, live, tallies
from coprog.procedure import invites, sessions
from coprog.reading import analysis
from coprog.texts import taxonomy
from ui import ballot_results, frame, lan, opinion, projector, state
from ui.clock import clock
from ui.console import pick_session
from ui.floor import projector_band
from ui.live import rerun_when_moved
from ui.render import plain
from ui.state import lang, t, tn

actor = state.require_staff()
database = state.database()
L = lang()
projector.hide_chrome()
with st.expander(t("projector.settings"), key="projector_settings", on_change="rerun"):  # stays open over redraws
    frame.process_picker(st, key="projector_process")
    session_id = pick_session(actor, allow_all=True)
    st.caption(t("projector.fullscreen"))


@st.cache_data(max_entries=32, show_spinner=False)
def cached_board(path: str, session_id, version: int, language: str) -> dict:
    return analysis.board(database, process_id, session_id)


@st.cache_data(max_entries=8, show_spinner=False)
def cached_opinion(path: str, session_id: int, version: int) -> dict:
    """The session's opinion reading, once per version of the session."""
    return groups.reading(database, process_id, session_id)


def board_view(session) -> str:
    """The facilitator's choice of chart; the plenary of all tables rotates."""
    return session["board_view"] if session else "auto"


def slot(session) -> str:
    return projector.slot(board_view(session))


process_id = state.current_process()["id"]
version = tallies.board_version(database, session_id, process_id=process_id)
session = sessions.get_session(database, session_id) if session_id else None
drawn_slot = slot(session)


def drawn_state() -> tuple:
    """What the screen depends on: the board's version and the rotation's slot."""
    return tallies.board_version(database, session_id, process_id=process_id), slot(
        sessions.get_session(database, session_id) if session_id else None
    )


# what it shows is pushed the moment it moves, and redrawn when the rotation's slot turns (or asked every 2 s)
rerun_when_moved(
    drawn_state,
    (version, drawn_slot),
    every="2s",
    signal=("board", session_id, process_id),
    turn_in=projector.next_turn(board_view(session)),
)
counts = attendance.counts(database, session_id, process_id=process_id)
counters = tallies.board_counters(database, session_id, process_id=process_id)
if session is None:  # the plenary: every working table together
    st.title(t("projector.all_tables"))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("board.organisations"), counts["organisations"])
    c2.metric(t("projector.connected"), counts["connected"])
    c3.metric(t("board.contributions"), counters["contributions"])
    for s in sessions.sessions(database, process_id):
        sc = tallies.board_counters(database, s["id"])
        st.markdown(
            f"**{plain(s['title'])}** · {plain(taxonomy.phase_label(s['phase_name'] or '', L))} · "
            + t(
                "projector.table_line",
                organisations=tn("count.organisations", sc["organisations"]),
                contributions=tn("count.contributions", sc["contributions"]),
            )
        )
    if facilitation.silent_sessions(database, process_id):
        st.info(t("silent.projector"), icon=":material/visibility_off:")
    else:
        projector.needs_view(
            None, version, drawn_slot, L, cached_board(str(database.path), None, version, L), database, process_id
        )
    st.stop()

head, side = st.columns([3, 1])
with head:
    st.title(plain(session["title"]))
    st.header(plain(taxonomy.phase_label(session["phase_name"] or "", L)))
    clock(session)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("board.organisations"), counts["organisations"])
    c2.metric(t("projector.connected"), counts["connected"])
    c3.metric(t("board.contributions"), counters["contributions"])
    ballot = ballots.latest_in_session(database, session_id)
    lists = consolidation.counts(database, session_id)
    view = live.projector_view(session, ballot, drawn_slot, bool(lists))  # the decision: coprog/live/live.py
    turnout = tallying.turnout(database, ballot["id"]) if live.phase_ballot(session, ballot) else None
    c4.metric(t("projector.votes"), turnout["voted"] if turnout else "–")
    projector_band(database, session_id)
    if view in ("turnout", "turnout_live"):
        st.markdown(
            "## "
            + tn("vote.turnout", turnout["voted"], eligible=turnout["eligible"], unit=t(f"unit.{turnout['unit']}"))
        )
        if view == "turnout_live":
            ballot_results.show(tallying.results(database, ballot["id"]), "projector", static=True, big=True)
    elif view == "frozen":
        ballot_results.show(ballots.snapshot(database, ballot["id"]), "projector", static=True, big=True)
    elif view == "silent":  # a silent round: counts only, until the facilitator reveals
        st.info(t("silent.projector"), icon=":material/visibility_off:")
    elif view == "needs":
        projector.needs_view(
            session_id, version, drawn_slot, L, cached_board(str(database.path), session_id, version, L),
            database, process_id,
        )  # fmt: skip
    elif view == "list":
        projector.contribution_list(projector.latest(database, session_id, sessions.phase_types(session)[0]))
    elif view == "hidden":
        st.info(t("projector.results_hidden"))
    elif view == "opinion":
        st.markdown("## " + t("projector.opinion_heading"))
        opinion.show(
            cached_opinion(str(database.path), session_id, version),
            bool(state.current_process()["opinion_names"]),
            "projector",
            big=True,
        )
    elif view == "consolidated":
        projector.consolidated_lists(consolidation.items(database, session_id))
with side:
    lan.base_url_warning()
    st.image(
        projector.qr_png(invites.session_link(session["join_code"], state.base_url())),
        width="stretch",
        caption=t("console.qr_alt", code=session["join_code"]),
        alt=t("console.qr_alt", code=session["join_code"]),
    )
    st.markdown(f"# {session['join_code']}")
