"""A form's press taken once: the second click of a double click adds nothing.

Streamlit runs the page again at once for every press (``runner.fastReruns``): the
run of the first press is stopped at its next Streamlit call, or goes on storing
in its thread while the second one starts. Seen in the browser before this module:

- a double click on «Invia» stored a need twice, and a click a moment later reached
  the form the first one had just emptied: «7 campi da completare» under a need that
  was saved;
- a double click on «Registra il conteggio» (a form emptied as it is sent,
  ``clear_on_submit``) stopped the first run before it stored the 17 typed, and the
  second one stored the emptied form's 0.

So a form here is never emptied by the browser: :func:`form` names each drawing of
the form by how many of its presses were taken (a new, empty form after each), and
its button (:meth:`Form.submit_button`, or :func:`submit_button` for a form whose
key its page counts itself) knows the drawing it belongs to. :meth:`Press.act` does
the form's work unless the press is the second click of a double click:

- it comes from a drawing older than the last press taken (it left before the page
  had the first press's answer): the work is not done again;
- ``untouched`` says the form is as the first press left it (empty), and it comes
  within ``vocabulary.DOUBLE_PRESS_SECONDS`` of that press.

A press, and a form being drawn, wait while a press of the same form on the same
page is at work (the lock); a run that had to wait, or that began before another
run's press finished, is drawn again from the top when it reaches the form, so
what the person reads comes after the first press: its answer (``echo`` says it
again). A press whose work was refused (the core's error, or the work returning
False) does not count: the form stays as it was, with what was typed.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from coprog.texts import vocabulary
from coprog.texts.errors import CoprogError

_GUARD = threading.Lock()  # makes each page's lock once
_RUN = threading.local()  # the page run in this thread: when it began, and which it is
_RUNS = itertools.count(1)


def run_begins() -> None:
    """At the top of every whole run of a page (ui/frame.page_frame): a run that
    began before another run's press finished its work drew the top of the page
    (its confirmation) without it, and is drawn again when it reaches the form."""
    _RUN.started, _RUN.token = time.monotonic(), next(_RUNS)


def _lock(name: str) -> threading.Lock:
    key = f"_press_lock_{name}"
    with _GUARD:
        lock = st.session_state.get(key)
        if lock is None:
            lock = st.session_state[key] = threading.Lock()
    return lock


def _taken(name: str) -> tuple[int, float]:
    """How many presses of the form ``name`` were taken on this page, and when the last was."""
    return st.session_state.get(f"_press_taken_{name}", (0, 0.0))


def _settled(name: str) -> int:
    """The presses taken, once none is at work: a run that had to wait for one,
    or that began before another run's press finished, is drawn again from the
    top (outside a callback, where this is called)."""
    lock = _lock(name)
    if not lock.acquire(blocking=False):
        with lock:
            pass
        st.rerun()
    lock.release()
    done = st.session_state.get(f"_press_done_{name}")
    if done and done[1] != getattr(_RUN, "token", None) and done[0] > getattr(_RUN, "started", done[0]):
        st.rerun()  # another run's press finished after this one began: its answer is above
    return _taken(name)[0]


def blank(value: Any) -> bool:
    """Whether a form's values hold nothing chosen or typed (a fresh form)."""
    if isinstance(value, dict):
        return all(blank(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(blank(v) for v in value)
    return value is None or value is False or (isinstance(value, str) and not value.strip())


class Press:
    """One press of a form's button (false when the button was not pressed)."""

    def __init__(self, name: str, drawn: int, pressed: bool):
        self.name, self.drawn, self.pressed = name, drawn, pressed

    def __bool__(self) -> bool:
        return self.pressed

    def act(
        self,
        work: Callable[[], Any],
        *,
        untouched: Callable[[], bool] | None = None,
        echo: Callable[[], None] | None = None,
        in_callback: bool = False,
    ) -> Any:
        """Do ``work`` for this press, unless it is the second click of a double
        click: then ``echo`` (say again what the first press did), and draw the
        page again (not from a callback: its run draws after it anyway). Returns
        what ``work`` returned, None for a second click."""
        with _lock(self.name):
            count, when = _taken(self.name)
            now = time.monotonic()
            again = self.drawn < count or (
                untouched is not None and now - when < vocabulary.DOUBLE_PRESS_SECONDS and untouched()
            )
            if again:
                if echo is not None:
                    echo()
                if not in_callback:
                    st.rerun()
                return None
            st.session_state[f"_press_taken_{self.name}"] = (count + 1, now)
            try:
                result = work()
            except CoprogError:
                st.session_state[f"_press_taken_{self.name}"] = (count, when)
                raise
            except BaseException:  # st.rerun() once the work is done, to show its answer
                self._done()
                raise
            if result is False:  # refused, its error shown: the form stays as it was
                st.session_state[f"_press_taken_{self.name}"] = (count, when)
            else:
                self._done()
            return result

    def _done(self) -> None:
        st.session_state[f"_press_done_{self.name}"] = (time.monotonic(), getattr(_RUN, "token", None))


class Form:
    """A drawing of the form ``name`` (see :func:`form`)."""

    def __init__(self, name: str, drawn: int):
        self.name, self.drawn = name, drawn

    def key(self, widget: str) -> str:
        """A key for a widget of this drawing (a keyed widget keeps its value across drawings)."""
        return f"{self.name}_{self.drawn}_{widget}"

    def submit_button(
        self,
        label: str,
        *,
        on_click: Callable[..., Any] | None = None,
        args: tuple = (),
        untouched: Callable[[], bool] | None = None,
        echo: Callable[[], None] | None = None,
        **button: Any,
    ) -> Press:
        """The form's button. With ``on_click``, the work is done in the button's
        callback, once per press; without, the caller does it with
        ``press.act(...)``."""
        press = Press(self.name, self.drawn, False)
        callback = None
        if on_click is not None:

            def callback() -> None:
                press.act(lambda: on_click(*args), untouched=untouched, echo=echo, in_callback=True)

        key = f"{self.name}_press_{self.drawn}"
        press.pressed = bool(st.form_submit_button(label, key=key, on_click=callback, **button))
        return press


@contextmanager
def form(name: str, **options: Any) -> Iterator[Form]:
    """``with presses.form("paper_count") as f:`` a ``st.form`` that the browser
    never empties as it is sent (a double click's second press carries what the
    first did); after each press taken the page draws a new, empty one."""
    drawn = _settled(name)
    with st.form(f"{name}_{drawn}", clear_on_submit=False, **options):
        yield Form(name, drawn)


def submit_button(name: str, label: str, **button: Any) -> Press:
    """The button of a form whose key its page counts itself (a new one after each
    contribution sent): ``name`` stands for the form on the page, whatever its
    drawing; the rest as :meth:`Form.submit_button`."""
    return Form(name, _settled(name)).submit_button(label, **button)
