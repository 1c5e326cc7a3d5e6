"""The contribution forms (a need with its structured fields, or a proposal)."""

from __future__ import annotations

import streamlit as st

from coprog.contributions import contributions
from coprog.texts import taxonomy
from ui import presses
from ui.feedback import beside
from ui.state import lang, t

REQUIRED_MARK = " *"  # explained once at the top of each form (form.required_legend)
TYPED_FIELDS = ("title", "body", "evidence")  # what a person types in a contribution form, in their own words


def required(label: str) -> str:
    """A required field's label: marked, the mark explained at the top of the form."""
    return label + REQUIRED_MARK


def optional(label: str) -> str:
    """An optional field's label says so."""
    return f"{label} ({t('form.optional')})"


def legend() -> None:
    """At the top of a form: what the mark of a required field means."""
    st.caption(t("form.required_legend"))


def _index(options, value):
    """The position of a stored value, or None: the widget starts empty."""
    return options.index(value) if value in options else None


def _taxonomy_select(container, label: str, category: str, value, key: str | None, L: str):
    """A selectbox over one taxonomy, starting empty unless ``value`` is one of its codes."""
    codes = list(taxonomy.codes(category))
    return container.selectbox(
        label, codes, index=_index(codes, value), placeholder=t("form.choose_one"), key=key,
        format_func=lambda c: taxonomy.label(category, c, L),
    )  # fmt: skip


def _nils_key(key: str, municipi) -> str:
    """The NIL list's key follows the Municipi chosen (its options do)."""
    return f"{key}_nils_{'-'.join(map(str, municipi))}"


def territory_picker(key: str, defaults: dict, messages: dict | None = None) -> dict:
    """Where the need is: the whole city, or Municipi and (among theirs) NIL.
    Outside the form, so the NIL list follows the Municipi chosen; a problem
    with the territory shows right under it."""
    nils = taxonomy.nils()
    messages = messages or {}
    st.markdown(f"**{t('form.where')}** \\*")  # required: one of the city, a Municipio
    citywide = st.checkbox(t("form.citywide"), value=bool(defaults.get("citywide")), key=f"{key}_citywide")
    if citywide:
        beside(messages, "municipi")
        return {"citywide": True, "municipi": [], "nils": []}
    col1, col2 = st.columns(2)
    municipi = col1.multiselect(
        t("form.municipi"),
        list(taxonomy.MUNICIPI),
        default=defaults.get("municipi") or None,
        placeholder=t("form.choose"),
        format_func=lambda m: f"Municipio {m}",
        key=f"{key}_municipi",
        select_all=False,
    )
    # the NIL of the Municipi chosen (none before: 88 names sent with every form would cost every page)
    options = [n for n, nil in nils.items() if set(nil.municipi) & set(municipi)]
    chosen = col2.multiselect(
        t("form.nils"),
        options,
        default=[n for n in defaults.get("nils") or [] if n in options] or None,
        placeholder=t("form.choose") if municipi else t("form.nils_first"),
        key=_nils_key(key, municipi),  # never disabled: a greyed label reads badly, and says nothing to a screen reader
        format_func=lambda n: f"{nils[n].name} (Mun. {nils[n].municipi[0]})",
        help=t("form.nils_help"),
        select_all=False,
    )
    for field in ("municipi", "nils"):
        beside(messages, field)
    return {"citywide": False, "municipi": municipi, "nils": chosen}


def sent_fields(key: str, kind: str, names) -> dict:
    """What the form ``key`` holds (its fields ``names``, as drawn), read from
    the session state in its submit callback."""
    state = st.session_state
    fields = {f: state.get(f"{key}_{f}") for f in names}
    if kind == contributions.NEED:
        if state.get(f"{key}_citywide"):
            fields.update(citywide=True, municipi=[], nils=[])
        else:
            municipi = state.get(f"{key}_municipi") or []
            fields.update(citywide=False, municipi=municipi, nils=state.get(_nils_key(key, municipi)) or [])
    return fields


