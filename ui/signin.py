"""Signing in: a personal code (delegates and facilitators) or the staff
password. A staff sign-in also sets the staff cookie (through ``/staff/TOKEN``,
serve.py), so every tab and window of this browser opens signed in: the
projector on a second screen included. An address the tab's role may not open
goes to the sign-in page (serve.py), which says, in Italian, which page it was,
why it did not open and how to sign in; never Streamlit's "Page not found"."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from coprog.procedure import access, delegates
from coprog.texts import vocabulary
from coprog.texts.errors import CoprogError
from ui import feedback, state
from ui.components import Component
from ui.pages import AUDIENCE, BY_ADDRESS, PAGES
from ui.state import t

_go = Component("go", js="go.js")  # coprog/assets


def go(url: str) -> None:
    """Send this tab to ``url`` (one of ours: the staff cookie's hand-off)."""
    st.caption(t("signin.going"))
    _go(key="coprog_go", data={"url": url}, height=0)
    st.stop()


def staff_cookie_then(path: str) -> None:
    """Set the staff cookie for this browser (lasting as long as the browser
    session), then come back to ``path``."""
    go(state.staff_handoff_link() + "?next=" + quote(path, safe="/"))


def code_form(path: str = "/") -> None:
    """A personal code: a delegate's, or a facilitator's (who then gets the staff cookie)."""
    with st.form("code_form", clear_on_submit=False):
        typed = st.text_input(t("home.code_label"), max_chars=40, help=t("home.code_help"), autocomplete="off")
        submitted = st.form_submit_button(t("home.enter"), type="primary")
    if submitted:
        try:
            kind, found = delegates.identify_person(state.database(), typed, state.client_key())
        except CoprogError as exc:
            feedback.show_error(exc)
        else:
            if kind == vocabulary.DELEGATE:
                state.remember_delegate(found)
                st.rerun()
            state.remember_facilitator(found)
            staff_cookie_then(path)


def staff_form(path: str = "/", *, expanded: bool = False) -> None:
    with st.expander(t("home.staff"), expanded=expanded):
        if not state.staff_password_hashes():
            st.info(t("home.staff_not_configured"))
            return
        with st.form("staff_form"):
            password = st.text_input(t("home.password"), type="password", max_chars=200)
            submitted = st.form_submit_button(t("home.staff_enter"))
    if not submitted:
        return
    client = "staff:" + state.client_key()
    try:
        access.check_not_throttled(state.database(), client)
    except CoprogError as exc:
        feedback.show_error(exc)
        return
    if state.staff_sign_in(password):
        access.record_success(state.database(), client)
        staff_cookie_then(path)
    access.record_failure(state.database(), client)
    st.error(t("home.wrong_password"))


def asked_page() -> tuple[str, str] | None:
    """The page the server sent this browser here from (``/accesso?pagina=proiettore``):
    (its name, its address), or None."""
    address = st.query_params.get("pagina")
    name = BY_ADDRESS.get(address or "")
    return (name, address) if name else None


def explain(name: str) -> None:
    """Why the page asked for did not open, and what to do."""
    audience = AUDIENCE[name]
    title = t(PAGES[name][1])
    if audience in ("delegati", "collegati"):
        st.info(t("signin.for_delegates", page=title), icon=":material/badge:")
    else:
        st.info(t(f"signin.for_{audience}", page=title), icon=":material/lock:")


def start(first: st.Page) -> st.Page:
    """The page at "/": it opens ``first`` (the role's first page) at its own
    address, keeping the query string (``?accesso=errore``)."""

    def landing() -> None:
        st.switch_page(first, query_params=st.query_params.to_dict())

    return st.Page(landing, title=first.title, icon=first.icon, url_path="inizio", default=True, visibility="hidden")
