"""Organiser tabs about people running the sessions and about moderation."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from coprog.contributions import moderation
from coprog.procedure import access, delegates, invites, organisations, sessions, staff
from coprog.storage import audit
from coprog.texts import i18n
from ui import downloads, presses, state
from ui.console import act, act_once
from ui.editing import Editor, value_or_key
from ui.forms import legend, optional, required
from ui.live import rerun_when_moved
from ui.render import label_plain, plain
from ui.state import lang, t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def prepared(key: str, label: str, build, file_name: str, mime: str) -> None:
    """Build a document only when asked (they take a moment), then offer it,
    with the time it was built; once the percorso's data changed since (an
    audited write: ``audit.last_change``), the offer says so, next to the
    button that builds it again: minutes or a register kept on an open page
    are never handed out as if current. Kept per percorso, so switching
    percorso never offers another's file."""
    process = state.current_process()
    key = f"{key}_p{process['id'] if process else 0}"
    if st.button(t("doc.prepare", what=label), key=f"prep_{key}"):
        at, version = stamp(key)
        st.session_state[f"doc_{key}"] = (build(), at, version)
    if st.session_state.get(f"doc_{key}") is not None:
        content, at, version = st.session_state[f"doc_{key}"]
        st.download_button(
            t("doc.download", what=label),
            content,
            file_name=file_name,
            mime=mime,
            key=f"dl_{key}",
            icon=":material/download:",
        )
        up_to_date_notice(
            version,
            stale=t("doc.prepared_stale", time=at, button=t("doc.prepare", what=label)),
            fresh=t("doc.prepared_at", time=at),
        )


def up_to_date_notice(version: int, stale: str, fresh: str | None = None) -> None:
    """Under a document built from the percorso's ``version``: ``fresh`` (its
    time) while nothing changed, ``stale`` once something did (one indexed
    query); the page runs again the moment that happens (:func:`follow_built`)."""
    if changed_since(version):
        st.warning(stale, icon=":material/update:")
    elif fresh:
        st.caption(fresh)


def stamp(key: str) -> tuple[str, int]:
    """When the document ``key`` is built, and the percorso's version it is built
    from (taken before the build: a write during it makes the document out of
    date), remembered for :func:`follow_built`."""
    process = state.current_process()
    version = audit.last_change(state.database(), process["id"]) if process else 0
    if process:
        st.session_state.setdefault("built_from", {})[key] = (process["id"], version)
    return i18n.clock(lang()), version


def follow_built() -> None:
    """At the end of a page offering documents built on request: while one of
    this percorso's is still current, the page follows the percorso's last
    write (pushed the moment it moves, or asked every 15 s: ui/live.py's one
    timed part) and runs again when it moves, so that a page left open says a
    document is out of date before it is downloaded. Once none is current, the
    page follows nothing (one run per change of state, not one per write)."""
    process = state.current_process()
    if not process:
        return
    database, process_id = state.database(), process["id"]
    now = audit.last_change(database, process_id)
    if (process_id, now) in st.session_state.get("built_from", {}).values():
        rerun_when_moved(
            lambda: audit.last_change(database, process_id), now, "15s", signal=("records", None, process_id)
        )


def changed_since(version: int) -> bool:
    """The percorso's data changed after a document was built from ``version``."""
    process = state.current_process()
    return bool(process) and audit.last_change(state.database(), process["id"]) != version


def session_widgets(c: dict) -> dict:
    """What the session form's widgets show of a stored session (its date as a date)."""
    import datetime as dt

    return {
        "title": c.get("title") or "",
        "kind": c.get("kind") or "plenaria",
        "theme": c.get("theme") or "",
        "date": dt.date.fromisoformat(c["date"]) if c.get("date") else None,
        "place": c.get("place") or "",
    }


def session_fields(editor: Editor | None = None) -> dict:
    """A session's fields inside a form (empty for a new one; a stored one's through
    its :class:`ui.editing.Editor`): title, kind, theme, date, place, with the
    required ones marked."""
    empty = session_widgets({})

    def own(name: str) -> dict:
        return value_or_key(editor, empty, name)

    kinds = ["plenaria", "tavolo"]
    legend()
    return {
        "title": st.text_input(required(t("field.title")), max_chars=200, **own("title")),
        "kind": st.selectbox(
            required(t("field.kind")),
            kinds,
            format_func=lambda k: t(f"kind.{k}"),
            **({"key": editor.key("kind")} if editor else {"index": 0}),
        ),
        "theme": st.text_input(optional(t("field.theme")), max_chars=500, **own("theme")),
        "date": st.date_input(optional(t("field.date")), format="DD/MM/YYYY", **own("date")),
        "place": st.text_input(optional(t("field.place")), max_chars=200, **own("place")),
    }


def session_form(key: str, process_id: int) -> None:
    """A new plenary or working table of the percorso."""
    with presses.form(key) as form:
        st.header(t("prep.new_session"))
        fields = session_fields()
        act_once(
            form.submit_button(t("prep.create_session"), type="primary"),
            sessions.create_session, process_id=process_id, **fields, said={"title": fields["title"]},
        )  # fmt: skip


