"""Running a session through the core: who may, the agenda, switches, timer,
moderation, attendance, hybrid input and facilitators."""

import json

import pytest

from coprog.contributions import contributions, hybrid, moderation
from coprog.live import attendance, facilitation, tallies
from coprog.procedure import delegates, permissions, sessions, staff
from coprog.reading import analysis
from coprog.storage.db import Database
from coprog.texts.errors import NotAllowed, NotFound, ValidationError
from testkit.builders import FACILITATOR as PASSWORD_FACILITATOR
from testkit.builders import STAFF, database_at, facilitator_actor, need_fields


def delegate(world, name="anna"):
    return delegates.delegate_actor(world[name])


def log_need(database, world, name="anna", **fields):
    return contributions.create(database, delegate(world, name), world["session_id"], "bisogno", need_fields(**fields))


@pytest.fixture
def table(world, database):
    """A second session, run by a named facilitator."""
    session_id = sessions.create_session(
        database, STAFF, process_id=world["process_id"], kind="tavolo", title="Tavolo 1"
    )
    fid = staff.add_facilitator(database, STAFF, "Franca Facilitatrice", "franca@example.it")
    staff.assign(database, STAFF, fid, [session_id])
    return {"session_id": session_id, "facilitator": facilitator_actor(staff.get_facilitator(database, fid))}


# -- who may run what ---------------------------------------------------------


def test_named_facilitators_run_only_their_sessions(world, database, table):
    franca = table["facilitator"]
    assert permissions.may_run(database, franca, table["session_id"])
    assert not permissions.may_run(database, franca, world["session_id"])
    with pytest.raises(NotAllowed) as info:
        facilitation.set_show_results(database, franca, world["session_id"], True)
    assert info.value.key == "auth.not_assigned"
    assert [s["id"] for s in facilitation.sessions_for(database, franca, world["process_id"])] == [table["session_id"]]
    for everyone in (STAFF, PASSWORD_FACILITATOR):
        assert len(facilitation.sessions_for(database, everyone, world["process_id"])) == 2


def test_delegates_cannot_run_anything(world, database):
    with pytest.raises(NotAllowed) as info:
        facilitation.set_contributions_open(database, delegate(world), world["phase_id"], False)
    assert info.value.key == "auth.staff_only"
    for action in (
        lambda a: facilitation.timer_set(database, a, world["session_id"], 5),
        lambda a: facilitation.add_phase(database, a, world["session_id"], "Extra"),
        lambda a: moderation.approve(database, a, 1),
        lambda a: attendance.check_in_by_hand(database, a, world["session_id"], world["carla"]["id"]),
        lambda a: hybrid.add_paper_count(database, a, world["session_id"], count=3, area="poverta"),
    ):
        with pytest.raises((NotAllowed, NotFound)):
            action(delegate(world))


def test_facilitator_personal_code_identifies_as_staff(world, database, table):
    code = staff.get_facilitator(database, table["facilitator"].id)["access_code"]
    kind, person = delegates.identify_person(database, code.lower(), "ip:3")
    assert kind == "facilitatore" and person["name"] == "Franca Facilitatrice"
    kind, person = delegates.identify_person(database, world["anna"]["access_code"], "ip:3")
    assert kind == "delegato"
    with pytest.raises(NotAllowed):
        staff.add_facilitator(database, PASSWORD_FACILITATOR, "Altro Nome")


# -- agenda ---------------------------------------------------------------------


def names(database, session_id):
    return [(p["position"], p["name"]) for p in sessions.phases(database, session_id)]


def test_agenda_add_rename_reorder_remove(world, database):
    sid = world["session_id"]
    new = facilitation.add_phase(database, STAFF, sid, "Pausa caffè")
    assert names(database, sid)[-1] == (8, "Pausa caffè")
    facilitation.edit_phase(database, STAFF, new, "Idee libere", ["strategia", "principio"])
    phase = sessions.phases(database, sid)[-1]
    assert (phase["name"], phase["contribution_types"]) == ("Idee libere", "strategia,principio")
    facilitation.move_phase(database, STAFF, new, -1)
    assert names(database, sid)[6:] == [(7, "Idee libere"), (8, "Sintesi")]
    facilitation.move_phase(database, STAFF, sessions.phases(database, sid)[0]["id"], -1)  # already first
    facilitation.remove_phase(database, STAFF, new)
    assert [p for p, _ in names(database, sid)] == list(range(1, 8))
    with pytest.raises(ValidationError):
        facilitation.add_phase(database, STAFF, sid, "   ")
    with pytest.raises(ValidationError):
        facilitation.edit_phase(database, STAFF, sessions.phases(database, sid)[0]["id"], "X", ["voto"])


