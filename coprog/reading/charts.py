"""Chart builders: DataFrame in, plotly figure out. Built with
``plotly.graph_objects`` (cheaper than plotly.express in refreshing views)
and with no map tiles or CDN assets, so they render offline."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from coprog.ballots import tallying
from coprog.reading import territory
from coprog.texts import taxonomy

PALETTE = {"bar": "#0B3D91", "citywide": "#B35900", "text": "#111111"}
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=16, color=PALETTE["text"])
MILAN_CENTER = {"lat": 45.4642, "lon": 9.19}


def plain(text) -> str:
    """Typed text as plotly shows it: plotly reads ``<b>``, ``<a href>``, ``<br>``
    in labels as markup, so ``<``, ``>`` and ``&`` go in as entities (shown as typed)."""
    return html.escape(str(text), quote=False)


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    fig.update_layout(
        title=dict(text=title, x=0, font=dict(size=20)),
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=50, b=50),
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return fig


def area_bars(counts: pd.DataFrame, title: str, count_label: str) -> go.Figure:
    """Horizontal bars, one per area, largest at the top."""
    ordered = counts.sort_values("count", ascending=True)
    fig = go.Figure(
        go.Bar(
            x=ordered["count"],
            y=ordered["label"],
            orientation="h",
            marker_color=PALETTE["bar"],
            text=ordered["count"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
            name=count_label,
        )
    )
    fig.update_xaxes(title=count_label, rangemode="tozero", gridcolor="#DDDDDD")
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, height=max(320, 34 * len(ordered) + 80))


def municipi_bars(counts: pd.DataFrame, citywide: int, title: str, count_label: str, citywide_label: str) -> go.Figure:
    """Bars for Municipi 1-9 plus the city-wide needs as their own bar."""
    labels = [str(m) for m in counts["municipio"]] + [citywide_label]
    values = list(counts["count"]) + [citywide]
    colors = [PALETTE["bar"]] * len(counts) + [PALETTE["citywide"]]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=values,
            marker_color=colors,
            text=values,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.update_xaxes(title="Municipio", tickangle=0, type="category", automargin=True)
    fig.update_yaxes(title=count_label, rangemode="tozero", gridcolor="#DDDDDD", automargin=True)
    return _layout(fig, title, height=360)


# -- the shared reading of needs (issue: territorial reading) -------------------


def map_zoom(height: int) -> float:
    """The zoom at which the whole city fits a map of this height (9.55 fits 460 px)."""
    return 9.55 + math.log2(max(height, 200) / 460)


def municipi_map(frame: pd.DataFrame, value: str, title: str, value_label: str) -> go.Figure:
    """The 9 Municipi coloured by ``value`` (a frame of analysis.by_municipio)."""

    names = [f"Municipio {m}" for m in frame["municipio"]]
    return choropleth(frame, geojson=taxonomy.municipi_geojson(), featureidkey="properties.municipio",
                      location="municipio", value=value, names=names, title=title, value_label=value_label)  # fmt: skip


def nil_map(frame: pd.DataFrame, value: str, title: str, value_label: str) -> go.Figure:
    """The 88 NIL coloured by ``value`` (a frame of analysis.by_nil)."""

    return choropleth(frame, geojson=territory.nil_geojson(), featureidkey="properties.id_nil", location="nil",
                      value=value, names=list(frame["name"]), title=title, value_label=value_label)  # fmt: skip


def choropleth(
    frame: pd.DataFrame,
    *,
    geojson: dict,
    featureidkey: str,
    location: str,
    value: str,
    names: list[str],
    title: str,
    value_label: str,
    height: int = 520,
) -> go.Figure:
    """A choropleth on a blank background (no tiles, no network)."""
    values = frame[value]
    whole = bool(((values.dropna() % 1) == 0).all())
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            featureidkey=featureidkey,
            locations=frame[location],
            z=values.fillna(0),
            text=names,
            colorscale="Blues",
            zmin=0,
            zmax=max(1.0, float(values.max() or 0)),
            marker_line_color="#333333",
            marker_line_width=0.8,
            # whole numbers: one tick per unit while few (",d" alone repeats 0 and 1 on a 0-1 scale)
            colorbar=dict(
                title=dict(text=value_label),
                tickformat=",d" if whole else None,
                dtick=1 if whole and float(values.max() or 0) <= 10 else None,
            ),
            hovertemplate="%{text}: %{z}<extra></extra>",
        )
    )
    fig.update_layout(map=dict(style="white-bg", center=MILAN_CENTER, zoom=map_zoom(height)))
    return _layout(fig, title, height=height)


def heatmap(matrix: pd.DataFrame, title: str, value_label: str, x_title: str = "") -> go.Figure:
    whole = matrix.empty or bool(((matrix.values % 1) == 0).all())
    fig = go.Figure(
        go.Heatmap(
            z=matrix.values,
            x=[plain(c) for c in matrix.columns],
            y=[plain(i) for i in matrix.index],
            colorscale="Blues",
            text=matrix.values,
            texttemplate="%{text}",
            # whole numbers: one tick per unit while few (",d" alone repeats 0 and 1 on a 0-1 scale)
            colorbar=dict(
                title=dict(text=value_label),
                tickformat=",d" if whole else None,
                dtick=1 if whole and (matrix.empty or float(matrix.values.max()) <= 10) else None,
            ),
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_xaxes(title=x_title, type="category")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return _layout(fig, title, height=max(360, 32 * len(matrix.index) + 140))


def treemap(frame: pd.DataFrame, title: str, root_label: str) -> go.Figure:
    """area -> target group -> need (ids are paths, so equal names never collide)."""
    ids, labels, parents, values = [root_label], [root_label], [""], [int(frame["count"].sum())]
    for area, by_area in frame.groupby("area", sort=False):
        ids.append(f"{root_label}/{area}")
        labels.append(area)
        parents.append(root_label)
        values.append(int(by_area["count"].sum()))
        for target, by_target in by_area.groupby("target", sort=False):
            tid = f"{root_label}/{area}/{target}"
            ids.append(tid)
            labels.append(target)
            parents.append(f"{root_label}/{area}")
            values.append(int(by_target["count"].sum()))
            for row in by_target.itertuples():
                ids.append(f"{tid}/{plain(row.title)}")
                labels.append(plain(row.title))
                parents.append(tid)
                values.append(int(row.count))
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            maxdepth=3,
            textinfo="label+value",
            hovertemplate="%{label}: %{value}<extra></extra>",
        )
    )
    return _layout(fig, title, height=560)


def intensity_trend(
    frame: pd.DataFrame, title: str, trend_labels: dict, intensity_label: str, count_label: str
) -> go.Figure:
    """Bubbles: trend across, intensity up, size = number of needs."""
    shown = frame[frame["count"] > 0]
    largest = int(shown["count"].max()) if len(shown) else 1
    fig = go.Figure(
        go.Scatter(
            x=[trend_labels.get(t, t) for t in shown["trend"]],
            y=shown["intensity"],
            mode="markers+text",
            text=shown["count"],
            textposition="middle center",
            textfont=dict(color="white", size=14),
            marker=dict(
                size=shown["count"],
                sizemode="area",
                sizeref=2.0 * largest / 60**2,
                sizemin=14,
                color=PALETTE["bar"],
                line=dict(color="white", width=1),
            ),
            hovertemplate="%{x}, " + intensity_label + " %{y}: %{text}<extra></extra>",
            name=count_label,
        )
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(trend_labels.values()))
    fig.update_yaxes(title=intensity_label, range=[0.4, 5.6], dtick=1, gridcolor="#DDDDDD")
    return _layout(fig, title, height=460)


def timeline(frame: pd.DataFrame, title: str, type_labels: dict, count_label: str) -> go.Figure:
    fig = go.Figure()
    for kind, rows in frame.groupby("type", sort=False):
        fig.add_trace(
            go.Scatter(
                x=rows["time"],
                y=rows["cumulative"],
                mode="lines+markers",
                line_shape="hv",
                name=type_labels.get(kind, kind),
            )
        )
    fig.update_yaxes(title=count_label, rangemode="tozero", gridcolor="#DDDDDD")
    fig.update_xaxes(tickformat="%H:%M")
    fig.update_layout(legend=dict(orientation="h", y=-0.25))
    return _layout(fig, title, height=440)


def keyword_bars(frame: pd.DataFrame, title: str, count_label: str) -> go.Figure:
    ordered = frame.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=ordered["count"],
            y=[plain(w) for w in ordered["word"]],
            orientation="h",
            text=ordered["count"],
            textposition="outside",
            cliponaxis=False,
            marker_color=PALETTE["bar"],
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(title=count_label, rangemode="tozero", gridcolor="#DDDDDD")
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, height=max(320, 30 * len(frame) + 100))


def context_bars(frame: pd.DataFrame, title: str, labels: dict) -> go.Figure:
    """Share of needs logged vs share of the 65+ and of the 80+ living alone, per Municipio."""
    x = [str(m) for m in frame["municipio"]]
    fig = go.Figure()
    for column, color in (
        ("share_needs", PALETTE["bar"]),
        ("share_over65", "#7FA7D9"),
        ("share_over80_alone", PALETTE["citywide"]),
    ):
        fig.add_trace(
            go.Bar(
                x=x,
                y=frame[column],
                name=labels[column],
                marker_color=color,
                hovertemplate="Municipio %{x}: %{y}%<extra>" + labels[column] + "</extra>",
            )
        )
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.38))
    fig.update_xaxes(title="Municipio", type="category")
    fig.update_yaxes(title="%", rangemode="tozero", gridcolor="#DDDDDD")
    return _layout(fig, title, height=440)


# -- ballots -------------------------------------------------------------------------


def ballot_value(result: dict, item: dict) -> float:
    """The figure an item is ranked by: points, approval %, Borda score or mean rating."""
    method = result["method"]
    if method == "punti":
        return item["combined"]
    if method == "approvazione":
        return round(item["share"] * 100, 1)
    if method == "ordinamento":
        return item["borda"]
    return item[result["dimensions"][0]]["mean"] or 0


def ballot_bars(result: dict, title: str, value_label: str, labels: dict, wrap: int = 28) -> go.Figure:
    """Items ranked by their figure, each title whole (wrapped every ``wrap``
    characters, never cut) with its value beside the bar; a ✔ marks items
    every group supports; for ratings the bar text gives the consensus and
    controversial items are orange."""
    items = sorted(result["items"], key=lambda it: ballot_value(result, it))
    names, values, texts, colors, lines = [], [], [], [], 0
    for it in items:
        shared = tallying.shared(it)
        label = wrapped(("✔ " if shared else "") + it["title"], wrap)
        lines += label.count("<br>") + 1
        names.append(label)
        value = ballot_value(result, it)
        values.append(value)
        if result["method"] == "valutazione":
            figures = it[result["dimensions"][0]]
            texts.append(
                f"{value:.2f} · {labels['consensus']} "
                f"{figures['consensus'] if figures['consensus'] is not None else '–'}"
            )
            colors.append(PALETTE["citywide"] if it.get("controversial") else PALETTE["bar"])
        elif result["method"] == "punti" and it.get("paper"):
            texts.append(f"{value} ({labels['paper']} {sum(it['paper'].values())})")
            colors.append(PALETTE["bar"])
        else:
            texts.append(f"{value:g}")
            colors.append(PALETTE["bar"])
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            text=texts,
            textposition="outside",
            cliponaxis=False,
            marker_color=colors,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(
        title=value_label,
        rangemode="tozero",
        gridcolor="#DDDDDD",
        tickformat=",d" if result["method"] == "punti" else None,
    )
    return _layout(fig, title, height=max(320, 22 * lines + 24 * len(items) + 110))


def quadrant_matrix(result: dict, title: str, labels: dict) -> go.Figure:
    """Importance (up) × feasibility (across), split at 3, quadrants named in Italian."""
    points = [p for p in result.get("matrix", []) if p["x"] is not None and p["y"] is not None]
    fig = go.Figure(
        go.Scatter(
            x=[p["x"] for p in points],
            y=[p["y"] for p in points],
            mode="markers+text",
            text=[_short(p["title"], 28) for p in points],
            textposition="top center",
            marker=dict(size=16, color=PALETTE["bar"]),
            hovertemplate="%{text}: %{x}, %{y}<extra></extra>",
        )
    )
    for x, y, key in (
        (4.5, 4.8, "vittorie_rapide"),
        (1.5, 4.8, "scommesse_strategiche"),
        (4.5, 1.2, "se_facile"),
        (1.5, 1.2, "da_rimandare"),
    ):
        fig.add_annotation(x=x, y=y, text=f"<b>{labels[key]}</b>", showarrow=False, font=dict(size=16, color="#555555"))
    fig.add_shape(type="line", x0=3, x1=3, y0=1, y1=5, line=dict(dash="dash", color="#888888"))
    fig.add_shape(type="line", x0=1, x1=5, y0=3, y1=3, line=dict(dash="dash", color="#888888"))
    fig.update_xaxes(title=labels["fattibilita"], range=[0.8, 5.2], dtick=1, gridcolor="#EEEEEE")
    fig.update_yaxes(title=labels["importanza"], range=[0.8, 5.2], dtick=1, gridcolor="#EEEEEE")
    return _layout(fig, title, height=560)


def wrapped(text: str, width: int = 28) -> str:
    """A label wrapped at word boundaries into lines of about ``width``
    characters (plotly's ``<br>``), never cut; each line escaped."""
    import textwrap

    lines = textwrap.wrap(str(text), width=width, break_long_words=True, break_on_hyphens=False) or [""]
    return "<br>".join(plain(line) for line in lines)


def _short(text: str, length: int = 48) -> str:
    """A label cut to ``length`` characters, as plain text."""
    return plain(text if len(text) <= length else text[: length - 1] + "…")


def grouped_bars(labels, series: dict, title: str) -> go.Figure:
    """Side-by-side bars, one colour per series."""
    fig = go.Figure()
    for (name, values), color in zip(series.items(), (PALETTE["bar"], PALETTE["citywide"], "#7FA7D9")):
        fig.add_trace(
            go.Bar(x=[plain(label) for label in labels], y=list(values), name=plain(name), marker_color=color)
        )
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.35))
    fig.update_yaxes(rangemode="tozero", gridcolor="#DDDDDD", tickformat=",d")
    return _layout(fig, title, height=420)


