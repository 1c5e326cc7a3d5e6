"""Every voice counted, through the core: opinion groups and group-informed
consensus on hand-built matrices, reactions and adesioni (one per ETS per item,
held by the database, under bursts of threads and of processes), the floor's
queue and times, the draft sintesi and its observations (refused after the
deadline), and what reaches the records."""

import io
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from docx import Document

from coprog.ballots import groups, opinion, tallying
from coprog.contributions import reactions
from coprog.live import attendance, facilitation, floor
from coprog.procedure import delegates
from coprog.records import documents, drafts, records, sintesi
from coprog.texts.errors import NotAllowed, ValidationError
from testkit.builders import FACILITATOR, STAFF
from testkit.server import ROOT
from testkit.voices import AGREE, DISAGREE, PASS, reacting_tables

# -- opinion groups and consensus on hand-built matrices -------------------------------------


def two_camps(n_each=3, items=6):
    """ETS 0..n-1 agree with items 0-2 and disagree with 3-5; the others the opposite."""
    people = list(range(2 * n_each))
    return (
        people,
        list(range(items)),
        [(p, i, (1 if i < items // 2 else -1) * (1 if p < n_each else -1)) for p in people for i in range(items)],
    )


def test_two_camps_are_two_groups_and_every_item_divides_them():
    people, items, reactions_ = two_camps()
    found = opinion.analyse(people, items, reactions_)
    assert found["groups"]["labels"] == ["A", "A", "A", "B", "B", "B"]
    assert found["groups"]["k"] == 2 and found["groups"]["silhouette"] == 1.0
    # item 0: group A 3 agrees of 3 -> 4/5, group B 0 of 3 -> 1/5; product 0.16
    first = found["consensus"]["opinione"][0]
    assert (first["consensus"], first["level"], first["gap"]) == (0.16, 0.4, 0.6)
    assert first["divides"] and not first["shared"]
    assert found["positions"]["A"][0] == {"agree": 3, "disagree": 0, "pass": 0, "share": 0.8}
    assert found["positions"]["B"][3] == {"agree": 3, "disagree": 0, "pass": 0, "share": 0.8}


def test_a_shared_item_between_camps_has_high_consensus():
    people, items, reactions_ = two_camps(items=7)
    # item 6 (the 7th): both camps' ETS agree, except one pass in B
    reactions_ = [r for r in reactions_ if r[1] != 6] + [(p, 6, 1) for p in people if p != 5] + [(5, 6, 0)]
    found = opinion.analyse(people, items, reactions_)
    item = found["consensus"]["opinione"][6]
    # A: 3/3 -> 4/5; B: 2 agrees of 3 seen -> 3/5; product 0.48, geometric mean 0.6928
    assert (item["consensus"], item["level"], item["gap"]) == (0.48, 0.6928, 0.2)
    assert item["shared"] and not item["divides"]


def test_everybody_agreeing_is_one_group():
    people, items = list(range(6)), list(range(8))
    found = opinion.analyse(people, items, [(p, i, 1) for p in people for i in items])
    assert found["groups"]["k"] == 1 and set(found["groups"]["labels"]) == {"A"}
    assert found["consensus"]["opinione"][0]["consensus"] == round(7 / 8, 4)  # one group: (6 + 1) / (6 + 2)


def test_random_reactions_form_no_groups_but_planted_ones_are_found():
    rng = np.random.default_rng(3)
    people, items = list(range(60)), list(range(40))
    noise = [(p, i, int(rng.choice([1, -1, 0]))) for p in people for i in items if rng.random() < 0.6]
    assert opinion.analyse(people, items, noise)["groups"]["k"] == 1  # k-means always splits: the null says no
    base = rng.choice([1, -1], size=(3, len(items)))
    planted = [
        (p, i, int(base[p % 3, i] if rng.random() < 0.85 else -base[p % 3, i]))
        for p in people
        for i in items
        if rng.random() < 0.6
    ]
    found = opinion.analyse(people, items, planted)["groups"]
    assert found["k"] == 3
    majority = []
    for g in range(3):  # each planted group is (almost all) one found group, a different one each
        labels = [found["labels"][p] for p in people if p % 3 == g]
        top = max(set(labels), key=labels.count)
        assert labels.count(top) >= 0.9 * len(labels)
        majority.append(top)
    assert len(set(majority)) == 3


def test_sparse_ets_stay_off_the_map_but_count_in_the_figures():
    people, items, reactions_ = two_camps(items=8)
    reactions_ = [r for r in reactions_ if r[1] < 8] + [(6, 0, 1), (6, 1, 1)]  # ETS 6: two reactions only
    found = opinion.analyse([*people, 6], items, reactions_)
    assert found["groups"]["labels"][6] is None and found["groups"]["coords"][6] is None
    assert found["groups"]["mapped"] == 6
    assert int(np.nansum(found["matrix"][:, 0] == 1)) == 4  # its agree on item 0 counts


def test_sparsity_scaling_pushes_a_thin_row_out_from_the_centre():
    m = np.array([[1, 1, -1, -1], [1, np.nan, np.nan, -1], [-1, -1, 1, 1], [-1, -1, 1, 1]], dtype=float)
    xy = opinion._project(m)
    full = opinion._project(np.where(np.isnan(m), np.array([[0, 0, 0, 0]]), m))
    # the thin row (2 of 4 reactions) is scaled by sqrt(4 / 2)
    assert np.linalg.norm(xy[1]) > np.linalg.norm(full[1])


def test_declared_groups_overlap_and_use_the_same_measure():
    people, items = ["alfa", "beta", "gamma"], [1]
    declared = {"municipio": {"1": {"alfa", "beta"}, "2": {"beta", "gamma"}}}
    found = opinion.analyse(people, items, [("alfa", 1, 1), ("beta", 1, 1), ("gamma", 1, -1)], declared)
    item = found["consensus"]["municipio"][0]
    # Municipio 1: 2 of 2 -> 3/4; Municipio 2: 1 of 2 -> 2/4
    assert (item["consensus"], item["gap"], item["groups"]) == (0.375, 0.25, 2)


def test_informed_with_small_groups_is_not_a_yes_no():
    # the old test: "a majority in every group" -> one ETS against in a group of one = divergent
    assert opinion.informed([(1, 1), (0, 1)])["gap"] == pytest.approx(1 / 3, abs=1e-4)
    assert not opinion.informed([(1, 1), (0, 1)])["divides"]  # too little to call it a division
    assert opinion.informed([(10, 10), (0, 10)])["divides"]
    assert opinion.informed([])["consensus"] is None


# -- reactions and adesioni ---------------------------------------------------------------------


@pytest.fixture
def tables(database):
    return reacting_tables(database)


def actor(world, name):
    return delegates.delegate_actor(world["people"][name])


def test_react_change_and_cosign(database, tables):
    items = tables["contributions"]
    custode = items["Custode sociale di caseggiato"]  # Beta's, at the north table
    reactions.react(database, actor(tables, "Anna Rossi"), custode, AGREE)
    reactions.react(database, actor(tables, "Anna Rossi"), custode, DISAGREE)  # changed, same row
    rows = database.query("SELECT value, endorsed, changes FROM reaction WHERE contribution_id = ?", (custode,))
    assert rows == [{"value": DISAGREE, "endorsed": 0, "changes": 1}]
    reactions.endorse(database, actor(tables, "Anna Rossi"), custode)
    assert reactions.mine(database, tables["organisations"]["Alfa APS"], [custode]) == {
        custode: {"value": AGREE, "endorsed": True}
    }
    assert reactions.endorsers(database, [custode]) == {custode: ["Alfa APS"]}
    reactions.react(database, actor(tables, "Anna Rossi"), custode, PASS)  # no longer agreeing: no longer co-signing
    assert reactions.endorsers(database, [custode]) == {}
    # one ETS, one reaction: Beta's second delegate changes Beta's, not a second row
    sportello = items["Sportello unico domiciliare per Municipio"]  # Alfa's
    reactions.react(database, actor(tables, "Bruno Verdi"), sportello, AGREE)
    reactions.react(database, actor(tables, "Bice Gialli"), sportello, DISAGREE)
    assert database.query("SELECT value FROM reaction WHERE contribution_id = ?", (sportello,)) == [{"value": DISAGREE}]
    audit = database.query("SELECT action FROM audit_log WHERE action IN ('reagisce', 'aderisce') ORDER BY id")
    assert [a["action"] for a in audit] == ["reagisce", "reagisce", "aderisce", "reagisce", "reagisce", "reagisce"]


def test_reactions_refused_and_nothing_written(database, tables):
    items = tables["contributions"]
    own = items["Sportello unico domiciliare per Municipio"]  # Alfa's own
    with pytest.raises(NotAllowed) as refused:
        reactions.react(database, actor(tables, "Anna Rossi"), own, AGREE)
    assert refused.value.key == "reaction.own"
    with pytest.raises(ValidationError):
        reactions.react(database, actor(tables, "Bruno Verdi"), own, "forse")
    south = items["Caregiver senza sollievo"]  # the south table takes no reactions
    with pytest.raises(NotAllowed) as refused:
        reactions.react(database, actor(tables, "Anna Rossi"), south, AGREE)
    assert refused.value.key == "reaction.closed"
    with pytest.raises(NotAllowed) as refused:
        reactions.react(database, FACILITATOR, own, AGREE)
    assert refused.value.key == "reaction.delegates_only"
    facilitation.set_reactions_open(database, STAFF, tables["north_phase"], False)
    with pytest.raises(NotAllowed):
        reactions.react(database, actor(tables, "Bruno Verdi"), own, AGREE)
    assert database.scalar("SELECT count(*) FROM reaction") == 0


def test_the_database_holds_the_rules(database, tables):
    items = tables["contributions"]
    alfa, beta = tables["organisations"]["Alfa APS"], tables["organisations"]["Beta ODV"]
    own = items["Sportello unico domiciliare per Municipio"]
    insert = "INSERT INTO reaction (contribution_id, organisation_id, value, endorsed) VALUES (?, ?, ?, ?)"
    with database.write() as db:
        db.execute(insert, [own, beta, AGREE, 0])
    for params, marker in (
        ([own, beta, DISAGREE, 0], "UNIQUE"),  # one per ETS per item
        ([own, alfa, AGREE, 0], "contributo_proprio"),
        ([items["Custode sociale di caseggiato"], alfa, DISAGREE, 1], "CHECK"),  # co-signing means agreeing
        ([items["Caregiver senza sollievo"], alfa, AGREE, 0], "reazioni_chiuse"),
    ):
        with pytest.raises(sqlite3.IntegrityError, match=marker), database.write() as db:
            db.execute(insert, params)
    facilitation.set_reactions_open(database, STAFF, tables["north_phase"], False)
    with pytest.raises(sqlite3.IntegrityError, match="reazioni_chiuse"), database.write() as db:
        db.execute("UPDATE reaction SET value = 'passo'")


def test_a_burst_of_threads_leaves_one_reaction_per_ets_per_item(database, tables):
    items = [
        tables["contributions"][t]
        for t in ("Sportello unico domiciliare per Municipio", "Custode sociale di caseggiato")
    ]
    # Beta's two delegates, Gamma's and Delta's: 4 people, 3 ETS; each reacts to both items 10 times at once
    people = [actor(tables, n) for n in ("Bruno Verdi", "Bice Gialli", "Carla Neri", "Dario Blu")]
    barrier = threading.Barrier(len(people) * 2)
    done, errors = [], []

    def burst(person, item):
        barrier.wait()
        for n in range(10):
            try:
                reactions.react(database, person, item, (AGREE, DISAGREE, PASS)[n % 3])
                done.append(1)
            except NotAllowed as exc:  # Beta reacting to Beta's custode: refused, counted apart
                errors.append(exc.key)

    threads = [threading.Thread(target=burst, args=(p, i)) for p in people for i in items]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert set(errors) == {"reaction.own"} and len(errors) == 20  # Bruno and Bice on Beta's own item
    rows = database.query("SELECT contribution_id, organisation_id, changes FROM reaction ORDER BY 1, 2")
    assert len(rows) == 5  # (sportello: Beta, Gamma, Delta) + (custode: Gamma, Delta)
    # every write confirmed is one insert or one change: none lost, none counted twice
    assert sum(r["changes"] + 1 for r in rows) == len(done) == 60


def test_a_burst_of_processes_leaves_one_reaction_per_ets_per_item(database, tables):
    """Four OS processes (one per delegate, as four server processes would be)
    start writing at the same wall-clock moment. Plain subprocesses, not a
    multiprocessing pool: a pool's children re-import the parent's __main__,
    which after the AppTests is a Streamlit page."""
    items = [
        tables["contributions"][t]
        for t in ("Sportello unico domiciliare per Municipio", "Anziani soli d'estate nel quartiere")
    ]
    people = [tables["people"][n]["id"] for n in ("Bruno Verdi", "Bice Gialli", "Carla Neri", "Dario Blu")]
    start_at = time.time() + 3.0  # every process starts writing at the same moment
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "testkit.voices",
                str(database.path),
                str(tables["process_id"]),
                str(d),
                ",".join(map(str, items)),
                str(start_at),
                "6",
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for d in people
    ]
    confirmed = [int(w.communicate(timeout=120)[0].strip().splitlines()[-1]) for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0, 0]
    assert confirmed == [12, 12, 12, 12]
    rows = database.query("SELECT contribution_id, organisation_id, changes FROM reaction")
    assert len(rows) == 6  # 3 ETS (Beta counted once) × 2 items
    assert sum(r["changes"] + 1 for r in rows) == sum(confirmed)


def test_the_reading_of_a_session_counts_and_names_adesioni(database, tables):
    items = tables["contributions"]
    sportello, custode = items["Sportello unico domiciliare per Municipio"], items["Custode sociale di caseggiato"]
    reactions.endorse(database, actor(tables, "Carla Neri"), sportello)
    reactions.react(database, actor(tables, "Bruno Verdi"), sportello, DISAGREE)
    reactions.react(database, actor(tables, "Dario Blu"), sportello, AGREE)
    reactions.react(database, actor(tables, "Anna Rossi"), custode, AGREE)
    found = groups.reading(database, tables["process_id"], tables["sessions"]["Tavolo Nord"])
    by_title = {i["title"]: i for i in found["items"]}
    first = by_title["Sportello unico domiciliare per Municipio"]
    assert (first["agree"], first["disagree"], first["pass"], first["endorsers"]) == (2, 1, 0, ["Gamma Coop"])
    # Municipi: 1 = {Alfa, its author: agrees} -> 2/3; 2 = {Beta (no), Gamma (yes)} -> 2/4; 3 = {Gamma} -> 2/3;
    # 4 = {Delta} -> 2/3: every Municipio saw it, and 4 of the 4 ETS in the reading
    assert first["consensus_municipio"]["consensus"] == round(2 / 3 * 0.5 * 2 / 3 * 2 / 3, 4)
    assert first["consensus_municipio"]["rated"] and first["consensus_municipio"]["seen_groups"] == 4
    assert found["reacting"] == 4 and len(found["organisations"]) == 4  # Alfa reacted to the custode
    assert found["groups"]["mapped"] == 0  # two items: too few reactions per ETS for a map (min(7, 2) = 2; 1 each)
    assert found["reactions"] == 4


# -- the floor ----------------------------------------------------------------------------


def at(seconds):
    return datetime(2026, 11, 27, 10, 0, tzinfo=UTC) + timedelta(seconds=seconds)


def test_queue_order_first_timers_first():
    waiting = [
        {"id": 1, "organisation_id": 10, "requested_at": "2026-11-27T10:00:01.000Z"},
        {"id": 2, "organisation_id": 20, "requested_at": "2026-11-27T10:00:02.000Z"},
        {"id": 3, "organisation_id": 30, "requested_at": "2026-11-27T10:00:03.000Z"},
    ]
    assert [r["id"] for r in floor.order(waiting, {10}, True)] == [2, 3, 1]  # ETS 10 already spoke
    assert [r["id"] for r in floor.order(waiting, {10}, False)] == [1, 2, 3]


def test_ask_call_end_with_times_into_the_records(database, tables):
    north = tables["sessions"]["Tavolo Nord"]
    anna, bruno = actor(tables, "Anna Rossi"), actor(tables, "Bruno Verdi")
    floor.ask(database, anna, north, at=at(0))
    floor.ask(database, bruno, north, at=at(5))
    with pytest.raises(NotAllowed) as refused:
        floor.ask(database, anna, north, at=at(6))
    assert refused.value.key == "floor.already_asked"
    with pytest.raises(NotAllowed) as refused:  # Carla is checked in at the south table, not here
        floor.ask(database, actor(tables, "Carla Neri"), north)
    assert refused.value.key == "floor.not_checked_in"
    assert [r["delegate"] for r in floor.queue(database, north)] == ["Anna Rossi", "Bruno Verdi"]
    assert floor.mine(database, north, tables["people"]["Bruno Verdi"]["id"])["place"] == 2
    floor.call(database, FACILITATOR, north, at=at(10))  # Anna
    assert floor.speaker(database, north)["delegate"] == "Anna Rossi"
    floor.call(database, FACILITATOR, north, at=at(100))  # Bruno; Anna's turn ends: 90 s
    floor.end_turn(database, FACILITATOR, north, at=at(145))  # 45 s
    with pytest.raises(NotAllowed):
        floor.end_turn(database, FACILITATOR, north)
    # Anna asks again; Dario, whose ETS has not spoken, asks later and goes first
    attendance.check_in(database, tables["people"]["Dario Blu"], north)
    floor.ask(database, anna, north, at=at(150))
    floor.ask(database, actor(tables, "Dario Blu"), north, at=at(160))
    assert [r["delegate"] for r in floor.queue(database, north)] == ["Dario Blu", "Anna Rossi"]
    floor.withdraw(database, anna, north)
    assert [r["delegate"] for r in floor.queue(database, north)] == ["Dario Blu"]
    assert [(t["delegate"], t["seconds"]) for t in floor.turns(database, north)] == [
        ("Anna Rossi", 90),
        ("Bruno Verdi", 45),
    ]
    assert floor.by_organisation(database, north) == [
        {"organisation": "Alfa APS", "turns": 1, "seconds": 90},
        {"organisation": "Beta ODV", "turns": 1, "seconds": 45},
    ]
    register = {r["delegate"]: (r["turns"], r["spoken"]) for r in attendance.register(database, north)}
    assert register["Anna Rossi"] == (1, 90) and register["Bruno Verdi"] == (1, 45)
    minutes = records.minutes(database, north)
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.verbale_docx(minutes))).paragraphs)
    cells = " ".join(
        c.text for t in Document(io.BytesIO(documents.verbale_docx(minutes))).tables for r in t.rows for c in r.cells
    )
    assert "Alfa APS: 1 intervento, 1 min 30 s" in text and "Beta ODV: 1 intervento, 45 s" in text
    assert "Anna Rossi" in cells and "1 min 30 s" in cells
    assert "Interventi" in documents.REGISTER_HEADER


