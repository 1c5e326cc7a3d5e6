"""Pages under streamlit.testing's AppTest: a tab signed in as a delegate or as
staff, the texts it shows, a widget found by its label (never by position),
the need form filled as a delegate does."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from .server import ROOT

APP = str(ROOT / "app.py")


def new_app(**state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    return at


def as_delegate(delegate: dict, page: str | None = None) -> AppTest:
    at = new_app(delegate_id=delegate["id"], delegate_code=delegate["access_code"])
    if page:
        at.switch_page(page)
    return at.run()


def as_staff(role="organizzatore", page: str | None = None) -> AppTest:
    at = new_app(staff_role=role)
    if page:
        at.switch_page(page)
    return at.run()


def texts(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "title", "header", "subheader", "caption", "error", "warning", "success", "info", "code"):
        parts += [str(e.value) for e in at.get(kind)]
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
