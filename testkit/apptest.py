"""Pages under streamlit.testing's AppTest, the one way the AppTests build them:
a tab signed in as a delegate (``as_delegate``) or as staff (``as_staff``), on a
page and a session, or a tab nobody signed in to (``new_app``); the texts it
shows, a widget or a button found by its label (never by position), a click,
the need form filled as a delegate does."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from .server import ROOT

APP = str(ROOT / "app.py")


def new_app(**state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    return at


def as_delegate(delegate: dict, page: str | None = None, *, session: int | None = None, **state) -> AppTest:
    """A delegate's tab (signed in with their code), on ``page`` (the start when None),
    having joined ``session``; other tab state as keywords (``lang="en"``). Run once."""
    at = new_app(delegate_id=delegate["id"], delegate_code=delegate["access_code"], **state)
    if session is not None:
        at.session_state["session_id"] = session
    if page:
        at.switch_page(page)
    return at.run()


def as_staff(role="organizzatore", page: str | None = None, *, session: int | None = None, **state) -> AppTest:
    """A staff tab of ``role``, on ``page``, with ``session`` chosen in the picker. Run once."""
    at = new_app(staff_role=role, **state)
    if session is not None:
        at.session_state["staff_session_id"] = session
    if page:
        at.switch_page(page)
    return at.run()


def open_tab(at: AppTest, label: str, key: str = "scheda") -> AppTest:
    """Open a page's tab (ui/console.url_tabs: only the open one is drawn), as a click on it does."""
    at.session_state[key] = label
    return at.run()


def button(at: AppTest, label: str):
    """The button labelled exactly ``label``."""
    found = [b for b in at.button if b.label == label]
    assert found, f"no button «{label}»: {[b.label for b in at.button]}"
    return found[0]


def click(at: AppTest, label: str) -> AppTest:
    """Click the button labelled ``label`` and let the page run."""
    button(at, label).click()
    return at.run()


def texts(at: AppTest) -> str:
    """Every text the page shows, the participant list's too (its script draws
    it from the list the run hands over, ui/live_list.py)."""
    parts = []
    for kind in ("markdown", "title", "header", "subheader", "caption", "error", "warning", "success", "info", "code"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += listed(at)
    return "\n".join(parts)


def widget(at: AppTest, kind: str, label: str, form: str | None = None):
    """The ``kind`` widget (selectbox, radio, ...) whose label starts with
    ``label`` (in the form ``form`` when given; outside any form with ``""``)."""
    found = [w for w in getattr(at, kind) if w.label.startswith(label) and (form is None or w.form_id == form)]
    assert found, f"no {kind} «{label}»: {[w.label for w in getattr(at, kind)]}"
    return found[0]


def fill_need(
    at,
    form: str,
    title: str,
    *,
    municipi=(3,),
    area="isolamento",
    target="anziani_soli",
    intensity=4,
    trend="in_crescita",
    source="esperienza_diretta",
):
    next(w for w in at.multiselect if w.label == "Municipi" and not w.form_id).set_value(list(municipi))
    at.run()
    inside = lambda kind, label: next(  # noqa: E731
        w for w in getattr(at, kind) if w.form_id == form and w.label.startswith(label)
    )
    inside("text_input", "Titolo").input(title)
    inside("selectbox", "Area di bisogno").set_value(area)
    inside("selectbox", "Destinatari").set_value(target)
    inside("radio", "Intensità").set_value(intensity)
    inside("radio", "Andamento").set_value(trend)
    inside("selectbox", "Tipo di fonte").set_value(source)
    return at


def listed(at: AppTest) -> list[str]:
    """The participant list's lines as its script draws them: each item's title,
    facts, pending mark, text and co-signers, the empty list's note and how many
    of how many."""
    lines: list[str] = []
    for element in at.get("bidi_component"):
        if element.proto.component_name != "coprog.list":
            continue
        view = json.loads(element.proto.json)["view"]
        for item in view["items"]:
            lines += [item[k] for k in ("title", "facts", "pending", "body", "endorsers") if item[k]]
        lines += [view[k] for k in ("empty", "shown") if view[k]]
    return lines
