"""A delegate's reactions, on the list they already see: while the phase takes
reactions, each of the other ETS' items carries one choice (d'accordo, in
disaccordo, passo) and a tick «Aderisco». A tap is stored at once (one write),
and the item says what the database now holds."""

from __future__ import annotations

import streamlit as st

from coprog.contributions import reactions
from coprog.procedure import delegates
from coprog.texts.errors import CoprogError
from ui import feedback
from ui.render import label_plain, plain
from ui.state import t

OPTIONS = reactions.REACTIONS


def _store(database, delegate: dict, item_id: int, kind: str) -> None:
    actor = delegates.delegate_actor(delegate)
    try:
        if kind == "reaction":
            value = st.session_state.get(f"react_{item_id}")
            if value is None:
                return
            reactions.react(database, actor, item_id, value)
        else:
            reactions.endorse(database, actor, item_id, bool(st.session_state.get(f"endorse_{item_id}")))
    except CoprogError as exc:
        st.session_state[f"react_error_{item_id}"] = exc
    st.session_state.pop(f"react_{item_id}", None)  # redrawn from what the database holds
    st.session_state.pop(f"endorse_{item_id}", None)


def cards(database, delegate: dict, session_id: int) -> None:
    st.header(t("react.heading"))
    st.caption(t("react.intro"))
    st.caption(t("opinion.plain"))  # what a group and a shared item are
    listed = reactions.items(database, session_id, delegate["organisation_id"])
    if not listed:
        st.caption(t("react.none"))
        return
    ids = [i["id"] for i in listed]
    held = reactions.mine(database, delegate["organisation_id"], ids)
    signers = reactions.endorsers(database, ids)
    st.caption(t("react.progress", done=len(held), total=len(listed)))
    for item in listed:
        mine = held.get(item["id"], {})
        with st.container(border=True, key=f"react_card_{item['id']}"):
            st.markdown(f"**{plain(item['title'])}**  \n:gray[{plain(item['organisation'])}]")
            if item["body"]:
                st.caption(plain(item["body"][:400]))
            st.radio(
                t("react.label", title=label_plain(item["title"][:60])),
                OPTIONS,
                index=OPTIONS.index(mine["value"]) if mine else None,
                format_func=lambda v: t(f"react.{v}"),
                horizontal=True,
                key=f"react_{item['id']}",
                label_visibility="collapsed",
                on_change=_store,
                args=(database, delegate, item["id"], "reaction"),
            )
            st.checkbox(
                t("react.endorse"),
                value=bool(mine.get("endorsed")),
                key=f"endorse_{item['id']}",
                on_change=_store,
                args=(database, delegate, item["id"], "endorse"),
            )
            if signers.get(item["id"]):
                st.caption(t("react.endorsers", names=plain(", ".join(signers[item["id"]]))))
            error = st.session_state.pop(f"react_error_{item['id']}", None)
            if error:
                feedback.show_error(error)
