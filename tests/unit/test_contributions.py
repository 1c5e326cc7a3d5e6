"""Needs and proposals through the core API: validation, phases, ownership, audit."""

import json
import sqlite3

import pytest

from coprog.contributions import contributions
from coprog.live import attendance, facilitation
from coprog.procedure import delegates, sessions
from coprog.texts.errors import NotAllowed, ValidationError
from testkit.builders import STAFF, need_fields


def actor(world, name="anna"):
    return delegates.delegate_actor(world[name])


def test_a_need_is_stored_with_its_territory(world, database):
    cid = contributions.create(
        database, actor(world), world["session_id"], "bisogno", need_fields(municipi=[3, 9], nils=[])
    )
    stored = contributions.get(database, cid)
    assert stored["status"] == "approvato"  # open mode
    assert stored["municipi"] == [3, 9] and stored["organisation_id"] == world["org_a"]
    assert stored["delegate_id"] == world["anna"]["id"] and stored["source"] == "laptop"


def test_a_nil_alone_gives_its_municipio(world, database):
    cid = contributions.create(
        database, actor(world), world["session_id"], "bisogno", need_fields(municipi=[], nils=[1])
    )  # Duomo, Municipio 1
    assert contributions.get(database, cid)["municipi"] == [1]


def test_citywide_need_names_no_municipio(world, database):
    cid = contributions.create(
        database, actor(world), world["session_id"], "bisogno", need_fields(citywide=True, municipi=[2])
    )
    stored = contributions.get(database, cid)
    assert stored["citywide"] == 1 and stored["municipi"] == []


@pytest.mark.parametrize(
    "overrides, field, key",
    [
        ({"title": ""}, "title", "validation.required"),
        ({"title": "ab"}, "title", "validation.too_short"),
        ({"title": "x" * 151}, "title", "validation.too_long"),
        ({"area": "inventata"}, "area", "validation.unknown_value"),
        ({"intensity": 9}, "intensity", "validation.out_of_range"),
        ({"intensity": "tanto"}, "intensity", "validation.not_a_number"),
        ({"trend": None}, "trend", "validation.required"),
        ({"municipi": [], "nils": []}, "municipi", "validation.territory_required"),
        ({"municipi": [12]}, "municipi", "validation.unknown_municipio"),
        ({"municipi": [9], "nils": [1]}, "nils", "validation.nil_outside"),
        ({"nils": [4242]}, "nils", "validation.unknown_nil"),
        ({"evidence": "e" * 1001}, "evidence", "validation.too_long"),
    ],
)
def test_bad_needs_are_refused_and_nothing_is_stored(world, database, overrides, field, key):
    with pytest.raises(ValidationError) as info:
        contributions.create(database, actor(world), world["session_id"], "bisogno", need_fields(**overrides))
    assert (field, key) in [(f, k) for f, k, _ in info.value.problems]
    assert database.scalar("SELECT count(*) FROM contribution") == 0


def test_control_characters_are_stripped(world, database):
    cid = contributions.create(
        database, actor(world), world["session_id"], "bisogno", need_fields(title="  Anziani\x00 soli\u200b  ")
    )
    assert contributions.get(database, cid)["title"] == "Anziani soli"


def test_closed_phase_refuses_and_stores_nothing(world, database):
    facilitation.set_contributions_open(database, STAFF, world["phase_id"], False)
    with pytest.raises(NotAllowed) as info:
        contributions.create(database, actor(world), world["session_id"], "bisogno", need_fields())
    assert info.value.key == "contribution.phase_closed"
    assert database.scalar("SELECT count(*) FROM contribution") == 0


def test_type_not_open_in_this_phase_is_refused(world, database):
    with pytest.raises(NotAllowed):
        contributions.create(
            database,
            actor(world),
            world["session_id"],
            "strategia",
            {"title": "Sportello unico", "body": "Un punto di accesso."},
        )


def test_the_database_itself_refuses_a_closed_phase(world, database):
    facilitation.set_contributions_open(database, STAFF, world["phase_id"], False)
    with pytest.raises(sqlite3.IntegrityError, match="fase_chiusa"), database.write() as db:
        db.execute(
            "INSERT INTO contribution (session_id, phase_id, type, organisation_id,"
            " delegate_id, title, area, target_group, intensity, trend, evidence_source)"
            " VALUES (?, ?, 'bisogno', ?, ?, 'Titolo', 'poverta', 'minori', 3, 'stabile', 'dati')",
            [world["session_id"], world["phase_id"], world["org_a"], world["anna"]["id"]],
        )