# Opinion groups: dark, distinct hues that keep their contrast on a projector (and a symbol each,
# so the groups stay apart without colour).
GROUP_COLOURS = ("#0B3D91", "#B35900", "#1B7837", "#7B2D8E", "#8C1C13", "#00607A", "#5A5A5A")
GROUP_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star")


def opinion_map(frame: pd.DataFrame, title: str, group_label: str) -> go.Figure:
    """ETS as dots on the two reduced dimensions, one colour and symbol per
    opinion group; ``frame`` has columns x, y, group, label (the label is the
    ETS's name or an anonymous «Ente N»). The axes have no meaning of their own."""
    fig = go.Figure()
    # ETS at the same place (identical reactions) are one dot, bigger, with every label
    together = frame.groupby(["group", "x", "y"], sort=True).agg(
        label=("label", lambda v: ", ".join(_short(str(x), 24) for x in v)), count=("label", "size")
    )
    for n, (group, rows) in enumerate(together.reset_index().groupby("group", sort=True)):
        fig.add_trace(
            go.Scatter(
                x=rows["x"],
                y=rows["y"],
                mode="markers+text",
                name=group_label.format(name=group),
                text=list(rows["label"]),
                textposition="top center",
                marker=dict(
                    size=[14 + 5 * (c - 1) for c in rows["count"]],
                    color=GROUP_COLOURS[n % len(GROUP_COLOURS)],
                    symbol=GROUP_SYMBOLS[n % len(GROUP_SYMBOLS)],
                    line=dict(width=1, color="#FFFFFF"),
                    opacity=1,
                ),
                hovertemplate="%{text}<extra>" + group_label.format(name=group) + "</extra>",
            )
        )
    span = float(frame["x"].max() - frame["x"].min()) if len(frame) else 0.0
    pad = max(0.5, 0.3 * span)  # room for the labels of the dots at either end
    fig.update_xaxes(
        showticklabels=False,
        zeroline=False,
        gridcolor="#EEEEEE",
        title=None,
        range=[float(frame["x"].min()) - pad, float(frame["x"].max()) + pad] if len(frame) else None,
    )
    fig.update_yaxes(showticklabels=False, zeroline=False, gridcolor="#EEEEEE", title=None, scaleanchor="x")
    fig = _layout(fig, title, height=460)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.05))
    return fig


