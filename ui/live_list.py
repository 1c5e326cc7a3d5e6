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

import streamlit as st

from coprog.contributions.listing import Listings
from coprog.procedure import access
from coprog.storage.db import Database
from ui import state
from ui.state import lang

LIST = "coprog_list"

_CSS = """
.coprog-list { overflow-wrap: anywhere; }  /* a long word typed without spaces wraps, never widens the page */
.coprog-list p { margin: 0 0 0.25rem 0; }
.coprog-list .coprog-item { padding: 0.75rem 0; }
.coprog-list .coprog-item + .coprog-item { border-top: 1px solid rgba(17, 17, 17, 0.2); }
.coprog-list .coprog-note { color: var(--st-text-color, #111111); opacity: 0.78; font-size: 0.9rem; }
.coprog-list .coprog-pending { font-style: italic; }
.coprog-list .coprog-body { white-space: pre-wrap; }
"""

_JS = """
export default function ({ data, parentElement }) {
  const box = parentElement;
  if (box.__coprogStop) box.__coprogStop();
  let drawn = -1, asked = 0, busy = false, stopped = false;
  const line = (cls, text, tag = "p") => {
    const p = document.createElement(tag);
    p.className = cls;
    p.textContent = text;
    return p;
  };
  const draw = (view) => {
    // an older answer than what is on the page, or one that comes after the page drew the list anew
    if (stopped || view.v < drawn) return;
    // the same list as on the page (a run that drew the page again, a fetch after one's own run): left
    // as it is, so nothing under the reader's eyes or finger is replaced
    const same = JSON.stringify(view);
    const before = box.querySelector(":scope > div.coprog-list");
    if (before && before.__coprogSame === same) {
      drawn = view.v;
      return;
    }
    const list = document.createElement("div");
    list.__coprogSame = same;
    list.className = "coprog-list";
    list.dataset.version = view.v;
    if (view.empty) list.append(line("coprog-note", view.empty));
    for (const item of view.items) {
      const article = document.createElement("article");
      article.className = "coprog-item";
      const title = line("coprog-title", "");
      title.append(line("", item.title, "strong"));
      article.append(title, line("coprog-note", item.facts));
      if (item.pending) article.append(line("coprog-pending", item.pending));
      if (item.body) article.append(line("coprog-body", item.body));
      if (item.endorsers) article.append(line("coprog-note", item.endorsers));
      list.append(article);
    }
    if (view.shown) list.append(line("coprog-note", view.shown));
    // only the list is replaced: Streamlit keeps this component's style sheet beside it
    if (before) before.replaceWith(list);
    else box.append(list);
    drawn = view.v;
  };
  // the contents moved to ``version``: fetch the list once, and once more if it moved again meanwhile
  const refresh = async (version) => {
    asked = Math.max(asked, version);
    if (busy) return;
    busy = true;
    try {
      while (!stopped && asked > drawn) {
        const wanted = asked;
        const reply = await fetch(data.url, { cache: "no-store", credentials: "same-origin" });
        if (!reply.ok) break;
        draw(await reply.json());
        if (drawn < wanted) break;  // not there yet (another process's answer): the next move asks again
      }
    } catch (e) { /* the venue's Wi-Fi: the next move asks again */ }
    busy = false;
  };
  draw(data.view);
  const mine = { refresh, drawn: () => drawn };
  window.__coprogList = mine;  // ui/live.py's watch calls it
  box.__coprogStop = () => { stopped = true; if (window.__coprogList === mine) delete window.__coprogList; };
  return box.__coprogStop;
}
"""

_component = st.components.v2.component(LIST, js=_JS, css=_CSS, isolate_styles=False)

# A contribution just stored: the list on the page fetches the version that holds it at once,
# not at the stream's pace, and no run of the list's fragment draws it.
_REFRESH_JS = """
export default function ({ data }) {
  if (window.__coprogList) window.__coprogList.refresh(data.version);
}
"""
REFRESH = "coprog_list_refresh"
_refresh = st.components.v2.component(REFRESH, js=_REFRESH_JS, isolate_styles=False)

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
