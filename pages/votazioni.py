"""Ballots: open or prepare one on the current phase (``ui/ballot_staff.py``: the
ballot open, prepared or to open), close and freeze it; organisers seed items
and see every ballot of the percorso; every ballot closed, frozen."""

import pandas as pd
import streamlit as st

from coprog.ballots import ballots, tallying
from coprog.procedure import permissions
from coprog.texts import i18n, taxonomy, vocabulary
from ui import ballot_results, ballot_staff, presses, state
from ui.console import act_once, staff_page
from ui.forms import legend, optional, required
from ui.render import plain
from ui.state import lang, t

session_id = staff_page("bal.heading")
database = state.database()
L = lang()
organiser = permissions.may("prepare", state.actor())
current = ballots.open_in_session(database, session_id)
prepared = None if current else ballots.prepared_in_session(database, session_id)

if current:
    ballot_staff.running(current)
elif prepared:
    ballot_staff.prepared(prepared)
else:
    ballot_staff.opening(session_id)

if organiser:
    with st.expander(t("bal.seed_heading")):
        for seed in ballots.seeds(database, session_id):
            st.markdown(f"- {plain(seed['title'])} · {taxonomy.label('contribution_type', seed['type'], L)}")
        with presses.form("seed") as form:
            kind = st.selectbox(
                t("part.type"),
                list(vocabulary.PROPOSAL_TYPES),
                format_func=lambda k: taxonomy.label("contribution_type", k, L),
            )
            legend()
            title = st.text_input(required(t("form.title")), max_chars=vocabulary.TITLE_MAX)
            body = st.text_area(optional(t("form.body")), max_chars=vocabulary.BODY_MAX)
            act_once(
                form.submit_button(t("bal.seed_add")),
                ballots.add_seed, session_id, kind, title, body, said={"title": title},
                untouched=lambda: not title.strip() and not body.strip(),
            )  # fmt: skip

if organiser:
    with st.expander(t("bal.all_process")):
        every = ballots.ballots(database, state.current_process()["id"])
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("board.session"): b["session"],
                        t("field.method"): t(f"method.{b['method']}"),
                        t("org.col.phase"): t(f"bal.status.{b['status']}"),
                        t("projector.votes"): b["votes"],
                        t("org.col.at"): i18n.when(b["closed_at"] or b["opened_at"], L),
                    }
                    for b in every
                ]
            ),
            hide_index=True,
        )

st.header(t("bal.history"))
closed = ballots.closed_in_session(database, session_id)
if not closed:
    st.caption(t("bal.history_none"))
for past in closed:
    frozen = ballots.snapshot(database, past["id"])
    with st.expander(f"#{past['id']} · {t('method.' + past['method'])} · {i18n.when(past['closed_at'], L)}"):
        st.caption(t("bal.snapshot", when=i18n.when(frozen["closed_at"], L)))
        ballot_results.show(frozen, f"snap_{past['id']}")
        if organiser:
            st.caption(t("bal.by_org"))
            st.dataframe(
                pd.DataFrame(tallying.voters_table(database, past["id"])).drop(columns=["id"], errors="ignore"),
                hide_index=True,
            )
