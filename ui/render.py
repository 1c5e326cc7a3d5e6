"""Showing participants' text safely: never as HTML, never as live Markdown."""

from __future__ import annotations

import re

import streamlit as st

from coprog import i18n, taxonomy
from ui.state import lang, t

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:$~=^&])")


def plain(text: str) -> str:
    """Escape every Markdown/Streamlit directive character so typed text shows as typed."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def territory_label(c: dict) -> str:
    if c.get("citywide"):
        return t("board.citywide")
    parts = [f"Mun. {m}" for m in c.get("municipi") or []]
    nils = taxonomy.nils()
    parts += [nils[n].name for n in c.get("nils") or [] if n in nils]
    return ", ".join(parts)


def contribution_card(c: dict, *, show_org: bool = True) -> None:
    """One contribution in a bordered box; all typed text escaped."""
    with st.container(border=True):
        kind = taxonomy.label("contribution_type", c["type"], lang())
        st.markdown(f"**{plain(c['title'])}**")
        meta = [kind]
        if show_org:
            meta.append(c["organisation"])
        if c["type"] == "bisogno":
            meta += [taxonomy.label("area", c["area"], lang()), territory_label(c),
                     f"{t('field.intensity')} {c['intensity']}/5",
                     taxonomy.label("trend", c["trend"], lang())]
        meta.append(i18n.when(c["created_at"], lang()))
        st.caption(plain(" · ".join(m for m in meta if m)))
        if c.get("body"):
            st.markdown(plain(c["body"]))
