"""The contribution forms (a need with its structured fields, or a proposal)."""

from __future__ import annotations

import streamlit as st

from coprog import contributions, taxonomy
from ui.state import lang, t


def _index(options, value, default=0):
    return options.index(value) if value in options else default


def contribution_form(key: str, kind: str, defaults: dict | None = None,
                      submit_label: str | None = None) -> dict | None:
    """Draw the form; return the typed fields when submitted, else None."""
    d = defaults or {}
    L = lang()
    with st.form(key, clear_on_submit=False, enter_to_submit=False):
        fields = {"title": st.text_input(t("form.title"), value=d.get("title", ""),
                                         max_chars=contributions.TITLE_MAX)}
        if kind == contributions.NEED:
            areas = list(taxonomy.codes("area"))
            targets = list(taxonomy.codes("target_group"))
            col1, col2 = st.columns(2)
            fields["area"] = col1.selectbox(t("form.area"), areas, index=_index(areas, d.get("area")),
                                            format_func=lambda c: taxonomy.label("area", c, L))
            fields["target_group"] = col2.selectbox(
                t("form.target"), targets, index=_index(targets, d.get("target_group")),
                format_func=lambda c: taxonomy.label("target_group", c, L))
            fields["citywide"] = st.checkbox(t("form.citywide"), value=bool(d.get("citywide")))
            col1, col2 = st.columns(2)
            fields["municipi"] = col1.multiselect(
                t("form.municipi"), list(taxonomy.MUNICIPI), default=d.get("municipi") or [],
                placeholder=t("form.choose"),
                format_func=lambda m: f"Municipio {m}")
            nils = taxonomy.nils()
            fields["nils"] = col2.multiselect(
                t("form.nils"), list(nils), default=d.get("nils") or [], placeholder=t("form.choose"),
                format_func=lambda n: f"{nils[n].name} (Mun. {nils[n].municipi[0]})")
            col1, col2 = st.columns(2)
            fields["intensity"] = col1.select_slider(t("form.intensity"), options=[1, 2, 3, 4, 5],
                                                     value=d.get("intensity") or 3)
            trends = list(taxonomy.codes("trend"))
            fields["trend"] = col2.radio(t("form.trend"), trends, index=_index(trends, d.get("trend"), 1),
                                         horizontal=True,
                                         format_func=lambda c: taxonomy.label("trend", c, L))
            sources = list(taxonomy.codes("evidence_source"))
            fields["evidence"] = st.text_area(t("form.evidence"), value=d.get("evidence", ""),
                                              max_chars=contributions.EVIDENCE_MAX, height=80)
            fields["evidence_source"] = st.selectbox(
                t("form.evidence_source"), sources, index=_index(sources, d.get("evidence_source"), 1),
                format_func=lambda c: taxonomy.label("evidence_source", c, L))
            fields["body"] = st.text_area(t("form.body_need"), value=d.get("body", ""),
                                          max_chars=contributions.BODY_MAX, height=100)
        else:
            fields["body"] = st.text_area(t("form.body"), value=d.get("body", ""),
                                          max_chars=contributions.BODY_MAX, height=140)
        submitted = st.form_submit_button(submit_label or t("form.submit"), type="primary")
    return fields if submitted else None


def typed_text(fields: dict) -> str:
    """What the person typed, to copy back when it could not be saved."""
    return "\n\n".join(v for k, v in fields.items() if k in ("title", "body", "evidence") and v)
