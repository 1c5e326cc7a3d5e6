"""The participant page follows the session by itself: a few lines of script in
the browser listen to ``/vivo/TOKEN/flusso``, where the server pushes the parts'
fingerprints the moment they move (coprog/live/push.py), or, when a proxy holds
that stream back or ``COPROG_LIVE=poll``, ask ``/vivo/TOKEN`` every 1.5 s
(coprog/live/live.py, no page run); when a part's fingerprint moved they tell
the page which parts, and only those fragments rerun. A prepared ballot is
already on the page, hidden: when it opens, the script shows it, no rerun at all.
Typed text in the forms is never touched by a change elsewhere. No script from
outside: the code is here."""

from __future__ import annotations

import json

import streamlit as st

from coprog import config
from coprog.live import live, push
from coprog.procedure import access
from ui import runtime, state
from ui.forms import TYPED_FIELDS
from ui.state import t

BALLOT_BOX = "ballot_box_"  # the key of the ballot's box, and its number: hidden while prepared (held_until_open)

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
  const schedule = (ms) => { clearTimeout(timer); if (!stopped && !source) timer = setTimeout(tick, ms); };
  // a wait before asking for a run; a held ballot's wait can be cut short (``hurry``) by its opening
  let hurry = null;
  const pause = (ms, cut = false) => new Promise((done) => {
    const go = () => { clearTimeout(wait); if (hurry === go) hurry = null; done(); };
    const wait = setTimeout(go, ms);
    if (cut) hurry = go;
  });
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
  // the held ballot's box shown (ui/live.held_until_open hides it; this rule outweighs that one)
  const reveal = (id) => {
    const style = document.createElement("style");
    style.textContent = `div.st-key-__BOX__${id}.st-key-__BOX__${id} { display: flex; }`;
    document.head.appendChild(style);
    document.title = data.ballotTitle;
    box.dataset.coprogShown = id;
  };
  // a prepared ballot that opens: this page holds it drawn and hidden, so it shows it now, without a
  // run and without waiting for the answers before it (one may be in its spread); their «p<id>»
  // is stale from then on
  const stale = new Set();
  const showHeld = (now) => {
    const held = /^p([0-9]+)$/.exec(seen.ballot || "");
    if (held && now.ballot !== seen.ballot && String(now.ballot).split(".")[0] === held[1]
        && document.querySelector(`.st-key-__BOX__${held[1]}`)) {
      reveal(held[1]);
      stale.add(seen.ballot);
      seen.ballot = now.ballot;
    }
  };
  // one answer (pushed or asked): redraw the parts that moved, one answer after the other
  let queue = Promise.resolve();
  // (a failed answer never blocks the next one: the chain goes on whatever happened)
  const take = (now, pushed) => {
    if (hurry && now.ballot !== seen.ballot) hurry();  // the held ballot opened (or went) meanwhile
    showHeld(now);
    queue = queue.then(() => handle(now, pushed)).catch(() => {});
    return queue;
  };
  async function handle(now, pushed) {
    const pace = now.pace || { spread: 0, list_every: 0 };
    // asked, the page paces its own redraws (the next poll brings what it skipped); pushed, the
    // server paces them and says each change once, so nothing is skipped here
    const every = pushed ? {} : { votes: data.votesEvery, list: pace.list_every };
    let parts = [];
    for (const [part, value] of Object.entries(now)) {
      if (part === "pace" || seen[part] === value || (part === "ballot" && stale.has(value))) continue;
      if (part in every && Date.now() - last[part] < every[part]) continue;
      parts.push(part);
    }
    // a ballot that opens or closes comes alone: the list follows at the next turn
    if (parts.includes("ballot")) parts = parts.filter((part) => !LATER.includes(part));
    // the list's contents moved and the page draws the list itself (ui/live_list.py): it fetches
    // the list, no run; a silent round or reactions (the rest of the value) rerun its fragment
    const kind = (value) => String(value || "").split("|").slice(1).join("|");
    if (parts.includes("list") && window.__coprogList && kind(now.list) === kind(seen.list)) {
      parts = parts.filter((part) => part !== "list");
      seen.list = now.list;
      last.list = Date.now();
      window.__coprogList.refresh(Number(String(now.list).split("|")[0]));
    }
    for (const part of parts) seen[part] = now[part];
    if (parts.length) {
      for (const part of parts) if (part in last) last[part] = Date.now();
      // many pages: not all at once; a prepared ballot's hidden draw, which nothing waits for, wider
      const held = parts.length === 1 && parts[0] === "ballot" && /^p[0-9]+$/.test(String(now.ballot));
      if (now.access !== "no") await pause(Math.random() * (held ? pace.held ?? pace.spread : pace.spread), held);
      setTriggerValue("changed", JSON.stringify({ parts, typed: typed() }));
    }
    if (now.access === "no") stop();
  }
  async function tick() {
    try {
      const reply = await fetch(data.url, { cache: "no-store", credentials: "same-origin" });
      await take(await reply.json(), false);
    } catch (e) { /* the venue's Wi-Fi: ask again at the next turn */ }
    schedule(document.hidden ? data.every * 5 : data.every);
  }
  // pushed: the server tells this page the moment its session moves (coprog/live/push.py); a proxy
  // that holds the stream back starves its first event, and the page asks every so often instead
  let source = null;
  const listen = () => {
    let heard = false;
    source = new EventSource(data.stream, { withCredentials: true });
    const guard = setTimeout(() => { if (!heard) fallBack(); }, data.firstWithin);
    source.onmessage = (message) => {
      heard = true;
      clearTimeout(guard);
      try { take(JSON.parse(message.data), true); } catch (e) { /* a broken line: the next one says it all */ }
    };
    source.onerror = () => { if (!heard) { clearTimeout(guard); fallBack(); } };  // after: it reconnects by itself
  };
  const fallBack = () => { if (source) source.close(); source = null; box.dataset.coprogWatch = "poll"; schedule(0); };
  const stop = () => { stopped = true; clearTimeout(timer); if (source) source.close(); source = null; };
  const wake = () => {
    if (document.hidden || stopped) return;
    if (source && source.readyState === 2) listen();  // closed while the phone slept: open it again
    else if (!source) schedule(0);
  };
  document.addEventListener("visibilitychange", wake);
  box.__coprogStop = () => { stop(); document.removeEventListener("visibilitychange", wake); };
  if (data.stream && window.EventSource) { box.dataset.coprogWatch = "push"; listen(); }
  else { box.dataset.coprogWatch = "poll"; schedule(data.every); }
  return box.__coprogStop;
}
""".replace("__TYPED__", "|".join(TYPED_FIELDS)).replace("__BOX__", BALLOT_BOX)

_watcher = st.components.v2.component(runtime.WATCH, js=_JS, isolate_styles=False)


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
    keys = sorted({FRAGMENTS[p] for p in parts if p in FRAGMENTS})
    if "access" in parts or not keys:
        st.rerun()
    st.rerun(keys)


_SIGNAL_JS = """
export default function ({ data, setTriggerValue, parentElement }) {
  const box = parentElement;
  if (box.__coprogStop) box.__coprogStop();
  let heard = false, told = false;
  const source = new EventSource(data.stream, { withCredentials: true });
  const poll = () => {
    clearTimeout(guard);
    source.close();
    box.dataset.coprogWatch = "poll";
    setTriggerValue("poll", 1);
  };
  const guard = setTimeout(() => { if (!heard) poll(); }, data.firstWithin);
  source.onmessage = (message) => {
    heard = true;
    clearTimeout(guard);
    let now = {};
    try { now = JSON.parse(message.data); } catch (e) { return; }
    if (!told && now.v !== undefined && now.v !== data.drawn) { told = true; setTriggerValue("moved", now.v); }
  };
  source.onerror = () => { if (!heard) poll(); };  // after the first event it reconnects by itself
  // what the page shows turns by the clock too (the projector's rotation): told when it is due
  const turn = data.turnIn === null ? null : setTimeout(() => {
    if (!told) { told = true; setTriggerValue("moved", "turn-" + Date.now()); }
  }, data.turnIn);
  box.dataset.coprogWatch = "push";
  box.__coprogStop = () => { clearTimeout(guard); clearTimeout(turn); source.close(); };
  return box.__coprogStop;
}
"""

_signal = st.components.v2.component(runtime.SIGNAL, js=_SIGNAL_JS, isolate_styles=False)


def _signal_said(key: str, scope: str) -> None:
    said = st.session_state.get(key) or {}
    if said.get("poll"):
        st.session_state[f"{key}_poll"] = True  # a proxy holds the stream back: this tab asks instead
        st.rerun(scope="app")  # the page is drawn again with its poll
    if said.get("moved") and scope == "app":
        st.rerun(scope="app")


def _signal_key(signal: tuple) -> str:
    return f"{runtime.SIGNAL}_{'_'.join(str(v) for v in signal)}"


def pushes(signal: tuple) -> bool:
    """Whether this tab is told of ``signal``'s moves (else it asks)."""
    return config.live_push() and not st.session_state.get(f"{_signal_key(signal)}_poll")


