// Streamlit's built-in English strings and the Italian put in their place: (pattern over a whole
// text or attribute, replacement), as JavaScript regular expressions (ui/lingua.py says why)
const compile = (pairs) => pairs.map(([p, r]) => [new RegExp(p), r]);
const TEXTS = compile([
  ["^Skip to main content$", "Vai al contenuto principale"],
  ["^Drag and drop files? here$", "Trascina qui il file"],
  ["^Browse files$", "Scegli il file"],
  ["^Upload$", "Carica"],
  ["^(\\d+(?:[.,]\\d+)?)\\s?([KMG]?B) per file$", "Massimo $1 $2 per file"],
  ["^Press Enter to submit form$", "Premi Invio per inviare il modulo"],
  ["^Press Enter to apply$", "Premi Invio per confermare"],
  ["^No results$", "Nessun risultato"],
  ["^Choose an option$", "Scegli un'opzione"],
  ["^Select all$", "Seleziona tutto"],
  ["^Clear all$", "Cancella tutto"],
  ["^Running\\.\\.\\.$", "In esecuzione…"],
  ["^Remove (.+)$", "Rimuovi $1"],
  ["^Open$", "Apri"],
  ["^Close$", "Chiudi"],
  ["^Selected values$", "Valori scelti"],
]);
const NAMES = compile([  // aria-label, title, placeholder
  ["^Help for (.+)$", "Aiuto: $1"],
  ["^Help$", "Aiuto"],
  ["^Open$", "Apri"],
  ["^Close$", "Chiudi"],
  ["^Remove (.+)$", "Rimuovi $1"],
  ["^Clear all$", "Cancella tutto"],
  ["^Clear value$", "Cancella"],
  ["^Show password$", "Mostra la password"],
  ["^Hide password$", "Nascondi la password"],
  ["^Increment$", "Aumenta"],
  ["^Decrement$", "Diminuisci"],
  ["^(?:DD|dd)/(?:MM|mm)/(?:YYYY|yyyy)$", "gg/mm/aaaa"],
  ["^Choose an option$", "Scegli un'opzione"],
  ["^Fullscreen$", "Schermo intero"],
  ["^Fullscreen: (.+)$", "Schermo intero: $1"],
  ["^Exit fullscreen$", "Esci dallo schermo intero"],
  ["^Close fullscreen$", "Chiudi lo schermo intero"],
  ["^Download as CSV$", "Scarica in CSV"],
  ["^Search$", "Cerca"],
  ["^Upload$", "Carica"],
  ["^Browse files$", "Scegli il file"],
  ["^Sidebar$", "Barra laterale"],
  ["^Collapse sidebar$", "Chiudi il menu laterale"],
  ["^Expand sidebar$", "Apri il menu laterale"],
  ["^App pages$", "Pagine"],
  ["^Main menu$", "Menu principale"],
  ["^Link to heading$", "Collegamento a questa sezione"],
  ["^day, (.+)$", "giorno, $1"],
  ["^month, (.+)$", "mese, $1"],
  ["^year, (.+)$", "anno, $1"],
  ["^Choose date$", "Scegli la data"],
  ["^Selected values$", "Valori scelti"],
  ["^Map$", "Mappa"],
  ["^Toggle attribution$", "Mostra o nascondi le fonti della mappa"],
  ["^Running\\.\\.\\.$", "In esecuzione…"],
]);

export default function ({ data }) {
  if (window.__coprogLingua) { window.__coprogLingua.on = data.on; window.__coprogLingua.all(); return; }
  const state = { on: data.on };
  const swap = (value, pairs) => {
    const text = value.trim();
    for (const [re, to] of pairs) if (re.test(text)) return value.replace(text, text.replace(re, to));
    return null;
  };
  const ATTRS = ["aria-label", "title", "placeholder"];
  function fix(node) {
    if (!state.on || !node) return;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        const out = n.nodeValue && swap(n.nodeValue, TEXTS);
        if (out !== null && out !== n.nodeValue) n.nodeValue = out;
      } else if (n.getAttribute) {
        for (const a of ATTRS) {
          const v = n.getAttribute(a);
          const out = v && swap(v, NAMES);
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