def delegates_on_the_day(process_id: int) -> None:
    """Add a delegate to an ETS, replace one (the old code stops at once), print one card."""
    database = state.database()
    ets_names = {o["id"]: o["name"] for o in organisations.organisations(database, process_id)}
    active = {
        d["id"]: f"{d['name']} – {d['organisation']}"
        for d in delegates.delegates(database, process_id)
        if not d["revoked"] and not d["erased_at"]
    }
    c1, c2 = st.columns(2)
    with c1, presses.form("add_delegate") as form:
        st.header(t("org.add_delegate"))
        org = st.selectbox(t("org.col.organisation"), list(ets_names), format_func=ets_names.get)
        legend()
        name = st.text_input(required(t("field.delegate_name")), max_chars=120)
        role = st.text_input(optional(t("field.delegate_role")), max_chars=120)
        mail = st.text_input(optional(t("field.delegate_email")), max_chars=200)
        press = form.submit_button(t("org.add_delegate_do"))
        if org:
            act_once(
                press, delegates.add_delegate, org, {"name": name, "role": role, "email": mail}, said={"name": name}
            )
    with c2, presses.form("replace_delegate") as form:
        st.header(t("org.replace_delegate"))
        old = st.selectbox(t("org.delegate"), list(active), format_func=active.get, key="replace_who")
        name = st.text_input(required(t("org.replacement_name")), max_chars=120)
        role = st.text_input(optional(t("field.delegate_role")), max_chars=120, key=form.key("role"))
        press = form.submit_button(t("org.replace_delegate_do"))
        if old:
            act_once(press, delegates.replace_delegate, old, {"name": name, "role": role})
    st.header(t("org.one_card"))
    chosen = st.selectbox(t("org.delegate"), list(active), format_func=active.get, key="card_who")
    if chosen:
        rows = invites.invite_rows(database, process_id, state.base_url(), delegate_ids=[chosen])
        if not rows:
            st.caption(t("org.card_not_admitted"))
        else:
            c1, c2 = st.columns(2)
            cards_title = t("prep.cards_title")
            # both built once per content (ui/downloads.py); named, so that a button still on
            # screen from the delegate chosen before says whose card it gives
            name = label_plain(rows[0]["delegate"])
            c1.download_button(
                t("org.card_html", name=name),
                downloads.invite_cards(rows, cards_title),
                file_name=f"invito_{chosen}.html",
                mime="text/html",
                icon=":material/print:",
                key=f"card_html_{chosen}",
            )
            c2.download_button(
                t("org.card_pdf", name=name),
                downloads.invite_cards_pdf(rows, cards_title),
                file_name=f"invito_{chosen}.pdf",
                mime="application/pdf",
                icon=":material/picture_as_pdf:",
                key=f"card_pdf_{chosen}",
            )


def facilitators_tab(process_id: int) -> None:
    database = state.database()
    people = staff.facilitators(database)
    if people:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("org.col.name"): f["name"],
                        t("org.col.code"): t("org.code_revoked")
                        if f["revoked"]
                        else access.format_code(f["access_code"]),
                        t("org.sessions"): f["sessions"] or "",
                    }
                    for f in people
                ]
            ),
            hide_index=True,
        )
    else:
        st.caption(t("org.no_facilitators"))
    with presses.form("add_facilitator") as form:
        legend()
        name = st.text_input(required(t("org.facilitator_name")), max_chars=120)
        mail = st.text_input(optional(t("field.email")), max_chars=200)
        act_once(
            form.submit_button(t("org.add_facilitator")),
            staff.add_facilitator, name, mail, said={"name": name},
        )  # fmt: skip
    if not people:
        return
    names = {f["id"]: f["name"] for f in people}
    session_titles = {s["id"]: s["title"] for s in sessions.sessions(database, process_id)}
    with st.form("assign"):
        who = st.selectbox(t("org.facilitator_name"), list(names), format_func=names.get)
        chosen = st.multiselect(
            t("org.sessions"),
            list(session_titles),
            format_func=session_titles.get,
            placeholder=t("form.choose"),
            help=t("org.assign_help"),
            select_all=False,
        )
        if st.form_submit_button(t("org.assign")):
            act(staff.assign, who, chosen)
    with st.form("facilitator_code"):
        who = st.selectbox(t("org.facilitator_name"), list(names), format_func=names.get, key="fac_code_who")
        c1, c2 = st.columns(2)
        if c1.form_submit_button(t("org.reissue"), icon=":material/autorenew:"):
            act(staff.reissue_code, who)
        if c2.form_submit_button(t("org.revoke_facilitator"), icon=":material/block:"):
            act(staff.revoke, who)
    st.caption(t("org.facilitator_link_help"))
    for f in people:
        if not f["revoked"]:
            st.code(f"{f['name']}: " + invites.invite_link(f["access_code"], state.base_url()), language=None)


def moderation_tab(process_id: int) -> None:
    database = state.database()
    log = moderation.moderation_log(database, process_id)
    if not log:
        st.caption(t("org.no_moderation"))
    for entry in log:
        detail = json.loads(entry["detail"])
        with st.container(border=True):
            st.markdown(
                plain(
                    f"{i18n.when(entry['at'], lang())} · {entry['actor_label']} · "
                    f"{t('modaction.' + entry['action'])} · #{entry['entity_id']}"
                )
            )
            st.caption(
                plain(
                    f"{t('org.before')}: {json.dumps(detail.get('before'), ensure_ascii=False)}"
                    f" → {t('org.after')}: {json.dumps(detail.get('after'), ensure_ascii=False)}"
                )
            )
            if st.button(t("org.undo"), key=f"undo_{entry['id']}"):
                act(moderation.undo, entry["id"])