def test_phases_in_use_cannot_be_removed(world, database):
    with pytest.raises(NotAllowed) as info:
        facilitation.remove_phase(database, STAFF, world["phase_id"])
    assert info.value.key == "phase.is_current"
    log_need(database, world)
    other = sessions.phases(database, world["session_id"])[0]["id"]
    facilitation.set_current_phase(database, STAFF, world["session_id"], other)
    with pytest.raises(NotAllowed) as info:
        facilitation.remove_phase(database, STAFF, world["phase_id"])
    assert info.value.key == "phase.has_contributions"


def test_removing_a_middle_phase_keeps_positions_contiguous(world, database):
    sid = world["session_id"]
    fourth = sessions.phases(database, sid)[3]["id"]
    facilitation.remove_phase(database, STAFF, fourth)
    assert [p for p, _ in names(database, sid)] == [1, 2, 3, 4, 5, 6]


# -- switches and timer ----------------------------------------------------------


def test_switches_are_audited_and_bump_the_version(world, database):
    sid = world["session_id"]
    before = sessions.session_version(database, sid)
    facilitation.set_show_results(database, STAFF, sid, True)
    facilitation.set_board_view(database, STAFF, sid, "mappa")
    session = sessions.get_session(database, sid)
    assert session["show_results"] == 1 and session["board_view"] == "mappa"
    assert sessions.session_version(database, sid) >= before + 2
    actions = [r["action"] for r in database.query("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")]
    assert actions == ["vista_tabellone", "mostra_risultati"]
    with pytest.raises(ValidationError):
        facilitation.set_board_view(database, STAFF, sid, "<script>")


def test_timer_start_pause_resume_reset(world, database):
    sid = world["session_id"]
    get = lambda: sessions.get_session(database, sid)  # noqa: E731
    facilitation.timer_set(database, STAFF, sid, 10)
    assert facilitation.timer_remaining(get()) == 600
    facilitation.timer_start(database, STAFF, sid, now=1000.0)
    assert facilitation.timer_remaining(get(), now=1090.0) == 510
    facilitation.timer_pause(database, STAFF, sid, now=1100.0)
    assert facilitation.timer_remaining(get(), now=5000.0) == 500
    facilitation.timer_start(database, STAFF, sid, now=2000.0)
    assert facilitation.timer_remaining(get(), now=2600.0) == 0  # ran out, never negative
    facilitation.timer_reset(database, STAFF, sid)
    assert facilitation.timer_remaining(get()) == 600 and not facilitation.timer_running(get())
    assert facilitation.format_clock(65) == "01:05"
    with pytest.raises(ValidationError):
        facilitation.timer_set(database, STAFF, sid, 0)


# -- moderation --------------------------------------------------------------------


def test_moderated_session_flow(world, database):
    with database.write() as db:
        db.execute("UPDATE session SET moderated = 1")
    cid = log_need(database, world)
    assert contributions.visible(database, world["session_id"]) == []
    assert [c["id"] for c in moderation.queue(database, world["session_id"], "nuovo")] == [cid]
    moderation.approve(database, STAFF, cid)
    assert [c["id"] for c in contributions.visible(database, world["session_id"])] == [cid]
    with pytest.raises(ValidationError):
        moderation.hide(database, STAFF, cid, "")
    moderation.hide(database, STAFF, cid, "Fuori tema")
    stored = contributions.get(database, cid)
    assert stored["status"] == "nascosto" and stored["hidden_reason"] == "Fuori tema"
    assert contributions.visible(database, world["session_id"]) == []


def test_correct_and_recategorise_even_after_the_close(world, database):
    cid = log_need(database, world, municipi=[1], nils=[1])
    facilitation.set_contributions_open(database, STAFF, world["phase_id"], False)
    moderation.correct(database, STAFF, cid, "Anziani soli d'estate (corretto)", "Testo")
    moderation.recategorise(database, STAFF, cid, {"area": "caregiver", "municipi": [1, 5]})
    stored = contributions.get(database, cid)
    assert stored["title"].endswith("(corretto)") and stored["area"] == "caregiver"
    assert stored["municipi"] == [1, 5] and stored["nils"] == [1]  # the NIL still fits
    moderation.recategorise(database, STAFF, cid, {"municipi": [9]})
    assert contributions.get(database, cid)["nils"] == []  # Duomo is not in Municipio 9
    # the delegate still cannot edit after the close
    with pytest.raises(NotAllowed):
        contributions.update(database, delegate(world), cid, need_fields(title="Ancora io"))


