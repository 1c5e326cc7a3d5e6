"""The participant page follows the session by itself: a few lines of script in
the browser ask ``/vivo/TOKEN`` every 2 s (serve.py answers from
coprog/live.py, no page run) and, when a part's fingerprint moved, tell the
page which parts; only those fragments rerun. Typed text in the forms is never
touched by a change elsewhere. No script from outside: the code is here."""

from __future__ import annotations

import streamlit as st

from coprog import access, live
from ui import state

# Each part of coprog/live.py is one keyed fragment of pages/partecipa.py.
FRAGMENTS = {"status": "live_status", "forms": "live_forms", "ballot": "live_ballot",
             "results": "live_results", "votes": "live_results", "list": "live_list"}
KEY = "coprog_watch"

_JS = """
export default function ({ data, setTriggerValue, parentElement }) {
  const box = parentElement;
  if (box.__coprogStop) box.__coprogStop();
  const seen = Object.assign({}, data.seen);
  let timer = null, stopped = false, votesAt = 0, votesPending = false;
  const schedule = (ms) => { clearTimeout(timer); if (!stopped) timer = setTimeout(tick, ms); };
  async function tick() {
    try {
      const reply = await fetch(data.url, { cache: "no-store", credentials: "same-origin" });
      const now = await reply.json();
      const parts = [];
      for (const [part, value] of Object.entries(now)) {
        if (seen[part] === value) continue;
        if (part === "votes" && Date.now() - votesAt < data.votesEvery) { votesPending = true; continue; }
        seen[part] = value;
        parts.push(part);
      }
      if (parts.includes("votes")) { votesAt = Date.now(); votesPending = false; }
      if (parts.length) setTriggerValue("changed", parts.join(","));
      if (now.access === "no") { stopped = true; return; }
    } catch (e) { /* the venue's Wi-Fi: ask again at the next turn */ }
    schedule(document.hidden ? data.every * 5 : (votesPending ? Math.min(data.every, data.votesEvery) : data.every));
  }
  const wake = () => { if (!document.hidden) schedule(0); };
  document.addEventListener("visibilitychange", wake);
  box.__coprogStop = () => { stopped = true; clearTimeout(timer); document.removeEventListener("visibilitychange", wake); };
  schedule(data.every);
  return box.__coprogStop;
}
"""

_watcher = st.components.v2.component("coprog_watch", js=_JS, isolate_styles=False)


def _changed() -> None:
    """The browser says which parts moved: rerun only their fragments (the
    whole page when the delegate may no longer take part)."""
    value = st.session_state.get(KEY) or {}
    parts = set(str(value.get("changed") or "").split(",")) - {""}
    if "access" in parts or not parts:
        st.rerun()
    keys = sorted({FRAGMENTS[p] for p in parts if p in FRAGMENTS})
    if keys:
        st.rerun(keys)


def follow(delegate_id: int, session_id: int, seen: dict[str, str]) -> None:
    """Mount the watch for this page, with the fingerprints of what it drew
    (computed before drawing: a change meanwhile shows at the next turn)."""
    token = access.sign_watch(state.cookie_secret(), delegate_id, session_id)
    _watcher(key=KEY, data={"url": f"/vivo/{token}", "seen": {**seen, "access": "ok"}, "every": live.POLL_MS,
                            "votesEvery": live.RESULTS_EVERY * 1000},
             on_changed_change=_changed, height=0)
