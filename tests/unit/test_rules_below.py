"""The reactions' and the offer's rules kept below the core: each tried by raw
SQL (what a script, a console or a bug in the core could do) and, where the
core has a part in it, through the core. Migration 13."""

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from coprog.ballots import groups
from coprog.contributions import moderation, reactions
from coprog.procedure import delegates, organisations
from coprog.reading import offer
from coprog.records import drafts
from coprog.texts.errors import NotAllowed
from testkit.builders import STAFF
from testkit.offer import service_fields
from testkit.voices import AGREE, reacting_tables

INSERT = "INSERT INTO reaction (contribution_id, organisation_id, value, endorsed) VALUES (?, ?, ?, ?)"


@pytest.fixture
def world(database):
    return reacting_tables(database)


def actor(world, name):
    return delegates.delegate_actor(world["people"][name])


def raw(database, sql, params=()):
    with database.write() as db:
        db.execute(sql, params)


def test_an_ets_not_admitted_neither_reacts_nor_changes_a_reaction(database, world):
    custode = world["contributions"]["Custode sociale di caseggiato"]  # Beta's
    delta, gamma = world["organisations"]["Delta Fondazione"], world["organisations"]["Gamma Coop"]
    reactions.react(database, actor(world, "Carla Neri"), custode, AGREE)
    organisations.set_admission(database, STAFF, delta, "non_ammessa", "requisiti non dimostrati")
    organisations.set_admission(database, STAFF, gamma, "non_ammessa", "requisiti non dimostrati")
    with pytest.raises(sqlite3.IntegrityError, match="ente_non_ammesso"):
        raw(database, INSERT, [custode, delta, AGREE, 0])
    with pytest.raises(sqlite3.IntegrityError, match="ente_non_ammesso"):
        raw(database, "UPDATE reaction SET value = 'disaccordo' WHERE organisation_id = ?", [gamma])
    assert database.scalar("SELECT value FROM reaction WHERE organisation_id = ?", (gamma,)) == AGREE


def test_an_ets_not_admitted_does_not_observe_the_draft(database, world):
    deadline = (datetime.now(UTC) + timedelta(days=7)).astimezone(drafts.i18n.TZ).strftime("%Y-%m-%d %H:%M")
    draft = drafts.publish(database, STAFF, world["process_id"], deadline)
    section = drafts.sections(database, draft["id"])[0]["id"]
    delta = world["organisations"]["Delta Fondazione"]
    organisations.set_admission(database, STAFF, delta, "non_ammessa", "requisiti non dimostrati")
    with pytest.raises(sqlite3.IntegrityError, match="ente_non_ammesso"):
        raw(database, "INSERT INTO observation (section_id, organisation_id, text) VALUES (?, ?, ?)",
            [section, delta, "Un'osservazione da un ente non ammesso."])  # fmt: skip
    assert database.scalar("SELECT count(*) FROM observation") == 0


def test_a_reaction_on_a_hidden_or_merged_item_never_changes(database, world):
    items = world["contributions"]
    custode, anziani = items["Custode sociale di caseggiato"], items["Anziani soli d'estate nel quartiere"]
    dario = actor(world, "Dario Blu")
    reactions.react(database, dario, custode, AGREE)
    reactions.react(database, dario, anziani, AGREE)
    moderation.hide(database, STAFF, custode, "Fuori tema per questo tavolo")
    for change in ("value = 'disaccordo'", "endorsed = 1", "contribution_id = " + str(anziani)):
        with pytest.raises(sqlite3.IntegrityError, match="contributo_non_pubblico|UNIQUE"):
            raw(database, f"UPDATE reaction SET {change} WHERE contribution_id = ?", [custode])
    south = items["Anziani soli d'estate"]  # the same need, at the south table: merged into the north one
    moderation.merge(database, STAFF, south, [anziani])
    with pytest.raises(sqlite3.IntegrityError, match="contributo_non_pubblico"):
        raw(database, "UPDATE reaction SET value = 'passo' WHERE contribution_id = ?", [anziani])
    assert {r["value"] for r in database.query("SELECT value FROM reaction")} == {AGREE}


