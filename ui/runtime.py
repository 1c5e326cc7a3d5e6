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
tests/unit/test_runtime.py compares the messages built both ways."""

from __future__ import annotations

import threading
from collections.abc import Callable

from streamlit import config
from streamlit.runtime import app_session

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
