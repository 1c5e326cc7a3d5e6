"""The ballot: fits a phone, shows the remaining budget, confirms each change.
The same widgets serve a delegate's ballot, the ballot they cast for the ETS
whose delega they hold, and a paper ballot the facilitator enters for an ETS."""

from __future__ import annotations

import streamlit as st

from coprog.ballots import ballots, tallying
from coprog.procedure import delegates
from coprog.texts import i18n, vocabulary
from coprog.texts.errors import CoprogError, EditConflict
from ui import feedback, state
from ui.render import label_plain, plain
from ui.state import lang, t, tn


def item_note(detail: dict | None) -> None:
    """Under an item's control, in one element (every open page draws the ballot
    at its opening): where it comes from and how many ETS stand behind it, as
    the label of an expander holding its text and its proposers; a caption when
    there is nothing more to read. Organisers' items say nothing here (the
    ballot says it once, above)."""
    if not detail or detail.get("seed"):
        return
    origin = (
        t("vote.origin", tables=", ".join(plain(x) for x in detail["tables"]))
        + " · "
        + tn("count.organisations", len(detail["organisations"]))
    )
    if not (detail["body"] or detail["organisations"]):
        st.caption(origin)
        return
    with st.expander(origin + " · " + t("vote.read_more")):
        parts = [plain(detail["body"])] if detail["body"] else []
        if detail["organisations"]:
            parts.append(t("vote.supporters", names=", ".join(plain(n) for n in detail["organisations"])))
        st.markdown("\n\n".join(parts))


def seeds_note(details: dict) -> None:
    """Once above the items: which of them the organisers put on the table."""
    if any(d.get("seed") for d in details.values()):
        st.caption(t("vote.from_organisers"))


PREFIXES = {"punti": "pts", "ordinamento": "rank", "valutazione": "rate", "approvazione": "ok"}


def control(ballot: dict, key: str, item_id: int, dimension: str = "") -> str:
    """The key of an item's control in the ballot of ``key`` (a rating has one
    per dimension): what the widgets are drawn with and what a vote reads."""
    name = f"{PREFIXES[ballot['method']]}_{key}_{item_id}"
    return f"{name}_{dimension}" if ballot["method"] == "valutazione" else name


def held_choices(ballot: dict, entries: list[dict], key: str) -> object:
    """The choices as the ballot's controls of ``key`` hold them (their values
    in the session state, set before a button's callback runs): what a vote sends."""
    held = st.session_state
    method = ballot["method"]
    if method == "punti":
        return {i["id"]: held.get(control(ballot, key, i["id"]), 0) for i in entries}
    if method == "ordinamento":
        return ballots.ranking_from_positions({i["id"]: held.get(control(ballot, key, i["id"])) for i in entries})[0]
    if method == "valutazione":
        return {
            i["id"]: {d: held.get(control(ballot, key, i["id"], d)) for d in ballot["dimension_list"]} for i in entries
        }
    return [i["id"] for i in entries if held.get(control(ballot, key, i["id"]))]


def controls_started(ballot: dict, entries: list[dict], key: str) -> bool:
    """Whether the ballot's controls of ``key`` already hold the delegate's
    choices (drawn before in this page's life), or start now from the ballot
    stored (first drawn, or again after the delegate went to another page)."""
    dimension = ballot["dimension_list"][0] if ballot["method"] == "valutazione" else ""
    return control(ballot, key, entries[0]["id"], dimension) in st.session_state


