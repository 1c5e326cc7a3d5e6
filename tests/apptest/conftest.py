"""AppTests of the pages on the world fixture's database (helpers: testkit/apptest.py)."""

import pytest

from coprog.procedure import access


@pytest.fixture
def app_db(world, database, monkeypatch):
    """The world fixture's database, used by the app under test."""
    monkeypatch.setenv("COPROG_DB", str(database.path))
    monkeypatch.setenv("COPROG_ADMIN_PASSWORD", access.hash_password("password-staff-1", iterations=1000))
    monkeypatch.delenv("COPROG_FACILITATOR_PASSWORD", raising=False)
    return world
