"""plotly.express against plotly.graph_objects for the board's area bars, as
the refreshing pages would build them (figure built and serialised to JSON,
which is what st.plotly_chart sends). Same data, same process; prints the
ratio, asserts nothing.

    python bench/figures.py
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
from timing import median_ms

from coprog.reading import charts
from coprog.texts import taxonomy


def frame() -> pd.DataFrame:
    labels = taxonomy.labels("area", "it")
    return pd.DataFrame({"label": list(labels.values()), "count": range(3, 3 + len(labels))})


def with_graph_objects(counts: pd.DataFrame) -> str:
    return charts.area_bars(counts, "Bisogni per area", "Bisogni").to_json()


def with_express(counts: pd.DataFrame) -> str:
    ordered = counts.sort_values("count", ascending=True)
    fig = px.bar(
        ordered,
        x="count",
        y="label",
        orientation="h",
        title="Bisogni per area",
        labels={"count": "Bisogni", "label": ""},
        text="count",
    )
    fig.update_traces(marker_color=charts.PALETTE["bar"])
    return charts._layout(fig, "Bisogni per area", 520).to_json()


def main() -> None:
    counts = frame()
    go_ms = median_ms(lambda: with_graph_objects(counts), repeat=50)
    px_ms = median_ms(lambda: with_express(counts), repeat=50)
    print(
        f"area bars, built + to_json: graph_objects {go_ms:.1f} ms, plotly.express {px_ms:.1f} ms"
        f" ({px_ms / go_ms:.1f}x)"
    )


if __name__ == "__main__":
    main()
