"""The participant page follows the session by itself: a few lines of script in
the browser ask ``/vivo/TOKEN`` every 1.5 s (serve.py answers from
coprog/live/live.py, no page run) and, when a part's fingerprint moved, tell the
page which parts; only those fragments rerun. Typed text in the forms is never
touched by a change elsewhere. No script from outside: the code is here."""

from __future__ import annotations

import json

import streamlit as st

from coprog.live import live
from coprog.procedure import access
from ui import state
from ui.forms import TYPED_FIELDS

# Each part of coprog/live/live.py is one keyed fragment of pages/partecipa.py.
FRAGMENTS = {
    "status": "live_status",
    "forms": "live_forms",
    "ballot": "live_ballot",
    "results": "live_results",
    "votes": "live_results",
    "list": "live_list",
    "floor": "live_floor",
}

_JS = """
const LATER = ["list"];
export default function ({ data, setTriggerValue, parentElement }) {
  const box = parentElement;
  if (box.__coprogStop) box.__coprogStop();
  const seen = Object.assign({}, data.seen);
  const last = { votes: 0, list: 0 };  // parts redrawn at most every so often (the server's pace)
  let timer = null, stopped = false;
  const schedule = (ms) => { clearTimeout(timer); if (!stopped) timer = setTimeout(tick, ms); };
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  // what the delegate typed in each form, sent or not yet (a form's fields reach the server only when
  // it is sent): a form whose collection closes is kept, with this text, only when there is something
  const typed = () => {
    const out = {};
    for (const field of document.querySelectorAll("[class*='st-key-new_']")) {
      const found = [...field.classList]
        .map((c) => c.match(/^st-key-new_([a-z_]+?)_[0-9]+_(__TYPED__)$/)).find(Boolean);
      const input = field.querySelector("input[type=text], textarea");
      if (found && input && input.value.trim()) (out[found[1]] = out[found[1]] || {})[found[2]] = input.value;
    }
    return out;
  };
  async function tick() {
    try {
      const reply = await fetch(data.url, { cache: "no-store", credentials: "same-origin" });
      const now = await reply.json();
      const pace = now.pace || { spread: 0, list_every: 0 };
      const every = { votes: data.votesEvery, list: pace.list_every };
      let parts = [];
      for (const [part, value] of Object.entries(now)) {
        if (part === "pace" || seen[part] === value) continue;
        if (part in every && Date.now() - last[part] < every[part]) continue;
        parts.push(part);
      }
      // a ballot that opens or closes comes alone: the list follows at the next turn
      if (parts.includes("ballot")) parts = parts.filter((part) => !LATER.includes(part));
      for (const part of parts) seen[part] = now[part];
      if (parts.length) {
        for (const part of parts) if (part in last) last[part] = Date.now();
        if (now.access !== "no") await pause(Math.random() * pace.spread);  // many pages: not all at once
        setTriggerValue("changed", JSON.stringify({ parts, typed: typed() }));
      }
      if (now.access === "no") { stopped = true; return; }
    } catch (e) { /* the venue's Wi-Fi: ask again at the next turn */ }
    schedule(document.hidden ? data.every * 5 : data.every);
  }
  const wake = () => { if (!document.hidden) schedule(0); };
  document.addEventListener("visibilitychange", wake);
  box.__coprogStop = () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener("visibilitychange", wake);
  };
  schedule(data.every);
  return box.__coprogStop;
}
""".replace("__TYPED__", "|".join(TYPED_FIELDS))

_watcher = st.components.v2.component("coprog_watch", js=_JS, isolate_styles=False)


def _changed(key: str) -> None:
    """The browser says which parts moved: rerun only their fragments (the
    whole page when the delegate may no longer take part)."""
    value = st.session_state.get(key) or {}
    try:
        said = json.loads(value.get("changed") or "{}")
    except ValueError:
        said = {}
    # the text typed in each form at that moment (kind -> field -> text), for a form whose collection closed
    st.session_state["typed_forms"] = {
        str(kind): {f: str(v)[:2000] for f, v in fields.items() if f in TYPED_FIELDS}
        for kind, fields in (said.get("typed") or {}).items()
        if isinstance(fields, dict)
    }
    parts = {str(p) for p in said.get("parts") or []}
    if "access" in parts or not parts:
        st.rerun()
    keys = sorted({FRAGMENTS[p] for p in parts if p in FRAGMENTS})
    if keys:
        st.rerun(keys)


def rerun_when_moved(read, drawn, every: str) -> None:
    """The staff pages' cheap poll (projector, board): every ``every``, ``read()``
    one small value (a version number); the page reruns only when it differs
    from the ``drawn`` one it was drawn with."""

    @st.fragment(run_every=every)
    def watch() -> None:
        if read() != drawn:
            st.rerun(scope="app")

    watch()


def follow(delegate_id: int, session_id: int, seen: dict[str, str]) -> None:
    """Mount the watch for this page, with the fingerprints of what it drew
    (computed before drawing: a change meanwhile shows at the next turn)."""
    token = access.sign_watch(state.cookie_secret(), delegate_id, session_id)
    key = f"coprog_watch_{session_id}"  # another session, another watch (a new one in the browser too)
    _watcher(
        key=key,
        data={
            "url": f"/vivo/{token}",
            "seen": {**seen, "access": "ok"},
            "every": live.POLL_MS,
            "votesEvery": live.RESULTS_EVERY * 1000,
        },
        on_changed_change=lambda: _changed(key),
        height=0,
    )
