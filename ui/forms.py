"""The contribution forms (a need with its structured fields, or a proposal)."""

from __future__ import annotations

import streamlit as st

from coprog import contributions, taxonomy
from ui.state import lang, t


def _index(options, value):
    """The position of a stored value, or None: the widget starts empty."""
    return options.index(value) if value in options else None


def territory_picker(key: str, defaults: dict) -> dict:
    """Where the need is: the whole city, or Municipi and (among theirs) NIL.
    Outside the form, so the NIL list follows the Municipi chosen."""
    nils = taxonomy.nils()
    st.markdown(f"**{t('form.where')}**")
    citywide = st.checkbox(t("form.citywide"), value=bool(defaults.get("citywide")), key=f"{key}_citywide")
    if citywide:
        return {"citywide": True, "municipi": [], "nils": []}
    col1, col2 = st.columns(2)
    municipi = col1.multiselect(t("form.municipi"), list(taxonomy.MUNICIPI), default=defaults.get("municipi") or [],
                                placeholder=t("form.choose"), format_func=lambda m: f"Municipio {m}",
                                key=f"{key}_municipi")
    options = [n for n, nil in nils.items() if not municipi or set(nil.municipi) & set(municipi)]
    chosen = col2.multiselect(t("form.nils"), options, default=[n for n in defaults.get("nils") or [] if n in options],
                              placeholder=t("form.choose"), key=f"{key}_nils_{'-'.join(map(str, municipi))}",
                              format_func=lambda n: f"{nils[n].name} (Mun. {nils[n].municipi[0]})",
                              help=t("form.nils_help"))
    return {"citywide": False, "municipi": municipi, "nils": chosen}


def contribution_form(key: str, kind: str, defaults: dict | None = None,
                      submit_label: str | None = None) -> dict | None:
    """Draw the form; return the typed fields when submitted, else None. A
    need's judgements (area, target, intensity, trend, source) start empty: the
    delegate chooses them, nothing is stored that nobody chose."""
    d = defaults or {}
    L = lang()
    territory = territory_picker(key, d) if kind == contributions.NEED else {}
    with st.form(key, clear_on_submit=False, enter_to_submit=False):
        fields = {"title": st.text_input(t("form.title"), value=d.get("title", ""),
                                         max_chars=contributions.TITLE_MAX)}
        if kind == contributions.NEED:
            areas = list(taxonomy.codes("area"))
            targets = list(taxonomy.codes("target_group"))
            col1, col2 = st.columns(2)
            fields["area"] = col1.selectbox(t("form.area"), areas, index=_index(areas, d.get("area")),
                                            placeholder=t("form.choose_one"),
                                            format_func=lambda c: taxonomy.label("area", c, L))
            fields["target_group"] = col2.selectbox(
                t("form.target"), targets, index=_index(targets, d.get("target_group")),
                placeholder=t("form.choose_one"), format_func=lambda c: taxonomy.label("target_group", c, L))
            col1, col2 = st.columns(2)
            fields["intensity"] = col1.radio(t("form.intensity"), [1, 2, 3, 4, 5], horizontal=True,
                                             index=_index([1, 2, 3, 4, 5], d.get("intensity")),
                                             )
            trends = list(taxonomy.codes("trend"))
            fields["trend"] = col2.radio(t("form.trend"), trends, index=_index(trends, d.get("trend")),
                                         horizontal=True, format_func=lambda c: taxonomy.label("trend", c, L))
            sources = list(taxonomy.codes("evidence_source"))
            fields["evidence"] = st.text_area(t("form.evidence"), value=d.get("evidence", ""),
                                              max_chars=contributions.EVIDENCE_MAX, height=80)
            fields["evidence_source"] = st.selectbox(
                t("form.evidence_source"), sources, index=_index(sources, d.get("evidence_source")),
                placeholder=t("form.choose_one"), format_func=lambda c: taxonomy.label("evidence_source", c, L))
            fields["body"] = st.text_area(t("form.body_need"), value=d.get("body", ""),
                                          max_chars=contributions.BODY_MAX, height=100)
        else:
            fields["body"] = st.text_area(t("form.body"), value=d.get("body", ""),
                                          max_chars=contributions.BODY_MAX, height=140)
        submitted = st.form_submit_button(submit_label or t("form.submit"), type="primary")
    return {**fields, **territory} if submitted else None


def typed_text(fields: dict) -> str:
    """What the person typed, to copy back when it could not be saved."""
    return "\n\n".join(v for k, v in fields.items() if k in ("title", "body", "evidence") and v)
