"""Entry point: navigation by role, nothing else."""

from pathlib import Path

import streamlit as st

from ui import state

st.set_page_config(page_title=state.t("app.title"), page_icon=str(Path(__file__).parent / "assets" / "favicon.png"),
                   layout="wide")

home = st.Page("pages/home.py", title=state.t("nav.home"), icon=":material/login:",
               url_path="accesso")
participate = st.Page("pages/partecipa.py", title=state.t("nav.participate"),
                      icon=":material/edit_note:", url_path="partecipa")
mine = st.Page("pages/miei_contributi.py", title=state.t("nav.my_contributions"),
               icon=":material/list_alt:", url_path="miei-contributi")
reading = st.Page("pages/lettura.py", title=state.t("nav.reading"), icon=":material/insights:",
                  url_path="lettura")
board = st.Page("pages/tabellone.py", title=state.t("nav.board"), icon=":material/monitoring:",
                url_path="tabellone")
console = st.Page("pages/conduzione.py", title=state.t("nav.console"), icon=":material/tune:",
                  url_path="conduzione")
moderate = st.Page("pages/moderazione.py", title=state.t("nav.moderation"), icon=":material/fact_check:",
                    url_path="moderazione")
register = st.Page("pages/presenze.py", title=state.t("nav.attendance"), icon=":material/how_to_reg:",
                   url_path="presenze")
hybrid = st.Page("pages/inserimento.py", title=state.t("nav.hybrid"), icon=":material/edit_document:",
                 url_path="inserimento")
projector = st.Page("pages/proiettore.py", title=state.t("nav.projector"), icon=":material/present_to_all:",
                    url_path="proiettore")
vote = st.Page("pages/votazioni.py", title=state.t("nav.ballots"), icon=":material/how_to_vote:",
               url_path="votazioni")
prepare = st.Page("pages/preparazione.py", title=state.t("nav.prepare"), icon=":material/event_note:",
                  url_path="preparazione")
review = st.Page("pages/revisione.py", title=state.t("nav.review"), icon=":material/dashboard:",
                 url_path="revisione")
records = st.Page("pages/documenti.py", title=state.t("nav.documents"), icon=":material/description:",
                  url_path="documenti")
organise = st.Page("pages/organizzazione.py", title=state.t("nav.organise"),
                   icon=":material/settings:", url_path="organizzazione")

# Flat lists: Streamlit's sectioned sidebar nav puts headers inside its <ul>,
# which the accessibility audit rejects.
staff_pages = [console, moderate, vote, register, hybrid, projector, board, reading]
if state.staff_role() == "organizzatore":
    pages = [*staff_pages, prepare, review, records, organise, home]
elif state.staff_role():
    pages = [*staff_pages, home]
elif state.current_delegate():
    pages = [participate, mine, board, reading, home]
else:
    pages = [home]

state.language_picker()
st.navigation(pages, expanded=True).run()
