"""What the projector draws: big type, high contrast, no Streamlit chrome."""

from __future__ import annotations

import streamlit as st

from coprog import charts, contributions, invites, tallies
from ui.render import plain
from ui.state import t

# Static CSS only (no participant text ever goes through st.html).
PROJECTOR_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 1.2rem 2rem !important; max-width: 100% !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.5rem; line-height: 1.35; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 4rem !important; font-weight: 700; line-height: 1.1; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: 1.4rem !important; }
[data-testid="stHeaderActionElements"] { display: none !important; }
[data-testid="stMain"] h1 { font-size: 3.2rem !important; }
[data-testid="stMain"] h2 { font-size: 2.4rem !important; }
</style>"""

VIEW_CYCLE = ("aree", "mappa", "municipi")
CYCLE_SECONDS = 15


def hide_chrome() -> None:
    st.html(PROJECTOR_CSS)


@st.cache_resource(max_entries=16, show_spinner=False)
def _figure(session_id, version: int, view: str, language: str, _data: dict):
    """One figure per (session, version, view, language): built once, drawn by every refresh."""
    data = _data
    if view == "aree":
        fig = charts.area_bars(data["by_area"], t("board.by_area"), t("board.count"))
    elif view == "mappa":
        fig = charts.municipi_map(data["by_municipio"], t("board.by_municipio"), t("board.count"))
    else:
        fig = charts.municipi_bars(data["by_municipio"], data["citywide"], t("board.by_municipio"),
                                   t("board.count"), t("board.citywide"))
    fig.update_layout(font_size=22, height=560, title_font_size=30)
    return fig


@st.cache_data(max_entries=64, show_spinner=False)
def qr_png(link: str) -> bytes:
    return invites.qr_png(link)


def needs_view(session_id, version: int, view: str, language: str, data: dict) -> None:
    st.plotly_chart(_figure(session_id, version, view, language, data), key=f"proj_{view}",
                    width="stretch", theme=None, config={"displayModeBar": False, "staticPlot": True})
    st.caption(t("board.method"))


def contribution_list(items: list[dict], limit: int = 8) -> None:
    for c in items[:limit]:
        with st.container(border=True):
            st.markdown(("📌 " if c["pinned"] else "") + f"**{plain(c['title'])}**")
            st.caption(plain(c["authors"] or c["organisation"]))


def board_data(database, session_id) -> dict:
    needs = tallies.needs_frame(database, session_id)
    by_municipio, citywide = tallies.by_municipio(needs)
    return {"by_area": tallies.by_area(needs), "by_municipio": by_municipio, "citywide": citywide}


def latest(database, session_id, kind=None) -> list[dict]:
    return contributions.visible(database, session_id, kind=kind, limit=12)
