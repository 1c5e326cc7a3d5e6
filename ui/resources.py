"""The offer beside the needs in the shared reading and on the projector: each
view as (figure, data, caption, method) like ui/reading.py, the figures from
coprog/reading/charts.py, the measures from coprog/reading/resources.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coprog.reading import analysis, charts, offer, resources
from coprog.texts import i18n, taxonomy
from ui import reading
from ui.state import database, lang, t

VIEWS = ("mappa", "territori", "aree", "servizi", "frammentazione", "rete", "abbinamenti")
MAP_METRICS = ("scoperti", "needs", "services", "ets", "people", "per_1000_over65")
NIL_ONLY = ("most_ets_one_type",)


@st.cache_data(max_entries=8, show_spinner=False)
def _services(path: str, process_id: int, version: tuple) -> pd.DataFrame:
    return offer.services(database(), process_id)


def load_services(database, process_id: int) -> tuple[pd.DataFrame, tuple]:
    """The approved services and the offer's version: read again only when a service is added or changes."""
    version = offer.version(database, process_id)
    return _services(str(database.path), process_id, version), version


def _listed(values, kind: str) -> str:
    return ", ".join(taxonomy.label(kind, v, lang()) for v in values)


def build(
    view: str,
    needs: pd.DataFrame,
    services: pd.DataFrame,
    *,
    level: str = "municipio",
    metric: str = "scoperti",
    proposals: pd.DataFrame | None = None,
) -> reading.View:
    """The figure (None for a table alone), the data behind it, caption and method."""
    L = lang()
    method = t("res.method")
    if view == "mappa":
        frame = resources.by_territory(needs, services, level)
        title = t("res.map_title", metric=t(f"res.metric.{metric}"), level=t(f"res.level.{level}"))
        draw = charts.municipi_map if level == "municipio" else charts.nil_map
        return reading.View(
            draw(frame, metric, title, t(f"res.metric.{metric}")), frame, t("res.caption.mappa"), method
        )
    if view == "territori":
        frame = resources.by_territory(needs, services, level)
        drawn = frame if level == "municipio" else frame[frame["needs"].gt(0) | frame["services"].gt(0)]
        return reading.View(_beside(drawn, "name", "territori"), frame, t("res.caption.territori"), method, table=True)
    if view == "aree":
        frame = resources.by_area(needs, services, L)
        return reading.View(_beside(frame, "label", "aree"), frame, t("res.caption.aree"), method, table=True)
    if view == "servizi":
        frame = resources.by_type(services, L)
        figure = charts.area_bars(
            frame.rename(columns={"services": "count"}), t("res.title.servizi"), t("res.series.services")
        )
        return reading.View(figure, frame, t("res.caption.servizi"), method, table=True)
    if view == "frammentazione":
        frame = resources.fragmentation(services)
        crowded = frame[frame["ets"] >= 2]
        matrix = crowded.pivot_table(index="name", columns="type", values="ets", aggfunc="max", fill_value=0)
        matrix = matrix.loc[matrix.max(axis=1).sort_values(ascending=False).index[:25]]
        matrix.columns = [taxonomy.label("service_type", c, L) for c in matrix.columns]
        figure = charts.heatmap(matrix, t("res.title.frammentazione"), t("res.metric.ets")) if len(matrix) else None
        shown = frame.assign(type=[taxonomy.label("service_type", k, L) for k in frame["type"]])
        return reading.View(figure, shown, t("res.caption.frammentazione"), method, table=True)
    if view == "rete":
        nodes, edges = resources.network_frames(resources.network(services))
        labels = {
            "same": t("res.edge.same"),
            "place": t("res.edge.place"),
            "node": t("res.node"),
            "hover": f"{t('res.series.services')}: %{{customdata[0]}} · {t('res.metric.people')}: %{{customdata[1]}}",
        }
        figure = charts.network(nodes, edges, t("res.title.rete"), labels)
        data = nodes.drop(columns=["x", "y"])
        return reading.View(figure, data, t("res.caption.rete"), method, table=True)
    if view == "abbinamenti":
        frame = resources.matches(needs, services, proposals)
        shown = frame.assign(
            item_type=[taxonomy.label("contribution_type", k, L) for k in frame["item_type"]],
            types=[_listed(v, "service_type") for v in frame["types"]],
            why=[
                taxonomy.label("area", w, L) if k == "bisogno" else _listed(w.split(";") if w else [], "service_type")
                for k, w in zip(frame["item_type"], frame["why"])
            ],
        ).drop(columns=["organisation_id"])
        return reading.View(None, shown, t("res.caption.abbinamenti"), method, table=True)
    raise ValueError(view)


