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
