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

import streamlit as st

from coprog.live import facilitation, floor
from ui import runtime
from ui.state import t

_JS = """
export default function ({ data, parentElement }) {
  const box = parentElement;
  if (box.__coprogStop) box.__coprogStop();
  const since = performance.now();  // the browser's own clock: no skew with the server's
  const two = (n) => String(n).padStart(2, "0");
  const show = (s) => {
    const whole = data.up ? Math.floor(s) : Math.round(s);
    const minutes = Math.floor(whole / 60);
    return (data.up ? String(minutes) : two(minutes)) + ":" + two(whole % 60);
  };
  let heading = box.querySelector("[data-coprog-clock]");
  if (!heading || heading.tagName !== "H" + data.level) {
    if (heading) heading.remove();  // only the heading: the component's style sheet sits beside it
    heading = document.createElement("h" + data.level);
    heading.dataset.coprogClock = "1";
    heading.className = "coprog-clock";
    const icon = document.createElement("span");
    icon.setAttribute("role", "img");
    icon.setAttribute("aria-label", "timer icon");
    icon.className = "coprog-clock-icon";
    icon.style.fontFamily = '"Material Symbols Rounded"';  // over the headings' own font
    icon.textContent = "timer";  // a ligature of Streamlit's own Material font, served by the app
    const text = document.createElement("span");
    text.className = "coprog-clock-text";
    const over = document.createElement("strong");
    over.className = "coprog-clock-over";
    heading.append(icon, " ", text, over);
    box.append(heading);
  }
  const text = heading.querySelector(".coprog-clock-text");
  const over = heading.querySelector(".coprog-clock-over");
  const draw = () => {
    const passed = data.running ? (performance.now() - since) / 1000 : 0;
    const seconds = data.up ? data.seconds + passed : Math.max(0, data.seconds - passed);
    text.textContent = data.line.replace("{clock}", show(seconds));
    over.textContent = data.limit !== null && seconds > data.limit ? " · " + data.over : "";
  };
  draw();
  const timer = data.running ? setInterval(draw, 250) : null;  // a quarter second: the figure turns with the second
  box.__coprogStop = () => clearInterval(timer);
  return box.__coprogStop;
}
"""

_CSS = """
.coprog-clock { margin: 0; padding: 0.5rem 0; font-weight: 700; line-height: 1.2; }
h1.coprog-clock { font-size: 2.75rem; }
h2.coprog-clock { font-size: 2.25rem; }
h3.coprog-clock { font-size: 1.75rem; }
h4.coprog-clock { font-size: 1.5rem; }
.coprog-clock-icon {
  font-weight: 400; font-style: normal; font-size: 0.9em;
  line-height: 1; vertical-align: -0.1em; display: inline-block; white-space: nowrap; direction: ltr;
  -webkit-font-feature-settings: "liga"; font-feature-settings: "liga"; user-select: none;
}
"""

_ticker = st.components.v2.component(runtime.CLOCK, js=_JS, css=_CSS, isolate_styles=False)


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