def contribution_form(
    key: str,
    kind: str,
    defaults: dict | None = None,
    submit_label: str | None = None,
    on_submit=None,
    messages: dict | None = None,
    edited: bool = False,
    echo=None,
) -> dict | None:
    """Draw the form; return the typed fields when submitted, else None. With
    ``on_submit``, the fields go to that function from the button's callback
    instead (so it may rerun other parts of the page, see pages/partecipa.py).
    A need's judgements (area, target, intensity, trend, source) start empty:
    the delegate chooses them, nothing is stored that nobody chose. Required
    fields are marked «*», optional ones say so; ``messages`` (field ->
    problem) show right under their field. ``edited``: the form edits a stored
    contribution through a :class:`ui.editing.Editor` (keys from
    :func:`edited_keys`), which gives its widgets their values. With
    ``on_submit``, a press is taken once (:mod:`ui.presses`): the second click of
    a double click stores nothing, and ``echo`` says again what the first did."""
    d = {} if edited else defaults or {}
    m = messages or {}
    L = lang()
    legend()
    territory = territory_picker(key, d, m) if kind == contributions.NEED else {}
    k = (lambda name: f"{key}_{name}") if on_submit or edited else (lambda name: None)
    with st.form(key, clear_on_submit=False, enter_to_submit=False):
        fields = {
            "title": st.text_input(
                required(t("form.title")), value=d.get("title", ""), max_chars=contributions.TITLE_MAX, key=k("title")
            )
        }
        beside(m, "title")
        if kind == contributions.NEED:
            col1, col2 = st.columns(2)
            with col1:
                fields["area"] = _taxonomy_select(st, required(t("form.area")), "area", d.get("area"), k("area"), L)
                beside(m, "area")
            with col2:
                fields["target_group"] = _taxonomy_select(
                    st, required(t("form.target")), "target_group", d.get("target_group"), k("target_group"), L
                )
                beside(m, "target_group")
            col1, col2 = st.columns(2)
            with col1:
                fields["intensity"] = st.radio(
                    required(t("form.intensity")),
                    [1, 2, 3, 4, 5],
                    horizontal=True,
                    index=_index([1, 2, 3, 4, 5], d.get("intensity")),
                    key=k("intensity"),
                )
                beside(m, "intensity")
            trends = list(taxonomy.codes("trend"))
            with col2:
                fields["trend"] = st.radio(
                    required(t("form.trend")),
                    trends,
                    index=_index(trends, d.get("trend")),
                    horizontal=True,
                    key=k("trend"),
                    format_func=lambda c: taxonomy.label("trend", c, L),
                )
                beside(m, "trend")
            fields["evidence_source"] = _taxonomy_select(
                st,
                required(t("form.evidence_source")),
                "evidence_source",
                d.get("evidence_source"),
                k("evidence_source"),
                L,
            )
            beside(m, "evidence_source")
            fields["evidence"] = st.text_area(
                t("form.evidence"),
                value=d.get("evidence", ""),
                max_chars=contributions.EVIDENCE_MAX,
                height=80,
                key=k("evidence"),
            )
            beside(m, "evidence")
            fields["body"] = st.text_area(
                t("form.body_need"),
                value=d.get("body", ""),
                max_chars=contributions.BODY_MAX,
                height=100,
                key=k("body"),
            )
        else:
            fields["body"] = st.text_area(
                required(t("form.body")),
                value=d.get("body", ""),
                max_chars=contributions.BODY_MAX,
                height=140,
                key=k("body"),
            )
        beside(m, "body")
        if on_submit:
            names = tuple(fields)
            presses.submit_button(
                f"contribution_{kind}",
                submit_label or t("form.submit"),
                type="primary",
                on_click=lambda: on_submit(sent_fields(key, kind, names)),
                untouched=lambda: not has_typed_text(key),
                echo=echo,
            )
            return None
        submitted = st.form_submit_button(submit_label or t("form.submit"), type="primary")
    return {**fields, **territory} if submitted else None


def edited_keys(key: str, stored: dict) -> dict:
    """The keys of the widgets of the form ``key`` that edits a stored
    contribution (``stored``: its fields), for its :class:`ui.editing.Editor`."""
    keys = {f: f"{key}_{f}" for f in contributions.edited(stored["type"])}
    if stored["type"] == contributions.NEED:
        keys["nils"] = _nils_key(key, stored["municipi"] or [])
    return keys


def has_typed_text(key: str) -> bool:
    """Whether the form ``key`` (drawn with ``on_submit``) holds text the person typed."""
    return any((st.session_state.get(f"{key}_{f}") or "").strip() for f in TYPED_FIELDS)


def typed_text(fields: dict) -> str:
    """What the person typed, to copy back when it could not be saved."""
    return "\n\n".join(v for k, v in fields.items() if k in TYPED_FIELDS and v)
