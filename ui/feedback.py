"""The answer to an action where the finger is: right below the button that
was tapped (a keyed container), and brought into view when it lands outside
the screen (a phone scrolled down a long form). The few lines of script are
coprog/assets/answer.js, run by Streamlit's own component API (no script from
outside)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from coprog.texts import i18n
from coprog.texts.errors import CoprogError, ValidationError
from ui.components import Component
from ui.render import plain
from ui.state import lang, t, tn

_scroller = Component("answer", js="answer.js")  # coprog/assets
_turns = itertools.count()


@contextmanager
def answer(key: str, shown: bool) -> Iterator[None]:
    """A place for the answer to the action of ``key`` (right where it is
    called: below its button); when something is ``shown`` in it, it is
    scrolled into view if it lies outside the screen."""
    with st.container(key=f"answer_{key}"):
        yield
    if shown:
        _scroller(key=f"answer_scroll_{key}", data={"target": f"answer_{key}", "turn": next(_turns)}, height=0)


def messages(exc: CoprogError) -> list[str]:
    """A refusal's sentences in the user's language, for Markdown: what the
    person typed or named (a title, a file name) shows as written, never as
    Markdown (``plain``)."""
    return i18n.error_messages(exc, lang(), quote=plain)


def show_error(exc: CoprogError) -> None:
    """A refusal, each of its problems in a red box."""
    for message in messages(exc):
        st.error(message, icon=":material/error:")


def field_messages(exc: CoprogError | None) -> dict[str, str]:
    """A refusal's messages by field (a ValidationError's problems), in the user's language."""
    if not isinstance(exc, ValidationError):
        return {}
    out: dict[str, str] = {}
    for field, key, params in exc.problems:
        out.setdefault(field, i18n.problem(field, key, params, lang(), quote=plain))
    return out


def summary(exc: CoprogError) -> str:
    """Next to the button: which fields to fix (a ValidationError), or the refusal itself."""
    fields = field_messages(exc)
    if fields:
        names = ", ".join(dict.fromkeys(t(f"field.{f}") for f in fields if f))
        return tn("form.fix_fields", len(fields), fields=names)
    return " ".join(messages(exc))


def beside(messages: dict[str, str], field: str) -> None:
    """A field's own message, right under it."""
    if field in messages:
        st.error(messages[field], icon=":material/error:")
