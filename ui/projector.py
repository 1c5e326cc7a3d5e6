"""What the projector draws: big type, high contrast, no Streamlit chrome."""

from __future__ import annotations

import streamlit as st

from coprog import charts, contributions, tallies
from ui.render import plain
from ui.state import t

# Static CSS only (no participant text ever goes through st.html).
PROJECTOR_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 1.2rem 2rem !important; max-width: 100% !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.5rem; line-height: 1.35; }
[data-testid="stMetricValue"] { font-size: 3.6rem !important; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
[data-testid="stMain"] h1 { font-size: 3.2rem !important; }
[data-testid="stMain"] h2 { font-size: 2.4rem !important; }
</style>"""

VIEW_CYCLE = ("aree", "mappa", "municipi")
CYCLE_SECONDS = 15


def hide_chrome() -> None:
    st.html(PROJECTOR_CSS)


def needs_view(session_id, view: str, data: dict) -> None:
    common = dict(width="stretch", theme=None, config={"displayModeBar": False, "staticPlot": True})
    if view == "aree":
        fig = charts.area_bars(data["by_area"], t("board.by_area"), t("board.count"))
        fig.update_layout(font_size=22, height=720)
        st.plotly_chart(fig, key="proj_areas", **common)
    elif view == "mappa":
        fig = charts.municipi_map(data["by_municipio"], t("board.by_municipio"), t("board.count"))
        fig.update_layout(font_size=22, height=720)
        st.plotly_chart(fig, key="proj_map", **common)
    else:
        fig = charts.municipi_bars(data["by_municipio"], data["citywide"], t("board.by_municipio"),
                                   t("board.count"), t("board.citywide"))
        fig.update_layout(font_size=22, height=640)
        st.plotly_chart(fig, key="proj_mun", **common)
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
