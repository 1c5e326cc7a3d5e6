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
