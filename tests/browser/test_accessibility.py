"""The axe-core audit on every page of every role (and every tab of them)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from testkit.browser import STAFF_LINKS, TIMEOUT, audit, first_delegate, join_session, staff_page, wait_app

pytestmark = pytest.mark.browser
DELEGATE_LINKS = ["I miei contributi", "I nostri servizi", "Bozza di sintesi", "Tabellone", "Lettura dei bisogni"]


def test_every_page_passes_the_audit(server, offline_context):
    axe, failures = Axe(), []
    (code, _, _), join_code = first_delegate(server["db"])
    delegate = offline_context(viewport={"width": 1300, "height": 1000}).new_page()
    join_session(delegate, server["base"], code, join_code)
    audit(delegate, "Partecipa", axe, failures)
    for link in DELEGATE_LINKS:
        delegate.get_by_role("link", name=link).click()
        audit_tabs(delegate, link, axe, failures)
    open_ballots_are_audited(server, delegate, axe, failures)

    staff = staff_page(offline_context(viewport={"width": 1300, "height": 1000}), server["base"], "Conduzione")
    audit(staff, "Conduzione", axe, failures)
    for link in STAFF_LINKS[1:]:
        staff.get_by_role("link", name=link).click()
        audit_tabs(staff, link, axe, failures)
    assert failures == []


def audit_tabs(page, where: str, axe: Axe, failures: list) -> None:
    """The page, then every one of its tabs."""
    audit(page, where, axe, failures)
    for tab in page.get_by_role("tab").all()[1:]:
        tab.click()
        audit(page, f"{where} / {tab.inner_text()}", axe, failures)


def open_ballots_are_audited(server, delegate, axe: Axe, failures: list) -> None:
    """The delegate's open ballot, for every method, with its live results."""
    from coprog.ballots import ballots
    from coprog.live import facilitation
    from coprog.procedure import sessions
    from coprog.storage.db import Database
    from testkit.builders import OUTCOME, STAFF

    database = Database(server["db"])
    plenary = next(s for s in sessions.sessions(database) if s["kind"] == "plenaria")
    strategies = sessions.phases(database, plenary["id"])[2]
    facilitation.set_current_phase(database, STAFF, plenary["id"], strategies["id"])
    for title in ("Una regia unica dei servizi per Municipio", "Un fondo comune per il sollievo ai caregiver"):
        ballots.add_seed(database, STAFF, plenary["id"], "strategia", title)
    for method, options in (
        ("punti", {}),
        ("approvazione", {}),
        ("ordinamento", {}),
        ("valutazione", {"dimensions": ("importanza", "fattibilita")}),
    ):
        bid = ballots.open_ballot(database, STAFF, plenary["id"], method, **options)
        ballots.set_show_live(database, STAFF, bid, True)
        delegate.get_by_role("link", name="Partecipa").click()
        wait_app(delegate)
        expect(delegate.get_by_text("Una regia unica dei servizi per Municipio").first).to_be_visible(timeout=TIMEOUT)
        audit(delegate, f"Vota ({method})", axe, failures)
        ballots.close(database, STAFF, bid, OUTCOME)
    database.close()
