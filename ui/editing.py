"""A form over stored text that two people may edit at once (the minutes' notes,
the sintesi's texts, a phase, an answer, a contribution, a consolidated wording): its widgets are keyed, so
what the person types stays theirs while the page redraws, and it remembers the
version it started from, which the save carries (coprog/storage/edits.py).

- Someone else saved meanwhile: the form says so above it, with a button that
  loads the saved version (what was typed and not saved is dropped, as it says).
- A save made from the older version is refused: the person's text stays in the
  form, the version saved meanwhile shows under it, and a second save, made
  having seen it, replaces it.
- After a save the form starts again from what is stored."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from coprog.storage import edits
from coprog.texts.errors import EditConflict
from ui.render import plain
from ui.state import t


def popover(where, label: str, key: str, *editors: str):
    """A popover holding the editors named ``editors``, drawn only while it is open
    (the caller reads ``.open``). Opened or closed, its editors start again from
    what is stored: their starting points are dropped in the popover's callback,
    which runs at the start of the run that takes the tap. The editor could not
    rely on Streamlit dropping its widgets' state after a run that did not draw
    them: a close followed at once by an open stops the close's run before its
    end, the state stays, and «Correggi» opened again showed the text as it was
    before someone else's save (seen 3 in 8 runs of tests/browser/test_edits.py
    under a busy CPU)."""
    return where.popover(label, key=key, on_change=forget, args=editors)


def forget(*editors: str) -> None:
    """The editors named ``editors`` load what is stored when next drawn."""
    for name in editors:
        st.session_state.pop(f"{name}:based_on", None)


def value_or_key(editor: Editor | None, shown: Mapping, name: str) -> dict:
    """A form shared by a new row and a stored one: the widget ``name``'s value for
    the new one's empty form (``shown``), or its key in the stored one's editor."""
    return {"key": editor.key(name)} if editor else {"value": shown[name]}


class Editor:
    def __init__(
        self,
        name: str,
        stored: Mapping,
        fields: tuple[str, ...],
        texts: tuple[str, ...] | None = None,
        keys: Mapping[str, str] | None = None,
        labels: Mapping[str, str] | None = None,
        widgets: Mapping[str, object] | None = None,
    ):
        """``stored``: the row as read in this run (a text never stored as None: ""),
        ``fields``: what the form edits (the core's tuple for this save; the first
        one's widget is drawn whenever the form is), ``texts``: those shown as the
        saved version on a conflict (all of them by default), ``keys``: the widgets'
        keys where the form names them itself (``name:field`` otherwise), ``labels``:
        the texts' labels where the form's are not the catalogue's ``field.<name>``,
        ``widgets``: what each widget shows of the stored row, by widget name, where a
        field is not one widget as stored (a date and a time from one deadline)."""
        self.name, self.fields, self.keys, self.labels = name, fields, dict(keys or {}), dict(labels or {})
        self._slot = None
        self.texts = fields if texts is None else texts
        self.stored = {f: stored[f] for f in fields}
        self.widgets = dict(self.stored if widgets is None else widgets)
        self.current = edits.fingerprint(stored, fields)
        # the first widget's state is gone when the form was not drawn in a run (another page, a closed phase;
        # a popover drops the starting point itself: see popover)
        if self._base not in st.session_state or self.key(next(iter(self.widgets))) not in st.session_state:
            self._load()
        self.based_on: str = st.session_state[self._base]

    @property
    def _base(self) -> str:
        return f"{self.name}:based_on"

    def key(self, field: str) -> str:
        """The key of the widget that edits ``field`` (or of the widget so named in
        ``widgets``), drawn without a value of its own."""
        return self.keys.get(field) or f"{self.name}:{field}"

    def _load(self) -> None:
        """The widgets show what is stored (before they are drawn in this run)."""
        for widget, value in self.widgets.items():
            st.session_state[self.key(widget)] = value
        st.session_state[self._base] = self.current

    def _reload(self) -> None:  # the button's callback: runs before the widgets are drawn again
        del st.session_state[self._base]

    def notice(self) -> None:
        """Above the form: someone saved another version since it was opened (taken
        back when a save in this run is refused for it: the refusal says it all)."""
        self._slot = st.empty()
        if self.based_on != self.current:
            with self._slot.container():
                st.info(t("edit.behind"), icon=":material/sync_problem:")
                st.button(
                    t("edit.load_saved"), key=f"{self.name}:reload", on_click=self._reload, icon=":material/refresh:"
                )

    def run(self, call):
        """``call(based_on=...)``, a core save, from the version this form started
        from; its result. Refused because another version was saved meanwhile
        (EditConflict, raised on for the page to show, with :meth:`show_saved`):
        that version becomes the one a second save replaces."""
        try:
            result = call(based_on=self.based_on)
        except EditConflict:
            st.session_state[self._base] = self.current
            if self._slot is not None:
                self._slot.empty()
            raise
        del st.session_state[self._base]  # the next run starts again from what is stored
        return result

    def show_saved(self) -> None:
        """The version saved meanwhile, its texts as typed (never as Markdown); a form
        of choices only (the categories) has its card above it and shows nothing more."""
        if not self.texts:
            return
        with st.container(border=True):
            st.markdown(f"**{t('edit.saved_version')}**")
            for field in self.texts:
                st.caption(self.labels.get(field) or t(f"field.{field}"))
                st.markdown(plain(self.stored[field] or "—").replace("\n", "  \n"))
