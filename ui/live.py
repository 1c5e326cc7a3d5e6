"""The participant page follows the session by itself: a few lines of script in
the browser listen to ``/vivo/TOKEN/flusso``, where the server pushes the parts'
fingerprints the moment they move (coprog/live/push.py), or, when a proxy holds
that stream back or ``COPROG_LIVE=poll``, ask ``/vivo/TOKEN`` every 1.5 s
(coprog/live/live.py, no page run); when a part's fingerprint moved they tell
the page which parts, and only those fragments rerun. A prepared ballot is
already on the page, hidden: when it opens, the script shows it, no rerun at all.
Typed text in the forms is never touched by a change elsewhere. No script from
outside: the code is in coprog/assets/watch.js, served by this server."""

from __future__ import annotations

import json

import streamlit as st

from coprog import config
from coprog.live import live, push
from coprog.procedure import access
from ui import runtime, state
from ui.components import Component
from ui.forms import TYPED_FIELDS
from ui.state import t

BALLOT_BOX = "ballot_box_"  # the key of the ballot's box, and its number: hidden while prepared (held_until_open)

# Each part of coprog/live/live.py is one keyed fragment of pages/partecipa.py.
FRAGMENTS = {
    "status": "live_status",
    "forms": "live_forms",
    "ballot": "live_ballot",
    "results": "live_results",
    "votes": "live_results",
    "list": "live_list",
    "floor": "live_floor",
}

# The watch's script: coprog/assets/watch.js (loaded once per page, pyproject.toml says where).
_watcher = Component("watch", js="watch.js")


def _changed(key: str) -> None:
    """The browser says which parts moved: rerun only their fragments (the
    whole page when the delegate may no longer take part)."""
    value = st.session_state.get(key) or {}
    try:
        said = json.loads(value.get("changed") or "{}")
    except ValueError:
        said = {}
    # the text typed in each form at that moment (kind -> field -> text), for a form whose collection closed
    st.session_state["typed_forms"] = {
        str(kind): {f: str(v)[:2000] for f, v in fields.items() if f in TYPED_FIELDS}
        for kind, fields in (said.get("typed") or {}).items()
        if isinstance(fields, dict)
    }
    parts = {str(p) for p in said.get("parts") or []}
    keys = sorted({FRAGMENTS[p] for p in parts if p in FRAGMENTS})
    if "access" in parts or not keys:
        st.rerun()
    st.rerun(keys)


_signal = Component("signal", js="signal.js")  # coprog/assets


def _signal_said(key: str, scope: str) -> None:
    said = st.session_state.get(key) or {}
    if said.get("poll"):
        st.session_state[f"{key}_poll"] = True  # a proxy holds the stream back: this tab asks instead
        st.rerun(scope="app")  # the page is drawn again with its poll
    if said.get("moved") and scope == "app":
        st.rerun(scope="app")


def _signal_key(signal: tuple) -> str:
    return f"{runtime.SIGNAL}_{'_'.join(str(v) for v in signal)}"


def pushes(signal: tuple) -> bool:
    """Whether this tab is told of ``signal``'s moves (else it asks)."""
    return config.live_push() and not st.session_state.get(f"{_signal_key(signal)}_poll")


def rerun_when_moved(
    read, drawn, every: str, signal: tuple | None = None, scope: str = "app", turn_in: float | None = None
) -> None:
    """A staff page redraws when what it shows moved. Pushed: ``signal`` (kind,
    session, percorso; coprog/live/push.py) names the value the server watches,
    and the page reruns (``scope``: the whole page, or the fragment it is in)
    the moment it moves, or when ``turn_in`` seconds have passed (what turns by
    the clock: the browser counts them). Asked, when there is no signal,
    ``COPROG_LIVE=poll``, or a proxy holds the stream back: every ``every``,
    ``read()`` one small value; a rerun when it differs from the ``drawn`` one.

    One asking watch per page, and no other timed fragment beside it: a
    ``run_every`` fragment that reruns the page while another ``run_every``
    fragment ticks made Streamlit 1.67's browser code throw «Cannot set a node
    at a delta path» and leave the page white (reproduced with a minimal app;
    the clocks are drawn by the browser, ui/clock.py)."""
    if signal and pushes(signal):
        key = _signal_key(signal)
        kind, session_id, process_id = signal
        value = push.signal_reader(state.database(), kind, session_id, process_id)()["v"]
        token = access.sign_signal(state.cookie_secret(), kind, session_id, process_id)
        _signal(
            key=key,
            data={
                "stream": f"/segnale/{token}/flusso",
                "drawn": value,
                "firstWithin": live.FIRST_EVENT_MS,
                "turnIn": None if turn_in is None else max(0, round(turn_in * 1000)),
            },
            on_moved_change=lambda: _signal_said(key, scope),
            on_poll_change=lambda: _signal_said(key, scope),
            height=0,
        )
        return

    @st.fragment(run_every=every)
    def watch() -> None:
        if read() != drawn:
            st.rerun(scope="app")

    watch()


def held_until_open(ballot_id: int, prepared: bool):
    """The ballot's box on the participant page. A prepared ballot is drawn in it
    already, hidden by a rule of its own (static CSS, the ballot's number only);
    when the facilitator opens it, the watch's script shows the box the moment
    it learns so, without a run: every page of the room shows the ballot within
    the stream's few milliseconds, whatever their number. The next run of the
    fragment (a vote, a change) draws it open, without the rule."""
    box = f"{BALLOT_BOX}{int(ballot_id)}"
    if prepared:
        st.html(f"<style>div.st-key-{box} {{ display: none; }}</style>")
    return st.container(key=box)


def follow(delegate_id: int, session_id: int, seen: dict[str, str]) -> None:
    """Mount the watch for this page, with the fingerprints of what it drew
    (computed before drawing: a change meanwhile shows at the next turn).

    The watch sits in a fragment of its own, so what it says asks for a
    fragment run, which Streamlit queues behind the run in progress; a page
    run would cut that run short at its next element (a need just sent: its
    form's confirmation and fresh form were lost when the list's push came
    within those milliseconds, seen in make shuffled)."""
    _watch_fragment(delegate_id, session_id, seen)


@st.fragment(key="live_watch")
def _watch_fragment(delegate_id: int, session_id: int, seen: dict[str, str]) -> None:
    token = access.sign_watch(state.cookie_secret(), delegate_id, session_id)
    key = f"{runtime.WATCH}_{session_id}"  # another session, another watch (a new one in the browser too)
    _watcher(
        key=key,
        data={
            "url": f"/vivo/{token}",
            "stream": f"/vivo/{token}/flusso" if config.live_push() else None,
            "firstWithin": live.FIRST_EVENT_MS,
            "seen": {**seen, "access": "ok"},
            "every": live.POLL_MS,
            "votesEvery": live.RESULTS_EVERY * 1000,
            "ballotTitle": t("part.ballot_title", title=t("app.title")),
            "typed": list(TYPED_FIELDS),  # the form fields whose typed text a closing collection keeps
            "box": BALLOT_BOX,
        },
        on_changed_change=lambda: _changed(key),
        height=0,
    )
