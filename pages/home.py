"""Sign in: a delegate's personal code, or the staff password."""

import streamlit as st

from coprog.procedure import delegates, invites, processes
from ui import signin, state
from ui.render import mail_links, plain
from ui.state import t

delegate = state.current_delegate()
role = state.staff_role()
refusal = delegates.participation_refusal(delegate) if delegate and not role else None
st.title(t("home.heading"))
if refusal:  # one state on screen: why this delegate may not take part, and whom to ask; nothing else
    st.error(
        t("home.refused_who", who=plain(f"{delegate['name']} ({delegate['organisation']})")) + " " + t(refusal),
        icon=":material/block:",
    )
    contact = delegate["process_contact"] or delegate["process_pec"]
    if contact:
        st.markdown(t("home.contact", contact=mail_links(contact)))
    if st.link_button(t("nav.logout"), "/esci", on_click="rerun", icon=":material/logout:"):
        state.sign_out()
        st.rerun()
    st.stop()
st.write(t("home.intro"))

if st.query_params.get("accesso") == "errore":
    st.warning(t("home.join_error"))
asked = signin.asked_page()  # the server sent this browser here from a page it may not open yet
if asked:
    signin.explain(asked[0])
path = "/" + asked[1] if asked else "/"

if delegate or role:
    who = f"{delegate['name']} ({delegate['organisation']})" if delegate else state.staff_actor().label
    st.success(t("home.signed_in_as", who=plain(who)))
    if delegate:
        st.page_link("pages/partecipa.py", label=t("home.go_participate"), icon=":material/arrow_forward:")
        st.link_button(
            t("home.remember"),
            invites.invite_link(delegate["access_code"], base_url=""),
            help=t("home.remember_help"),
            icon=":material/devices:",
        )
    else:
        st.link_button(
            t("home.remember"),
            state.staff_handoff_link() + "?resta=1",
            help=t("home.remember_staff_help"),
            icon=":material/devices:",
        )
    # The link clears the HttpOnly cookie on this device; the click signs this tab out.
    if st.link_button(t("nav.logout"), "/esci", on_click="rerun", icon=":material/logout:"):
        state.sign_out()
        st.rerun()
    st.stop()

if processes.current(state.database()) is None:  # day zero: nothing to join yet
    st.info(t("home.first_run"), icon=":material/rocket_launch:")

signin.code_form(path)
signin.staff_form(path, expanded=bool(asked))
