"""Typed text written into Markdown (ui/render.py): shown as typed, never
turned into a link, an image, an icon, an emoji or emphasis."""

import re

import pytest

from ui.render import WORD_JOINER, label_plain, plain

TYPED = [
    "[clicca qui](https://phish.example/a)",
    "**neretto** _corsivo_ :red[rosso] :material/warning:",
    ":smile: :+1: :100: :material-outlined/home:",
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
    assert re.search(r":[\w+-][\w+/-]*:", text) is None
    assert re.search(r"(?i)[a-z]://|www\.|\w@\w", text) is None
