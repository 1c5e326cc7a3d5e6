"""The clocks: the phase's countdown (the facilitator's console and the projector
draw it from the same stored state, coprog/live/facilitation.py) and the
speaker's turn (coprog/live/floor.py). The page draws where the clock stands and
whether it runs; the browser turns the seconds itself, so nothing on the server
runs every second.

Not a fragment with ``run_every``: a timed fragment beside a watch that reruns
the page made Streamlit 1.67's browser code throw «Cannot set a node at a delta
path» and leave the projector white (reproduced in a minimal app: a
``run_every`` fragment that calls ``st.rerun(scope="app")`` racing another
``run_every`` fragment). When what the clock shows moves (set, started, paused,
a new speaker), the session's version moves and the page is drawn again."""

from __future__ import annotations

from coprog.live import facilitation, floor
from ui import runtime
from ui.components import Component
from ui.state import t

# The clock's script and style: coprog/assets/clock.js, clock.css (loaded once per page).
_ticker = Component("clock", js="clock.js", css="clock.css")


def _mm_ss(seconds: float) -> str:
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{rest:02d}"


def _draw(key: str, heading: str, line: str, *, seconds: float, running: bool, up: bool, limit: int | None) -> None:
    _ticker(
        key=key,
        data={
            "level": max(1, min(6, len(heading))),
            "line": line,
            "seconds": seconds,
            "running": running,
            "up": up,
            "limit": limit,
            "over": t("floor.over"),
        },
    )


def clock(session: dict, heading: str = "#") -> None:
    """The phase's remaining time as a heading (``#`` on the projector, ``##`` on
    the console), from the session the page read for this run."""
    if not session["timer_seconds"]:
        return
    _draw(
        f"{runtime.CLOCK}_{session['id']}",
        heading,
        "{clock}",
        seconds=facilitation.timer_remaining(session),
        running=facilitation.timer_running(session),
        up=False,
        limit=None,
    )


def speaker_timer(current: dict, heading: str = "#") -> None:
    """The speaker's turn: the time spoken of the limit, «Tempo scaduto» past it."""
    line = t("floor.timer", elapsed="{clock}", limit=_mm_ss(current["limit_seconds"]))
    _draw(
        f"{runtime.CLOCK}_floor",
        heading,
        line,
        seconds=floor.elapsed(current),
        running=True,
        up=True,
        limit=current["limit_seconds"],
    )
