"""Streamlit's own texts in Italian. The framework's front end has a few
English strings built in (the skip link, the file uploader's instructions,
accessible names such as «Help for …», «Open», «Remove …», the date
placeholder) and no catalogue to translate them. Where a widget has a
supported route it is used (``select_all=False`` on multiselects); for the
rest, this small script, run by Streamlit's own component API on every page
(no script from outside), puts the Italian words in place of those strings,
in the text and in the accessible names, as they appear. It touches nothing
the app writes: only the exact framework strings listed in the script."""

from __future__ import annotations

from ui.components import Component

# The script and its (English, Italian) pairs: coprog/assets/lingua.js (loaded once per page).
_lingua = Component("lingua", js="lingua.js")


def italian_framework_texts(lang: str) -> None:
    """Mount the translation of Streamlit's built-in strings (Italian pages only)."""
    _lingua(key="coprog_lingua", data={"on": lang == "it"}, height=0)
