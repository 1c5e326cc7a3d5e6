"""Streamlit's own texts in Italian. The framework's front end has a few
English strings built in (the skip link, the file uploader's instructions,
accessible names such as «Help for …», «Open», «Remove …», the date
placeholder) and no catalogue to translate them. Where a widget has a
supported route it is used (``select_all=False`` on multiselects); for the
rest, this small script, run by Streamlit's own component API on every page
(no script from outside), puts the Italian words in place of those strings,
in the text and in the accessible names, as they appear. It touches nothing
the app writes: only the exact framework strings below."""

from __future__ import annotations

import streamlit as st

# (pattern over a whole text or attribute, Italian replacement): JavaScript regular expressions.
TEXTS = [
    (r"^Skip to main content$", "Vai al contenuto principale"),
    (r"^Drag and drop files? here$", "Trascina qui il file"),
    (r"^Browse files$", "Scegli il file"),
    (r"^Upload$", "Carica"),
    (r"^(\d+(?:[.,]\d+)?)\s?([KMG]?B) per file$", "Massimo $1 $2 per file"),
    (r"^Press Enter to submit form$", "Premi Invio per inviare il modulo"),
    (r"^Press Enter to apply$", "Premi Invio per confermare"),
    (r"^No results$", "Nessun risultato"),
    (r"^Choose an option$", "Scegli un'opzione"),
    (r"^Select all$", "Seleziona tutto"),
    (r"^Clear all$", "Cancella tutto"),
    (r"^Running\.\.\.$", "In esecuzione…"),
    (r"^Remove (.+)$", "Rimuovi $1"),
    (r"^Open$", "Apri"),
    (r"^Close$", "Chiudi"),
    (r"^Selected values$", "Valori scelti"),
]
NAMES = [  # aria-label, title, placeholder
    (r"^Help for (.+)$", "Aiuto: $1"),
    (r"^Help$", "Aiuto"),
    (r"^Open$", "Apri"),
    (r"^Close$", "Chiudi"),
    (r"^Remove (.+)$", "Rimuovi $1"),
    (r"^Clear all$", "Cancella tutto"),
    (r"^Clear value$", "Cancella"),
    (r"^Show password$", "Mostra la password"),
    (r"^Hide password$", "Nascondi la password"),
    (r"^Increment$", "Aumenta"),
    (r"^Decrement$", "Diminuisci"),
    (r"^(?:DD|dd)/(?:MM|mm)/(?:YYYY|yyyy)$", "gg/mm/aaaa"),
    (r"^Choose an option$", "Scegli un'opzione"),
    (r"^Fullscreen$", "Schermo intero"),
    (r"^Fullscreen: (.+)$", "Schermo intero: $1"),
    (r"^Exit fullscreen$", "Esci dallo schermo intero"),
    (r"^Close fullscreen$", "Chiudi lo schermo intero"),
    (r"^Download as CSV$", "Scarica in CSV"),
    (r"^Search$", "Cerca"),
    (r"^Upload$", "Carica"),
    (r"^Browse files$", "Scegli il file"),
    (r"^Sidebar$", "Barra laterale"),
    (r"^Collapse sidebar$", "Chiudi il menu laterale"),
    (r"^Expand sidebar$", "Apri il menu laterale"),
    (r"^App pages$", "Pagine"),
    (r"^Main menu$", "Menu principale"),
    (r"^Link to heading$", "Collegamento a questa sezione"),
    (r"^day, (.+)$", "giorno, $1"),
    (r"^month, (.+)$", "mese, $1"),
    (r"^year, (.+)$", "anno, $1"),
    (r"^Choose date$", "Scegli la data"),
    (r"^Selected values$", "Valori scelti"),
    (r"^Map$", "Mappa"),
    (r"^Toggle attribution$", "Mostra o nascondi le fonti della mappa"),
    (r"^Running\.\.\.$", "In esecuzione…"),
]

_JS = """
export default function ({ data }) {
  const compile = (pairs) => pairs.map(([p, r]) => [new RegExp(p), r]);
  const set = (s, rules) => { s.rules = rules; s.texts = compile(rules.texts); s.names = compile(rules.names); };
  if (window.__coprogLingua) { set(window.__coprogLingua, data); window.__coprogLingua.all(); return; }
  const state = {};
  set(state, data);
  const swap = (value, pairs) => {
    const text = value.trim();
    for (const [re, to] of pairs) if (re.test(text)) return value.replace(text, text.replace(re, to));
    return null;
  };
  const ATTRS = ["aria-label", "title", "placeholder"];
  function fix(node) {
    if (!state.rules.on || !node) return;
    const texts = state.texts, names = state.names;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const out = n.nodeValue && swap(n.nodeValue, texts);
        if (out !== null && out !== n.nodeValue) n.nodeValue = out;
      } else if (n.getAttribute) {
        for (const a of ATTRS) {
          const v = n.getAttribute(a);
          const out = v && swap(v, names);
          if (out !== null && out !== v) n.setAttribute(a, out);
        }
      }
    }
  }
  state.all = () => fix(document.body);
  new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === "childList") c.addedNodes.forEach((n) => fix(n));
      else fix(c.target.nodeType === Node.TEXT_NODE ? c.target.parentNode || c.target : c.target);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true,
                               attributes: true, attributeFilter: ATTRS });
  window.__coprogLingua = state;
  state.all();
}
"""

_lingua = st.components.v2.component("coprog_lingua", js=_JS, isolate_styles=False)


def italian_framework_texts(lang: str) -> None:
    """Mount the translation of Streamlit's built-in strings (Italian pages only)."""
    _lingua(key="coprog_lingua", data={"on": lang == "it", "texts": TEXTS, "names": NAMES}, height=0)
