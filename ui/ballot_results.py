"""Drawing a ballot's results (live or frozen): ranked bars with consensus
markers, the importance × feasibility matrix, the Condorcet line, the table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coprog.ballots import tallying
from coprog.reading import charts
from coprog.texts import taxonomy
from coprog.texts.exports_safe import csv_bytes
from ui.render import plain
from ui.state import lang, t

VALUE_LABEL = {
    "punti": "res.points",
    "approvazione": "res.approval",
    "ordinamento": "res.borda",
    "valutazione": "res.mean",
}


def table(result: dict) -> pd.DataFrame:
    rows = []
    with_origin = any(it.get("tables") for it in result["items"])
    for it in result["items"]:
        row = {
            t("bal.item"): it["title"],
            t(VALUE_LABEL[result["method"]]): charts.ballot_value(result, it),
            t("res.col.breadth"): it.get("breadth"),
        }
        if with_origin:
            row[t("res.col.tables")] = ", ".join(it.get("tables", []))
            row[t("res.col.supporters")] = it.get("supporters", 0)
        if result["method"] == "punti":
            row[t("res.paper")] = sum(it.get("paper", {}).values())
            row[t("res.col.share")] = it["share"]
        if result["method"] == "valutazione":
            for dim in result["dimensions"]:
                figures, name = it[dim], t(f"dimension.{dim}")
                row[t("res.col.mean", dimension=name)] = figures["mean"]
                row[t("res.col.median", dimension=name)] = figures["median"]
                row[t("res.col.consensus", dimension=name)] = figures["consensus"]
            row[t("res.col.controversial")] = it["controversial"]
        for kind, key in (("municipio", "res.col.all_municipi"), ("attivita", "res.col.all_fields")):
            figures = it.get(f"consensus_{kind}")
            row[t(key)] = figures["level"] if figures else it.get(f"all_{kind}")
        rows.append(row)
    return pd.DataFrame(rows)


GROUP_KINDS = ("tavolo", "municipio", "attivita")


def group_name(kind: str, name: str) -> str:
    if kind == "municipio":
        return f"Municipio {name}"
    if kind == "attivita":
        return taxonomy.label("activity_field", name, lang())
    return name


def by_group(result: dict, kind: str) -> pd.DataFrame:
    """Items (rows) by the voters' groups of one kind (columns): the item's
    score among each group's voters (the group's voters in the header)."""
    rows = tallying.breakdown(result, kind)
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame(rows)
    frame["column"] = [f"{group_name(kind, r['group'])} ({r['voters']})" for r in rows]
    order = list(dict.fromkeys(frame["item"]))
    table = frame.pivot_table(index="item", columns="column", values="score", aggfunc="first", sort=False)
    return table.reindex(order).rename_axis(index=t("bal.item"), columns=None).reset_index()


def outcome(statement: dict | None, *, big: bool = False) -> None:
    """The facilitator's outcome statement of a closed ballot (typed text, escaped)."""
    if not statement or not statement.get("decided"):
        return
    parts = [t("res.outcome_decided", text=plain(statement["decided"]))]
    if statement.get("open"):
        parts.append(t("res.outcome_open", text=plain(statement["open"])))
    if statement.get("dissent"):
        parts.append(t("res.outcome_dissent", text=plain(statement["dissent"])))
    if big:
        st.markdown("## " + t("res.outcome"))
        for part in parts:
            st.markdown(part)
    else:
        st.info("\n\n".join([f"**{t('res.outcome')}**", *parts]), icon=":material/gavel:")


def ranked_lines(result: dict) -> str:
    """A ballot's results as a numbered list, highest first, each title whole
    with its value beside it and ✔ where it is shared (Markdown, typed text
    escaped): what a delegate reads, on a phone as on a laptop."""
    from coprog.records import decisions

    unit = t(VALUE_LABEL[result["method"]])
    lines = []
    for rank, item, _ in decisions.ranked(result):
        value = charts.ballot_value(result, item)
        marks = []
        if tallying.shared(item):
            marks.append("✔")
        if item.get("controversial"):
            marks.append(t("res.controversial_mark"))
        shown = f"{value:g}" if isinstance(value, int | float) else "–"
        lines.append(f"{rank}. **{plain(item['title'])}** — {unit}: {shown} {' '.join(marks)}".rstrip())
    return "\n".join(lines)


def show(result: dict, key: str, *, static: bool = False, big: bool = False, audience: str = "staff") -> None:
    """A ballot's results: for a delegate (``audience="delegate"``) the outcome,
    the items as a ranked list and one plain sentence on ✔ and «controversa»;
    for staff and the projector (``big``) the chart (titles whole, wrapped),
    the method, the table and the breakdowns."""
    outcome(result.get("outcome"), big=big)
    if audience == "delegate":
        st.markdown(ranked_lines(result))
        st.caption(t("res.voters", n=result["voters"]) + " · " + t("res.plain_marks"))
        return
    labels = {"consensus": t("res.consensus"), "paper": t("res.paper")}
    figure = charts.ballot_bars(
        result, t("res.title"), t(VALUE_LABEL[result["method"]]), labels, wrap=60 if big else 36
    )
    if big:  # the projector: the whole view inside 1080 px, the longest title whole
        lines = sum(label.count("<br>") + 1 for label in figure.data[0].y)
        size = 22 if lines <= 14 else 18
        figure.update_layout(font_size=size, title_font_size=26, height=min(560, max(300, lines * size * 1.45 + 90)))
    config = {"displayModeBar": False, "staticPlot": static}
    st.plotly_chart(figure, key=f"ballot_{key}", width="stretch", theme=None, config=config)
    # the room (projector) reads the plain sentence; the organisers' pages, the method
    st.caption(t("res.voters", n=result["voters"]) + " · " + t("res.plain_marks" if big else "res.caption"))
    if big:
        return
    st.caption(t(f"res.method.{result['method']}"))
    if result["method"] == "ordinamento":
        winner = next((it["title"] for it in result["items"] if it["id"] == result.get("condorcet")), None)
        st.markdown(t("res.condorcet", title=plain(winner)) if winner else t("res.no_condorcet"))
    if result.get("matrix"):
        quadrant_labels = {
            k: t(f"res.quadrant.{k}") for k in ("vittorie_rapide", "scommesse_strategiche", "se_facile", "da_rimandare")
        }
        quadrant_labels.update({d: t(f"dimension.{d}") for d in ("importanza", "fattibilita")})
        matrix = charts.quadrant_matrix(result, t("res.matrix"), quadrant_labels)
        st.plotly_chart(matrix, key=f"matrix_{key}", width="stretch", theme=None, config=config)
    frame = table(result)
    with st.expander(t("res.table")):
        st.dataframe(frame, hide_index=True)
    kinds = [k for k in GROUP_KINDS if result.get("groups", {}).get(k)]
    if kinds:
        with st.expander(t("res.by_group")):
            st.caption(t(f"res.group_help.{result['method']}"))
            for kind, tab in zip(kinds, st.tabs([t(f"res.group.{k}") for k in kinds])):
                tab.dataframe(by_group(result, kind), hide_index=True)
    st.download_button(
        t("reading.download"),
        csv_bytes(frame),
        file_name=f"votazione_{key}.csv",
        mime="text/csv",
        key=f"csv_ballot_{key}",
    )
