"""A delegate's own contributions: edit or withdraw them while the phase is open."""

import streamlit as st

from coprog.contributions import contributions
from coprog.procedure import delegates
from coprog.texts import taxonomy
from coprog.texts.errors import CoprogError, EditConflict
from ui import feedback, state
from ui.editing import Editor
from ui.forms import TYPED_FIELDS, contribution_form, edited_keys
from ui.render import contribution_card, plain
from ui.state import lang, t

delegate = state.require_delegate()
database = state.database()
actor = delegates.delegate_actor(delegate)
st.title(t("mine.heading"))

flash = st.session_state.pop("mine_flash", None)  # (message, the contribution it answers)
if flash and flash[1] is None:
    st.success(t(flash[0]), icon=":material/check_circle:")

mine = contributions.by_delegate(database, delegate["id"])
if not mine:
    st.info(t("mine.none"))
for c in mine:
    label = f"{taxonomy.label('contribution_type', c['type'], lang())}: {c['title']}"
    with st.expander(plain(label), key=f"mine_{c['id']}"):  # stays open when its title is edited
        st.caption(t("mine.status", status=t(f"status.{c['status']}")))
        pending = contributions.pending_revision(database, c["id"])
        if pending:
            st.info(t("mine.pending_edit", title=plain(pending["fields"]["title"])), icon=":material/hourglass_top:")
        if not c["contributions_open"]:
            st.caption(t("mine.locked"))
            contribution_card(c, show_org=False)
            continue
        key = f"edit_{c['id']}"
        stored = {**c, **{f: c[f] or "" for f in TYPED_FIELDS}, "citywide": bool(c["citywide"])}
        editor = Editor(
            key,
            stored,
            contributions.edited(c["type"]),
            texts=tuple(f for f in TYPED_FIELDS if f in contributions.edited(c["type"])),
            keys=edited_keys(key, stored),
        )
        editor.notice()
        fields = contribution_form(key, c["type"], submit_label=t("form.save"), edited=True)
        refused = None
        if fields is not None:
            try:
                outcome = editor.run(
                    lambda based_on, fields=fields, c=c: contributions.update(
                        database, actor, c["id"], fields, based_on=based_on
                    )
                )
            except CoprogError as exc:
                refused = exc
            else:
                st.session_state["mine_flash"] = (
                    "form.updated" if outcome == "salvata" else "mine.edit_waits",
                    c["id"],
                )
                st.rerun()
        answered = bool(flash and flash[1] == c["id"])
        with feedback.answer(f"edit_{c['id']}", bool(refused) or answered):  # under «Salva», in view
            if refused is not None:
                feedback.show_error(refused)
                if isinstance(refused, EditConflict):
                    editor.show_saved()
            if answered:
                st.success(t(flash[0]), icon=":material/check_circle:")
        if st.button(t("form.withdraw"), key=f"withdraw_{c['id']}", icon=":material/delete:"):
            try:
                contributions.withdraw(database, actor, c["id"])
            except CoprogError as exc:
                feedback.show_error(exc)
            else:
                st.session_state["mine_flash"] = ("form.withdrawn", None)
                st.rerun()