def test_one_speaker_at_a_time_in_the_database(database, tables):
    north = tables["sessions"]["Tavolo Nord"]
    first = floor.ask(database, actor(tables, "Anna Rossi"), north)
    second = floor.ask(database, actor(tables, "Bruno Verdi"), north)
    floor.call(database, FACILITATOR, north, first)
    with pytest.raises(sqlite3.IntegrityError), database.write() as db:
        db.execute(
            "UPDATE floor_request SET status = 'in_corso', called_at = '2026-11-27T10:00:00.000Z' WHERE id = ?",
            [second],
        )
    with pytest.raises(NotAllowed) as refused:
        floor.call(database, actor(tables, "Anna Rossi"), north)
    assert refused.value.key in ("auth.staff_only", "auth.not_assigned")


# -- the draft and its observations ------------------------------------------------------------


def test_publish_observe_answer_and_the_next_version_lists_them(database, tables):
    process_id = tables["process_id"]
    now = datetime.now(UTC)
    deadline = (now + timedelta(days=7)).astimezone(drafts.i18n.TZ).strftime("%Y-%m-%d %H:%M")
    with pytest.raises(NotAllowed) as refused:
        drafts.publish(database, STAFF, process_id, "2020-01-01 10:00")
    assert refused.value.key == "draft.deadline_past"
    with pytest.raises(NotAllowed):
        drafts.publish(database, FACILITATOR, process_id, deadline)
    first = drafts.publish(database, STAFF, process_id, deadline)
    assert first["version"] == 1
    sections = drafts.sections(database, first["id"])
    titles = [s["title"] for s in sections]
    assert titles[0] == "1. Premessa" and "Adesioni, reazioni e gruppi di opinione" in " ".join(titles)
    needs = next(s for s in sections if "bisogni" in s["title"])
    assert "Isolamento e solitudine · 2" in needs["body"]  # its table, row by row
    anna, carla = actor(tables, "Anna Rossi"), actor(tables, "Carla Neri")
    one = drafts.observe(database, anna, needs["id"], "Manca il tema della solitudine dei caregiver.")
    two = drafts.observe(database, carla, sections[0]["id"], "La premessa citi il Piano di zona.")
    with pytest.raises(ValidationError):
        drafts.observe(database, anna, needs["id"], "  ")
    with pytest.raises(ValidationError):
        drafts.answer(database, STAFF, one, "accolta", "")  # an answer needs its reason
    with pytest.raises(NotAllowed):
        drafts.answer(database, FACILITATOR, one, "accolta", "Sì")
    drafts.answer(database, STAFF, one, "parzialmente_accolta", "Aggiunto un paragrafo nella sezione dei bisogni.")
    second = drafts.publish(database, STAFF, process_id, deadline)
    doc = Document(io.BytesIO(drafts.docx_of(database, second["id"])))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Bozza n. 2 pubblicata per le osservazioni" in text
    assert "Osservazioni degli enti sulle versioni precedenti e risposte" in text
    assert "Alfa APS: «Manca il tema della solitudine dei caregiver.»" in text
    assert "Risposta: parzialmente accolta. Aggiunto un paragrafo nella sezione dei bisogni." in text
    assert "Gamma Coop: «La premessa citi il Piano di zona.»" in text and "Risposta: non ancora data." in text
    assert {o["id"] for o in drafts.observations(database, process_id)} == {one, two}
    with pytest.raises(sqlite3.IntegrityError, match="bozza_pubblicata"), database.write() as db:
        db.execute("UPDATE draft_section SET body = 'altro' WHERE draft_id = ?", [first["id"]])


