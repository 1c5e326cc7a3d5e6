"""Chart builders: DataFrame in, plotly figure out. Built with
``plotly.graph_objects`` (cheaper than plotly.express in refreshing views)
and with no map tiles or CDN assets, so they render offline."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import taxonomy

PALETTE = {"bar": "#0B3D91", "citywide": "#B35900", "text": "#111111"}
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=16, color=PALETTE["text"])
MILAN_CENTER = {"lat": 45.4642, "lon": 9.19}


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(title=dict(text=title, x=0, font=dict(size=20)), font=FONT, height=height,
                      margin=dict(l=10, r=10, t=50, b=50), paper_bgcolor="white",
                      plot_bgcolor="white")
    return fig


def area_bars(counts: pd.DataFrame, title: str, count_label: str) -> go.Figure:
    """Horizontal bars, one per area, largest at the top."""
    ordered = counts.sort_values("count", ascending=True)
    fig = go.Figure(go.Bar(
        x=ordered["count"], y=ordered["label"], orientation="h", marker_color=PALETTE["bar"],
        text=ordered["count"], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x}<extra></extra>", name=count_label,
    ))
    fig.update_xaxes(title=count_label, rangemode="tozero", gridcolor="#DDDDDD")
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, height=max(320, 34 * len(ordered) + 80))


def municipi_map(counts: pd.DataFrame, title: str, count_label: str,
                 geojson: dict | None = None) -> go.Figure:
    """Choropleth of the 9 Municipi on a blank background (no tiles: works offline)."""
    geojson = geojson or taxonomy.municipi_geojson()
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson, featureidkey="properties.municipio",
        locations=counts["municipio"], z=counts["count"],
        text=[f"Municipio {m}" for m in counts["municipio"]],
        colorscale="Blues", zmin=0, zmax=max(1, int(counts["count"].max() or 0)),
        marker_line_color="#333333", marker_line_width=1.2,
        colorbar=dict(title=dict(text=count_label)),
        hovertemplate="%{text}: %{z}<extra></extra>",
    ))
    fig.update_layout(map=dict(style="white-bg", center=MILAN_CENTER, zoom=9.55))
    return _layout(fig, title, height=460)


def municipi_bars(counts: pd.DataFrame, citywide: int, title: str, count_label: str,
                  citywide_label: str) -> go.Figure:
    """Bars for Municipi 1-9 plus the city-wide needs as their own bar."""
    labels = [str(m) for m in counts["municipio"]] + [citywide_label]
    values = list(counts["count"]) + [citywide]
    colors = [PALETTE["bar"]] * len(counts) + [PALETTE["citywide"]]
    fig = go.Figure(go.Bar(x=labels, y=values, marker_color=colors, text=values,
                           textposition="outside", cliponaxis=False,
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    fig.update_xaxes(title="Municipio", tickangle=0, type="category", automargin=True)
    fig.update_yaxes(title=count_label, rangemode="tozero", gridcolor="#DDDDDD", automargin=True)
    return _layout(fig, title, height=360)
