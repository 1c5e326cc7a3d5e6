"""The delegate's ballot: fits a phone, shows the remaining budget, confirms each change."""

from __future__ import annotations

import streamlit as st

from coprog import ballots, i18n, registry
from coprog.errors import CoprogError
from ui import ballot_results, state
from ui.render import plain
from ui.state import lang, t, tn


def ballot_tab(delegate: dict, ballot: dict) -> None:
    db = state.database()
    actor = registry.delegate_actor(delegate)
    L = lang()
    bid = ballot["id"]
    st.header(t("vote.heading", method=t(f"method.{ballot['method']}")))
    st.caption(t("vote.own_ballot") if ballot["per_delegate"]
               else t("vote.org_ballot", organisation=plain(delegate["organisation"])))
    saved = st.session_state.pop(f"vote_saved_{bid}", None)
    if saved:
        st.success(t("vote.saved", time=saved), icon=":material/check_circle:")
    current = ballots.current_vote(db, bid, actor)
    if current:
        st.info(t("vote.last", who=plain(current["cast_by"] or "–"), when=i18n.when(current["cast_at"], L)))
    else:
        st.caption(t("vote.none"))
    chosen = current["choices"] if current else None
    entries = ballots.items(db, bid)
    titles = {i["id"]: i["title"] for i in entries}
    method = ballot["method"]
    if method == "punti":
        meter = st.empty()
        points = {}
        for item in entries:
            points[item["id"]] = st.number_input(
                t("vote.points_for", title=plain(item["title"]), cap=ballot["cap"]), min_value=0, max_value=ballot["cap"],
                value=(chosen or {}).get(item["id"], 0), step=1, key=f"pts_{bid}_{item['id']}")
        left = ballot["budget"] - sum(points.values())
        meter.markdown(t("vote.remaining", left=max(left, 0), budget=ballot["budget"]))
        if left < 0:
            st.warning(tn("vote.over", -left))
        if st.button(t("vote.submit"), type="primary", key=f"cast_{bid}", disabled=left < 0):
            submit(actor, bid, points)
    else:
        with st.form(f"ballot_{bid}"):
            if method == "valutazione":
                choices = {}
                for item in entries:
                    for dim in ballot["dimension_list"]:
                        previous = (chosen or {}).get(item["id"], {}).get(dim)
                        options = [1, 2, 3, 4, 5, None]
                        choices.setdefault(item["id"], {})[dim] = st.radio(
                            t("vote.rate", dimension=t(f"dimension.{dim}"), title=plain(item["title"])), options,
                            index=options.index(previous), horizontal=True, key=f"rate_{bid}_{item['id']}_{dim}",
                            format_func=lambda v: t("vote.dont_know") if v is None else str(v))
            elif method == "ordinamento":
                st.caption(t("vote.rank_help"))
                choices = st.multiselect(t("vote.rank_label"), list(titles), default=chosen or [],
                                         format_func=titles.get, max_selections=ballot["top_k"] or len(titles),
                                         placeholder=t("form.choose"), key=f"rank_{bid}")
            else:
                choices = st.multiselect(t("vote.approve_label"), list(titles), default=chosen or [],
                                         format_func=titles.get, placeholder=t("form.choose"), key=f"ok_{bid}")
            if st.form_submit_button(t("vote.submit"), type="primary"):
                submit(actor, bid, choices)
    if ballot["show_live"]:
        ballot_results.show(ballots.results(db, bid), f"live_{bid}")
    else:
        st.caption(t("vote.results_hidden"))


def submit(actor, ballot_id: int, choices) -> None:
    try:
        ballots.cast(state.database(), actor, ballot_id, choices)
    except CoprogError as exc:
        state.show_error(exc)
        return
    st.session_state[f"vote_saved_{ballot_id}"] = i18n.clock(lang())
    state.rerun_part()