def test_pinned_come_first(world, database):
    first = log_need(database, world, title="Primo bisogno")
    log_need(database, world, title="Secondo bisogno")
    moderation.pin(database, STAFF, first)
    assert contributions.visible(database, world["session_id"])[0]["id"] == first


def test_merge_keeps_every_author_and_counts_once(world, database):
    keep = log_need(database, world, "anna", title="Caregiver senza sollievo")
    other = log_need(database, world, "carla", title="Caregiver esausti senza sollievo")
    moderation.merge(database, STAFF, keep, [other])
    assert [c["id"] for c in contributions.visible(database, world["session_id"])] == [keep]
    assert {a["organisation"] for a in moderation.authors(database, keep)} == {
        "Cooperativa Sociale Alfa",
        "Associazione Beta APS",
    }
    assert tallies.board_counters(database, world["session_id"])["needs"] == 1
    with pytest.raises(NotAllowed):
        contributions.update(database, delegate(world, "carla"), other, need_fields())
    with pytest.raises(ValidationError):
        moderation.merge(database, STAFF, keep, [keep])


def test_merge_refuses_different_types(world, database):
    keep = log_need(database, world)
    strategies = sessions.phases(database, world["session_id"])[2]
    facilitation.set_current_phase(database, STAFF, world["session_id"], strategies["id"])
    facilitation.set_contributions_open(database, STAFF, strategies["id"], True)
    other = contributions.create(
        database, delegate(world), world["session_id"], "strategia", {"title": "Sportello unico", "body": "Testo"}
    )
    with pytest.raises(NotAllowed):
        moderation.merge(database, STAFF, keep, [other])


def test_undo_puts_things_back(world, database):
    cid = log_need(database, world, title="Titolo originale", municipi=[2])
    other = log_need(database, world, "carla")
    moderation.correct(database, STAFF, cid, "Titolo sbagliato", "")
    moderation.recategorise(database, STAFF, cid, {"municipi": [7]})
    moderation.merge(database, STAFF, cid, [other])
    log = moderation.moderation_log(database, world["process_id"])
    assert [e["action"] for e in log] == ["unisce", "ricategorizza", "corregge"]
    with pytest.raises(NotAllowed):
        moderation.undo(database, PASSWORD_FACILITATOR, log[0]["id"])
    for entry in log:
        moderation.undo(database, STAFF, entry["id"])
    stored = contributions.get(database, cid)
    assert stored["title"] == "Titolo originale" and stored["municipi"] == [2]
    assert contributions.get(database, other)["merged_into"] is None
    assert len(moderation.authors(database, cid)) == 1
    with pytest.raises(NotAllowed):
        moderation.undo(database, STAFF, log[0]["id"])
    assert "annulla" in [h["action"] for h in moderation.history(database, cid)]


def test_duplicate_suggestions(world, database):
    a = log_need(database, world, "anna", title="Anziani soli senza aiuto d'estate")
    b = log_need(database, world, "carla", title="Anziani soli d'estate senza aiuto")
    log_need(database, world, "bruno", title="Anziani soli d'estate senza aiuto", area="poverta")  # other area
    log_need(database, world, "bruno", title="Mancano posti nei centri diurni")
    c = log_need(database, world, "bruno", title="Anziani soli d'estate, senza aiuto!")
    groups = moderation.suggest_duplicates(database, world["session_id"])
    assert [(g["keep"]["id"], [o["id"] for o in g["others"]]) for g in groups] == [(a, [b, c])]
    assert groups[0]["score"] >= 80
    assert moderation.suggest_duplicates(database, world["session_id"], "strategia") == []


# -- attendance ------------------------------------------------------------------------


