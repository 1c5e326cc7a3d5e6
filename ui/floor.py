"""The floor on screen: the delegate's button (ask, withdraw, «Hai la parola»),
the facilitator's queue and timer, the projector's band (who speaks, who is
next, the turn's time). The rules and the order are in coprog/live/floor.py."""

from __future__ import annotations

import streamlit as st

from coprog.live import floor
from coprog.procedure import delegates
from coprog.texts import vocabulary
from coprog.texts.errors import CoprogError
from ui import feedback
from ui.clock import speaker_timer
from ui.console import act
from ui.render import plain
from ui.state import t


def delegate_panel(database, delegate: dict, session_id: int) -> None:
    """Ask for the floor, see one's place, withdraw; told when called."""
    actor = delegates.delegate_actor(delegate)
    mine = floor.mine(database, session_id, delegate["id"])
    error = st.session_state.pop("floor_error", None)

    def run(fn) -> None:
        try:
            fn(database, actor, session_id)
        except CoprogError as exc:
            st.session_state["floor_error"] = exc

    with st.container(key="floor_panel"):
        if mine and mine["status"] == vocabulary.SPEAKING:
            st.success(t("floor.your_turn"), icon=":material/record_voice_over:")
        elif mine:
            st.info(t("floor.waiting", place=mine["place"]), icon=":material/front_hand:")
            st.button(t("floor.withdraw"), key="floor_withdraw", on_click=run, args=(floor.withdraw,))
        else:
            st.button(t("floor.ask"), key="floor_ask", icon=":material/front_hand:", on_click=run, args=(floor.ask,))
        if error:
            feedback.show_error(error)


def facilitator_panel(database, session_id: int) -> None:
    """The queue in calling order, the speaker with the turn's time, the rules."""
    st.header(t("floor.heading"))  # the console's page redraws it when the queue moves (pages/conduzione.py)
    current = floor.speaker(database, session_id)
    waiting = floor.queue(database, session_id)
    if current:
        st.markdown(
            "### "
            + t("floor.speaking", name=plain(current["delegate"] or ""), organisation=plain(current["organisation"]))
        )
        speaker_timer(current, "####")
        if st.button(t("floor.end"), icon=":material/stop_circle:", key="floor_end"):
            act(floor.end_turn, session_id)
    if st.button(
        t("floor.call_next"),
        type="primary",
        icon=":material/record_voice_over:",
        disabled=not waiting,
        key="floor_next",
    ):
        act(floor.call, session_id)
    st.subheader(t("floor.queue", n=len(waiting)))
    if not waiting:
        st.caption(t("floor.queue_empty_note"))
    for n, request in enumerate(waiting, start=1):
        c1, c2 = st.columns([4, 1])
        first = "" if request["spoke_before"] else f" · :green-badge[{t('floor.first_time')}]"
        c1.markdown(f"{n}. **{plain(request['delegate'] or '')}** · {plain(request['organisation'])}{first}")
        if c2.button(t("floor.call"), key=f"floor_call_{request['id']}"):
            act(floor.call, session_id, request["id"])
    st.caption(t("floor.turns_done", n=len(floor.turns(database, session_id))))
    rules = floor.settings(database, session_id)
    with st.expander(t("floor.save")), st.form("floor_rules"):
        minutes = st.number_input(
            t("floor.limit_minutes"), min_value=0.5, max_value=30.0, step=0.5, value=rules["floor_limit"] / 60
        )
        first_timers = st.toggle(t("floor.first_timers"), value=bool(rules["floor_first_timers"]))
        if st.form_submit_button(t("form.save")):
            act(floor.configure, session_id, round(minutes * 60), first_timers)


def projector_band(database, session_id: int) -> None:
    """Who speaks (with the turn's time) and who is next, when there is either."""
    current = floor.speaker(database, session_id)
    waiting = floor.queue(database, session_id)
    if not current and not waiting:
        return
    with st.container(border=True, key="floor_band"):
        if current:
            st.markdown(
                "## :material/record_voice_over: "
                + t(
                    "floor.speaking", name=plain(current["delegate"] or ""), organisation=plain(current["organisation"])
                )
            )
            speaker_timer(current, "###")
        if waiting:
            names = ", ".join(f"{plain(r['delegate'] or '')} ({plain(r['organisation'])})" for r in waiting[:3])
            st.markdown("### " + t("floor.next", names=names))
