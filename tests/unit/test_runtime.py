"""ui/runtime.py: the parts of ``new_session`` built once per process are the
very messages Streamlit builds at every run, and a new parse forgets them;
a process runs at most so many pages at once, and every one of them."""

import json
import threading
import time

import pytest
from streamlit import config
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime import app_session
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

from coprog import config as settings
from ui import runtime

SECTIONS = ["theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar"]


@pytest.fixture
def reused():
    runtime.reuse_session_settings()
    runtime.reuse_session_settings()  # twice: still one layer
    yield
    app_session._populate_theme_msg = runtime.ORIGINALS["theme"]
    app_session._populate_config_msg = runtime.ORIGINALS["config"]
    runtime._forget()


def built(populate, *args) -> bytes:
    msg = ForwardMsg()
    target = msg.new_session.config if not args else msg.new_session.custom_theme
    populate(target, *args)
    return target.SerializeToString()


def test_the_same_bytes_as_streamlit_builds_every_time(reused):
    assert app_session._populate_theme_msg is not runtime.ORIGINALS["theme"]
    for section in SECTIONS:
        expected = built(runtime.ORIGINALS["theme"], section)
        assert built(app_session._populate_theme_msg, section) == expected  # built
        assert built(app_session._populate_theme_msg, section) == expected  # copied
    theme = ForwardMsg().new_session.custom_theme
    app_session._populate_theme_msg(theme, "theme")
    assert theme.primary_color == "#0B3D91"  # the project's theme, from .streamlit/config.toml
    assert built(app_session._populate_config_msg) == built(runtime.ORIGINALS["config"])


def test_a_new_parse_of_the_config_forgets_them(reused):
    app_session._populate_theme_msg(ForwardMsg().new_session.custom_theme, "theme")
    assert runtime._built
    config.get_config_options(force_reparse=True)
    assert not runtime._built


@pytest.fixture
def counted(monkeypatch):
    """Streamlit's script run replaced by one that records how many run at once."""
    seen = {"now": 0, "most": 0, "runs": 0}
    lock = threading.Lock()

    def run_script(runner, rerun_data) -> None:
        with lock:
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
        time.sleep(0.02)
        with lock:
            seen["now"] -= 1
            seen["runs"] += 1

    monkeypatch.setattr(runtime, "RUN_SCRIPT", run_script)
    monkeypatch.setattr(script_runner.ScriptRunner, "_run_script", run_script)
    monkeypatch.setattr(script_runner.ScriptRunner, "request_rerun", script_runner.ScriptRunner.request_rerun)
    return seen


