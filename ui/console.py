"""Widgets shared by the staff pages: the session picker, the agenda editor, the
confirmation of the last action and the import of a file (ETS or services)."""

from __future__ import annotations

import time

import streamlit as st

from coprog.live import facilitation
from coprog.procedure import permissions, sessions
from coprog.texts import i18n, taxonomy, vocabulary
from coprog.texts.errors import CoprogError, EditConflict
from ui import editing, feedback, presses, state
from ui.editing import Editor
from ui.render import plain, text_table
from ui.state import lang, t

# The session each browser's staff tabs work on (by the browser's staff cookie, set once at its
# sign-in and sent by every tab; nginx keeps a browser on one server process): a new tab of that
# browser, the projector on the second screen included, opens on it. Kept in memory: it is where
# the staff left off, not a record.
_BROWSER_SESSION: dict[tuple[str, int], int | None] = {}


def _browser_key() -> str:
    import hashlib

    from coprog.procedure import access

    cookie = (st.context.cookies or {}).get(access.STAFF_COOKIE_NAME, "")
    return hashlib.sha256(cookie.encode()).hexdigest()[:16] if cookie else ""


def _remember_choice(process_id: int) -> None:
    """The picker changed: this tab, this browser and the address follow."""
    chosen = st.session_state.get("sessione")
    st.session_state["staff_session_id"] = chosen
    browser = _browser_key()
    if browser:
        _BROWSER_SESSION[(browser, process_id)] = chosen


def address_names(titles: dict) -> dict:
    """Each session's name in the address: its title, numbered when two share it."""
    seen: dict[str, int] = {}
    names = {}
    for session_id, title in titles.items():
        seen[title] = seen.get(title, 0) + 1
        names[session_id] = title if seen[title] == 1 else f"{title} ({seen[title]})"
    return names


def pick_session(actor, *, allow_all: bool = False):
    """The session this staff member is working on, shared by the staff pages:
    kept in the address (``?sessione=…``: a reload or a shared link lands on
    it), by this tab across its pages, and by this browser, so that a new tab
    (*Votazioni*, the projector on a second screen) opens on the session the
    console runs. With none chosen yet, the percorso's first session. With no
    percorso yet, organisers see the first-run page.

    The tab's choice is the truth once made; the address is read only when the
    tab has none (a reload, a shared link, a new tab) and written whenever it
    differs. Streamlit's own ``bind="query-params"`` is not used: a rerun that
    overtakes the first run after a reload could leave the server on the
    default while the browser showed the address's session."""
    database = state.database()
    process = state.current_process()
    if permissions.may("prepare", actor):
        process = process_or_first_run()
    sessions = facilitation.sessions_for(database, actor, process["id"]) if process else []
    if not sessions and permissions.may("prepare", actor):  # a new percorso: its first session, here
        from ui.organiser import session_form

        st.info(t("prep.first_session"), icon=":material/event:")
        session_form("first_session", process["id"])
        st.stop()
    if not sessions:
        st.info(t("console.no_sessions"))
        st.stop()
    titles = {s["id"]: s["title"] for s in sessions}
    in_address = address_names(titles)
    options = list(titles) + ([None] if allow_all else [])
    chosen = st.session_state.get("staff_session_id", "none")
    if chosen not in options:  # this tab has not chosen yet (or chose in another percorso)
        asked = st.query_params.get("sessione")
        by_name = {name: session_id for session_id, name in in_address.items()}
        chosen = by_name[asked] if asked in by_name else _BROWSER_SESSION.get((_browser_key(), process["id"]), "none")
        if chosen not in options:
            chosen = options[0]
    st.session_state["staff_session_id"] = chosen
    st.session_state["sessione"] = chosen
    st.selectbox(
        t("board.session"),
        options,
        key="sessione",
        on_change=_remember_choice,
        args=(process["id"],),
        format_func=lambda i: titles[i] if i else t("projector.all_tables"),
    )
    name = in_address.get(chosen)
    if name is None:
        st.query_params.pop("sessione", None)
    elif st.query_params.get("sessione") != name:
        st.query_params["sessione"] = name
    return chosen


def url_tabs(labels: list[str], key: str = "scheda"):
    """A staff page's tabs, the open one kept in the address (``?scheda=…``): a
    reload or a shared link opens the same tab. Switching tabs reruns the page,
    so each tab's ``.open`` says whether it is the one shown: a page draws only
    that one (``if tab.open: with tab: …``), not the work of every hidden tab."""
    return st.tabs(labels, key=key, bind="query-params")