def test_no_reaction_on_what_an_ets_authors_or_co_authors(database, world):
    custode = world["contributions"]["Custode sociale di caseggiato"]  # Beta's
    gamma, delta = world["organisations"]["Gamma Coop"], world["organisations"]["Delta Fondazione"]
    raw(database, "INSERT INTO contribution_author (contribution_id, organisation_id) VALUES (?, ?)", [custode, gamma])
    with pytest.raises(sqlite3.IntegrityError, match="contributo_proprio"):
        raw(database, INSERT, [custode, gamma, AGREE, 1])  # a co-author neither reacts nor co-signs
    reactions.react(database, actor(world, "Dario Blu"), custode, AGREE)
    with pytest.raises(sqlite3.IntegrityError, match="reazione_da_ritirare"):
        raw(database, "INSERT INTO contribution_author (contribution_id, organisation_id) VALUES (?, ?)",
            [custode, delta])  # fmt: skip
    raw(database, "INSERT INTO reaction (contribution_id, organisation_id, value) VALUES (?, ?, 'passo')",
        [world["contributions"]["Sportello unico domiciliare per Municipio"], gamma])  # fmt: skip
    with pytest.raises(sqlite3.IntegrityError, match="contributo_proprio|UNIQUE"):
        raw(database, "UPDATE reaction SET contribution_id = ? WHERE organisation_id = ?", [custode, gamma])


def test_a_merge_that_makes_an_ets_co_author_withdraws_its_reaction_and_says_so(database, world):
    items = world["contributions"]
    sportello = items["Sportello unico domiciliare per Municipio"]  # Alfa's, at the north table
    duplicate = items["Sportello unico domiciliare in ogni Municipio"]  # Gamma's, at the south table
    carla = actor(world, "Carla Neri")
    reactions.endorse(database, carla, sportello)  # Gamma co-signs Alfa's item
    reactions.react(database, actor(world, "Dario Blu"), sportello, AGREE)
    withdrawn = moderation.merge(database, STAFF, sportello, [duplicate])
    assert withdrawn == ["Gamma Coop"]
    left = database.query("SELECT organisation_id, endorsed FROM reaction WHERE contribution_id = ?", (sportello,))
    assert [r["organisation_id"] for r in left] == [world["organisations"]["Delta Fondazione"]]
    (detail,) = [r["detail"] for r in database.query("SELECT detail FROM audit_log WHERE action = 'unisce'")]
    gamma = world["organisations"]["Gamma Coop"]
    assert json.loads(detail)["after"]["reactions_withdrawn"] == [
        {"organisation_id": gamma, "value": "accordo", "endorsed": 1}
    ]
    found = groups.reading(database, world["process_id"])
    item = next(i for i in found["items"] if i["id"] == sportello)
    assert item["endorsers"] == [] and item["agree"] == 1  # its own item no longer feeds the consensus as a reaction
    with pytest.raises(NotAllowed):
        reactions.react(database, carla, sportello, AGREE)


def test_a_service_is_withdrawn_by_its_own_delegates_who_are_recorded(database, world):
    anna, carla = actor(world, "Anna Rossi"), actor(world, "Carla Neri")
    service = offer.declare(database, anna, service_fields("telesoccorso", [1], 12, 3, 1, 0, False, True))
    with pytest.raises(NotAllowed):
        offer.withdraw(database, STAFF, service)  # organisers hide, with a reason
    bruno = world["people"]["Bruno Verdi"]["id"]  # Beta's delegate
    for sql, params, marker in (
        ("UPDATE service SET status = 'ritirato' WHERE id = ?", [service], "ritiro_solo_ente"),
        ("UPDATE service SET status = 'ritirato', withdrawn_by = ? WHERE id = ?", [bruno, service],
         "delegato_altro_ente|ritiro_solo_ente"),
        ("UPDATE service SET delegate_id = ? WHERE id = ?", [bruno, service], "delegato_altro_ente"),
    ):  # fmt: skip
        with pytest.raises(sqlite3.IntegrityError, match=marker):
            raw(database, sql, params)
    with pytest.raises(sqlite3.IntegrityError, match="delegato_altro_ente"):
        raw(database, "INSERT INTO service (organisation_id, delegate_id, type, people, weekly_hours, paid_staff,"
            " volunteers) VALUES (?, ?, 'telesoccorso', 1, 1, 1, 1)", [anna.organisation_id, bruno])  # fmt: skip
    with pytest.raises(NotAllowed):
        offer.withdraw(database, carla, service)
    offer.withdraw(database, anna, service)
    row = database.query("SELECT status, withdrawn_by, withdrawn_at FROM service WHERE id = ?", (service,))[0]
    assert (row["status"], row["withdrawn_by"]) == ("ritirato", anna.id) and row["withdrawn_at"]
