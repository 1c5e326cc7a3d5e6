"""The ballot on the facilitator's Votazioni page: the one open (turnout, live
results on screen or not, hand and paper counts, closing with the outcome),
the one prepared (open it now, or drop it), the form that opens or prepares
one on the phase's or a plenary list's items, and, just closed, its results
shown to everyone or hidden."""

from __future__ import annotations

import streamlit as st

from coprog.ballots import ballots, tallying
from coprog.contributions import consolidation
from coprog.procedure import organisations, sessions
from coprog.texts import i18n, taxonomy, vocabulary
from ui import ballot_results, presses, state
from ui.ballot_form import paper_ballot
from ui.console import act, act_once, results_switch
from ui.forms import legend, optional, required
from ui.render import plain
from ui.state import lang, t, tn


def items_preview(items: list[dict]) -> None:
    """The items a ballot holds (or would hold): how many, then each title as typed."""
    st.caption(t("bal.items_preview", n=len(items)))
    for item in items:
        st.markdown("- " + plain(item["title"]))


def running(current: dict) -> None:
    """The open ballot: turnout, its live results on screen or not, closing it
    with the outcome, the counts from paper or a show of hands, the results."""
    database = state.database()
    turnout = tallying.turnout(database, current["id"])
    st.header(t("vote.heading", method=t(f"method.{current['method']}")))
    st.metric(
        t("res.title"),
        tn("vote.turnout", turnout["voted"], eligible=turnout["eligible"], unit=t(f"unit.{turnout['unit']}")),
    )
    st.caption(t("bal.locked_note"))
    live = st.toggle(t("bal.show_live"), value=bool(current["show_live"]), key=f"live_{current['id']}")
    if live != bool(current["show_live"]):
        act(ballots.set_show_live, current["id"], live, done=f"done.ballots.live_{'shown' if live else 'hidden'}")
    with st.form("close_ballot"):  # the outcome is written as the ballot closes, and frozen with it
        st.subheader(t("bal.outcome_heading"))
        st.caption(t("bal.outcome_help"))
        legend()
        decided = st.text_area(required(t("field.outcome_decided")), max_chars=ballots.OUTCOME_MAX)
        still_open = st.text_area(optional(t("field.outcome_open")), max_chars=ballots.OUTCOME_MAX)
        dissent = st.text_area(optional(t("field.outcome_dissent")), max_chars=ballots.OUTCOME_MAX)
        if st.form_submit_button(t("bal.close"), type="primary", icon=":material/lock:"):
            act(ballots.close, current["id"], {"decided": decided, "open": still_open, "dissent": dissent})
    if not current["per_delegate"]:
        with st.expander(t("bal.paper_ballot")):
            paper_ballot(current, organisations.admitted_names(database, state.current_process()["id"]))
    if tallying.accepts_hand_counts(current["method"]):
        with st.expander(t("bal.paper")):
            st.caption(t("bal.hands_help"))
            with presses.form("ballot_paper") as form:
                names = {i["id"]: i["title"] for i in tallying.items(database, current["id"])}
                item = st.selectbox(t("bal.item"), list(names), format_func=names.get)
                value = st.number_input(t("hyb.count"), min_value=0, max_value=100000, step=1)
                act_once(  # a count added once: a double click does not count the hands twice
                    form.submit_button(t("hyb.save_count")),
                    ballots.add_paper, current["id"], item, value, vocabulary.SHOW_OF_HANDS,
                    untouched=lambda: not value,
                )  # fmt: skip
    ballot_results.show(tallying.results(database, current["id"]), f"staff_{current['id']}")


def prepared(ballot: dict) -> None:
    """A prepared ballot: its items are fixed and the delegates' pages hold it
    hidden; «Apri ora» shows it on every screen at once."""
    with st.container(border=True, key="prepared"):
        st.header(t("bal.prepared_heading", method=t(f"method.{ballot['method']}")))
        st.caption(t("bal.prepared_note"))
        items_preview(tallying.items(state.database(), ballot["id"]))
        start, drop = st.columns(2)
        if start.button(t("bal.start"), type="primary", icon=":material/how_to_vote:", key="start_ballot"):
            act(ballots.start, ballot["id"], done="done.ballots.start")
        if drop.button(t("bal.discard"), key="discard_ballot"):
            act(ballots.discard, ballot["id"], done="done.ballots.discard")


