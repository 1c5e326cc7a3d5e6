"""What every page run costs Streamlit itself, made smaller (issue 30).

Streamlit 1.67 starts every script run, a fragment's too, with a ``new_session``
message that carries the client's configuration and six theme sections, each
read by walking every registered option (``config.get_options_for_section``
loops over all of them under a lock, and each key is renamed by a regular
expression). The values cannot change while the server runs unless the config
files are read again, yet at a ballot's opening, when every delegate's page
reruns its ballot at once, building them was about a quarter of a page's run
(py-spy on bench/opening.py; one page's ballot rerun went from 11.9 to 9.1 ms of
server CPU). Here each of those parts is built once per process by Streamlit's
own function and copied into every ``new_session``; a new parse of the config
files forgets them.

Called once per process by serve.py. What the browser receives is unchanged:
tests/unit/test_runtime.py compares the messages built both ways.

Streamlit runs every page's script in a thread of its own, all at once: with
hundreds of pages busy, a process's threads take turns on one interpreter lock,
every run slows down together, and the event loop that carries the pages'
messages and pushed events, and the thread that watches the database, wait
behind them (bench/load.py at 500 pages on 2 processes: the opening's event
reached the pages seconds late). ``limit_runs`` lets a process execute a few
runs at once (``COPROG_RUNS``, coprog/config.py); the others wait their turn,
and a run a person asked for goes before a redraw the page asked by itself
(and so does a page's waiting redraw once its person asks for something)."""

from __future__ import annotations

import heapq
import itertools
import json
import logging
import queue
import threading
from collections.abc import Callable

from streamlit import config
from streamlit.components.v2.bidi_component.serialization import deserialize_trigger_list
from streamlit.runtime import app_session
from streamlit.runtime.scriptrunner import script_runner

from coprog.live import live

_built: dict[tuple, object] = {}
_lock = threading.Lock()
ORIGINALS = {"theme": app_session._populate_theme_msg, "config": app_session._populate_config_msg}


def _forget() -> None:
    with _lock:
        _built.clear()


def _once(name: str) -> Callable:
    original = ORIGINALS[name]

    def populate(msg, *args) -> None:
        key = (name, type(msg), *args)
        with _lock:
            built = _built.get(key)
        if built is None:
            built = type(msg)()
            original(built, *args)
            with _lock:
                _built[key] = built
        msg.MergeFrom(built)  # msg is a fresh part of a new message: a copy

    return populate


def reuse_session_settings() -> None:
    """Build the theme and config parts of ``new_session`` once per process (idempotent)."""
    if app_session._populate_theme_msg is not ORIGINALS["theme"]:
        return
    config.on_config_parsed(_forget, force_connect=True)
    app_session._populate_theme_msg = _once("theme")
    app_session._populate_config_msg = _once("config")


RUN_SCRIPT = script_runner.ScriptRunner._run_script
# the components that tell a page to redraw (ui/live.py names them, and keys them, with these):
# a run they trigger is a redraw, not a person's
WATCH, SIGNAL, CLOCK = "coprog_watch", "coprog_signal", "coprog_clock"
TRIGGERS = ("trigger_value", "json_trigger_value", "string_trigger_value")


