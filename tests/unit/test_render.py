"""Typed text written into Markdown (ui/render.py): shown as typed, never
turned into a link, an image, an icon, an emoji or emphasis."""

import re

import pytest

from ui.render import WORD_JOINER, label_plain, plain

TYPED = [
    "[clicca qui](https://phish.example/a)",
    "**neretto** _corsivo_ :red[rosso] :material/warning:",
    ":smile: :+1: :100: :1234: :material-outlined/home:",
    "https://phish.example/nuda www.phish.example scrivi@phish.example",
    "ore 12:30:45, Nota: importante",
]


def as_markdown_reads(source: str) -> str:
    """The text Markdown makes of ``source``: its backslash escapes read."""
    return re.sub(r"\\(.)", r"\1", source)


@pytest.mark.parametrize("typed", TYPED)
@pytest.mark.parametrize("escape", [plain, label_plain])
def test_typed_text_reads_as_typed_and_makes_nothing(typed, escape):
    text = as_markdown_reads(escape(typed))
    assert text.replace(WORD_JOINER, "") == typed  # what the person reads
    # what Streamlit turns into an icon or an emoji after the escapes are read, and GFM's autolinks
    shortcodes = [found for found in re.findall(r":([\w+-][\w+/-]*):", text) if not found.isdigit()]
    assert shortcodes == [] and ":100:" not in text and ":1234:" not in text
    assert re.search(r"(?i)[a-z]://|www\.|\w@\w", text) is None


@pytest.mark.parametrize("typed", ["ore 12:30:45", "dalle 9:00:00 alle 12:00:00", "1:2:3:4"])
def test_a_time_is_kept_as_typed_without_an_invisible_mark(typed):
    """Digits between colons name no emoji (but :100: and :1234:, broken above):
    a time copied from the page is the time typed, with nothing hidden in it."""
    assert WORD_JOINER not in plain(typed) and as_markdown_reads(plain(typed)) == typed