def ballot_widgets(
    ballot: dict, chosen, key: str, submit_label: str, on_send=None, entries: list[dict] | None = None
) -> tuple[object, bool]:
    """The choices for every method, one control per item (touch, keyboard and
    screen readers: each control is labelled with its item), with each item's
    origin and text on demand; returns (choices, sent). With ``on_send`` the
    choices go to that function from the button's callback instead, before
    the run that follows the tap (so that run draws the answer: one run, not two).
    ``entries``: the ballot's items, when the caller has read them already."""
    database = state.database()
    entries = tallying.items(database, ballot["id"]) if entries is None else entries
    details = tallying.item_details(database, ballot["id"])
    method = ballot["method"]
    send = (lambda: on_send(held_choices(ballot, entries, key))) if on_send else None
    seeds_note(details)
    if method == "punti":
        meter = st.empty()
        for item in entries:
            st.number_input(
                t("vote.points_for", title=label_plain(item["title"]), cap=ballot["cap"]),
                min_value=0,
                max_value=ballot["cap"],
                value=(chosen or {}).get(item["id"], 0),
                step=1,
                key=control(ballot, key, item["id"]),
            )
            item_note(details.get(item["id"]))
        points = held_choices(ballot, entries, key)
        left = ballot["budget"] - sum(points.values())  # type: ignore[attr-defined]
        remaining = t("vote.remaining", left=max(left, 0), budget=ballot["budget"])
        meter.markdown(remaining)
        if left < 0:
            st.warning(tn("vote.over", -left))
        else:  # the budget again by the button: on a phone the top is out of sight by now
            st.markdown(remaining)
        return points, st.button(submit_label, type="primary", key=f"cast_{key}", disabled=left < 0, on_click=send)
    if method == "ordinamento":
        return ranking_widgets(ballot, entries, details, chosen, key, submit_label, send)
    with st.form(f"ballot_{key}"):
        if method == "valutazione":
            for item in entries:
                for dim in ballot["dimension_list"]:
                    previous = (chosen or {}).get(item["id"], {}).get(dim)
                    options = [1, 2, 3, 4, 5, None]
                    st.radio(
                        t("vote.rate", dimension=t(f"dimension.{dim}"), title=label_plain(item["title"])),
                        options,
                        index=options.index(previous),
                        horizontal=True,
                        key=control(ballot, key, item["id"], dim),
                        format_func=lambda v: t("vote.dont_know") if v is None else str(v),
                    )
                item_note(details.get(item["id"]))
        else:
            st.caption(t("vote.approve_help"))
            for item in entries:
                st.checkbox(
                    t("vote.approve_item", title=label_plain(item["title"])),
                    value=item["id"] in (chosen or []),
                    key=control(ballot, key, item["id"]),
                )
                item_note(details.get(item["id"]))
        # what the controls hold, read as the button's callback reads it (one home for both)
        return held_choices(ballot, entries, key), st.form_submit_button(submit_label, type="primary", on_click=send)


def ranking_widgets(
    ballot: dict, entries: list[dict], details: dict, chosen, key: str, submit_label: str, send=None
) -> tuple[object, bool]:
    """A ranking by one position control per item ("1°", "2°" … or not
    ranked), with the ranking so far read back as it grows; two items at the
    same position keep the button off until fixed."""
    limit = ballot["top_k"] or len(entries)
    previous = {item_id: n for n, item_id in enumerate(chosen or [], start=1)}
    st.caption(t("vote.rank_help_positions", k=limit))
    positions = {}
    options: list[int | None] = [None, *range(1, limit + 1)]
    for item in entries:
        positions[item["id"]] = st.selectbox(
            t("vote.position_for", title=label_plain(item["title"])),
            options,
            index=options.index(previous.get(item["id"])) if previous.get(item["id"]) in options else 0,
            format_func=lambda p: t("vote.not_ranked") if p is None else t("vote.place", n=p),
            key=control(ballot, key, item["id"]),
        )
        item_note(details.get(item["id"]))
    order, clashes = ballots.ranking_from_positions(positions)
    titles = {i["id"]: i["title"] for i in entries}
    if order:
        st.markdown(
            t("vote.rank_so_far") + "\n" + "\n".join(f"{n}. {plain(titles[i])}" for n, i in enumerate(order, start=1))
        )
    if clashes:
        st.warning(t("vote.rank_clash", places=", ".join(t("vote.place", n=p) for p in clashes)))
    return order, st.button(
        submit_label, type="primary", key=f"cast_{key}", disabled=bool(clashes) or not order, on_click=send
    )


def stored_lines(ballot: dict, choices) -> str:
    """What the ballot now holds, as a Markdown list of escaped titles."""
    titles = {i["id"]: i["title"] for i in tallying.items(state.database(), ballot["id"])}
    lines = []
    for title, value in ballots.stored_summary(ballot, choices, titles):
        if ballot["method"] == "punti":
            said = tn("vote.n_points", int(value))  # type: ignore[call-overload]
        elif ballot["method"] == "ordinamento":
            said = t("vote.place", n=value)
        elif ballot["method"] == "valutazione":
            said = ", ".join(
                f"{t(f'dimension.{d}')} {t('vote.dont_know') if value[d] is None else value[d]}"  # type: ignore[index]
                for d in ballot["dimension_list"]
                if d in value  # type: ignore[operator]
            )
        else:
            said = t("vote.approved")
        lines.append(f"- {plain(title)}: {said}")
    return "\n".join(lines) if lines else t("vote.empty_ballot")


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
    elif current["source"] == vocabulary.PAPER:
        st.info(t("vote.last_paper", who=plain(current["entered_by"] or "–"), when=i18n.when(current["cast_at"], L)))
    else:
        st.info(t("vote.last", who=plain(current["cast_by"] or "–"), when=i18n.when(current["cast_at"], L)))


