"""The app's pages and who sees which (app.py builds the navigation from here;
serve.py knows every address from here, so an unknown one goes to the start)."""

from __future__ import annotations

from coprog.procedure import permissions

# name: (script, title key, icon, address)
PAGES = {
    "home": ("pages/home.py", "nav.home", ":material/login:", "accesso"),
    "participate": ("pages/partecipa.py", "nav.participate", ":material/edit_note:", "partecipa"),
    "mine": ("pages/miei_contributi.py", "nav.my_contributions", ":material/list_alt:", "miei-contributi"),
    "reading": ("pages/lettura.py", "nav.reading", ":material/insights:", "lettura"),
    "board": ("pages/tabellone.py", "nav.board", ":material/monitoring:", "tabellone"),
    "console": ("pages/conduzione.py", "nav.console", ":material/tune:", "conduzione"),
    "moderate": ("pages/moderazione.py", "nav.moderation", ":material/fact_check:", "moderazione"),
    "register": ("pages/presenze.py", "nav.attendance", ":material/how_to_reg:", "presenze"),
    "hybrid": ("pages/inserimento.py", "nav.hybrid", ":material/edit_document:", "inserimento"),
    "projector": ("pages/proiettore.py", "nav.projector", ":material/present_to_all:", "proiettore"),
    "consolidate": ("pages/consolidamento.py", "nav.consolidate", ":material/merge:", "consolidamento"),
    "vote": ("pages/votazioni.py", "nav.ballots", ":material/how_to_vote:", "votazioni"),
    "prepare": ("pages/preparazione.py", "nav.prepare", ":material/event_note:", "preparazione"),
    "review": ("pages/revisione.py", "nav.review", ":material/dashboard:", "revisione"),
    "records": ("pages/documenti.py", "nav.documents", ":material/description:", "documenti"),
    "organise": ("pages/organizzazione.py", "nav.organise", ":material/settings:", "organizzazione"),
    "draft": ("pages/bozza.py", "nav.draft", ":material/rate_review:", "bozza"),
    "observations": ("pages/osservazioni.py", "nav.observations", ":material/rate_review:", "osservazioni"),
    "mail": ("pages/posta.py", "nav.mail", ":material/forward_to_inbox:", "posta"),
    "inbox": ("pages/posta_arrivo.py", "nav.inbox", ":material/move_to_inbox:", "posta-arrivo"),
    "clarifications": ("pages/chiarimenti.py", "nav.clarifications", ":material/contact_support:", "chiarimenti"),
    "avviso": ("pages/avviso.py", "nav.avviso", ":material/campaign:", "avviso"),
    "offer": ("pages/offerta.py", "nav.offer", ":material/volunteer_activism:", "servizi"),
    "offers": ("pages/risorse.py", "nav.offers", ":material/handshake:", "offerta-ets"),
    "privacy": ("pages/informativa.py", "nav.privacy", ":material/privacy_tip:", "informativa"),
}

# Flat lists, in navigation order: Streamlit's sectioned sidebar nav puts
# headers inside its <ul>, which the accessibility audit rejects.
STAFF = ["console", "moderate", "consolidate", "vote", "register", "hybrid", "projector", "board", "reading"]
ORGANISERS = ["prepare", "inbox", "clarifications", "offers", "review", "records", "observations", "mail", "organise"]
DELEGATES = ["participate", "mine", "offer", "draft", "board", "reading"]

# Who may open each page (coprog/permissions.may_open_page).
AUDIENCE = {
    "home": "tutti",
    "privacy": "tutti",
    "avviso": "tutti",
    "participate": "delegati",
    "mine": "delegati",
    "draft": "delegati",
    "offer": "delegati",
    "board": "collegati",
    "reading": "collegati",
    **{n: "staff" for n in STAFF if n not in ("board", "reading")},
    **{n: "organizzatori" for n in ORGANISERS},
}
BY_ADDRESS = {address: name for name, (*_, address) in PAGES.items()}
ADDRESSES = frozenset(BY_ADDRESS)


def names_for(role: str | None, delegate_may_take_part: bool) -> list[str]:
    """The pages in a tab's navigation, in order, for its role: one order per
    role, whatever the state (staff: the sessions' pages, then the organisers'
    own; on day zero the first page shows organisers the first-run page)."""
    order = [*STAFF, *ORGANISERS] if role else DELEGATES
    names = [n for n in order if permissions.may_open_page(AUDIENCE[n], role, delegate_may_take_part)]
    tail = ["avviso", "privacy", "home"] if names else ["home", "avviso", "privacy"]  # nobody signed in: sign-in first
    return names + tail
