"""Entry point: navigation by role, nothing else."""

import streamlit as st

from ui import frame, signin, state
from ui.pages import PAGES, names_for

# The icon is a file Streamlit serves as it is (static/, server.enableStaticServing): a path
# on disk would have every run open, check and register the image again (a tenth of a run).
st.set_page_config(page_title=state.t("app.title"), page_icon="/app/static/favicon.png", layout="wide")

role = state.staff_role()
delegate = state.current_delegate() if not role else None
names = names_for(role, bool(delegate and state.may_take_part(delegate)))
# Only the role's pages are built (each st.Page resolves its file on every run);
# the server sends an address the browser may not open to the sign-in (serve.py).
pages = [st.Page(PAGES[n][0], title=state.t(PAGES[n][1]), icon=PAGES[n][2], url_path=PAGES[n][3]) for n in names]
# "/" opens the role's first page at its own address: were that page Streamlit's
# default, its address would be "" and opening it by name in a new tab would say "Page not found".
pages.append(signin.start(pages[0]))
state.language_picker()
navigation = st.navigation(pages, expanded=True)
frame.page_frame()
navigation.run()