@st.cache_resource(max_entries=32, show_spinner=False)
def _cached(key: tuple, what: str, level: str, metric: str, _needs, _services, _proposals):
    """A view (or the headline figures) once per state of the data, filters and language:
    ``key`` names them (the frames themselves are not hashed)."""
    if what == "summary":
        return resources.summary(_needs, _services)
    return build(what, _needs, _services, level=level, metric=metric, proposals=_proposals)


def _beside(frame: pd.DataFrame, names: str, view: str):
    """Needs, needs without offer and services side by side, one group per row of ``frame``."""
    return charts.grouped_bars(
        list(frame[names]),
        {t(f"res.series.{s}"): list(frame[s]) for s in ("needs", "scoperti", "services")},
        t(f"res.title.{view}"),
    )


def summary(figures: dict) -> None:
    L = lang()
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("res.summary.ets"), figures["ets"])
    c2.metric(t("res.summary.services"), figures["services"])
    c3.metric(t("res.summary.people"), i18n.number(figures["people"], L))
    c4.metric(t("res.summary.scoperti"), f"{figures['scoperti']} / {figures['needs']}")


def tab(database, process_id: int, needs: pd.DataFrame, version: int) -> None:
    """The reading's tab: headline figures, then one view at a time. ``version``:
    the percorso's contributions' version (each view is computed once per state
    of the needs shown, of the services and of the language)."""
    services, offer_version = load_services(database, process_id)
    if services.empty:
        st.info(t("res.no_offer"))
        return
    key = (str(database.path), process_id, version, offer_version, tuple(needs["id"]), lang())
    summary(_cached(key, "summary", "", "", needs, services, None))
    view = st.radio(
        t("res.view"), list(VIEWS), horizontal=True, format_func=lambda v: t(f"res.view.{v}"), key="res_view"
    )
    level, metric = "municipio", "scoperti"
    if view in ("mappa", "territori"):
        m1, m2 = st.columns(2)
        level = m1.radio(
            t("reading.level"), ["municipio", "nil"], horizontal=True, key="res_level",
            format_func=lambda x: t(f"reading.level.{'municipi' if x == 'municipio' else 'nil'}"),
        )  # fmt: skip
        if view == "mappa":
            metrics = list(MAP_METRICS) + (list(NIL_ONLY) if level == "nil" else [])
            metric = m2.radio(
                t("reading.metric"), metrics, horizontal=True, key="res_metric",
                format_func=lambda x: t(f"res.metric.{x}"),
            )  # fmt: skip
    proposals = analysis.proposals_table(database, process_id) if view == "abbinamenti" else None
    built = _cached(key, view, level, metric, needs, services, proposals)
    reading.show(built, f"risorse_{view}_{level}_{metric}" if view == "mappa" else f"risorse_{view}")


def projector_view(needs: pd.DataFrame, services: pd.DataFrame) -> reading.View:
    """The projector's slot: needs, needs without offer and services per Municipio, big."""
    built = build("territori", needs, services)
    built.figure.update_layout(title_text=t("projector.resources"))
    built.table = False  # read from 10 metres: the chart alone
    return built
