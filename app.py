"""Entry point: navigation by role, nothing else."""

from pathlib import Path

import streamlit as st

from ui import frame, state

st.set_page_config(page_title=state.t("app.title"), page_icon=str(Path(__file__).parent / "assets" / "favicon.png"),
                   layout="wide")

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
    "vote": ("pages/votazioni.py", "nav.ballots", ":material/how_to_vote:", "votazioni"),
    "prepare": ("pages/preparazione.py", "nav.prepare", ":material/event_note:", "preparazione"),
    "review": ("pages/revisione.py", "nav.review", ":material/dashboard:", "revisione"),
    "records": ("pages/documenti.py", "nav.documents", ":material/description:", "documenti"),
    "organise": ("pages/organizzazione.py", "nav.organise", ":material/settings:", "organizzazione"),
    "privacy": ("pages/informativa.py", "nav.privacy", ":material/privacy_tip:", "informativa"),
}

# Flat lists: Streamlit's sectioned sidebar nav puts headers inside its <ul>,
# which the accessibility audit rejects.
STAFF = ["console", "moderate", "vote", "register", "hybrid", "projector", "board", "reading"]
ORGANISERS = ["prepare", "review", "records", "organise"]
delegate = state.current_delegate() if not state.staff_role() else None
if state.staff_role() == "organizzatore":  # no percorso yet: preparation (the first-run page) opens first
    names = [*ORGANISERS[:1], *STAFF, *ORGANISERS[1:]] if state.current_process() is None else [*STAFF, *ORGANISERS]
    names += ["privacy", "home"]
elif state.staff_role():
    names = [*STAFF, "privacy", "home"]
elif delegate and state.may_take_part(delegate):
    names = ["participate", "mine", "board", "reading", "privacy", "home"]
else:  # not signed in, or an ETS not (or no longer) admitted: the sign-in page says why
    names = ["home", "privacy"]

# Only the role's pages are built: each st.Page resolves its file on every run.
pages = [st.Page(PAGES[n][0], title=state.t(PAGES[n][1]), icon=PAGES[n][2], url_path=PAGES[n][3]) for n in names]
state.language_picker()
navigation = st.navigation(pages, expanded=True)
frame.page_frame()
navigation.run()
