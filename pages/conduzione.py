"""Facilitation (first version): pick a session, set its phase, open or close
contributions. The full console comes with the facilitation issue."""

import streamlit as st

from coprog import invites, registry, taxonomy
from coprog.errors import CoprogError
from ui import state
from ui.render import plain
from ui.state import lang, t

actor = state.require_staff()
db = state.database()
st.title(t("console.heading"))

process = registry.current_process(db)
sessions = registry.sessions(db, process["id"]) if process else []
if not sessions:
    st.info(t("board.no_process"))
    st.stop()
titles = {s["id"]: s["title"] for s in sessions}
session_id = st.selectbox(t("board.session"), list(titles), format_func=titles.get, key="console_session")
session = registry.get_session(db, session_id)

code_col, qr_col = st.columns([3, 1])
code_col.markdown(t("console.join_code", code=session["join_code"]))
code_col.caption(t("console.qr_help"))
qr_col.image(invites.qr_png(invites.session_link(session["join_code"])), width=160,
             caption=t("console.qr_alt", code=session["join_code"]))
counts = registry.attendance_counts(db, session_id)
st.caption(t("console.present", **counts))

flash = st.session_state.pop("console_flash", None)
if flash:
    st.success(t("console.done"))


def act(fn, *args) -> None:
    try:
        fn(db, actor, *args)
    except CoprogError as exc:
        state.show_error(exc)
    else:
        st.session_state["console_flash"] = True
        st.rerun()


st.subheader(t("console.phases"))
L = lang()
for phase in registry.phases(db, session_id):
    current = phase["id"] == session["current_phase_id"]
    types = [x for x in phase["contribution_types"].split(",") if x]
    with st.container(border=True):
        c1, c2, c3 = st.columns([3, 2, 2])
        name = taxonomy.phase_label(phase["name"], L)
        c1.markdown(("▶ **" if current else "") + plain(f"{phase['position']}. {name}")
                    + ("**" if current else ""))
        if types:
            c1.caption(", ".join(taxonomy.label("contribution_type", x, L) for x in types))
            c2.caption(t("console.is_open") if phase["contributions_open"] else t("console.is_closed"))
        else:
            c2.caption(t("console.no_types"))
        if not current and c3.button(t("console.set_current"), key=f"cur_{phase['id']}"):
            act(registry.set_current_phase, session_id, phase["id"])
        if current and types:
            opening = not phase["contributions_open"]
            if c3.button(t("console.open") if opening else t("console.close"), key=f"open_{phase['id']}",
                         type="primary" if opening else "secondary"):
                act(registry.set_contributions_open, phase["id"], opening)
