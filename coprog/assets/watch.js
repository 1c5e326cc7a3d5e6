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
  const FIELD = new RegExp(`^st-key-new_([a-z_]+?)_[0-9]+_(${data.typed.join("|")})$`);
  const typed = () => {
    const out = {};
    for (const field of document.querySelectorAll("[class*='st-key-new_']")) {
      const found = [...field.classList]
        .map((c) => c.match(FIELD)).find(Boolean);
      const input = field.querySelector("input[type=text], textarea");
      if (found && input && input.value.trim()) (out[found[1]] = out[found[1]] || {})[found[2]] = input.value;
    }
    return out;
  };
  // the held ballot's box shown (ui/live.held_until_open hides it; this rule outweighs that one)
  const reveal = (id) => {
    const style = document.createElement("style");
    style.textContent = `div.st-key-${data.box}${id}.st-key-${data.box}${id} { display: flex; }`;
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
        && document.querySelector(`.st-key-${data.box}${held[1]}`)) {
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
