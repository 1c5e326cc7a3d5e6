"""The shared reading of territorial needs: filters shared by every chart,
each chart with its caption, method and data as CSV. Delegates see it
read-only, filtered to their territory by default; organisers also compare
sessions."""

import streamlit as st

from coprog.live import facilitation, tallies
from coprog.procedure import permissions, sessions
from coprog.reading import analysis
from coprog.texts import taxonomy, vocabulary
from ui import reading, state
from ui import resources as resources_ui
from ui.console import url_tabs
from ui.state import lang, t

delegate = state.current_delegate() if not state.staff_role() else None
if not (state.staff_role() or delegate):
    st.error(t("auth.delegate_only"))
    st.stop()
database = state.database()
L = lang()
st.title(t("reading.heading"))
st.caption(t("reading.intro"))


@st.cache_data(max_entries=8, show_spinner=False)
def load(path: str, process_id: int, version: int):
    """Read once per change of any session of the percorso (the version sum moves on every write)."""
    return analysis.needs_table(database, process_id), analysis.contributions_table(database, process_id)


process = state.current_process()
if process is None:
    st.info(t("board.no_process"))
    st.stop()
version = tallies.board_version(database, process_id=process["id"])
needs, all_contributions = load(str(database.path), process["id"], version)
hidden: set = set()
if delegate:  # sessions in a silent round stay out of a delegate's reading until revealed
    hidden = facilitation.silent_sessions(database, process["id"])
    if hidden:
        st.info(t("silent.reading"), icon=":material/visibility_off:")
        needs = needs[~needs["session_id"].isin(hidden)]
        all_contributions = all_contributions[~all_contributions["session_id"].isin(hidden)]
titles = {s["id"]: s["title"] for s in sessions.sessions(database, process["id"])}
home = analysis.home_municipi(database, delegate["organisation_id"], process["id"]) if delegate else []

with st.expander(t("reading.filters"), expanded=True):
    c1, c2 = st.columns(2)
    chosen_sessions = c1.multiselect(
        t("board.session"), list(titles), format_func=titles.get, placeholder=t("reading.all"), select_all=False
    )
    chosen_municipi = c2.multiselect(
        t("form.municipi"),
        list(taxonomy.MUNICIPI),
        default=home,
        format_func=lambda m: f"Municipio {m}",
        placeholder=t("reading.all"),
        help=t("reading.territory_help"),
        select_all=False,
    )
    c3, c4, c5 = st.columns(3)
    chosen_areas = c3.multiselect(
        t("form.area"),
        list(taxonomy.codes("area")),
        placeholder=t("reading.all"),
        format_func=lambda a: taxonomy.label("area", a, L),
        select_all=False,
    )
    chosen_targets = c4.multiselect(
        t("form.target"),
        list(taxonomy.codes("target_group")),
        placeholder=t("reading.all"),
        format_func=lambda a: taxonomy.label("target_group", a, L),
        select_all=False,
    )
    chosen_sources = c5.multiselect(
        t("hyb.source"),
        list(vocabulary.CONTRIBUTION_SOURCES),
        placeholder=t("reading.all"),
        format_func=lambda s: t(f"source.{s}"),
        select_all=False,
    )

filters = analysis.Filters(
    tuple(chosen_sessions), tuple(chosen_areas), tuple(chosen_targets), tuple(chosen_municipi), tuple(chosen_sources)
)
shown = analysis.apply(needs, filters)
contributions = (
    all_contributions[all_contributions["session_id"].isin(chosen_sessions)] if chosen_sessions else all_contributions
)
st.markdown(t("reading.count", shown=len(shown), total=len(needs)))
# what the frames hold: every page with the same percorso version, hidden sessions and filters shares the views
state_of = ("lettura", process["id"], version, frozenset(hidden), filters)

names = [t(f"reading.view.{v}") for v in reading.VIEWS] + [t("reading.view.risorse")]
if permissions.may("prepare", state.actor()):
    names.append(t("reading.view.confronto"))
tabs = url_tabs(names)
for tab, view in zip(tabs, reading.VIEWS):
    if not tab.open:  # only the tab shown is drawn (ui/console.url_tabs): a figure per tab costs every run
        continue
    with tab:
        if view == "mappa":
            m1, m2 = st.columns(2)
            level = m1.radio(
                t("reading.level"), ["municipi", "nil"], horizontal=True, format_func=lambda x: t(f"reading.level.{x}")
            )
            metric = m2.radio(
                t("reading.metric"),
                list(reading.MAP_METRICS),
                horizontal=True,
                format_func=lambda x: t(f"reading.metric.{x}"),
            )
            reading.show(
                reading.build_once(state_of, view, shown, level=level, metric=metric), f"mappa_{level}_{metric}"
            )
        elif view == "parole":  # keywords of one area, or of all
            area = st.selectbox(
                t("form.area"),
                [None, *taxonomy.codes("area")],
                key="keyword_area",
                format_func=lambda a: taxonomy.label("area", a, L) if a else t("reading.all"),
            )
            subset = shown[shown["area"] == area] if area else shown
            reading.show(reading.build_once((*state_of, area), view, subset), f"parole_{area or 'tutte'}")
        else:
            reading.show(reading.build_once(state_of, view, shown, contributions=contributions), view)
if tabs[len(reading.VIEWS)].open:
    with tabs[len(reading.VIEWS)]:  # the offer beside the needs (the needs as filtered)
        resources_ui.tab(database, process["id"], shown, version)
if permissions.may("prepare", state.actor()) and tabs[-1].open:
    with tabs[-1]:  # every session side by side, whatever the session filter
        every_session = analysis.apply(
            needs, analysis.Filters((), filters.areas, filters.targets, filters.municipi, filters.sources)
        )
        reading.show(reading.build_once(state_of, "confronto", every_session), "confronto")
