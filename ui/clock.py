"""One clock: the facilitator's console and the projector draw the countdown
from the same stored state (coprog/live/facilitation.py), every second, each in its
own small fragment (nothing else on the page reruns)."""

from __future__ import annotations

import streamlit as st

from coprog.live import facilitation
from coprog.procedure import sessions
from ui import state


@st.fragment(run_every="1s")
def clock(session_id: int, heading: str = "#") -> None:
    """The remaining time as a heading (``#`` on the projector, ``##`` on the console)."""
    session = sessions.get_session(state.database(), session_id)
    if not session["timer_seconds"]:
        return
    # a Material icon from Streamlit's own font: an emoji would need emoji fonts the venue's PC may lack
    st.markdown(f"{heading} :material/timer: {facilitation.format_clock(facilitation.timer_remaining(session))}")