def staff_page(title_key: str) -> int:
    """Guard, title, pending confirmation and session picker of a staff page."""
    actor = state.require_staff()
    st.title(t(title_key))
    flash()
    return pick_session(actor)


def organiser_page(title_key: str) -> dict:
    """Guard, title and pending confirmation of an organisers' page; returns the
    process. With no percorso yet, the first-run page takes its place."""
    state.require_staff("prepare")
    flash()
    process = process_or_first_run()
    st.title(t(title_key))
    return process


def process_or_first_run() -> dict:
    """The current percorso; with none yet, an organiser's page is the first-run page instead."""
    process = state.current_process()
    if process is None:
        from ui.firstrun import first_run

        first_run()
        st.stop()
    return process


def results_switch(session_id: int, shown: bool, where=st, **options) -> None:
    """The one switch that shows a session's results to everyone (the projector
    and the delegates' screens) or hides them again, with its confirmation."""
    if where.button(
        t("console.hide_results") if shown else t("console.show_results"),
        icon=":material/visibility_off:" if shown else ":material/visibility:",
        **options,
    ):
        act(
            facilitation.set_show_results,
            session_id,
            not shown,
            done=f"done.facilitation.results_{'hidden' if shown else 'shown'}",
        )


def act(
    fn, *args, done: str | None = None, said: dict | None = None, more=None, editor: Editor | None = None, **kwargs
) -> bool:
    """Call a core action for the current staff member; show errors; on
    success rerun with a confirmation that says what was done: the catalogue's
    ``done.<module>.<function>`` (or ``done``, a key for the one case), with
    ``said`` as its parameters, and what ``more(result)`` adds (or None).
    ``editor``: the form's :class:`ui.editing.Editor` (the save carries the
    version it started from; another saved meanwhile is shown under the refusal)."""

    def call(**extra):
        return fn(state.database(), state.staff_actor(), *args, **kwargs, **extra)

    try:
        result = editor.run(call) if editor else call()
    except CoprogError as exc:
        feedback.show_error(exc)
        if editor and isinstance(exc, EditConflict):
            editor.show_saved()
        return False
    key = done or done_key(fn)
    extra = more(result) if more else None
    said = i18n.quoted(said or {}, plain)  # a title or a name as typed, never as Markdown
    st.session_state["staff_flash"] = st.session_state["staff_said"] = t(key, **said) + (
        f"\n\n{extra}" if extra else ""
    )
    st.rerun()


def act_once(press: presses.Press, fn, *args, untouched=None, **kwargs) -> None:
    """:func:`act` for a form's press, taken once (ui/presses.py): the second click
    of a double click adds nothing again, and the confirmation of the first stays."""
    if press:
        press.act(lambda: act(fn, *args, **kwargs), untouched=untouched, echo=_said_again)


def _said_again() -> None:
    if "staff_said" in st.session_state:
        st.session_state["staff_flash"] = st.session_state["staff_said"]


def done_key(fn) -> str:
    """The confirmation of a core action: «done.ballots.close»."""
    return f"done.{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"


def flash() -> None:
    """The confirmation of the last action, inline (Streamlit's toast is an
    unnamed alertdialog: axe's aria-dialog-name). Its slot is always there, so
    the elements below keep their place and open tabs and expanders stay open
    on a later run, when the message is gone.

    It stays through the runs that begin within ``vocabulary.DOUBLE_PRESS_SECONDS``
    of its first showing: the second click of a double click, sent before the
    first one's answer came, can reach the server just after the run that showed
    it and run the page once more (seen in test_double_click: the count stored,
    its confirmation shown, and 94 ms later a run without it). An action sets
    ``staff_flash`` to its message; the first showing keeps when it was."""
    slot = st.empty()
    entry = st.session_state.get("staff_flash")
    if not entry:
        return
    if isinstance(entry, str):  # just set by an action: shown for the first time now
        entry = st.session_state["staff_flash"] = (entry, time.monotonic())
    message, shown = entry
    if time.monotonic() - shown > vocabulary.DOUBLE_PRESS_SECONDS:
        del st.session_state["staff_flash"]
        return
    slot.success(message, icon=":material/check:")


def present_line(counts: dict) -> str:
    """«Presenti: 1 organizzazione, 2 delegati»."""
    return t(
        "console.present",
        organisations=state.tn("count.organisations", counts["organisations"]),
        delegates=state.tn("count.delegates", counts["delegates"]),
    )


def type_labels(kinds: str) -> str:
    return ", ".join(taxonomy.label("contribution_type", k, lang()) for k in kinds.split(",") if k)