def test_observations_refused_after_the_deadline(database, tables):
    process_id = tables["process_id"]
    soon = datetime.now(UTC) + timedelta(minutes=1)
    local = soon.astimezone(drafts.i18n.TZ).strftime("%Y-%m-%d %H:%M")
    draft = drafts.publish(database, STAFF, process_id, local, now=soon - timedelta(minutes=5))
    section = drafts.sections(database, draft["id"])[0]["id"]
    later = soon + timedelta(minutes=2)
    with pytest.raises(NotAllowed) as refused:
        drafts.observe(database, actor(tables, "Anna Rossi"), section, "Troppo tardi per questa.", now=later)
    assert refused.value.key == "draft.deadline_passed"
    # the database refuses on its own clock: a deadline already past
    with database.write() as db:
        db.execute("DROP TRIGGER draft_frozen")
        db.execute("UPDATE draft SET deadline = '2020-01-01T00:00:00.000Z' WHERE id = ?", [draft["id"]])
    with pytest.raises(NotAllowed) as refused:
        drafts.observe(database, actor(tables, "Anna Rossi"), section, "Troppo tardi per questa.")
    assert refused.value.key == "draft.deadline_passed"
    with pytest.raises(sqlite3.IntegrityError, match="termine_scaduto"), database.write() as db:
        db.execute(
            "INSERT INTO observation (section_id, organisation_id, text) VALUES (?, ?, 'Tardi, direttamente')",
            [section, tables["organisations"]["Alfa APS"]],
        )
    assert database.scalar("SELECT count(*) FROM observation") == 0