def opening(session_id: int) -> None:
    """No ballot open or prepared: the items it would hold (the phase's, or a
    plenary's consolidated list), the method and its settings, then open it
    now or prepare it; below, the one just closed."""
    database, L = state.database(), lang()
    st.header(t("bal.open_heading"))
    lists = consolidation.counts(database, session_id)  # a plenary's consolidated lists, if any
    list_type = None
    if lists:
        list_type = st.selectbox(
            t("bal.what"),
            [None, *[k for k in vocabulary.CONTRIBUTION_TYPES if k in lists]],
            format_func=lambda k: (
                t("bal.phase_items")
                if k is None
                else t("bal.list_items", type=taxonomy.label("contribution_type", k, L), n=lists[k])
            ),
        )
    items_preview(ballots.candidate_items(database, session_id, list_type))
    # the method first, outside the form: the settings below are the chosen method's only
    method = st.segmented_control(
        t("field.method"),
        list(vocabulary.BALLOT_METHODS),
        default=vocabulary.BALLOT_METHODS[0],
        required=True,
        format_func=lambda m: t(f"method.{m}"),
        key="ballot_method",
    )
    st.caption(t(f"bal.method_help.{method}"))
    with st.form("open_ballot"):
        budget, cap, top_k, dimensions = (
            vocabulary.BALLOT_BUDGET,
            vocabulary.BALLOT_CAP,
            0,
            [vocabulary.BALLOT_DIMENSION],
        )
        if method == "punti":
            c1, c2 = st.columns(2)
            budget = c1.number_input(t("field.budget"), min_value=1, max_value=100, value=vocabulary.BALLOT_BUDGET)
            cap = c2.number_input(t("field.cap"), min_value=1, max_value=100, value=vocabulary.BALLOT_CAP)
        elif method == "ordinamento":
            top_k = st.number_input(t("field.top_k"), min_value=0, max_value=100, value=0, help=t("bal.top_k_help"))
        elif method == "valutazione":
            dimensions = st.multiselect(
                t("field.dimensions"),
                list(vocabulary.BALLOT_DIMENSIONS),
                default=list(vocabulary.BALLOT_DIMENSIONS),
                format_func=lambda d: t(f"dimension.{d}"),
                placeholder=t("form.choose"),
                select_all=False,
            )
        per_delegate = st.checkbox(t("bal.per_delegate"))
        st.caption(t("bal.prepare_help"))
        opened = st.form_submit_button(t("bal.open"), type="primary")
        prepare = st.form_submit_button(t("bal.prepare"))
        if opened or prepare:
            act(
                ballots.open_ballot,
                session_id,
                method,
                per_delegate=per_delegate,
                budget=budget,
                cap=cap,
                dimensions=dimensions,
                top_k=top_k or None,
                list_type=list_type,
                prepare=prepare,
                done=f"done.ballots.{'prepared' if prepare else 'open_ballot'}",
                said={"method": t(f"method.{method}")},
            )
    reveal(session_id)


def reveal(session_id: int) -> None:
    """The ballot just closed: show its results to everyone (the projector and
    the delegates' screens) or hide them again, here where it was closed."""
    database = state.database()
    latest = ballots.latest_in_session(database, session_id)
    if latest is None or latest["status"] != vocabulary.BALLOT_CLOSED:
        return
    session = sessions.get_session(database, session_id)
    with st.container(border=True, key="reveal"):
        st.subheader(t("bal.closed_heading", time=i18n.when(latest["closed_at"], lang())))
        shown = bool(session["show_results"])
        st.caption(t("bal.results_shown_now") if shown else t("bal.results_hidden_now"))
        results_switch(session_id, shown, type="secondary" if shown else "primary", key="reveal_button")