def network(nodes: pd.DataFrame, edges: pd.DataFrame, title: str, labels: dict) -> go.Figure:
    """ETS as dots (size: people reached; colour: their community; thick ring: open
    to co-design), lines between ETS working in a common NIL (dark: the same service
    type there). Names written beside the dots up to 40 ETS, on hover beyond."""
    fig = go.Figure()
    for same, colour, width, name in ((False, "#9A9A9A", 0.8, labels["place"]), (True, "#333333", 1.6, labels["same"])):
        part = edges[edges["same_service"] == same]
        xs, ys = [], []
        for e in part.itertuples():
            xs += [e.x0, e.x1, None]
            ys += [e.y0, e.y1, None]
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=width), hoverinfo="skip", name=name)
        )
    many = len(nodes) > 40
    sizes = [12 + 4 * max(p, 0) ** 0.25 for p in nodes["people"]]  # a fourth root: large ETS do not hide the rest
    fig.add_trace(
        go.Scatter(
            x=nodes["x"],
            y=nodes["y"],
            mode="markers" if many else "markers+text",
            text=[plain(n) for n in nodes["name"]],
            textposition="top center",
            marker=dict(
                size=sizes,
                color=[GROUP_COLOURS[(g - 1) % len(GROUP_COLOURS)] if g else "#5A5A5A" for g in nodes["group"]],
                line=dict(color="#111111", width=[3.5 if c else 0.5 for c in nodes["codesign"]]),
            ),
            customdata=nodes[["services", "people", "links"]].values,
            hovertemplate="%{text}<br>" + labels["hover"] + "<extra></extra>",
            name=labels["node"],
        )
    )
    fig.update_xaxes(visible=False, range=_padded(nodes["x"]))
    fig.update_yaxes(visible=False, range=_padded(nodes["y"]))
    fig.update_layout(legend=dict(orientation="h", y=-0.05))
    return _layout(fig, title, height=620)


def _padded(values: pd.Series) -> list[float]:
    low, high = (float(values.min()), float(values.max())) if len(values) else (-1.0, 1.0)
    pad = (high - low) * 0.12 + 0.1
    return [low - pad, high + pad]