def rerun_when_moved(
    read, drawn, every: str, signal: tuple | None = None, scope: str = "app", turn_in: float | None = None
) -> None:
    """A staff page redraws when what it shows moved. Pushed: ``signal`` (kind,
    session, percorso; coprog/live/push.py) names the value the server watches,
    and the page reruns (``scope``: the whole page, or the fragment it is in)
    the moment it moves, or when ``turn_in`` seconds have passed (what turns by
    the clock: the browser counts them). Asked, when there is no signal,
    ``COPROG_LIVE=poll``, or a proxy holds the stream back: every ``every``,
    ``read()`` one small value; a rerun when it differs from the ``drawn`` one.

    One asking watch per page, and no other timed fragment beside it: a
    ``run_every`` fragment that reruns the page while another ``run_every``
    fragment ticks made Streamlit 1.67's browser code throw «Cannot set a node
    at a delta path» and leave the page white (reproduced with a minimal app;
    the clocks are drawn by the browser, ui/clock.py)."""
    if signal and pushes(signal):
        key = _signal_key(signal)
        kind, session_id, process_id = signal
        value = push.signal_reader(state.database(), kind, session_id, process_id)()["v"]
        token = access.sign_signal(state.cookie_secret(), kind, session_id, process_id)
        _signal(
            key=key,
            data={
                "stream": f"/segnale/{token}/flusso",
                "drawn": value,
                "firstWithin": live.FIRST_EVENT_MS,
                "turnIn": None if turn_in is None else max(0, round(turn_in * 1000)),
            },
            on_moved_change=lambda: _signal_said(key, scope),
            on_poll_change=lambda: _signal_said(key, scope),
            height=0,
        )
        return

    @st.fragment(run_every=every)
    def watch() -> None:
        if read() != drawn:
            st.rerun(scope="app")

    watch()


