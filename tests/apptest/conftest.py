from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coprog import access

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app_db(world, database, monkeypatch):
    """The world fixture's database, used by the app under test."""
    monkeypatch.setenv("COPROG_DB", str(database.path))
    monkeypatch.setenv("COPROG_ADMIN_PASSWORD", access.hash_password("password-staff-1", iterations=1000))
    monkeypatch.delenv("COPROG_FACILITATOR_PASSWORD", raising=False)
    return world


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
