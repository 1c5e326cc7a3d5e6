"""What every page shows around its own content: the percorso picker for
organisers, the DEMO band (projector included) and the state of a closed or
archived percorso."""

from __future__ import annotations

import streamlit as st

from coprog.procedure import permissions, processes
from coprog.texts import vocabulary
from ui import presses, state
from ui.render import plain
from ui.state import t


def process_label(p: dict) -> str:
    marks = []
    if p["is_demo"]:
        marks.append("DEMO")
    if p["status"] != vocabulary.RUNNING:
        marks.append(t(f"process.status.{p['status']}"))
    return p["title"] + (f" [{', '.join(marks)}]" if marks else "")


def process_picker(where=None, key: str = "process_picker") -> None:
    """Organisers choose the percorso this tab works on (in the sidebar; the
    projector, which hides it, asks for it in its settings)."""
    if not permissions.may("prepare", state.actor()):
        return
    where = where or st.sidebar
    every = processes.processes(state.database())
    if len(every) < 2:
        return
    current = state.current_process()
    ids = [p["id"] for p in every]
    labels = {p["id"]: process_label(p) for p in every}
    chosen = where.selectbox(
        t("process.picker"), ids, index=ids.index(current["id"]) if current else 0, format_func=labels.get, key=key
    )
    if current is None or chosen != current["id"]:
        state.choose_process(chosen)
        st.rerun()


def bands() -> None:
    """The DEMO band and the percorso's state, on top of every page of it."""
    process = state.current_process() if (state.staff_role() or state.current_delegate()) else None
    if process is None:
        return
    if process["is_demo"]:
        st.warning(t("demo.band"), icon=":material/science:")
    if process["status"] != vocabulary.RUNNING:
        st.info(t(f"process.band.{process['status']}", title=plain(process["title"])), icon=":material/lock:")


def page_frame() -> None:
    """Around every page: the percorso picker, the bands, and Streamlit's own
    texts in the page's language (ui/lingua.py)."""
    from ui.lingua import italian_framework_texts

    presses.run_begins()
    italian_framework_texts(state.lang())
    process_picker()
    bands()
