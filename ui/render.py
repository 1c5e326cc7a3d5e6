"""Showing participants' text safely: never as HTML, never as live Markdown."""

from __future__ import annotations

import re

import streamlit as st

from coprog import i18n, taxonomy, vocabulary
from ui.state import lang, t

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:$~=^&])")


def plain(text: str) -> str:
    """Escape every Markdown/Streamlit directive character so typed text shows as typed."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def text_table(rows: list[dict], **options) -> None:
    """A static table of text (typed or imported values included): every header
    and cell escaped, so Markdown in it stays text (st.table renders Markdown),
    the row numbers as a column of their own, no index."""
    import pandas as pd

    frame = pd.DataFrame([{plain(str(k)): plain("" if v is None else str(v)) for k, v in row.items()} for row in rows])
    st.table(frame, hide_index=True, **options)


def territory_label(c: dict) -> str:
    if c.get("citywide"):
        return t("board.citywide")
    parts = [f"Mun. {m}" for m in c.get("municipi") or []]
    nils = taxonomy.nils()
    parts += [nils[n].name for n in c.get("nils") or [] if n in nils]
    return ", ".join(parts)


def contribution_meta(c: dict, *, show_org: bool = True, L: str | None = None) -> str:
    """Type, organisation, and for a need its area, territory, intensity and trend; escaped."""
    L = L or lang()
    meta = [taxonomy.label("contribution_type", c["type"], L)]
    if show_org:
        meta.append(c["organisation"])
    if c["type"] == vocabulary.NEED:
        meta += [
            taxonomy.label("area", c["area"], L),
            territory_label(c),
            f"{i18n.t('field.intensity', L)} {c['intensity']}/5",
            taxonomy.label("trend", c["trend"], L),
        ]
    meta.append(i18n.when(c["created_at"], L))
    return plain(" · ".join(m for m in meta if m))


def contribution_card(c: dict, *, show_org: bool = True) -> None:
    """One contribution in a bordered box; all typed text escaped."""
    with st.container(border=True):
        st.markdown(f"**{plain(c['title'])}**")
        st.caption(contribution_meta(c, show_org=show_org))
        if c.get("body"):
            st.markdown(plain(c["body"]))


def contribution_digest(items: list[dict], *, pending: str) -> str:
    """Several contributions as one Markdown text (title, a grey line of facts,
    the text), separated by rules; a contribution awaiting moderation says so.
    Every typed text escaped."""
    blocks, L = [], lang()
    for c in items:
        lines = [f"**{plain(c['title'])}**", f":gray[{contribution_meta(c, L=L)}]"]
        if c["status"] != vocabulary.APPROVED:
            lines.append(f"*{plain(pending)}*")
        if c.get("body"):
            lines.append(plain(c["body"]))
        if c.get("endorsers"):  # the ETS that co-signed it, by name
            lines.append(f":gray[{plain(t('react.endorsers', names=', '.join(c['endorsers'])))}]")
        blocks.append("  \n".join(lines))
    return "\n\n---\n\n".join(blocks)
