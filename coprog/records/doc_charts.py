"""Charts for documents as PNG, drawn with matplotlib: no browser, no network.
Each builder returns (png bytes, alt text)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # files only, no display
# Labels are text as typed: a «$» never starts a formula (mathtext), whatever the label says.
matplotlib.rcParams["text.parse_math"] = False

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

from coprog.texts import taxonomy  # noqa: E402

BLUE = "#0B3D91"


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def bars(labels: list[str], values: list[float], title: str, value_label: str) -> tuple[bytes, str]:
    """Horizontal bars, largest on top."""
    pairs = sorted(zip(labels, values), key=lambda p: p[1])
    fig, ax = plt.subplots(figsize=(7, max(2.2, 0.38 * len(pairs) + 0.8)))
    ax.barh([p[0] for p in pairs], [p[1] for p in pairs], color=BLUE)
    for y, (_, value) in enumerate(pairs):
        ax.text(value, y, f" {value:g}", va="center", fontsize=9)
    ax.set_title(title, loc="left", fontsize=12)
    ax.set_xlabel(value_label)
    ax.spines[["top", "right"]].set_visible(False)
    alt = f"{title}. " + "; ".join(f"{label}: {value:g}" for label, value in reversed(pairs))
    return _png(fig), alt


def municipi_map(counts: dict[int, float], title: str, value_label: str) -> tuple[bytes, str]:
    """The 9 Municipi shaded by value, from the shipped GeoJSON (no tiles)."""
    geojson = taxonomy.municipi_geojson()
    top = max(counts.values() or [1]) or 1
    cmap = plt.get_cmap("Blues")
    fig, ax = plt.subplots(figsize=(6, 6))
    patches, colours = [], []
    for feature in geojson["features"]:
        number = int(feature["properties"]["municipio"])
        geometry = feature["geometry"]
        rings = geometry["coordinates"] if geometry["type"] == "Polygon" else [p[0] for p in geometry["coordinates"]]
        for ring in rings[:1] if geometry["type"] == "Polygon" else rings:
            patches.append(Polygon(ring, closed=True))
            colours.append(cmap(0.15 + 0.85 * counts.get(number, 0) / top))
        xs = [x for x, _ in rings[0]]
        ys = [y for _, y in rings[0]]
        ax.text(
            sum(xs) / len(xs),
            sum(ys) / len(ys),
            f"{number}\n{counts.get(number, 0):g}",
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
        )
    ax.add_collection(PatchCollection(patches, facecolor=colours, edgecolor="#333333", linewidth=0.8))
    ax.autoscale_view()
    ax.set_aspect(1.45)
    ax.axis("off")
    ax.set_title(title, loc="left", fontsize=12)
    alt = f"{title} ({value_label}). " + "; ".join(f"Municipio {m}: {counts.get(m, 0):g}" for m in taxonomy.MUNICIPI)
    return _png(fig), alt
