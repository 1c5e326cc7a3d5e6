"""The facilitator's console: the current phase and its switches, the timer,
the agenda, the join code and QR."""

import streamlit as st

from coprog.live import attendance, facilitation, floor
from coprog.procedure import invites, sessions
from coprog.texts import taxonomy
from ui import projector, state
from ui.clock import clock
from ui.console import act, agenda_editor, present_line, results_switch, staff_page, type_labels
from ui.editing import Editor
from ui.floor import facilitator_panel
from ui.live import pushes, rerun_when_moved
from ui.render import plain
from ui.state import lang, t

session_id = staff_page("console.heading")
database = state.database()
L = lang()
session = sessions.get_session(database, session_id)

code_col, qr_col = st.columns([2, 1])
code_col.markdown(t("console.join_code", code=session["join_code"]))
code_col.caption(t("console.qr_help"))
with code_col:

    @st.fragment
    def present() -> None:
        """The room's counters follow by themselves: pushed when they move (the fragment
        alone redraws); asked, they move with the page's watch below."""
        if pushes(("present", session_id, None)):
            rerun_when_moved(None, None, "3s", signal=("present", session_id, None), scope="fragment")
        st.caption(present_line(attendance.counts(database, session_id)))

    present()


def moved() -> tuple:
    """What the console redraws on when it asks: the floor's queue and the room's counters."""
    return floor.fingerprint(database, session_id), attendance.counts(database, session_id)


# the console follows the queue by itself: pushed the moment it moves, or asked every 2 s (one
# timed part per page: ui/live.py)
rerun_when_moved(moved, moved(), "2s", signal=("floor", session_id, None))
qr_col.image(
    projector.qr_png(invites.session_link(session["join_code"], state.base_url())),  # drawn once per link
    width=240,
    caption=t("console.qr_alt", code=session["join_code"]),
    alt=t("console.qr_alt", code=session["join_code"]),
)

phases = sessions.phases(database, session_id)
current = next((p for p in phases if p["id"] == session["current_phase_id"]), None)
st.header(t("console.current"))
if current is None:
    st.info(t("part.no_phase"))
else:
    st.subheader(plain(taxonomy.phase_label(current["name"], L)))
    state_line = [
        t("console.is_open") if current["contributions_open"] else t("console.is_closed"),
        t("console.voting_is_open") if current["voting_open"] else t("console.voting_is_closed"),
        t("console.results_shown") if session["show_results"] else t("console.results_hidden"),
    ]
    st.caption(" · ".join([type_labels(current["contribution_types"]) or t("console.no_types"), *state_line]))
    c1, c2, c3 = st.columns(3)
    if current["contribution_types"]:
        opening = not current["contributions_open"]
        if c1.button(
            t("console.open") if opening else t("console.close"),
            type="primary" if opening else "secondary",
            icon=":material/edit_note:",
        ):
            act(
                facilitation.set_contributions_open,
                current["id"],
                opening,
                done="done.facilitation.contributions_" + ("opened" if opening else "closed"),
            )
    c2.page_link(
        "pages/votazioni.py",
        icon=":material/how_to_vote:",
        label=t("console.close_voting") if current["voting_open"] else t("console.open_voting"),
    )
    silent = bool(current["silent"])
    if st.button(
        t("console.reveal") if silent else t("console.silent"),
        icon=":material/visibility_off:",
        type="primary" if silent else "secondary",
        help=t("console.silent_help"),
    ):
        act(
            facilitation.set_silent,
            current["id"],
            not silent,
            done=f"done.facilitation.silent_{'off' if silent else 'on'}",
        )
    if silent:
        st.caption(t("console.silent_on"))
    reacting = st.toggle(
        t("console.reactions_open"), value=bool(current["reactions_open"]), help=t("console.reactions_help")
    )
    if reacting != bool(current["reactions_open"]):
        act(
            facilitation.set_reactions_open,
            current["id"],
            reacting,
            done=f"done.facilitation.reactions_{'open' if reacting else 'closed'}",
        )
    results_switch(session_id, bool(session["show_results"]), c3)
    views = list(facilitation.BOARD_VIEWS)
    view = st.segmented_control(
        t("console.board_view"),
        views,
        default=session["board_view"],
        format_func=lambda v: t(f"view.{v}"),
        key=f"view_{session_id}",
    )
    if view and view != session["board_view"]:
        act(facilitation.set_board_view, session_id, view)

facilitator_panel(database, session_id)

st.header(t("console.timer"))
clock(session, "##")  # counts down like the projector's, from the same stored state
t1, t2, t3, t4 = st.columns([2, 1, 1, 1])
minutes = t1.number_input(
    t("console.minutes"), min_value=1, max_value=240, value=max(1, session["timer_seconds"] // 60 or 10), step=1
)
if t2.button(t("console.timer_set"), icon=":material/timer:"):
    act(facilitation.timer_set, session_id, minutes, said={"minutes": minutes})
if facilitation.timer_running(session):
    if t3.button(t("console.timer_pause"), icon=":material/pause:"):
        act(facilitation.timer_pause, session_id)
elif t3.button(t("console.timer_start"), icon=":material/play_arrow:", disabled=not session["timer_seconds"]):
    act(facilitation.timer_start, session_id)
if t4.button(t("console.timer_reset"), icon=":material/restart_alt:"):
    act(facilitation.timer_reset, session_id)

st.header(t("console.phases"))
for phase in phases:
    is_current = phase["id"] == session["current_phase_id"]
    c1, c2 = st.columns([4, 1])
    c1.markdown(("▶ " if is_current else "") + plain(f"{phase['position']}. " + taxonomy.phase_label(phase["name"], L)))
    if not is_current and c2.button(t("console.set_current"), key=f"cur_{phase['id']}"):
        act(
            facilitation.set_current_phase,
            session_id,
            phase["id"],
            done="done.facilitation.set_current_phase" + ("_open" if phase["contribution_types"] else ""),
            said={"phase": taxonomy.phase_label(phase["name"], L)},
        )
with st.expander(t("agenda.heading")):
    agenda_editor(session_id)
with st.expander(t("console.notes")):
    notes_editor = Editor(f"notes_{session_id}", {"notes": session.get("notes") or ""}, sessions.NOTES)
    notes_editor.notice()
    with st.form("notes"):
        notes = st.text_area(t("console.notes_label"), key=notes_editor.key("notes"), height=180, max_chars=20000)
        if st.form_submit_button(t("form.save")):
            act(sessions.set_notes, session_id, notes, editor=notes_editor)
