"""The shared reading of needs: every view as (figure, data, caption), used by
the analysis page and by the projector."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from coprog.reading import analysis, charts
from coprog.texts import i18n, taxonomy, vocabulary
from coprog.texts.exports_safe import csv_bytes
from ui.state import lang, t

VIEWS = ("mappa", "aree", "municipi", "matrice", "albero", "intensita", "tempo", "parole", "contesto")
MAP_METRICS = ("needs", "mean_intensity", "per_10k_over65", "over65", "over80_alone")
ESTIMATED_BY_MUNICIPIO = ("per_10k_over65", "over65", "over80_alone")


@dataclass
class View:
    figure: go.Figure | None  # None: a table alone
    data: pd.DataFrame
    caption: str
    method: str
    table: bool = False  # the data shown as a table under the figure
    _csv: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    def csv(self, language: str) -> bytes:
        """The data as CSV, headers in ``language``: built once and kept on the view,
        which is built once per state of its data and shared by every page (a plain
        file to download, not one built at the click: ui/downloads.py)."""
        if language not in self._csv:
            self._csv[language] = csv_bytes(i18n.columns(_readable(self.data), language))
        return self._csv[language]


def build(
    view: str,
    needs: pd.DataFrame,
    *,
    level: str = "municipi",
    metric: str = "needs",
    contributions: pd.DataFrame | None = None,
) -> View:
    """The figure, the data behind it and its plain-Italian caption and method."""
    L = lang()
    count = t("board.count")
    method = t("board.method")
    if view == "mappa" and level == "nil":
        frame = analysis.by_nil(needs)
        figure = charts.nil_map(frame, metric, t(f"reading.map_nil.{metric}"), t(f"reading.metric.{metric}"))
        return View(figure, frame, t("reading.caption.map_nil"), t("reading.method.nil"))
    if view == "mappa":
        frame = analysis.by_municipio(needs)
        figure = charts.municipi_map(frame, metric, t(f"reading.map.{metric}"), t(f"reading.metric.{metric}"))
        caption = t("reading.caption.map")
        if metric in ESTIMATED_BY_MUNICIPIO:
            caption += " " + t("reading.estimate")
        return View(figure, frame, caption, method)
    if view == "aree":
        areas = analysis.by_area(needs, L)
        return View(charts.area_bars(areas, t("board.by_area"), count), areas, t("reading.caption.areas"), method)
    if view == "municipi":
        frame = analysis.by_municipio(needs)
        counts = frame[["municipio", "needs"]].rename(columns={"needs": "count"})
        figure = charts.municipi_bars(
            counts, analysis.citywide_count(needs), t("board.by_municipio"), count, t("board.citywide")
        )
        return View(figure, frame, t("reading.caption.municipi"), method)
    if view == "matrice":
        matrix = analysis.area_by_municipio(needs, L, t("board.citywide"))
        figure = charts.heatmap(matrix, t("reading.title.matrix"), count, "Municipio")
        return View(figure, matrix.reset_index(names=t("form.area")), t("reading.caption.matrix"), method)
    if view == "albero":
        frame = analysis.treemap_frame(needs, L)
        return View(
            charts.treemap(frame, t("reading.title.tree"), t("reading.all_needs")),
            frame,
            t("reading.caption.tree"),
            t("reading.method.tree"),
        )
    if view == "intensita":
        frame = analysis.intensity_trend(needs)
        figure = charts.intensity_trend(
            frame, t("reading.title.intensity"), taxonomy.labels("trend", L), t("field.intensity"), count
        )
        return View(figure, frame, t("reading.caption.intensity"), t("reading.method.simple"))
    if view == "tempo":
        frame = analysis.timeline(contributions if contributions is not None else needs.assign(type=vocabulary.NEED))
        figure = charts.timeline(
            frame, t("reading.title.timeline"), taxonomy.labels("contribution_type", L), t("board.contributions")
        )
        return View(figure, frame, t("reading.caption.timeline"), t("reading.method.simple"))
    if view == "parole":
        frame = analysis.keywords(needs)
        return View(
            charts.keyword_bars(frame, t("reading.title.keywords"), t("reading.occurrences")),
            frame,
            t("reading.caption.keywords"),
            t("reading.method.keywords"),
        )
    if view == "contesto":
        frame = analysis.context(needs)
        labels = {k: t(f"reading.{k}") for k in ("share_needs", "share_over65", "share_over80_alone")}
        return View(
            charts.context_bars(frame, t("reading.title.context"), labels),
            frame,
            t("reading.caption.context"),
            t("reading.method.context"),
        )
    if view == "confronto":
        table = analysis.session_comparison(needs, L)
        figure = charts.heatmap(table, t("reading.title.compare"), "%", t("board.session"))
        return View(
            figure, table.reset_index(names=t("form.area")), t("reading.caption.compare"), t("reading.method.compare")
        )
    raise ValueError(view)


@st.cache_resource(max_entries=64, show_spinner=False)
def _built(key: tuple, view: str, _needs: pd.DataFrame, _options: dict) -> View:
    return build(view, _needs, **_options)


def build_once(key: tuple, view: str, needs: pd.DataFrame, **options) -> View:
    """:func:`build`, once per state of its data: ``key`` names what the frames
    hold (the percorso or session, its version, the filters, the sessions
    hidden; the language and the map's level and metric are added here), the
    frames themselves are not hashed. Every page that shows the same view of
    the same data shares it, as the projector's views (ui/projector.py):
    drawing only reads the figure."""
    return _built((*key, lang(), options.get("level"), options.get("metric")), view, needs, options)


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists in cells (territories, types) as plain text."""
    return frame.assign(
        **{c: frame[c].map(lambda v: ", ".join(map(str, v)) if isinstance(v, list) else v) for c in frame.columns}
    )


def show(view: View, key: str, *, download: bool = True, static: bool = False, method: bool = True) -> None:
    """Draw a view with its caption, method and (optionally) its data as CSV."""
    if view.figure is not None:
        st.plotly_chart(
            view.figure, key=f"chart_{key}", width="stretch", theme=None,
            config={"displayModeBar": False, "staticPlot": static},
        )  # fmt: skip
    if view.table or view.figure is None:
        st.dataframe(i18n.columns(_readable(view.data), lang()), hide_index=True, key=f"table_{key}")
    st.caption(view.caption)
    if method:
        st.caption(view.method)
    if download:
        st.download_button(
            t("reading.download"),
            view.csv(lang()),
            file_name=f"{key}.csv",
            mime="text/csv",
            key=f"csv_{key}",
            icon=":material/download:",
        )