def test_the_sintesi_states_the_method_and_the_consensus(database, tables):
    items = tables["contributions"]
    for name in ("Bruno Verdi", "Carla Neri", "Dario Blu"):
        reactions.react(database, actor(tables, name), items["Sportello unico domiciliare per Municipio"], AGREE)
    reactions.endorse(database, actor(tables, "Carla Neri"), items["Sportello unico domiciliare per Municipio"])
    doc = Document(io.BytesIO(documents.synthesis_docx(database, tables["process_id"])))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Adesioni, reazioni e gruppi di opinione" in text
    assert "Reazioni raccolte: 3, da 3 enti su 1 voce; adesioni: 1." in text
    assert "Metodo: Come in Pol.is" in text and "Limiti:" in text
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "Gamma Coop" in cells  # the co-signer, by name


def test_ballot_results_use_group_informed_consensus(database, tables):
    # the yes/no "majority in every group" is gone from new results; old snapshots keep theirs
    assert tallying.shared({"all_municipio": True, "all_attivita": True})
    assert not tallying.divides({"all_municipio": False})
    assert "divide i gruppi" in tallying.cross_group_text(
        {"consensus_municipio": opinion.informed([(5, 5), (0, 5)]), "consensus_attivita": opinion.informed([(5, 5)])}
    )


