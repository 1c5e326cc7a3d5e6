"""A file built when its button is clicked (a deferred ``st.download_button``),
for what takes a moment to build and is rarely asked: printable invite cards (a QR
code each), a chart's CSV.

The click does not run the page again (``on_click="ignore"``). Streamlit 1.67
answers the click with the file's address on the page's message queue, and a run
that begins empties that queue (and gives the button a new file id, so a request
reaching the server after the run began is refused): with the default rerun on
click, sent by the browser a few milliseconds after the file's request, about one
click in twelve downloaded nothing, and the button turned for three minutes before
saying «Request timed out» (seen in the organisers' browser test). Nothing on these
pages needs a run after a download."""

from collections.abc import Callable
from typing import Any


def built_on_click(where: Any, label: str, build: Callable[[], bytes | str], **options: Any) -> None:
    """A download button in ``where`` (``st`` or a column) whose file ``build``
    makes at the click; ``options`` as ``st.download_button``'s (file name, mime,
    icon, key)."""
    where.download_button(label, build, on_click="ignore", **options)
