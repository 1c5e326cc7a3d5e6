"""The live board: counters, needs by area and by Municipio, counts from paper,
and the latest contributions. A small fragment polls one number every 3 s and
redraws the board only when it moved, without reloading the page."""

import streamlit as st

from coprog.contributions import contributions
from coprog.live import facilitation, tallies
from coprog.procedure import sessions
from coprog.reading import analysis
from coprog.texts import i18n
from ui import reading, state
from ui.live import rerun_when_moved
from ui.render import contribution_card
from ui.state import lang, t

if not (state.staff_role() or state.current_delegate()):
    st.error(t("auth.delegate_only"))
    st.stop()

database = state.database()
process = state.current_process()
if process is None:
    st.info(t("board.no_process"))
    st.stop()

st.title(t("board.heading"))
percorso_sessions = sessions.sessions(database, process["id"])
options = [None] + [s["id"] for s in percorso_sessions]
titles = {s["id"]: s["title"] for s in percorso_sessions}
default = options.index(st.session_state.get("session_id")) if st.session_state.get("session_id") in options else 0
session_id = st.selectbox(
    t("board.session"), options, index=default, format_func=lambda i: titles[i] if i else t("board.all_sessions")
)


# A delegate sees nothing of a session in a silent round until the facilitator reveals it.
hidden = facilitation.silent_sessions(database, process["id"]) if not state.staff_role() else set()
if session_id in hidden:
    st.info(t("silent.delegate"), icon=":material/visibility_off:")
    st.stop()


@st.cache_data(max_entries=64, show_spinner=False)
def board_data(path: str, process_id: int, session_id, version: int, language: str, hidden: frozenset):
    """Everything the board shows, recomputed only when the version moves."""
    return {
        "needs": analysis.board_needs(database, process["id"], session_id, hidden),
        "counters": tallies.board_counters(database, session_id, process_id=process["id"]),
        "latest": [
            c
            for c in contributions.visible(database, session_id, limit=8 + 30 * bool(hidden))
            if c["session_id"] not in hidden
        ][:8],
        "paper": tallies.paper_by_area(database, session_id, language, process_id=process["id"]),
    }


L = lang()
version = tallies.board_version(database, session_id, process_id=process["id"])
# redrawn when the board's number moves: pushed by the server, or asked every 3 s
rerun_when_moved(
    lambda: tallies.board_version(database, session_id, process_id=process["id"]),
    version,
    every="3s",
    signal=("board", session_id, process["id"]),
)
data = board_data(str(database.path), process["id"], session_id, version, L, frozenset(hidden))
c1, c2, c3 = st.columns(3)
c1.metric(t("board.organisations"), i18n.number(data["counters"]["organisations"], L))
c2.metric(t("board.needs_total"), i18n.number(data["counters"]["needs"], L))
c3.metric(t("board.contributions"), i18n.number(data["counters"]["contributions"], L))
left, right = st.columns([1, 1])
state_of = ("board", process["id"], session_id, version, frozenset(hidden))  # the board's views, built once per state
with left:
    reading.show(reading.build_once(state_of, "aree", data["needs"]), "board_areas", download=False)
with right:
    reading.show(reading.build_once(state_of, "mappa", data["needs"]), "board_map", download=False)
    reading.show(reading.build_once(state_of, "municipi", data["needs"]), "board_municipi", download=False)
if len(data["paper"]):
    st.header(t("board.paper"))
    st.dataframe(
        data["paper"]
        .assign(source=data["paper"]["source"].map(lambda s: t(f"source.{s}")))
        .rename(columns={"label": t("form.area"), "source": t("hyb.source"), "count": t("hyb.count")})
        .drop(columns=["area"]),
        hide_index=True,
    )
st.header(t("board.latest"))
for c in data["latest"]:
    contribution_card(c)
st.caption(t("board.updated", time=i18n.clock(L)))