def held_until_open(ballot_id: int, prepared: bool):
    """The ballot's box on the participant page. A prepared ballot is drawn in it
    already, hidden by a rule of its own (static CSS, the ballot's number only);
    when the facilitator opens it, the watch's script shows the box the moment
    it learns so, without a run: every page of the room shows the ballot within
    the stream's few milliseconds, whatever their number. The next run of the
    fragment (a vote, a change) draws it open, without the rule."""
    box = f"{BALLOT_BOX}{int(ballot_id)}"
    if prepared:
        st.html(f"<style>div.st-key-{box} {{ display: none; }}</style>")
    return st.container(key=box)


def follow(delegate_id: int, session_id: int, seen: dict[str, str]) -> None:
    """Mount the watch for this page, with the fingerprints of what it drew
    (computed before drawing: a change meanwhile shows at the next turn).

    The watch sits in a fragment of its own, so what it says asks for a
    fragment run, which Streamlit queues behind the run in progress; a page
    run would cut that run short at its next element (a need just sent: its
    form's confirmation and fresh form were lost when the list's push came
    within those milliseconds, seen in make shuffled)."""
    _watch_fragment(delegate_id, session_id, seen)


@st.fragment(key="live_watch")
def _watch_fragment(delegate_id: int, session_id: int, seen: dict[str, str]) -> None:
    token = access.sign_watch(state.cookie_secret(), delegate_id, session_id)
    key = f"{runtime.WATCH}_{session_id}"  # another session, another watch (a new one in the browser too)
    _watcher(
        key=key,
        data={
            "url": f"/vivo/{token}",
            "stream": f"/vivo/{token}/flusso" if config.live_push() else None,
            "firstWithin": live.FIRST_EVENT_MS,
            "seen": {**seen, "access": "ok"},
            "every": live.POLL_MS,
            "votesEvery": live.RESULTS_EVERY * 1000,
            "ballotTitle": t("part.ballot_title", title=t("app.title")),
        },
        on_changed_change=lambda: _changed(key),
        height=0,
    )
