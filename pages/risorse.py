"""Organisers check the services the ETS declare (approve, or not publish with
a reason the ETS sees), import services from a file (all or nothing, errors by
row) and list them all (coprog/reading/offer.py)."""

import streamlit as st

from coprog.reading import offer
from coprog.texts import i18n
from coprog.texts.errors import CoprogError
from coprog.texts.exports_safe import csv_bytes
from ui import feedback, state
from ui import offer as offer_ui
from ui.console import import_panel, organiser_page, url_tabs
from ui.state import lang, t, tn

process = organiser_page("offers.heading")  # guard, the last action's confirmation in a fixed slot, title
actor = state.staff_actor()
database = state.database()
st.caption(t("offers.intro"))
waiting = offer.services(database, process["id"], statuses=("nuovo",))
# constant labels and a key: the open tab survives every rerun (a label that moved would make new tabs)
tab_check, tab_import, tab_all = url_tabs([t("offers.tab.check"), t("offers.tab.import"), t("offers.tab.all")])

with tab_check:
    if waiting.empty:
        st.info(t("offers.nothing_to_check"))
    else:
        st.markdown(tn("offers.waiting", len(waiting)))
    for service in waiting.to_dict("records"):
        offer_ui.card(service, show_org=True, status=False)
        with st.form(f"check_{service['id']}", border=False):
            reason = st.text_input(t("offers.hide_reason"), max_chars=500)
            c1, c2 = st.columns(2)
            approve = c1.form_submit_button(t("offers.approve"), type="primary", icon=":material/check:")
            hide = c2.form_submit_button(t("offers.hide"), icon=":material/visibility_off:")
        if approve or hide:
            try:
                offer.review(database, actor, service["id"], "approvato" if approve else "nascosto", reason)
            except CoprogError as exc:
                feedback.show_error(exc)
            else:
                st.session_state["staff_flash"] = t("offers.approved" if approve else "offers.hidden")
                st.rerun()

with tab_import:
    st.caption(t("offers.import_help"))
    import_panel(
        offer,
        process["id"],
        key="offer_upload",
        label=t("offers.file"),
        button=t("offers.import_do"),
        ready=lambda r: t(
            "offers.import_ready",
            services=tn("count.services", r.services),
            organisations=tn("count.ets", r.organisations),
        ),
        done=lambda r: t("offers.imported", n=r.services),
    )

with tab_all:
    every = offer.services(database, process["id"], statuses=("nuovo", "approvato", "nascosto", "ritirato"))
    L = lang()
    table = every.assign(
        type=[offer.service_label(s, L) for s in every.to_dict("records")],
        status=[t(f"offer.status.{s}") for s in every["status"]],
        municipi=every["municipi"].map(lambda ms: ", ".join(map(str, ms))),
        nils=every["nils"].map(lambda ns: ", ".join(map(str, ns))),
        targets=every["targets"].map(", ".join),
    ).drop(columns=["organisation_id", "other", "premises_nils", "reason"])
    st.dataframe(i18n.columns(table, L), hide_index=True)
    st.download_button(
        t("offers.download"),
        csv_bytes(i18n.columns(table, L)),
        file_name="servizi-ets.csv",
        mime="text/csv",
        icon=":material/download:",
    )
