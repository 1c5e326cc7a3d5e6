"""One test per rule of coprog/permissions.py (the table in its docstring)."""

import pytest

from coprog import permissions, processes, registry, staff
from coprog.audit import SYSTEM, Actor
from coprog.errors import NotAllowed, NotFound
from testkit.builders import FACILITATOR, STAFF, VALID_CF, facilitator_actor, make_org

ANYONE = Actor("delegato", 1, "Anna", 1)


def refused(call, *args, **kwargs) -> str:
    with pytest.raises((NotAllowed, NotFound)) as info:
        call(*args, **kwargs)
    return info.value.key


@pytest.mark.parametrize(
    "audience, role, admitted, may",
    [
        ("tutti", None, False, True),
        ("delegati", None, True, True),
        ("delegati", None, False, False),
        ("delegati", "organizzatore", False, False),
        ("collegati", None, True, True),
        ("collegati", "facilitatore", False, True),
        ("collegati", None, False, False),
        ("staff", "facilitatore", False, True),
        ("staff", None, True, False),
        ("organizzatori", "organizzatore", False, True),
        ("organizzatori", "facilitatore", False, False),
        ("sconosciuto", "organizzatore", True, False),  # an audience nobody declared: closed
    ],
)
def test_open_a_page_by_its_audience(audience, role, admitted, may):
    assert permissions.may_open_page(audience, role, admitted) is may


def test_organisers_work_is_for_organisers_and_where_asked_the_system():
    permissions.require_organiser(STAFF)
    assert refused(permissions.require_organiser, FACILITATOR) == "auth.organiser_only"
    assert refused(permissions.require_organiser, ANYONE) == "auth.organiser_only"
    assert refused(permissions.require_organiser, SYSTEM) == "auth.organiser_only"
    permissions.require_organiser(SYSTEM, system_too=True)


def test_staff_work_is_for_organisers_and_facilitators():
    permissions.require_staff(STAFF)
    permissions.require_staff(FACILITATOR)
    assert refused(permissions.require_staff, ANYONE) == "auth.staff_only"


def test_running_a_session_organisers_shared_password_and_assigned_facilitators(world, database):
    session_id = world["session_id"]
    other = registry.create_session(database, STAFF, process_id=world["process_id"], kind="tavolo", title="Tavolo")
    franca = facilitator_actor(staff.get_facilitator(database, staff.add_facilitator(database, STAFF, "Franca")))
    staff.assign(database, STAFF, franca.id, [other])
    for actor in (STAFF, FACILITATOR):
        permissions.require_run(database, actor, session_id)
    permissions.require_run(database, franca, other)
    assert refused(permissions.require_run, database, franca, session_id) == "auth.not_assigned"
    assert refused(permissions.require_run, database, ANYONE, session_id) == "auth.staff_only"


def test_taking_part_needs_an_admitted_ets_a_running_percorso_and_its_own_session(world, database):
    with database.write() as db:
        permissions.require_participation(db, world["org_a"], world["session_id"])
    waiting = make_org(database, "Cooperativa Gamma", VALID_CF[2], ("Dario",), admission="ricevuta")
    elsewhere = processes.create(database, STAFF, title="Altro percorso", make_current=False)
    foreign = registry.create_session(database, STAFF, process_id=elsewhere, kind="plenaria", title="Altrove")

    def check(org, session=None):
        with database.write() as db:
            permissions.require_participation(db, org, session)

    assert refused(check, waiting) == "admission.refused_ricevuta"
    assert refused(check, world["org_a"], foreign) == "process.other_process"
    assert refused(check, None) == "organisation.unknown"
    processes.close(database, STAFF, world["process_id"])
    assert refused(check, world["org_a"]) == "process.closed"
    processes.archive(database, STAFF, world["process_id"])
    assert refused(check, world["org_a"]) == "process.archived"


def test_voting_from_a_laptop_is_for_delegates():
    permissions.require_delegate(ANYONE)
    assert refused(permissions.require_delegate, STAFF) == "ballot.delegates_only"
    assert refused(permissions.require_delegate, Actor("delegato", None, "?", 1)) == "ballot.delegates_only"


def test_a_contribution_is_edited_by_its_delegate_or_by_staff():
    permissions.require_own(ANYONE, ANYONE.id)
    permissions.require_own(STAFF, ANYONE.id)
    assert refused(permissions.require_own, ANYONE, 2) == "auth.not_yours"


def test_an_archived_percorso_is_read_only(world, database):
    with database.write() as db:
        permissions.require_editable(db, world["process_id"])
    processes.close(database, STAFF, world["process_id"])
    processes.archive(database, STAFF, world["process_id"])

    def edit():
        with database.write() as db:
            permissions.require_editable(db, world["process_id"])

    assert refused(edit) == "process.archived"