def agenda_editor(session_id: int) -> None:
    """Add, rename, reorder and remove phases (and choose what each collects)."""
    database = state.database()
    L = lang()

    def types(key: str | None = None) -> list[str]:  # what a phase collects
        return st.multiselect(
            t("agenda.types"),
            list(taxonomy.codes("contribution_type")),
            placeholder=t("form.choose"),
            format_func=lambda k: taxonomy.label("contribution_type", k, L),
            select_all=False,
            key=key,
        )

    phases = sessions.phases(database, session_id)
    for index, phase in enumerate(phases):
        with st.container(border=True):
            c1, c2, c3, c4 = st.columns([5, 1, 1, 1])
            c1.markdown(plain(f"{phase['position']}. {taxonomy.phase_label(phase['name'], L)}"))
            c1.caption(type_labels(phase["contribution_types"]) or t("console.no_types"))
            if c2.button("↑", key=f"up_{phase['id']}", help=t("agenda.up"), disabled=index == 0):
                act(facilitation.move_phase, phase["id"], -1)
            if c3.button("↓", key=f"down_{phase['id']}", help=t("agenda.down"), disabled=index == len(phases) - 1):
                act(facilitation.move_phase, phase["id"], 1)
            if c4.button("✕", key=f"rm_{phase['id']}", help=t("agenda.remove")):
                act(facilitation.remove_phase, phase["id"])
            # drawn only while open (as Moderazione's «Correggi»): the console reruns as the room moves
            renaming = editing.popover(st, t("agenda.edit"), f"renaming_{phase['id']}", f"edit_phase_{phase['id']}")
            if not renaming.open:
                continue
            with renaming:
                editor = Editor(
                    f"edit_phase_{phase['id']}",
                    facilitation.phase_fields(phase),
                    facilitation.PHASE,
                    texts=("name",),
                    labels={"name": t("agenda.name")},
                )
                editor.notice()
                with st.form(f"edit_phase_{phase['id']}"):
                    name = st.text_input(t("agenda.name"), max_chars=120, key=editor.key("name"))
                    chosen = types(editor.key("contribution_types"))
                    if st.form_submit_button(t("form.save")):
                        act(facilitation.edit_phase, phase["id"], name, chosen, editor=editor)
    with presses.form("add_phase") as form:
        name = st.text_input(t("agenda.new_name"), max_chars=120)
        chosen = types()
        act_once(
            form.submit_button(t("agenda.add")),
            facilitation.add_phase, session_id, name, chosen, said={"name": name},
        )  # fmt: skip


def import_errors(errors: list, column_for) -> None:
    """An import's refusal: how many problems, then each by row, file column and
    message (the row as the spreadsheet numbers it: the header is row 1)."""
    L = lang()
    st.error(state.tn("prep.import_errors", len(errors)))
    text_table(
        [
            {
                t("prep.row"): row or "—",
                t("prep.column"): column_for(field) or "—",
                t("prep.problem"): i18n.problem(field, key, params, L),
            }
            for row, field, key, params in errors
        ]
    )


def import_panel(module, process_id: int, *, key: str, label: str, button: str, ready, done) -> None:
    """Upload a CSV/XLSX/ODS file, preview it (errors by row, nothing written) and import
    it, all or nothing. ``module`` is coprog.importer (the ETS) or coprog.offer (their
    services): both have preview, import_file and column_for. ``ready`` and ``done``
    turn the preview's result into the texts shown before and after."""
    database, actor = state.database(), state.staff_actor()
    # a new uploader after each import, so an imported file is not checked again
    count = f"{key}_imports"
    upload = st.file_uploader(
        label,
        type=["csv", "txt", "xlsx", "xlsm", "ods"],
        max_upload_size=5,
        key=f"{key}_{st.session_state.get(count, 0)}",
    )
    if upload is None:
        return
    content = upload.getvalue()
    result, errors = module.preview(database, actor, upload.name, content, process_id=process_id)
    if errors:
        import_errors(errors, module.column_for)
        return
    st.success(ready(result))
    if result.ignored:
        st.warning(t("prep.import_ignored", columns=", ".join(plain(c) for c in result.ignored)))
    if result.hidden:
        st.warning(state.tn("prep.import_hidden", len(result.hidden), rows=", ".join(map(str, result.hidden))))
    if st.button(button, type="primary"):
        try:
            module.import_file(database, actor, upload.name, content, process_id=process_id)
        except CoprogError as exc:
            feedback.show_error(exc)
        else:
            st.session_state[count] = st.session_state.get(count, 0) + 1
            st.session_state["staff_flash"] = done(result)
            st.rerun()
