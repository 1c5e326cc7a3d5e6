"""Organisers watch the process: a dashboard across sessions, and every
contribution searchable with its history."""

import json

import pandas as pd
import streamlit as st

from coprog.ballots import groups
from coprog.contributions import moderation, reactions
from coprog.procedure import sessions
from coprog.reading import charts
from coprog.records import review
from coprog.texts import i18n, taxonomy, vocabulary
from ui import opinion, state
from ui.console import act, organiser_page, url_tabs
from ui.render import contribution_card, plain
from ui.state import lang, t, tn

process = organiser_page("rev.heading")
database = state.database()
L = lang()
tab_d, tab_o, tab_c = url_tabs([t("rev.dashboard"), t("opinion.heading"), t("rev.contributions")])


def opinion_tab() -> None:
    """Reactions across the percorso: opinion groups and consensus (coprog/ballots/opinion.py)."""
    names = st.toggle(t("opinion.names_toggle"), value=bool(process["opinion_names"]), key="opinion_names")
    if names != bool(process["opinion_names"]):
        act(reactions.set_names, process["id"], names)
    opinion.show(groups.reading(database, process["id"]), names, "review")


def dashboard() -> None:
    """Admission and presence, contributions by type and session, ballots' turnout."""
    numbers = review.headline(database, process["id"])
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("rev.admitted"), numbers["admitted"])
    c2.metric(t("rev.present_once"), numbers["present"])
    c3.metric(t("board.contributions"), numbers["contributions"])
    c4.metric(t("nav.ballots"), numbers["ballots"])
    if numbers["turned_down"]:
        details = "; ".join(
            f"{r['name']}: "
            + ", ".join(
                tn(key, r[part])
                for key, part in (("count.sessions", "sessions"), ("count.contributions", "contributions"))
            )
            + ", "
            + tn("count.votes", r["votes"])
            for r in numbers["turned_down"]
        )
        st.warning(
            plain(tn("rev.turned_down", len(numbers["turned_down"]), details=details)), icon=":material/person_off:"
        )
    st.header(t("rev.sessions"))
    by_session = review.presence_by_session(database, process["id"])
    st.dataframe(
        by_session.assign(
            date=by_session["date"].map(lambda d: i18n.when(d, L, with_time=False)),
            kind=by_session["kind"].map(lambda k: t(f"kind.{k}")),
        ).rename(
            columns={
                "session": t("board.session"),
                "date": t("field.date"),
                "kind": t("org.col.kind"),
                "organisations": t("rev.admitted_present"),
                "turned_down": t("rev.turned_down_present"),
                "delegates": t("org.delegates"),
                "contributions": t("board.contributions"),
                "ballots": t("nav.ballots"),
            }
        ),
        hide_index=True,
    )
    for kind in ("municipio", "attivita"):
        frame = review.admitted_by(database, kind, L, process_id=process["id"])
        figure = charts.grouped_bars(
            frame["label"],
            {t("rev.admitted"): frame["admitted"], t("rev.present_once"): frame["present"]},
            t(f"rev.by_{kind}"),
        )
        st.plotly_chart(figure, width="stretch", theme=None, key=f"rev_{kind}", config={"displayModeBar": False})
    st.header(t("rev.by_type"))
    by_type = review.contributions_by_type_and_session(database, L, process_id=process["id"])
    if not by_type.empty:
        st.plotly_chart(
            charts.heatmap(by_type, t("rev.by_type"), t("board.contributions"), t("board.session")),
            width="stretch",
            theme=None,
            key="rev_types",
            config={"displayModeBar": False},
        )
    st.header(t("rev.turnout"))
    turnout = review.ballots_turnout(database, process["id"])
    st.dataframe(
        turnout.assign(
            method=turnout["method"].map(lambda m: t(f"method.{m}")),
            status=turnout["status"].map(lambda s: t(f"bal.status.{s}")),
        ),
        hide_index=True,
    )


def contributions() -> None:
    """Every contribution, searched and filtered, with its history."""
    c1, c2, c3, c4 = st.columns(4)
    text = c1.text_input(t("rev.search"), max_chars=100)
    kinds = [None, *taxonomy.codes("contribution_type")]
    kind = c2.selectbox(
        t("part.type"),
        kinds,
        format_func=lambda k: taxonomy.label("contribution_type", k, L) if k else t("reading.all"),
    )
    titles = {s["id"]: s["title"] for s in sessions.sessions(database, process["id"])}
    session_id = c3.selectbox(
        t("board.session"), [None, *titles], format_func=lambda s: titles[s] if s else t("reading.all")
    )
    statuses = [None, *vocabulary.CONTRIBUTION_STATUSES]
    status = c4.selectbox(t("rev.status"), statuses, format_func=lambda s: t(f"status.{s}") if s else t("reading.all"))
    found = review.search(database, text, kind, session_id, status, process_id=process["id"])
    st.caption(tn("mod.count", len(found)))
    for c in found[:50]:
        contribution_card(c)
        if c["admission"] != vocabulary.ADMITTED:
            st.caption(t("rev.not_admitted_flag", admission=t(f"admission.{c['admission']}")))
        with st.expander(t("rev.history", id=c["id"])):
            log = moderation.history(database, c["id"])
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            t("org.col.at"): i18n.when(r["at"], L),
                            t("org.col.who"): r["actor_label"],
                            t("org.col.action"): r["action"],
                            t("rev.detail"): json.dumps(json.loads(r["detail"]), ensure_ascii=False)[:300],
                        }
                        for r in log
                    ]
                ),
                hide_index=True,
            )
            if c["merged_into"]:
                st.caption(plain(t("rev.merged_into", id=c["merged_into"])))


for tab, draw in ((tab_o, opinion_tab), (tab_d, dashboard), (tab_c, contributions)):
    if tab.open:  # only the tab shown is drawn (ui/console.url_tabs)
        with tab:
            draw()
