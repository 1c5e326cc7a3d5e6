"""The pages' own components (``st.components.v2``: the watch, the list, the
clocks, the Italian of Streamlit's strings...) run scripts and styles that are
files in ``coprog/assets``, declared in ``pyproject.toml``: Streamlit serves
them as ``/_stcore/bidi-components/coprog.NAME/FILE`` and a page loads each
once, instead of every run sending them again inside its messages (a delegate's
join carried 15 of its 27 kB as the same scripts each time).

A component is registered at its first mount, in a page run, not when its
module is imported: serve.py imports these modules before Streamlit's runtime
exists, and only the runtime's registry knows the files the package declares
(the registry at import time refuses a file-backed script)."""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st

_lock = threading.Lock()


class Component:
    """``coprog.NAME``, its script ``js`` (and style ``css``) files in coprog/assets."""

    def __init__(self, name: str, js: str, css: str | None = None):
        self.name = f"coprog.{name}"
        self.js = js
        self.css = css
        self._mount: Any = None

    def __call__(self, **kwargs: Any) -> Any:
        if self._mount is None:
            with _lock:
                if self._mount is None:
                    self._mount = st.components.v2.component(self.name, js=self.js, css=self.css, isolate_styles=False)
        return self._mount(**kwargs)