def run_at_once(pages: int) -> None:
    run = script_runner.ScriptRunner._run_script
    threads = [threading.Thread(target=run, args=(None, RerunData())) for _ in range(pages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_at_most_the_limit_of_page_runs_at_once_and_every_one_runs(counted):
    runtime.limit_runs(3)
    runtime.limit_runs(1)  # a second call changes nothing: one limit per process
    run_at_once(12)
    assert counted == {"now": 0, "most": 3, "runs": 12}


def test_no_limit_runs_them_all_at_once(counted):
    runtime.limit_runs(0)
    run_at_once(6)
    assert counted["most"] == 6 and counted["runs"] == 6


def test_the_limit_is_a_setting(monkeypatch):
    monkeypatch.delenv("COPROG_RUNS", raising=False)
    assert settings.concurrent_runs() == settings.DEFAULT_RUNS
    for value, expected in (("2", 2), ("0", 0), ("-1", 0), ("molti", settings.DEFAULT_RUNS)):
        monkeypatch.setenv("COPROG_RUNS", value)
        assert settings.concurrent_runs() == expected


def rerun(trigger: str | None = None, auto: bool = False, said: str = "{}", **values) -> RerunData:
    """A rerun as the browser asks for it: ``trigger`` the id of the widget that
    fired, with ``said`` as its ``changed`` event's value (the watch's script)."""
    states = WidgetStates()
    for widget_id, value in values.items():
        states.widgets.add(id=widget_id, string_value=value)
    if trigger:
        states.widgets.add(id=trigger, json_trigger_value=json.dumps([{"event": "changed", "value": said}]))
    return RerunData(widget_states=states, is_auto_rerun=auto)


EVENTS = "$$STREAMLIT_INTERNAL_KEY_$$ID-1b2c-{}__events"  # a component's trigger, as the browser names it


def moved(*parts: str) -> RerunData:
    """The delegate's page told by its watch that these parts moved."""
    said = json.dumps({"parts": list(parts), "typed": {}})
    return rerun(EVENTS.format("coprog_watch_12"), said=said, titolo="$$ID-9c-titolo")


def test_what_a_person_asked_for_and_what_the_page_asked_by_itself():
    assert runtime.asked(RerunData())  # a page opened
    assert runtime.asked(rerun("$$ID-3f2a-FormSubmitter:ballot-Registra il voto"))
    assert runtime.asked(rerun("$$ID-77aa-None", title="$$ID-9c-titolo"))
    assert runtime.asked(rerun(title="x"))  # no trigger: a value changed by a person
    assert not runtime.asked(rerun(auto=True))  # a fragment's timer
    assert not runtime.asked(rerun(EVENTS.format("coprog_signal_board_3_None")))  # a projector's board moved
    # the delegate's page: what changes what they can do now, at once; what others wrote or voted, after
    for part in ("ballot", "status", "forms", "floor", "access"):
        assert runtime.asked(moved(part)) and runtime.asked(moved("list", part))
    assert not runtime.asked(moved("list"))
    assert not runtime.asked(moved("results", "votes"))
    assert not runtime.asked(rerun(EVENTS.format("coprog_watch_12"), said="not json"))


def test_a_run_a_person_asked_for_goes_before_the_redraws_waiting():
    turns = runtime.Turns(1)
    turns.acquire(asked=True)  # a run in progress
    order: list[str] = []

    def wait(name: str, asked: bool) -> threading.Thread:
        def run() -> None:
            given = turns.acquire(asked)
            order.append(name)
            turns.release(given)

        thread = threading.Thread(target=run)
        thread.start()
        while turns.queued() < len(waiting) + 1:  # queued, in this order
            time.sleep(0.001)
        return thread

    waiting: list[threading.Thread] = []
    for name in ("redraw 1", "redraw 2", "vote", "redraw 3", "need"):
        waiting.append(wait(name, asked=not name.startswith("redraw")))
    turns.release(True)
    for thread in waiting:
        thread.join()
    assert order == ["vote", "need", "redraw 1", "redraw 2", "redraw 3"]
    assert turns.acquire(asked=False) is False  # every turn given back: free again at once
    turns.release(False)


def test_redraws_take_half_the_turns_at_most_and_a_persons_run_finds_one_free():
    turns = runtime.Turns(4)
    assert turns.acquire(asked=False) is False and turns.acquire(asked=False) is False  # two redraws: their share
    got: list[bool] = []
    third = threading.Thread(target=lambda: got.append(turns.acquire(asked=False)))
    third.start()
    while turns.queued() < 1:  # a third redraw waits, though two turns are free
        time.sleep(0.001)
    assert turns.acquire(asked=True) is True  # a person's run: at once
    assert turns.acquire(asked=True) is True and turns.queued() == 1
    turns.release(False)  # a redraw ends: the one waiting takes its place
    third.join(5)
    assert got == [False] and turns.queued() == 0
    for given in (False, False, True, True):
        turns.release(given)
    assert turns.acquire(asked=False) is False and turns.acquire(asked=False) is False  # all given back


def test_a_pages_waiting_redraw_goes_first_once_its_person_asks_for_something():
    turns = runtime.Turns(1)
    turns.acquire(asked=True)  # a run in progress
    order: list[str] = []
    waiting: list[threading.Thread] = []

    def wait(name: str, asked: bool, whose: str) -> None:
        def run() -> None:
            given = turns.acquire(asked, whose)
            order.append(name)
            turns.release(given)

        waiting.append(threading.Thread(target=run))
        waiting[-1].start()
        while turns.queued() < len(waiting):
            time.sleep(0.001)

    wait("B's list", asked=False, whose="B")
    wait("A's list", asked=False, whose="A")
    wait("C's vote", asked=True, whose="C")
    assert turns.waits_behind("A") and not turns.waits_behind("C") and not turns.waits_behind("D")
    turns.promote("A")  # A's delegate pressed «Registra il voto»: their page's list goes with the votes
    turns.promote("D")  # nothing waiting: nothing changes
    assert not turns.waits_behind("A")
    turns.release(True)
    for thread in waiting:
        thread.join()
    assert order == ["A's list", "C's vote", "B's list"]
    assert not turns.waits_behind("A") and turns._whose == {}  # nothing left behind


runtime_turns = runtime.Turns


def test_a_persons_request_to_a_page_whose_redraw_waits_moves_it_up(monkeypatch):
    """Through Streamlit's own entry points: the runner's rerun request, its script run."""
    order: list[str] = []
    first_in = threading.Event()
    go = threading.Event()

    def run_script(runner, rerun_data) -> None:
        if runner == "X":
            first_in.set()
            go.wait(5)
        order.append(runner)

    monkeypatch.setattr(runtime, "RUN_SCRIPT", run_script)
    monkeypatch.setattr(runtime, "REQUEST_RERUN", lambda runner, rerun_data: True)
    monkeypatch.setattr(script_runner.ScriptRunner, "_run_script", run_script)  # limit_runs wraps it
    monkeypatch.setattr(script_runner.ScriptRunner, "request_rerun", script_runner.ScriptRunner.request_rerun)
    made: list[runtime.Turns] = []
    monkeypatch.setattr(runtime, "Turns", lambda limit: made.append(runtime_turns(limit)) or made[-1])
    runtime.limit_runs(1)
    run = script_runner.ScriptRunner._run_script
    x = threading.Thread(target=run, args=("X", RerunData()))
    x.start()
    first_in.wait(5)
    threads = []
    for page in ("B", "A"):  # their lists moved: redraws, waiting behind X, in this order
        threads.append(threading.Thread(target=run, args=(page, moved("list"))))
        threads[-1].start()
        while made[0].queued() < len(threads):
            time.sleep(0.001)
    assert script_runner.ScriptRunner.request_rerun("A", moved("list"))  # another redraw: no change
    assert script_runner.ScriptRunner.request_rerun("A", rerun("$$ID-3f2a-FormSubmitter:ballot-Registra il voto"))
    go.set()
    for thread in (x, *threads):
        thread.join(5)
    assert order == ["X", "A", "B"]


class Runner:
    """What ScriptRunner.start uses of a runner: its thread and its loop."""

    def __init__(self):
        self._script_thread = None
        self.ran_in: list[threading.Thread] = []
        self.done = threading.Event()

    def _run_script_thread(self) -> None:
        self.ran_in.append(threading.current_thread())
        self.done.set()


def test_a_run_thread_is_started_off_the_caller_and_runs_once(monkeypatch):
    monkeypatch.setattr(script_runner.ScriptRunner, "start", runtime.START)
    runtime.start_runs_off_the_loop()
    runtime.start_runs_off_the_loop()  # twice: one starter
    assert script_runner.ScriptRunner.start is not runtime.START
    runners = [Runner() for _ in range(20)]
    for runner in runners:
        script_runner.ScriptRunner.start(runner)
    for runner in runners:
        assert runner.done.wait(5)
        assert runner.ran_in == [runner._script_thread]  # its own thread, the one the runner knows
        assert runner._script_thread.name == "ScriptRunner.scriptThread" and runner._script_thread.daemon
    with pytest.raises(RuntimeError):
        script_runner.ScriptRunner.start(runners[0])  # a runner starts once
