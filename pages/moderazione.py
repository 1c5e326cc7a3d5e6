"""Moderation: the queue of contributions, likely duplicates to merge."""

import streamlit as st

from coprog.contributions import moderation
from coprog.live import facilitation
from coprog.procedure import sessions
from coprog.texts import taxonomy, vocabulary
from ui import editing, state
from ui.console import act, staff_page
from ui.editing import Editor
from ui.render import contribution_card, plain
from ui.state import lang, t, tn

session_id = staff_page("mod.heading")
database = state.database()
L = lang()
session = sessions.get_session(database, session_id)
moderated = st.toggle(
    t("mod.moderated_toggle"),
    value=bool(session["moderated"]),
    key=f"moderated_{session_id}",
    help=t("mod.mode_moderated") if session["moderated"] else t("mod.mode_open"),
)
if moderated != bool(session["moderated"]):
    act(facilitation.set_moderated, session_id, moderated)
st.caption(t("mod.mode_moderated") if session["moderated"] else t("mod.mode_open"))

revisions = moderation.pending_revisions(database, session_id)
if revisions:
    st.header(t("mod.revisions", n=len(revisions)))
    for r in revisions:
        with st.container(border=True):
            st.caption(t("mod.revision_public"))
            st.markdown(f"**{plain(r['title'])}**  \n{plain(r['body'])}")
            st.caption(t("mod.revision_proposed"))
            st.markdown(f"**{plain(r['fields']['title'])}**  \n{plain(r['fields'].get('body', ''))}")
            c1, c2 = st.columns(2)
            if c1.button(t("mod.revision_approve"), key=f"rev_ok_{r['id']}", type="primary"):
                act(moderation.decide_revision, r["id"], True, done="done.moderation.revision_approved")
            if c2.button(t("mod.revision_reject"), key=f"rev_no_{r['id']}"):
                act(moderation.decide_revision, r["id"], False, done="done.moderation.revision_rejected")

statuses = list(vocabulary.MODERATION_STATUSES)
status = st.segmented_control(
    t("mod.filter"), statuses, default="nuovo", format_func=lambda s: t(f"status.{s}"), key="mod_status"
)
items = moderation.queue(database, session_id, status)
st.caption(tn("mod.count", len(items)))

for c in items:
    contribution_card(c)
    authors = c["authors"] or c["organisation"]
    if ";" in authors:
        st.caption(t("mod.authors", names=plain(authors)))
    if c["status"] == vocabulary.HIDDEN and c["hidden_reason"]:
        st.caption(t("mod.hidden_because", reason=plain(c["hidden_reason"])))
    b1, b2, b3, b4 = st.columns(4)
    if c["status"] != vocabulary.APPROVED and b1.button(t("mod.approve"), key=f"ok_{c['id']}", type="primary"):
        act(moderation.approve, c["id"])
    if b2.button(t("mod.unpin") if c["pinned"] else t("mod.pin"), key=f"pin_{c['id']}"):
        act(moderation.pin, c["id"], not c["pinned"])
    with b3.popover(t("mod.hide")), st.form(f"hide_{c['id']}"):
        reason = st.text_input(t("mod.reason"), max_chars=300)
        if st.form_submit_button(t("mod.hide")):
            act(moderation.hide, c["id"], reason)
    # drawn only while open: two editors for each of the hundreds of contributions would cost every run
    fixing = editing.popover(b4, t("mod.edit"), f"mod_edit_{c['id']}", f"fix_{c['id']}", f"recat_{c['id']}")
    if fixing.open:
        with fixing:
            text_editor = Editor(f"fix_{c['id']}", {"title": c["title"], "body": c["body"] or ""}, moderation.CORRECTED)
            text_editor.notice()
            with st.form(f"fix_{c['id']}"):
                title = st.text_input(t("form.title"), max_chars=vocabulary.TITLE_MAX, key=text_editor.key("title"))
                body = st.text_area(
                    t("form.body_need") if c["type"] == vocabulary.NEED else t("form.body"),
                    max_chars=2000,
                    key=text_editor.key("body"),
                )
                if st.form_submit_button(t("mod.correct")):
                    act(moderation.correct, c["id"], title, body, editor=text_editor)
            if c["type"] == vocabulary.NEED:
                category = Editor(
                    f"recat_{c['id']}", {**c, "citywide": bool(c["citywide"])}, moderation.RECATEGORISED, texts=()
                )
                category.notice()
                with st.form(f"recat_{c['id']}"):
                    areas, targets = list(taxonomy.codes("area")), list(taxonomy.codes("target_group"))
                    area = st.selectbox(
                        t("form.area"),
                        areas,
                        format_func=lambda x: taxonomy.label("area", x, L),
                        key=category.key("area"),
                    )
                    target = st.selectbox(
                        t("form.target"),
                        targets,
                        format_func=lambda x: taxonomy.label("target_group", x, L),
                        key=category.key("target_group"),
                    )
                    citywide = st.checkbox(t("form.citywide"), key=category.key("citywide"))
                    municipi = st.multiselect(
                        t("form.municipi"),
                        list(taxonomy.MUNICIPI),
                        placeholder=t("form.choose"),
                        format_func=lambda m: f"Municipio {m}",
                        select_all=False,
                        key=category.key("municipi"),
                    )
                    nils = taxonomy.nils()
                    chosen_nils = st.multiselect(
                        t("form.nils"),
                        list(nils),
                        placeholder=t("form.choose"),
                        format_func=lambda n, nils=nils: f"{nils[n].name} (Mun. {nils[n].municipi[0]})",
                        select_all=False,
                        key=category.key("nils"),
                    )
                    if st.form_submit_button(t("mod.recategorise")):
                        act(
                            moderation.recategorise,
                            c["id"],
                            {
                                "area": area,
                                "target_group": target,
                                "citywide": citywide,
                                "municipi": municipi,
                                "nils": chosen_nils,
                            },
                            editor=category,
                        )


st.header(t("mod.duplicates"))
st.caption(t("mod.duplicates_help"))
kinds = list(taxonomy.codes("contribution_type"))
open_first = session["open_types"][0] if session["open_types"] else vocabulary.NEED
kind = st.selectbox(
    t("part.type"),
    kinds,
    index=kinds.index(open_first),
    key="dup_kind",
    format_func=lambda k: taxonomy.label("contribution_type", k, L),
)
groups = moderation.suggest_duplicates(database, session_id, kind)
if not groups:
    st.caption(t("mod.no_duplicates"))
for group in groups:
    keep, others = group["keep"], group["others"]
    with st.container(border=True):
        st.markdown(t("mod.pair", score=group["score"]))
        for c in [keep, *others]:
            st.markdown(f"**#{c['id']}** {plain(c['title'])} · {plain(c['organisation'])}")
        ids = ", ".join(f"#{c['id']}" for c in others)
        if st.button(t("mod.merge", keep=keep["id"], other=ids), key=f"merge_{keep['id']}"):
            act(
                moderation.merge,
                keep["id"],
                [c["id"] for c in others],
                more=lambda names: names and t("moderation.reactions_withdrawn", names=", ".join(map(plain, names))),
            )
