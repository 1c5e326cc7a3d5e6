"""The ballot: fits a phone, shows the remaining budget, confirms each change.
The same widgets serve a delegate's ballot, the ballot they cast for the ETS
whose delega they hold, and a paper ballot the facilitator enters for an ETS."""

from __future__ import annotations

import streamlit as st

from coprog import ballots, i18n, registry
from coprog.errors import CoprogError
from ui import state
from ui.render import plain
from ui.state import lang, t, tn


def ballot_widgets(ballot: dict, chosen, key: str, submit_label: str) -> tuple[object, bool]:
    """The choices for every method; returns (choices, sent)."""
    entries = ballots.items(state.database(), ballot["id"])
    titles = {i["id"]: i["title"] for i in entries}
    method = ballot["method"]
    if method == "punti":
        meter = st.empty()
        points = {}
        for item in entries:
            points[item["id"]] = st.number_input(
                t("vote.points_for", title=plain(item["title"]), cap=ballot["cap"]),
                min_value=0,
                max_value=ballot["cap"],
                value=(chosen or {}).get(item["id"], 0),
                step=1,
                key=f"pts_{key}_{item['id']}",
            )
        left = ballot["budget"] - sum(points.values())
        meter.markdown(t("vote.remaining", left=max(left, 0), budget=ballot["budget"]))
        if left < 0:
            st.warning(tn("vote.over", -left))
        return points, st.button(submit_label, type="primary", key=f"cast_{key}", disabled=left < 0)
    with st.form(f"ballot_{key}"):
        if method == "valutazione":
            choices = {}
            for item in entries:
                for dim in ballot["dimension_list"]:
                    previous = (chosen or {}).get(item["id"], {}).get(dim)
                    options = [1, 2, 3, 4, 5, None]
                    choices.setdefault(item["id"], {})[dim] = st.radio(
                        t("vote.rate", dimension=t(f"dimension.{dim}"), title=plain(item["title"])),
                        options,
                        index=options.index(previous),
                        horizontal=True,
                        key=f"rate_{key}_{item['id']}_{dim}",
                        format_func=lambda v: t("vote.dont_know") if v is None else str(v),
                    )
        elif method == "ordinamento":
            st.caption(t("vote.rank_help"))
            choices = st.multiselect(
                t("vote.rank_label"),
                list(titles),
                default=chosen or [],
                format_func=titles.get,
                max_selections=ballot["top_k"] or len(titles),
                placeholder=t("form.choose"),
                key=f"rank_{key}",
            )
        else:
            choices = st.multiselect(
                t("vote.approve_label"),
                list(titles),
                default=chosen or [],
                format_func=titles.get,
                placeholder=t("form.choose"),
                key=f"ok_{key}",
            )
        return choices, st.form_submit_button(submit_label, type="primary")


def last_cast(current: dict | None) -> None:
    L = lang()
    if current is None:
        st.caption(t("vote.none"))
    elif current["proxy"]:
        st.info(
            t(
                "vote.last_proxy",
                who=plain(current["cast_by"] or "–"),
                organisation=plain(current["cast_by_organisation"] or "–"),
                when=i18n.when(current["cast_at"], L),
            )
        )
    elif current["source"] == "carta":
        st.info(t("vote.last_paper", who=plain(current["entered_by"] or "–"), when=i18n.when(current["cast_at"], L)))
    else:
        st.info(t("vote.last", who=plain(current["cast_by"] or "–"), when=i18n.when(current["cast_at"], L)))


def ballot_tab(delegate: dict, ballot: dict) -> None:
    database = state.database()
    actor = registry.delegate_actor(delegate)
    bid = ballot["id"]
    st.header(t("vote.heading", method=t(f"method.{ballot['method']}")))
    st.caption(
        t("vote.own_ballot")
        if ballot["per_delegate"]
        else t("vote.org_ballot", organisation=plain(delegate["organisation"]))
    )
    saved = st.session_state.pop(f"vote_saved_{bid}", None)
    if saved:
        st.success(t("vote.saved", time=saved), icon=":material/check_circle:")
    current = ballots.current_vote(database, bid, actor)
    last_cast(current)
    choices, sent = ballot_widgets(ballot, current["choices"] if current else None, str(bid), t("vote.submit"))
    if sent:
        submit(actor, bid, choices)
    represented = (
        None if ballot["per_delegate"] else ballots.delegation_of(database, ballot["session_id"], delegate["id"])
    )
    if represented:  # the delega of another ETS, recorded by the facilitator: its ballot, apart
        name = ballots.organisation_name(database, represented)
        st.header(t("vote.proxy_heading", organisation=plain(name)))
        st.caption(t("vote.proxy_help"))
        saved = st.session_state.pop(f"vote_saved_{bid}_proxy", None)
        if saved:
            st.success(t("vote.saved", time=saved), icon=":material/check_circle:")
        proxied = ballots.current_vote(database, bid, actor, for_organisation=represented)
        last_cast(proxied)
        choices, sent = ballot_widgets(
            ballot,
            proxied["choices"] if proxied else None,
            f"{bid}_proxy",
            t("vote.submit_proxy", organisation=plain(name)),
        )
        if sent:
            submit(actor, bid, choices, for_organisation=represented)


def submit(actor, ballot_id: int, choices, for_organisation: int | None = None) -> None:
    try:
        ballots.cast(state.database(), actor, ballot_id, choices, for_organisation=for_organisation)
    except CoprogError as exc:
        state.show_error(exc)
        return
    st.session_state[f"vote_saved_{ballot_id}" + ("_proxy" if for_organisation else "")] = i18n.clock(lang())
    state.rerun_part()


def paper_ballot(ballot: dict, organisations: dict[int, str]) -> None:
    """The facilitator enters the paper ballot of one ETS (any method)."""
    who = st.selectbox(
        t("bal.paper_org"),
        list(organisations),
        format_func=organisations.get,
        key="paper_org",
        placeholder=t("form.choose_one"),
        index=None,
    )
    if who is None:
        return
    database = state.database()
    replace = False
    if ballots.cast_from_laptop(database, ballot["id"], who):
        st.warning(t("bal.paper_over_laptop"))
        replace = st.checkbox(t("bal.paper_replace"), key=f"paper_replace_{who}")
    choices, sent = ballot_widgets(ballot, None, f"paper_{ballot['id']}_{who}", t("bal.paper_save"))
    if sent:
        try:
            ballots.cast_paper(database, state.staff_actor(), ballot["id"], who, choices, replace=replace)
        except CoprogError as exc:
            state.show_error(exc)
            return
        st.session_state["staff_flash"] = t("bal.paper_saved", organisation=plain(organisations[who]))
        st.rerun()