def test_the_database_checks_need_fields_and_delegate_org(world, database):
    with pytest.raises(sqlite3.IntegrityError), database.write() as db:  # a need without area
        db.execute(
            "INSERT INTO contribution (session_id, phase_id, type, organisation_id,"
            " title) VALUES (?, ?, 'bisogno', ?, 'Titolo')",
            [world["session_id"], world["phase_id"], world["org_a"]],
        )
    with pytest.raises(sqlite3.IntegrityError, match="delegato_non_valido"), database.write() as db:
        # Anna writing as organisation B
        db.execute(
            "INSERT INTO contribution (session_id, phase_id, type, organisation_id,"
            " delegate_id, title, area, target_group, intensity, trend, evidence_source)"
            " VALUES (?, ?, 'bisogno', ?, ?, 'Titolo', 'poverta', 'minori', 3, 'stabile', 'dati')",
            [world["session_id"], world["phase_id"], world["org_b"], world["anna"]["id"]],
        )


def test_author_edits_and_withdraws_while_open(world, database):
    cid = contributions.create(database, actor(world), world["session_id"], "bisogno", need_fields())
    contributions.update(database, actor(world), cid, need_fields(title="Titolo corretto", intensity=5))
    stored = contributions.get(database, cid)
    assert stored["title"] == "Titolo corretto" and stored["intensity"] == 5
    contributions.withdraw(database, actor(world), cid)
    assert contributions.get(database, cid)["status"] == "ritirato"
    assert contributions.by_delegate(database, world["anna"]["id"]) == []
    assert contributions.visible(database, world["session_id"]) == []


def test_nobody_edits_someone_elses_contribution(world, database):
    cid = contributions.create(database, actor(world), world["session_id"], "bisogno", need_fields())
    for other in ("bruno", "carla"):  # same organisation or another one
        with pytest.raises(NotAllowed) as info:
            contributions.update(database, actor(world, other), cid, need_fields(title="Mio ora"))
        assert info.value.key == "auth.not_yours"
        with pytest.raises(NotAllowed):
            contributions.withdraw(database, actor(world, other), cid)
    assert contributions.get(database, cid)["title"] == "Anziani soli d'estate"


def test_no_edit_after_the_phase_closes(world, database):
    cid = contributions.create(database, actor(world), world["session_id"], "bisogno", need_fields())
    facilitation.set_contributions_open(database, STAFF, world["phase_id"], False)
    with pytest.raises(NotAllowed):
        contributions.update(database, actor(world), cid, need_fields(title="Troppo tardi"))
    with pytest.raises(NotAllowed):
        contributions.withdraw(database, actor(world), cid)
    with pytest.raises(sqlite3.IntegrityError, match="fase_chiusa"), database.write() as db:
        db.execute("UPDATE contribution SET title = 'aggirato' WHERE id = ?", [cid])


def test_moderated_sessions_hold_new_contributions(world, database):
    with database.write() as db:
        db.execute("UPDATE session SET moderated = 1")
    cid = contributions.create(database, actor(world), world["session_id"], "bisogno", need_fields())
    assert contributions.get(database, cid)["status"] == "nuovo"
    assert contributions.visible(database, world["session_id"]) == []


def test_proposals_need_a_text(world, database):
    strategies = next(p for p in sessions.phases(database, world["session_id"]) if p["position"] == 3)
    facilitation.set_current_phase(database, STAFF, world["session_id"], strategies["id"])
    facilitation.set_contributions_open(database, STAFF, strategies["id"], True)
    with pytest.raises(ValidationError):
        contributions.create(database, actor(world), world["session_id"], "strategia", {"title": "Solo titolo"})
    cid = contributions.create(
        database,
        actor(world),
        world["session_id"],
        "strategia",
        {"title": "Punto unico di accesso", "body": "Uno per Municipio."},
    )
    assert contributions.get(database, cid)["type"] == "strategia"


def test_every_write_is_audited(world, database):
    cid = contributions.create(database, actor(world), world["session_id"], "bisogno", need_fields())
    contributions.update(database, actor(world), cid, need_fields(title="Nuovo titolo"))
    rows = database.query("SELECT * FROM audit_log WHERE entity = 'contribution' ORDER BY id")
    assert [r["action"] for r in rows] == ["crea", "modifica"]
    assert rows[1]["actor_kind"] == "delegato" and rows[1]["actor_id"] == world["anna"]["id"]
    detail = json.loads(rows[1]["detail"])
    assert detail["before"]["title"] == "Anziani soli d'estate" and detail["after"]["title"] == "Nuovo titolo"


def test_session_version_moves_on_every_change(world, database):
    before = sessions.session_version(database, world["session_id"])
    contributions.create(database, actor(world), world["session_id"], "bisogno", need_fields())
    after = sessions.session_version(database, world["session_id"])
    facilitation.set_contributions_open(database, STAFF, world["phase_id"], False)
    assert before < after < sessions.session_version(database, world["session_id"])


def test_join_by_code_checks_in_once(world, database):
    session = sessions.get_session(database, world["session_id"])
    found = sessions.session_by_join_code(database, session["join_code"].lower())
    attendance.check_in(database, world["anna"], found["id"])
    attendance.check_in(database, world["anna"], found["id"])
    attendance.check_in(database, world["bruno"], found["id"])
    counts = attendance.counts(database, found["id"])
    assert (counts["organisations"], counts["delegates"]) == (1, 2)
