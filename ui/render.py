"""Showing participants' text safely: never as HTML, never as live Markdown."""

from __future__ import annotations

import re

import streamlit as st

from coprog.contributions import listing
from ui.state import lang

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:$~=^&])")
# Markdown's autolinks (GFM) ignore escapes: a bare address, www. or an email in typed text would
# still become a live link; and Streamlit turns :material/name: and emoji shortcodes (:smile:) into
# an icon or an emoji in the text after the escapes are read (even inside code). An invisible word
# joiner (U+2060) inside each breaks the pattern. Digits alone between colons name no emoji but
# :100: and :1234:, so a time (12:30:45) stays as typed, also when copied.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=www)(?=\.)|(?=@)|(?<=:)(?=(?:100|1234|(?!\d+:)[\w+-][\w+/-]*):)")
WORD_JOINER = "\u2060"


def unlink(text: str) -> str:
    """Typed text that no Markdown renderer can turn into a link, an icon or an emoji (shown the same)."""
    return _AUTOLINK.sub(WORD_JOINER, text)


def plain(text: str) -> str:
    """Typed text for Markdown: every Markdown and Streamlit directive character
    escaped, and no address, www. or email that could autolink: it shows as typed,
    never as a link, an image or HTML. The one way typed text reaches Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", unlink(text or ""))


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def mail_links(text: str) -> str:
    """Organisers' text for delegates (the segreteria's contact, the
    informativa) for Markdown: plain text, except its e-mail addresses, each a
    ``mailto:`` link the app builds from a strict pattern, so a delegate writes
    to the segreteria in one tap. Participants' text never goes through it."""
    text = text or ""
    parts, last = [], 0
    for found in _EMAIL.finditer(text):
        address = found.group(0)
        shown = _MD_SPECIAL.sub(r"\\\1", address)
        parts += [plain(text[last : found.start()]), f"[{shown}](mailto:{address})"]
        last = found.end()
    return "".join(parts) + plain(text[last:])


_LABEL_SPECIAL = re.compile(r"([\\`*_\[\]()<>!~$|#])")
_DIRECTIVE = re.compile(r":(?=[A-Za-z-]+[/\[])")  # :red[…], :material/…: (a colour, an icon)


def label_plain(text: str) -> str:
    """Typed text in a widget's label (labels read Markdown: links, images,
    directives): only the characters that make markup are escaped, so the
    label's accessible name, which keeps the escapes, stays readable."""
    return _DIRECTIVE.sub(r"\\:", _LABEL_SPECIAL.sub(r"\\\1", unlink(text or "")))


def text_table(rows: list[dict], **options) -> None:
    """A static table of text (typed or imported values included): every header
    and cell escaped, so Markdown in it stays text (st.table renders Markdown),
    the row numbers as a column of their own, no index."""
    import pandas as pd

    frame = pd.DataFrame([{plain(str(k)): plain("" if v is None else str(v)) for k, v in row.items()} for row in rows])
    st.table(frame, hide_index=True, **options)


def territory_label(c: dict) -> str:
    return listing.territory(c, lang())


def contribution_meta(c: dict, *, show_org: bool = True, L: str | None = None) -> str:
    """Type, organisation, and for a need its area, territory, intensity and trend; escaped."""
    return plain(listing.facts(c, L or lang(), show_org=show_org))


def contribution_card(c: dict, *, show_org: bool = True) -> None:
    """One contribution in a bordered box; all typed text escaped."""
    with st.container(border=True):
        st.markdown(f"**{plain(c['title'])}**")
        st.caption(contribution_meta(c, show_org=show_org))
        if c.get("body"):
            st.markdown(plain(c["body"]))