def ballot_tab(delegate: dict, ballot: dict) -> None:
    database = state.database()
    actor = delegates.delegate_actor(delegate)
    bid = ballot["id"]
    st.header(t("vote.heading", method=t(f"method.{ballot['method']}")))
    st.caption(
        t("vote.own_ballot")
        if ballot["per_delegate"]
        else t("vote.org_ballot", organisation=plain(delegate["organisation"]))
    )
    cast_here(actor, ballot, f"vote_{bid}", None, str(bid), t("vote.submit"))
    represented = (
        None if ballot["per_delegate"] else ballots.delegation_of(database, ballot["session_id"], delegate["id"])
    )
    if represented:  # the delega of another ETS, recorded by the facilitator: its ballot, apart
        name = ballots.organisation_name(database, represented)
        st.header(t("vote.proxy_heading", organisation=plain(name)))
        st.caption(t("vote.proxy_help"))
        cast_here(
            actor,
            ballot,
            f"vote_{bid}_proxy",
            represented,
            f"{bid}_proxy",
            t("vote.submit_proxy", organisation=label_plain(name)),
        )


def cast_here(actor, ballot: dict, key: str, for_organisation: int | None, controls: str, submit_label: str) -> None:
    """One ballot (the delegate's own ETS, or the one whose delega they hold):
    the last one cast, the controls, and right under the button, in view, what
    was stored (read back from the database: exactly what counts) or why not.
    The button's callback casts the vote and reruns only the two small parts
    that answer it (the last ballot cast and the answer): the controls stay as
    the delegate set them, no redraw of the whole ballot at each vote.

    A vote goes with the version of the ETS's ballot the controls started
    from (or the delegate's last vote, or the last refusal they read): one cast
    meanwhile by a colleague of the same ETS (or the paper one the facilitator
    entered) is not replaced unseen. The refusal names who and says what counts
    now; sent again, having seen it, the vote replaces it."""
    database = state.database()
    seen = f"{key}_seen"

    def stored() -> dict | None:
        return ballots.current_vote(database, ballot["id"], actor, for_organisation=for_organisation)

    @st.fragment(key=f"{key}_last")
    def last() -> None:
        last_cast(stored())

    @st.fragment(key=f"{key}_answer")
    def answer() -> None:
        saved = st.session_state.pop(f"{key}_saved", None)
        error = st.session_state.pop(f"{key}_error", None)
        now = stored() if saved or isinstance(error, EditConflict) else None
        with feedback.answer(key, bool(saved and now) or error is not None):
            if saved and now:
                st.success(
                    t("vote.saved", time=saved) + "\n\n" + stored_lines(ballot, now["choices"]),
                    icon=":material/check_circle:",
                )
            elif now:  # cast meanwhile by someone else: what counts now, in the refusal's box
                st.error(
                    " ".join(feedback.messages(error)) + "\n\n" + stored_lines(ballot, now["choices"]),
                    icon=":material/error:",
                )
            elif error is not None:
                feedback.show_error(error)

    def send(choices) -> None:
        try:
            vote = ballots.cast(
                database,
                actor,
                ballot["id"],
                choices,
                for_organisation=for_organisation,
                seen=st.session_state.get(seen),
            )
        except CoprogError as exc:
            st.session_state[f"{key}_error"] = exc
            if isinstance(exc, EditConflict):  # the refusal shows what counts now: sent again, it replaces it
                st.session_state[seen] = ballots.version(stored())
        else:
            st.session_state[f"{key}_saved"] = i18n.clock(lang())
            st.session_state[seen] = ballots.version(vote)
        st.rerun([f"{key}_last", f"{key}_answer"])

    last()
    current = stored()
    entries = tallying.items(database, ballot["id"])
    if not controls_started(ballot, entries, controls):  # the controls start from this version: a vote replaces it
        st.session_state[seen] = ballots.version(current)
    ballot_widgets(ballot, current["choices"] if current else None, controls, submit_label, send, entries)
    answer()


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
            feedback.show_error(exc)
            return
        st.session_state["staff_flash"] = t("bal.paper_saved", organisation=plain(organisations[who]))
        st.rerun()
