"""What the projector draws: big type, high contrast, no Streamlit chrome."""

from __future__ import annotations

import time

import streamlit as st

from coprog.contributions import contributions
from coprog.procedure import invites
from coprog.reading import charts
from coprog.texts import taxonomy
from ui import reading
from ui import resources as resources_ui
from ui.render import plain
from ui.state import lang, t, tn

# Static CSS only (no participant text ever goes through st.html).
PROJECTOR_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 1.2rem 2rem !important; max-width: 100% !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.5rem; line-height: 1.35; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  font-size: 4rem !important; font-weight: 700; line-height: 1.1;
}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: 1.4rem !important; }
[data-testid="stHeaderActionElements"] { display: none !important; }
[data-testid="stMain"] h1 { font-size: 3.2rem !important; }
[data-testid="stMain"] h2 { font-size: 2.4rem !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.4rem !important; }
</style>"""

VIEW_CYCLE = ("aree", "mappa", "municipi", "risorse", "matrice", "intensita", "parole", "contesto")
CYCLE_SECONDS = 15


def slot(view: str, now: float | None = None) -> str:
    """What the projector shows of the board: the facilitator's choice, or in
    turn each view of ``VIEW_CYCLE`` for ``CYCLE_SECONDS`` («auto»)."""
    if view != "auto":
        return view
    now = time.time() if now is None else now
    return VIEW_CYCLE[int(now // CYCLE_SECONDS) % len(VIEW_CYCLE)]


def next_turn(view: str, now: float | None = None) -> float | None:
    """Seconds until the rotation's slot turns (None when the view is fixed)."""
    if view != "auto":
        return None
    now = time.time() if now is None else now
    return CYCLE_SECONDS - now % CYCLE_SECONDS


def hide_chrome() -> None:
    st.html(PROJECTOR_CSS)


@st.cache_resource(max_entries=16, show_spinner=False)
def _view(session_id, version: int, view: str, language: str, _needs, _contributions):
    """One view per (session, version, chart, language): built once, drawn by every refresh."""
    built = reading.build(view, _needs, contributions=_contributions)
    built.figure.update_layout(font_size=22, height=560, title_font_size=30)
    if view == "mappa":
        built.figure.update_layout(map_zoom=charts.map_zoom(560))
    return built


@st.cache_data(max_entries=64, show_spinner=False)
def qr_png(link: str) -> bytes:
    return invites.qr_png(link)


@st.cache_resource(max_entries=4, show_spinner=False)
def _resources_view(session_id, version: int, offer_version: tuple, language: str, _needs, _services):
    """Needs and the ETS' services per Municipio, built once per version of either."""
    built = resources_ui.projector_view(_needs, _services)
    built.figure.update_layout(font_size=22, height=560, title_font_size=30)
    return built


def needs_view(session_id, version: int, view: str, language: str, data: dict, database=None, process_id=None) -> None:
    """The board's chart of this slot; the slot ``risorse`` (needs beside the ETS'
    services) shows the areas instead while no service is checked."""
    if view == "risorse" and database is not None:
        services, offer_version = resources_ui.load_services(database, process_id)
        if len(services):
            built = _resources_view(session_id, version, offer_version, language, data["needs"], services)
            reading.show(built, "proj_risorse", download=False, static=True, method=False)
            return
    if view == "risorse":
        view = "aree"
    built = _view(session_id, version, view, language, data["needs"], data["contributions"])
    reading.show(built, f"proj_{view}", download=False, static=True, method=False)


def contribution_list(items: list[dict], limit: int = 8) -> None:
    for c in items[:limit]:
        with st.container(border=True):
            st.markdown(("📌 " if c["pinned"] else "") + f"**{plain(c['title'])}**")
            st.caption(plain(c["authors"] or c["organisation"]))


def latest(database, session_id, kind=None) -> list[dict]:
    return contributions.visible(database, session_id, kind=kind, limit=12)


def consolidated_lists(items: list[dict]) -> None:
    """The plenary's consolidated lists, type by type: each item with how many
    tables and ETS stand behind it."""
    L = lang()
    kind = None
    for item in items:
        if item["type"] != kind:
            kind = item["type"]
            st.markdown("## " + t("cons.projector_heading", type=taxonomy.label("contribution_type", kind, L)))
        st.markdown(
            f"- **{plain(item['title'])}** — "
            + tn("count.tables", len(item["tables"]))
            + " · "
            + tn("count.organisations", len(item["organisations"]))
        )