def test_register_by_hand_with_delegation_and_check_out(world, database):
    sid = world["session_id"]
    attendance.check_in(database, world["anna"], sid)
    attendance.check_in_by_hand(
        database, STAFF, sid, world["bruno"]["id"], "online", represents_organisation_id=world["org_b"]
    )
    assert attendance.counts(database, sid)["organisations"] == 2  # Alfa, and Beta through Bruno
    rows = {r["delegate"]: r for r in attendance.register(database, sid)}
    assert rows["Bruno Verdi"]["mode"] == "online" and rows["Bruno Verdi"]["represents"] == "Associazione Beta APS"
    assert rows["Anna Rossi"]["entered_by"] == "link"
    attendance.check_out(database, STAFF, sid, world["bruno"]["id"])
    assert attendance.counts(database, sid)["delegates"] == 1
    with pytest.raises(NotAllowed):
        attendance.check_out(database, STAFF, sid, world["bruno"]["id"])
    attendance.check_in(database, world["bruno"], sid)  # back through the link
    assert attendance.counts(database, sid)["delegates"] == 2


def test_heartbeat_is_throttled_and_counts_connected(world, database):
    sid = world["session_id"]
    attendance.check_in(database, world["anna"], sid)
    assert attendance.heartbeat(database, world["anna"]["id"], sid, now=1000.0)
    assert not attendance.heartbeat(database, world["anna"]["id"], sid, now=1005.0)
    assert attendance.counts(database, sid, now=1010.0)["connected"] == 1
    assert attendance.counts(database, sid, now=1000.0 + attendance.CONNECTED_WITHIN + 1)["connected"] == 0
    assert not attendance.heartbeat(database, world["carla"]["id"], sid)  # not checked in


# -- hybrid input ------------------------------------------------------------------------


def test_on_behalf_and_paper_counts(world, database):
    sid = world["session_id"]
    cid = hybrid.add_on_behalf(database, STAFF, sid, world["org_b"], "bisogno", need_fields(), "carta")
    stored = contributions.get(database, cid)
    assert (stored["source"], stored["organisation_id"], stored["delegate_id"]) == ("carta", world["org_b"], None)
    with pytest.raises(NotAllowed):
        contributions.create(database, delegate(world), sid, "bisogno", need_fields(), organisation_id=world["org_b"])
    hybrid.add_paper_count(database, STAFF, sid, count=12, area="caregiver", note="bollini")
    hybrid.add_paper_count(database, STAFF, sid, count=4, contribution_id=cid, source="alzata_di_mano")
    counts = hybrid.paper_counts(database, sid)
    assert [(c["area"], c["count"], c["source"]) for c in counts] == [
        ("caregiver", 12, "carta"),
        (None, 4, "alzata_di_mano"),
    ]
    for bad in (
        {"count": -1, "area": "caregiver"},
        {"count": 3},
        {"count": 3, "area": "x"},
        {"count": 3, "area": "caregiver", "contribution_id": cid},
    ):
        with pytest.raises(ValidationError):
            hybrid.add_paper_count(database, STAFF, sid, **bad)
    assert len(hybrid.paper_counts(database, sid)) == 2


# -- migration 2 on a version-1 database with data ---------------------------------------


def test_upgrade_backfills_authors(tmp_path):
    path = tmp_path / "v1.db"
    old = database_at(path, 1)
    with old.write() as db:
        db.execute("INSERT INTO process (title) VALUES ('P')")
        db.execute("INSERT INTO session (process_id, kind, title, join_code) VALUES (1, 'plenaria', 'S', 'ABCDEF')")
        db.execute(
            "INSERT INTO phase (session_id, position, name, contribution_types, contributions_open)"
            " VALUES (1, 1, 'Bisogni', 'bisogno', 1)"
        )
        db.execute("INSERT INTO organisation (name, codice_fiscale, legal_form) VALUES ('Ente', '97123450153', 'odv')")
        db.execute(
            "INSERT INTO contribution (session_id, phase_id, type, organisation_id, title, area,"
            " target_group, intensity, trend, evidence_source)"
            " VALUES (1, 1, 'bisogno', 1, 'Titolo', 'poverta', 'minori', 3, 'stabile', 'dati')"
        )
    old.close()
    new = Database(path)
    assert new.query("SELECT contribution_id, organisation_id FROM contribution_author") == [
        {"contribution_id": 1, "organisation_id": 1}
    ]
    assert new.scalar("SELECT last_editor FROM contribution") == "delegato"


