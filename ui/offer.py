"""The offer's form and card: a delegate's service form (phone-usable, one
column) and a service as a bordered card (all typed text escaped)."""

from __future__ import annotations

import streamlit as st

from coprog.reading import offer
from coprog.texts import i18n, taxonomy, vocabulary
from ui import forms, presses
from ui.render import plain, territory_label
from ui.state import lang, t

PREMISES_SLOTS = 2  # premises a delegate gives on the form (a file may give more)


def service_line(service: dict) -> str:
    """Where, for whom, figures and flags of one service (escaped)."""
    L = lang()
    targets = ", ".join(taxonomy.label("target_group", g, L) for g in service["targets"])
    line = t(
        "offer.line",
        where=territory_label(service) if not service["citywide"] else t("offer.where_city"),
        targets=targets,
        people=i18n.number(service["people"], L),
        hours=i18n.number(service["weekly_hours"], L),
        staff=service["paid_staff"],
        volunteers=service["volunteers"],
    )
    flags = [t(f"offer.flags.{f}") for f in ("comune_funded", "codesign") if service[f]]
    return plain(" · ".join([line, *flags]))


def card(service: dict, *, show_org: bool = False, status: bool = True) -> None:
    """One service in a bordered box: its type (or the ETS's own words), its line, premises, status."""
    with st.container(border=True):
        head = plain(offer.service_label(service, lang()))
        if show_org:
            head = f"{plain(service['organisation'])} — {head}"
        st.markdown(f"**{head}**")
        st.caption(service_line(service))
        if service["premises"]:
            st.caption(plain(t("offer.premises_line", premises=service["premises"])))
        if status:
            status_label = t(f"offer.status.{service['status']}")
            st.markdown(f":blue-badge[{status_label}]")
            if service["status"] == vocabulary.HIDDEN and service["reason"]:
                st.caption(plain(t("offer.reason", reason=service["reason"])))


def service_form(key: str) -> tuple[dict, presses.Press]:
    """The declaration form: what it holds, and its button's press (true when
    sent; taken once, :mod:`ui.presses`). Territory first (outside the form: the
    NIL list follows the Municipi), then one column."""
    L = lang()
    nils = taxonomy.nils()
    forms.legend()
    territory = forms.territory_picker(key, {})
    with st.form(key, clear_on_submit=False, enter_to_submit=False):
        kinds = list(taxonomy.codes("service_type"))
        fields = {
            "type": st.selectbox(
                forms.required(t("field.service_type")), kinds, index=None, placeholder=t("form.choose_one"),
                format_func=lambda c: taxonomy.label("service_type", c, L),
            ),
            "other": st.text_input(t("field.other"), max_chars=vocabulary.SERVICE_OTHER_MAX),
            "targets": st.multiselect(
                forms.required(t("field.targets")), list(taxonomy.codes("target_group")), placeholder=t("form.choose"),
                format_func=lambda c: taxonomy.label("target_group", c, L),
            select_all=False),
        }  # fmt: skip
        for name in offer.FIGURES:
            fields[name] = st.number_input(
                forms.required(t(f"field.{name}")),
                min_value=0,
                max_value=vocabulary.SERVICE_FIGURE_MAX[name],
                value=None,
                step=1,
            )
        fields["premises"] = []
        for n in range(1, PREMISES_SLOTS + 1):
            name = st.text_input(forms.optional(t("offer.premises_name", n=n)), max_chars=vocabulary.PREMISES_NAME_MAX)
            nil = st.selectbox(
                forms.optional(t("offer.premises_nil", n=n)), list(nils), index=None, placeholder=t("form.choose_one"),
                format_func=lambda i: f"{nils[i].name} (Mun. {nils[i].municipi[0]})",
            )  # fmt: skip
            fields["premises"].append({"name": name, "nil": nil})
        fields["comune_funded"] = st.checkbox(t("field.comune_funded"))
        fields["codesign"] = st.checkbox(t("field.codesign"))
        press = presses.submit_button("service", t("offer.submit"), type="primary")
    return {**fields, **territory}, press
