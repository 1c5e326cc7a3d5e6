"""A delegate's forms on the session's page: one per type the phase collects,
in tabs, each answered right under its button and the new contribution in
the list at once; a form whose collection closes stays while it holds typed
text (what to show is decided in coprog/live/live.py)."""

from __future__ import annotations

import streamlit as st

from coprog.contributions import contributions
from coprog.live import live
from coprog.procedure import delegates, sessions
from coprog.storage.db import Database
from coprog.texts import i18n, taxonomy
from coprog.texts.errors import CoprogError
from ui import feedback, live_list
from ui.forms import TYPED_FIELDS, contribution_form, has_typed_text, typed_text
from ui.render import plain
from ui.state import lang, t


def send(database: Database, delegate: dict, session_id: int, kind: str, fields: dict) -> bool:
    """The form's submit callback: store; the run the button starts anyway
    (this form's fragment) draws the form fresh with the confirmation (asking
    for it with ``st.rerun`` would cut that run short for a second one). The
    new contribution is in the list at once: the answer has the list's script
    fetch it (ui/live_list.refresh), or, in a silent round and with reactions
    open, the list's fragment reruns too, as before. False when refused: the
    press does not count (ui/presses.py), so a second press is not taken for
    the echo of a stored one."""
    session = sessions.get_session(database, session_id)
    try:
        contributions.create(database, delegates.delegate_actor(delegate), session_id, kind, fields)
    except CoprogError as exc:
        st.session_state[f"form_error_{kind}"] = exc
        if exc.key == "contribution.phase_closed":
            st.session_state[f"form_keep_{kind}"] = typed_text(fields)
        return False
    else:
        st.session_state[f"form_gen_{kind}"] = st.session_state.get(f"form_gen_{kind}", 0) + 1
        st.session_state[f"saved_{kind}"] = st.session_state[f"answered_{kind}"] = (
            "saved_moderated" if session["moderated"] else "saved"
        )
        if session["silent"] or session["reactions_open"]:
            st.rerun([f"form_{kind}", "live_list"])
        st.session_state[f"list_due_{kind}"] = sessions.get_session(database, session_id)["contents_version"]
        return True


def said_again(kind: str) -> None:
    """The second click of a double click on «Invia»: the answer is the first's."""
    if f"answered_{kind}" in st.session_state:
        st.session_state[f"saved_{kind}"] = st.session_state[f"answered_{kind}"]


def form_key(kind: str) -> str:
    return f"new_{kind}_{st.session_state.get(f'form_gen_{kind}', 0)}"


def contribution_panel(database: Database, delegate: dict, session_id: int, kind: str, closed: bool) -> None:
    @st.fragment(key=f"form_{kind}")
    def panel() -> None:
        L = lang()
        st.header(
            t("form.need")
            if kind == contributions.NEED
            else t("form.proposal", type=taxonomy.label("contribution_type", kind, L))
        )
        if closed:
            st.warning(t("part.form_closed"), icon=":material/notifications:")
            if st.button(t("part.close_form"), key=f"close_{kind}"):
                st.session_state["shown_forms"] = [k for k in st.session_state.get("shown_forms", []) if k != kind]
                for field in TYPED_FIELDS:  # its text goes with it
                    st.session_state.pop(f"{form_key(kind)}_{field}", None)
                st.rerun(scope="app")
        last = contributions.last_saved(database, delegate["id"], session_id, kind)
        if last:  # from the database: true even if a confirmation was lost with the connection
            st.caption(t("part.last_saved", title=plain(last["title"]), time=i18n.when(last["created_at"], L)))
        error = st.session_state.pop(f"form_error_{kind}", None)
        contribution_form(
            form_key(kind),
            kind,
            on_submit=lambda fields: send(database, delegate, session_id, kind, fields),
            messages=feedback.field_messages(error),
            echo=lambda: said_again(kind),
        )
        saved = st.session_state.pop(f"saved_{kind}", None)
        kept = st.session_state.pop(f"form_keep_{kind}", None)
        due = st.session_state.pop(f"list_due_{kind}", None)
        with feedback.answer(f"form_{kind}", bool(saved or error)):  # right under «Invia», in view
            if saved:
                st.success(t(f"part.{saved}"), icon=":material/check_circle:")
            if due is not None:
                live_list.refresh(session_id, due)
            if error:
                st.error(feedback.summary(error), icon=":material/error:")
            if kept:
                st.caption(t("part.keep_text"))
                st.code(kept, language=None, wrap_lines=True)

    panel()


@st.fragment(key="live_forms")
def forms(database: Database, delegate: dict, session_id: int) -> None:
    """A form per type the phase collects, the first open one selected when
    the phase changes. A form on screen when its collection closes stays,
    marked (in its tab's label too), if the delegate typed in it, so nothing
    typed is lost: sending it says why it was not saved and gives the text
    back to copy; "Chiudi il modulo" removes it."""
    L = lang()
    open_types = sessions.get_session(database, session_id)["open_types"]
    shown = st.session_state.get("shown_forms", [])
    # what the delegate typed: sent fields the page knows, and text not sent yet that the browser reported
    reported = st.session_state.get("typed_forms") or {}
    typed = {k for k in shown if has_typed_text(form_key(k))} | set(reported)
    form_types, stale = live.forms_on_screen(shown, open_types, typed)
    for kind in stale:  # the kept form shows the text the browser reported, whatever the tabs' redraw did
        for field, text in reported.get(kind, {}).items():
            if not st.session_state.get(f"{form_key(kind)}_{field}"):
                st.session_state[f"{form_key(kind)}_{field}"] = text
    st.session_state["shown_forms"] = form_types
    if not form_types:
        return
    labels = [
        t("part.tab_closed", type=taxonomy.label("contribution_type", k, L))
        if k in stale
        else taxonomy.label("contribution_type", k, L)
        for k in form_types
    ]
    # Every form is drawn and a tap switches tabs in the browser, with no run. Tabs that
    # ran the page at each tap (to draw only the opened form) lost taps: Streamlit disables
    # a tab the running run has not sent again yet, and a tap in that moment does nothing
    # (test_tabs: 3 in 27 runs under a busy CPU: the tap reached the tab, nothing was selected).
    # The key keeps the tab the delegate opened, in the browser, while its label is there.
    tabs = st.tabs(labels, key="forms_tabs", default=live.tabs_default(labels, form_types, open_types))
    for tab, kind in zip(tabs, form_types):
        with tab:
            contribution_panel(database, delegate, session_id, kind, kind in stale)
