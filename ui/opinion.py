"""The opinion reading on screen (projector and Revisione): the map of ETS by
opinion group, the consensus per item over opinion groups, Municipi and
fields, the items that divide, each group's position, and the method."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coprog.ballots import opinion
from coprog.reading import charts
from ui.render import text_table
from ui.state import lang, t, tn


def _two(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.2f}"


def _kind(found: dict) -> str:
    """The groups the reading orders items by: opinion groups, or Municipi when there are none."""
    return "opinione" if found["groups"]["k"] > 1 else "municipio"


def ranked(found: dict) -> list[dict]:
    """The items in the reading's order: rated first, most shared first (across
    opinion groups; across Municipi when there are none)."""
    kind = _kind(found)
    return sorted(found["items"], key=lambda i: opinion.rank_key(i.get(f"consensus_{kind}")))


def consensus_table(found: dict) -> pd.DataFrame:
    """One row per item, in the reading's order, with its coverage (and why it is not rated yet)."""
    kind = _kind(found)
    rows = [
        {
            t("opinion.col.item"): item["title"],
            t("opinion.col.agree"): item["agree"],
            t("opinion.col.disagree"): item["disagree"],
            t("opinion.col.pass"): item["pass"],
            t("opinion.col.endorsers"): ", ".join(item["endorsers"]),
            **{t(f"opinion.col.{k}"): opinion.figure(item, k) for k in opinion.KINDS},
            t("opinion.col.divides"): opinion.divides(item),
            t("opinion.col.coverage"): opinion.coverage_words(item.get(f"consensus_{kind}"), lang()),
        }
        for item in ranked(found)
    ]
    return pd.DataFrame(rows)


def map_frame(found: dict, names: bool) -> pd.DataFrame:
    """The ETS on the map: coordinates, group and a label (name or «Ente N»)."""
    placed = [o for o in found["organisations"] if o["xy"] is not None]
    return pd.DataFrame(
        {
            "x": [o["xy"][0] for o in placed],
            "y": [o["xy"][1] for o in placed],
            "group": [o["group"] for o in placed],
            "label": [o["name"] if names else t("opinion.entity", n=n) for n, o in enumerate(placed, start=1)],
        }
    )


def show(found: dict, names: bool, key: str, *, big: bool = False) -> None:
    if not found["reactions"]:
        st.info(t("opinion.none"))
        return
    groups = found["groups"]
    heading = st.subheader if big else st.header  # under the projector's h2; under a page's h1
    st.markdown(
        t(
            "opinion.summary",
            reactions=tn("count.reactions", found["reactions"]),
            organisations=tn("count.ets", found["reacting"]),
            items=tn("count.items", len(found["items"])),
        )
    )
    st.caption(t("opinion.plain"))  # what a group and a shared item are, for everyone in the room
    st.markdown(opinion.call_words(groups, lang()))
    frame = map_frame(found, names)
    if not frame.empty:
        sizes = ", ".join(f"{t('opinion.group', name=g)}: {len(m)}" for g, m in groups["members"].items())
        figure = charts.opinion_map(frame, t("opinion.map_title"), t("opinion.group", name="{name}"))
        if big:
            figure.update_layout(font_size=20, height=520, title_font_size=28, legend_font_size=22)
        st.plotly_chart(
            figure,
            key=f"opinion_map_{key}",
            config={"displayModeBar": False, "staticPlot": big},
            width="stretch",
            theme=None,  # our colours and symbols: chosen for contrast on a projector
        )
        st.caption(t("opinion.map_alt", groups=sizes))
    heading(t("opinion.table"))
    table = consensus_table(found)
    if big:  # the projector: a static table, big type, the figures that matter from 10 metres
        shown = [
            t("opinion.col.item"),
            t("opinion.col.agree"),
            t("opinion.col.disagree"),
            t("opinion.col.opinione"),
            t("opinion.col.coverage"),
        ]
        figure_column = t("opinion.col.opinione")
        top = table[shown].head(10).assign(**{figure_column: table[figure_column].head(10).map(_two)})
        text_table(top.to_dict("records"))  # typed titles stay text: no link, no image
    else:
        st.dataframe(table, hide_index=True, width="stretch", key=f"opinion_table_{key}")
    dividing = [i["title"] for i in found["items"] if opinion.divides(i, ("opinione",))]
    if dividing:
        heading(t("opinion.dividing"))
        st.dataframe(pd.DataFrame({t("opinion.col.item"): dividing}), hide_index=True, key=f"opinion_div_{key}")
    if groups["k"] > 1 and not big:
        heading(t("opinion.positions"))
        st.dataframe(positions_table(found), hide_index=True, width="stretch", key=f"opinion_pos_{key}")
    if not big:
        with st.expander(t("opinion.method_title")):
            st.markdown(t("opinion.method"))
            st.markdown(t("opinion.limits"))


def positions_table(found: dict) -> pd.DataFrame:
    """Items × groups: each group's smoothed agree share (and its counts)."""
    rows = []
    for j, item in enumerate(found["items"]):
        row = {t("opinion.col.item"): item["title"]}
        for group, per_item in found["positions"].items():
            p = per_item[j]
            row[t("opinion.group", name=group)] = f"{p['share']:.2f} ({p['agree']}/{p['disagree']}/{p['pass']})"
        rows.append(row)
    return pd.DataFrame(rows)
