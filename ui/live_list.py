"""The session's contributions on the participant page, drawn by a few lines of
script from the list the core makes (coprog/contributions/listing.py): every
typed text set as text (``textContent``), never as HTML. When the session's
contents move, the page's watch (ui/live.py) asks this script to fetch the list
again (``/vivo/TOKEN/elenco``) instead of rerunning a fragment: at 250 pages a
process, one list made once per version and 250 small answers, not 250 page
runs. A run of the list's fragment (the page's first, a silent round,
reactions) draws it with the list made in that run; the answer to a
contribution just sent has the script fetch the version that holds it
(``refresh``), no run of the list's fragment."""

from __future__ import annotations

import threading

from coprog.contributions.listing import Listings
from coprog.procedure import access
from coprog.storage.db import Database
from ui import state
from ui.components import Component
from ui.state import lang

LIST = "coprog_list"

# The list's script and style: coprog/assets/list.js, list.css (loaded once per page).
_component = Component("list", js="list.js", css="list.css")

# A contribution just stored: the list on the page fetches the version that holds it at once,
# not at the stream's pace, and no run of the list's fragment draws it.
REFRESH = "coprog_list_refresh"
_refresh = Component("list_refresh", js="list_refresh.js")

_listings: dict[int, Listings] = {}
_lock = threading.Lock()


def listings(database: Database | None = None) -> Listings:
    """This process's lists (one per database handle), shared by the pages' runs
    and the ``/vivo/TOKEN/elenco`` route."""
    database = database or state.database()
    with _lock:
        found = _listings.get(id(database))
        if found is None:
            found = _listings[id(database)] = Listings(database)
        return found


def show(delegate_id: int, session_id: int) -> None:
    """Draw the list for this delegate's page and let the watch refresh it."""
    L = lang()
    view = listings().get(delegate_id, session_id, L)
    if view is None:
        return
    token = access.sign_watch(state.cookie_secret(), delegate_id, session_id)
    _component(key=f"{LIST}_{session_id}", data={"view": view, "url": f"/vivo/{token}/elenco?lingua={L}"})


def refresh(session_id: int, version: int) -> None:
    """Have the list already on this page fetch ``version`` now (drawn where it
    is called, nothing to see): the answer to a contribution just sent carries
    it instead of a run of the list's fragment."""
    _refresh(key=f"{REFRESH}_{session_id}", data={"version": version}, height=0)