class Turns:
    """At most ``limit`` page runs at once, of which at most half (at least
    one) are redraws a page asked for by itself (what moved elsewhere,
    a timer): a turn is always left for a run a person asked for (a click, a
    form sent, a page opened), which goes before the redraws waiting, each in
    the order they came. A freed turn is handed to the next waiter directly. A
    page's redraw waiting its turn goes with a person's runs once that person
    asks for something (``promote``): a page runs one run after the other, so
    their click would otherwise wait behind the redraw's place in the queue."""

    def __init__(self, limit: int):
        self._lock = threading.Lock()
        self._free = limit
        self._redraws_free = max(1, limit // 2)
        # [0 asked / 1 by itself, arrival, its gate, whose]: lists, so a waiter can move up
        self._waiting: list[list] = []
        self._whose: dict[object, list] = {}  # a page's runner -> its run waiting
        self._arrivals = itertools.count()

    def acquire(self, asked: bool, whose: object = None) -> bool:
        """Wait for a turn; whether it was given as a person's run (to say so to ``release``)."""
        gate = threading.Lock()
        gate.acquire()
        waiter = [0 if asked else 1, next(self._arrivals), gate, whose]
        with self._lock:
            heapq.heappush(self._waiting, waiter)
            if whose is not None:
                self._whose[whose] = waiter
            self._hand_over()
        gate.acquire()  # released when the turn is handed to it (at once when one is free)
        return waiter[0] == 0  # as it was handed over (no longer waiting, it cannot move up)

    def _hand_over(self) -> None:
        """Free turns to the first waiters that may take one (the lock held)."""
        while self._free > 0 and self._waiting:
            first = self._waiting[0]  # a person's run if any waits (they sort first)
            asked = first[0] == 0
            if not asked and self._redraws_free <= 0:
                return  # only redraws wait, and their share of the turns is taken
            heapq.heappop(self._waiting)
            if self._whose.get(first[3]) is first:
                del self._whose[first[3]]
            self._free -= 1
            if not asked:
                self._redraws_free -= 1
            first[2].release()

    def waits_behind(self, whose: object) -> bool:
        """Whether ``whose`` has a redraw waiting with those the pages asked by themselves."""
        with self._lock:
            waiter = self._whose.get(whose)
            return waiter is not None and waiter[0] == 1

    def promote(self, whose: object) -> None:
        """``whose``'s run waiting, if any, goes with those a person asked for (in its order of arrival)."""
        with self._lock:
            waiter = self._whose.get(whose)
            if waiter is not None and waiter[0] == 1:
                waiter[0] = 0
                heapq.heapify(self._waiting)
                self._hand_over()

    def queued(self) -> int:
        with self._lock:
            return len(self._waiting)

    def release(self, asked: bool) -> None:
        """A turn given back (``asked``: as ``acquire`` gave it)."""
        with self._lock:
            self._free += 1
            if not asked:
                self._redraws_free += 1
            self._hand_over()


def asked(rerun_data) -> bool:
    """Whether this run goes with those a person asked for: a click, a form
    sent, a page opened, and a delegate's page redrawing what changes what
    they can do now (the phase, the forms, the ballot, the floor:
    ``live.AT_ONCE``); not a fragment's timer, a staff page's signal, or the
    list and live results that moved elsewhere."""
    if rerun_data.is_auto_rerun:
        return False
    states = rerun_data.widget_states.widgets if rerun_data.widget_states is not None else ()
    for widget in states:
        if widget.WhichOneof("value") not in TRIGGERS:
            continue
        if SIGNAL in widget.id:
            return False
        if WATCH in widget.id:
            return not live.AT_ONCE.isdisjoint(_parts(widget.json_trigger_value))
        return True
    return True


def _parts(trigger: str) -> set[str]:
    """The parts the watch says moved: its ``changed`` event's value (ui/live.py's script)."""
    try:
        events = deserialize_trigger_list(trigger or None) or []
        said = [json.loads(e["value"]) for e in events if isinstance(e, dict) and e.get("event") == "changed"]
        return {str(part) for one in said if isinstance(one, dict) for part in one.get("parts") or ()}
    except (ValueError, TypeError, KeyError):
        return set()


REQUEST_RERUN = script_runner.ScriptRunner.request_rerun


def limit_runs(limit: int) -> None:
    """At most ``limit`` page runs of this process at once (0: no limit), the
    others waiting their turn (``Turns``); a page whose redraw waits goes first
    when its person asks for something; idempotent."""
    if limit <= 0 or script_runner.ScriptRunner._run_script is not RUN_SCRIPT:
        return
    turns = Turns(limit)

    def run_script(self, rerun_data) -> None:
        given = turns.acquire(asked(rerun_data), self)
        try:
            RUN_SCRIPT(self, rerun_data)
        finally:
            turns.release(given)

    def request_rerun(self, rerun_data) -> bool:
        accepted = REQUEST_RERUN(self, rerun_data)
        if accepted and turns.waits_behind(self) and asked(rerun_data):
            turns.promote(self)  # the person's run comes right after this one: both go first
        return accepted

    script_runner.ScriptRunner._run_script = run_script
    script_runner.ScriptRunner.request_rerun = request_rerun


START = script_runner.ScriptRunner.start


def start_runs_off_the_loop() -> None:
    """Streamlit starts a new thread for each page run from the event loop, and
    ``Thread.start`` waits there until the new thread has run its first lines:
    with the interpreter lock busy, each start held the loop (the pages'
    messages, the pushed events) for milliseconds, and a burst of runs for
    seconds (py-spy at a ballot's opening, 500 pages on 2 processes). One
    thread of the process starts them instead; the runner's requests wait in
    its queue meanwhile, as they do until any thread picks them (idempotent)."""
    if script_runner.ScriptRunner.start is not START:
        return
    pending: queue.SimpleQueue[threading.Thread] = queue.SimpleQueue()

    def starter() -> None:
        while True:
            thread = pending.get()
            try:
                thread.start()
            except RuntimeError:  # no thread left to the process: that page's run does not start
                logging.getLogger(__name__).exception("a page run could not start")

    threading.Thread(target=starter, name="coprog-run-starter", daemon=True).start()

    def start(self) -> None:
        if self._script_thread is not None:
            raise RuntimeError("ScriptRunner was already started")
        self._script_thread = threading.Thread(
            target=self._run_script_thread, name="ScriptRunner.scriptThread", daemon=True
        )
        pending.put(self._script_thread)

    script_runner.ScriptRunner.start = start