def test_a_stored_order_gets_the_new_section_after_governance(database, tables):
    older = [s for s in sintesi.SECTIONS if s != "ascolto"][::-1]  # an order saved before the section existed
    sintesi.save_texts(database, STAFF, tables["process_id"], premessa="", conclusioni="", order=older)
    order = sintesi.texts(database, tables["process_id"])["order"]
    assert order.index("ascolto") == order.index("governance") + 1


def test_open_data_carries_reactions_turns_and_observations(database, tables, tmp_path):
    from coprog.records import opendata
    from coprog.storage.db import Database

    items = tables["contributions"]
    sportello = items["Sportello unico domiciliare per Municipio"]
    reactions.endorse(database, actor(tables, "Carla Neri"), sportello)
    reactions.react(database, actor(tables, "Bruno Verdi"), sportello, DISAGREE)
    north = tables["sessions"]["Tavolo Nord"]
    floor.ask(database, actor(tables, "Anna Rossi"), north, at=at(0))
    floor.call(database, FACILITATOR, north, at=at(1))
    floor.end_turn(database, FACILITATOR, north, at=at(61))
    deadline = (datetime.now(UTC) + timedelta(days=3)).astimezone(drafts.i18n.TZ).strftime("%Y-%m-%d %H:%M")
    draft = drafts.publish(database, STAFF, tables["process_id"], deadline)
    section = drafts.sections(database, draft["id"])[0]["id"]
    drafts.observe(database, actor(tables, "Anna Rossi"), section, '=HYPERLINK("x") e una nota vera')
    dump = opendata.to_json(database, tables["process_id"])
    assert sorted((r["organisation_id"], r["value"], r["endorsed"]) for r in dump["reaction"]) == sorted(
        [(tables["organisations"]["Gamma Coop"], AGREE, 1), (tables["organisations"]["Beta ODV"], DISAGREE, 0)]
    )
    assert [(t["organisation_id"], t["seconds"]) for t in dump["floor_turn"]] == [
        (tables["organisations"]["Alfa APS"], 60)
    ]
    assert dump["observation"][0]["version"] == 1 and dump["observation"][0]["answer"] is None
    assert "delegate" not in str(dump["floor_turn"]) and "Anna" not in str(dump["observation"])
    copy = Database(tmp_path / "copy.db")
    opendata.load_json(copy, dump)
    assert copy.scalar("SELECT count(*) FROM reaction") == 2
    assert copy.scalar("SELECT count(*) FROM phase WHERE reactions_open = 1") == 0
    assert copy.scalar("SELECT current_phase_id FROM session WHERE id = ?", (north,)) == tables["north_phase"]
    import zipfile

    with zipfile.ZipFile(io.BytesIO(opendata.to_csv_zip(database, tables["process_id"]))) as archive:
        text = archive.read("osservazioni_bozza.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text  # a formula is neutralised
