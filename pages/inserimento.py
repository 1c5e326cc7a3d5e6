"""Hybrid input: contributions for an organisation without a laptop, and
counts from paper, sticky dots or a show of hands."""

import pandas as pd
import streamlit as st

from coprog.contributions import contributions, hybrid
from coprog.live import attendance
from coprog.procedure import organisations, sessions
from coprog.texts import taxonomy, vocabulary
from ui import presses, state
from ui.console import act, act_once, staff_page
from ui.forms import contribution_form
from ui.state import lang, t

session_id = staff_page("hyb.heading")
database = state.database()
L = lang()
session = sessions.get_session(database, session_id)

present = {r["delegate_id"]: r for r in attendance.register(database, session_id)}
ets_names = organisations.admitted_names(database, state.current_process()["id"])
present_orgs = {r["organisation"] for r in present.values()}
ordered = sorted(ets_names, key=lambda o: (ets_names[o] not in present_orgs, ets_names[o]))

st.header(t("hyb.on_behalf"))
if not session["open_types"]:
    st.info(t("part.closed"))
else:
    kind = st.selectbox(
        t("part.type"), session["open_types"], format_func=lambda k: taxonomy.label("contribution_type", k, L)
    )
    organisation = st.selectbox(
        t("org.col.organisation"), ordered, format_func=ets_names.get, help=t("hyb.present_first")
    )
    source = st.radio(
        t("hyb.source"), list(vocabulary.ENTERED_SOURCES), horizontal=True, format_func=lambda s: t(f"source.{s}")
    )
    fields = contribution_form(f"behalf_{kind}_{st.session_state.get('behalf_gen', 0)}", kind)
    if fields is not None:  # a fresh form after a success, the typed text after an error
        generation = st.session_state.get("behalf_gen", 0)
        st.session_state["behalf_gen"] = generation + 1
        if not act(hybrid.add_on_behalf, session_id, organisation, kind, fields, source):
            st.session_state["behalf_gen"] = generation

st.header(t("hyb.counts"))
with presses.form("paper_count") as form:
    target = st.radio(
        t("hyb.counted"), ["area", "contribution"], horizontal=True, format_func=lambda x: t(f"hyb.target.{x}")
    )
    area = st.selectbox(
        t("form.area"), list(taxonomy.codes("area")), format_func=lambda x: taxonomy.label("area", x, L)
    )
    items = {c["id"]: f"#{c['id']} {c['title']}" for c in contributions.visible(database, session_id)}
    item = st.selectbox(
        t("hyb.target.contribution"), [None] + list(items), format_func=lambda i: items[i] if i else "–"
    )
    count = st.number_input(t("hyb.count"), min_value=0, max_value=100000, step=1)
    source = st.radio(
        t("hyb.source"), list(vocabulary.COUNT_SOURCES), horizontal=True, format_func=lambda s: t(f"source.{s}")
    )
    note = st.text_input(t("hyb.note"), max_chars=300)
    act_once(  # a count added once: a double click does not count the dots twice
        form.submit_button(t("hyb.save_count"), type="primary"),
        hybrid.add_paper_count,
        session_id,
        count=count,
        source=source,
        note=note,
        area=area if target == "area" else None,
        contribution_id=item if target == "contribution" else None,
        untouched=lambda: not count and not note.strip(),
    )

counts = hybrid.paper_counts(database, session_id)
if counts:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("hyb.counted"): taxonomy.label("area", c["area"], L) if c["area"] else c["contribution_title"],
                    t("hyb.count"): c["count"],
                    t("hyb.source"): t(f"source.{c['source']}"),
                    t("hyb.note"): c["note"],
                }
                for c in counts
            ]
        ),
        hide_index=True,
    )
