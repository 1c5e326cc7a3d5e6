"""Consolidation: bring what the tables wrote into the plenary's lists (one per
type), merge near-duplicates across tables, rewrite the wording (organisers);
each item keeps its origins and the history of its wording."""

import streamlit as st

from coprog.contributions import consolidation
from coprog.procedure import permissions, sessions
from coprog.texts import i18n, taxonomy, vocabulary
from ui import editing, state
from ui.console import act, staff_page
from ui.editing import Editor
from ui.render import plain, territory_label
from ui.state import lang, t, tn

session_id = staff_page("cons.heading")
database = state.database()
L = lang()
organiser = permissions.may("prepare", state.actor())
if sessions.get_session(database, session_id)["kind"] != "plenaria":
    st.info(t("cons.pick_plenary"), icon=":material/info:")
    st.stop()
st.caption(t("cons.intro"))


def label(kind: str) -> str:
    return taxonomy.label("contribution_type", kind, L)


def behind(item: dict) -> str:
    """«Tavoli: A, B · 3 organizzazioni · Mun. 3, 4» (escaped)."""
    parts = [
        t("cons.tables", names=", ".join(plain(x) for x in item["tables"])),
        tn("count.organisations", len(item["organisations"])),
    ]
    where = territory_label(item)
    if where:
        parts.append(plain(where))
    return " · ".join(parts)


def reword_form(item: dict) -> None:
    """The organisers' wording of a consolidated item (an editor: a wording saved meanwhile is not overwritten)."""
    wording = Editor(
        f"reword_{item['id']}", {"title": item["title"], "body": item["body"] or ""}, consolidation.REWORDED
    )
    wording.notice()
    with st.form(f"reword_{item['id']}"):
        title = st.text_input(t("form.title"), max_chars=vocabulary.TITLE_MAX, key=wording.key("title"))
        body = st.text_area(t("form.body"), max_chars=vocabulary.BODY_MAX, key=wording.key("body"))
        if st.form_submit_button(t("form.save")):
            act(consolidation.reword, item["id"], title, body, editor=wording)


kind = st.segmented_control(
    t("cons.list"), list(vocabulary.CONTRIBUTION_TYPES), default=vocabulary.NEED, format_func=label, key="cons_kind"
)
kind = kind or vocabulary.NEED
listed = consolidation.items(database, session_id, kind)
st.header(t("cons.list_heading", type=label(kind), n=len(listed)))
if not listed:
    st.caption(t("cons.empty"))
for item in listed:
    with st.container(border=True, key=f"cons_item_{item['id']}"):
        st.markdown(f"**{plain(item['title'])}**" + (f"  \n{plain(item['body'])}" if item["body"] else ""))
        st.caption(behind(item) + (" · " + t("cons.reworded") if item["reworded"] else ""))
        with st.expander(t("cons.origins", n=len(item["sources"]))):
            for source in item["sources"]:
                st.markdown(
                    f"- «{plain(source['title'])}» — {plain(source['session'])} · "
                    f"{plain(taxonomy.phase_label(source['phase'], L))} · {plain(', '.join(source['authors']))}"
                )
                if source["item_id"] != item["id"] and st.button(
                    t("cons.unmerge", title=plain(source["title"])), key=f"unmerge_{source['item_id']}"
                ):
                    act(consolidation.unmerge, source["item_id"])
            wordings = consolidation.history(database, item["id"])
            if len(wordings) > 1:
                st.caption(t("cons.history"))
                for w in wordings:
                    who = t("cons.original") if w["original"] else plain(w["by"])
                    st.markdown(f"- {i18n.when(w['at'], L)} · {who}: «{plain(w['title'])}»")
        c1, c2 = st.columns(2)
        if organiser:  # drawn only while open (as Moderazione's «Correggi»): an editor per item would cost every run
            rewording = editing.popover(c1, t("cons.reword"), f"rewording_{item['id']}", f"reword_{item['id']}")
            if rewording.open:
                with rewording:
                    reword_form(item)
        if c2.button(t("cons.remove"), key=f"remove_{item['id']}"):
            act(consolidation.remove, item["id"])

suggested = consolidation.suggestions(database, session_id, kind)
if suggested:
    st.header(t("cons.suggested"))
    for group in suggested:
        with st.container(border=True):
            st.markdown(
                t("cons.keep", title=plain(group["keep"]["title"]))
                + "\n"
                + "\n".join(f"- {plain(o['title'])}" for o in group["others"])
            )
            st.caption(t("mod.pair", score=group["score"]))
            if st.button(t("cons.merge_these"), key=f"merge_{group['keep']['id']}", type="primary"):
                act(consolidation.merge, group["keep"]["id"], [o["id"] for o in group["others"]])
if len(listed) > 1:
    with st.expander(t("cons.merge_manual")), st.form("merge_manual"):
        titles = {i["id"]: i["title"] for i in listed}
        keep = st.selectbox(t("cons.merge_keep"), list(titles), format_func=titles.get)
        others = st.multiselect(
            t("cons.merge_others"), list(titles), format_func=titles.get, placeholder=t("form.choose"), select_all=False
        )
        if st.form_submit_button(t("cons.merge_these")):
            act(consolidation.merge, keep, others)

st.header(t("cons.from_tables", type=label(kind)))
candidates = consolidation.candidates(database, session_id, kind)
if not candidates:
    st.caption(t("cons.no_candidates"))
else:
    with st.form("promote"):
        chosen = [
            c["id"]
            for c in candidates
            if st.checkbox(
                f"{plain(c['title'])} — {plain(c['session'])} · {plain(c['authors'] or c['organisation'])}",
                key=f"promote_{c['id']}",
            )
        ]
        if st.form_submit_button(t("cons.promote"), type="primary", icon=":material/move_up:"):
            act(consolidation.promote, session_id, chosen)