def test_a_merged_need_keeps_every_territory_evidence_and_the_highest_intensity(world, database):
    keep = log_need(
        database,
        world,
        "anna",
        title="Anziani soli d'estate",
        municipi=[3],
        intensity=3,
        evidence="Dieci segnalazioni allo sportello",
        evidence_source="segnalazioni",
    )
    other = log_need(
        database,
        world,
        "carla",
        title="Anziani soli d'estate senza aiuto",
        municipi=[7],
        nils=[],
        intensity=5,
        evidence="Dati ATS 2025",
        evidence_source="dati",
    )
    by_municipio = lambda: analysis.by_municipio(  # noqa: E731
        analysis.needs_table(database, world["process_id"])
    ).set_index("municipio")["needs"]
    assert (by_municipio()[3], by_municipio()[7]) == (1, 1)
    moderation.merge(database, STAFF, keep, [other])
    merged = contributions.get(database, keep)
    assert merged["municipi"] == [3, 7] and merged["intensity"] == 5
    assert "Dieci segnalazioni" in merged["evidence"] and "[Dati] Dati ATS 2025" in merged["evidence"]
    assert (by_municipio()[3], by_municipio()[7]) == (1, 1)  # still on the map in both Municipi, counted once each
    assert len(analysis.needs_table(database, world["process_id"])) == 1
    entry = moderation.moderation_log(database, world["process_id"])[0]
    moderation.undo(database, STAFF, entry["id"])
    restored = contributions.get(database, keep)
    assert (restored["municipi"], restored["intensity"], restored["evidence"]) == (
        [3],
        3,
        "Dieci segnalazioni allo sportello",
    )
    assert contributions.get(database, other)["municipi"] == [7]


def test_duplicates_merge_across_the_sessions_of_a_percorso(world, database):
    table = sessions.create_session(database, STAFF, process_id=world["process_id"], kind="tavolo", title="Tavolo 1")
    phase = sessions.phases(database, table)[1]
    facilitation.set_current_phase(database, STAFF, table, phase["id"])
    facilitation.set_contributions_open(database, STAFF, phase["id"], True)
    keep = log_need(database, world, "anna", municipi=[1])
    other = contributions.create(database, delegate(world, "carla"), table, "bisogno", need_fields(municipi=[9]))
    moderation.merge(database, STAFF, keep, [other])
    assert contributions.get(database, keep)["municipi"] == [1, 9]
    assert contributions.visible(database, table) == []


def test_in_a_moderated_session_an_edit_waits_and_the_approved_text_stays_public(world, database):
    cid = log_need(database, world, "anna", title="Testo approvato", municipi=[2])
    facilitation.set_moderated(database, STAFF, world["session_id"], True)
    outcome = contributions.update(
        database, delegate(world, "anna"), cid, need_fields(title="Testo cambiato dopo", municipi=[9])
    )
    assert outcome == "in_attesa"
    public = contributions.visible(database, world["session_id"])[0]
    assert (public["title"], public["municipi"]) == ("Testo approvato", [2])  # boards and projector
    assert list(analysis.needs_table(database, world["process_id"])["title"]) == ["Testo approvato"]
    pending = moderation.pending_revisions(database, world["session_id"])
    assert [r["fields"]["title"] for r in pending] == ["Testo cambiato dopo"]
    moderation.decide_revision(database, STAFF, pending[0]["id"], approve=True)
    public = contributions.visible(database, world["session_id"])[0]
    assert (public["title"], public["municipi"]) == ("Testo cambiato dopo", [9])
    history = [(h["action"], json.loads(h["detail"])["after"].get("title")) for h in moderation.history(database, cid)]
    assert ("propone_modifica", "Testo cambiato dopo") in history and (
        "approva_modifica",
        "Testo cambiato dopo",
    ) in history
    # a second edit, rejected: the approved text stays
    contributions.update(database, delegate(world, "anna"), cid, need_fields(title="Terza versione"))
    rejected = moderation.pending_revisions(database, world["session_id"])[0]
    moderation.decide_revision(database, STAFF, rejected["id"], approve=False)
    assert contributions.get(database, cid)["title"] == "Testo cambiato dopo"
    assert moderation.pending_revisions(database, world["session_id"]) == []
    with pytest.raises(NotFound):
        moderation.decide_revision(database, STAFF, rejected["id"], approve=True)


def test_in_open_mode_an_edit_applies_at_once(world, database):
    cid = log_need(database, world, "anna", title="Prima versione")
    assert (
        contributions.update(database, delegate(world, "anna"), cid, need_fields(title="Seconda versione")) == "salvata"
    )
    assert contributions.visible(database, world["session_id"])[0]["title"] == "Seconda versione"
