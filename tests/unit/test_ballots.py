"""Ballots through the core: rules in the core and in the database, tallies on
hand-computed fixtures, property tests and a burst of 200 organisations."""

import json
import sqlite3
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions
from coprog.live import facilitation
from coprog.procedure import delegates, organisations, processes, sessions
from coprog.storage.audit import Actor
from coprog.texts.errors import EditConflict, NotAllowed, ValidationError
from testkit.builders import OUTCOME, STAFF, pid

PROPOSALS = ["Sportello unico per Municipio", "Custode sociale di caseggiato", "Équipe per le dimissioni"]


def org(database, name, cf, municipi, fields, people):
    org_id = organisations.add_organisation(
        database,
        STAFF,
        {"name": name, "codice_fiscale": cf, "legal_form": "aps", "municipi": municipi, "activity_fields": fields},
        [{"name": p} for p in people],
        process_id=pid(database),
    )
    organisations.set_admission(database, STAFF, org_id, "ammessa")
    return [
        delegates.delegate_actor(d)
        for d in delegates.delegates(database, pid(database))
        if d["organisation_id"] == org_id
    ]


@pytest.fixture
def table(database):
    """A session in its strategy phase with 3 approved proposals and 3 ETS."""
    process_id = processes.create(database, STAFF, title="Percorso")
    sid = sessions.create_session(database, STAFF, process_id=process_id, kind="tavolo", title="Tavolo")
    strategies = sessions.phases(database, sid)[2]
    facilitation.set_current_phase(database, STAFF, sid, strategies["id"])
    facilitation.set_contributions_open(database, STAFF, strategies["id"], True)
    alfa = org(database, "Alfa APS", "97123450153", [1], ["a"], ["Anna Rossi", "Bruno Verdi"])
    beta = org(database, "Beta ODV", "80012340156", [1, 2], ["a", "c"], ["Carla Neri"])
    gamma = org(database, "Gamma Coop", "04123450159", [2], ["c"], ["Dario Blu"])
    for n, title in enumerate(PROPOSALS):
        contributions.create(database, [alfa, beta, gamma][n][0], sid, "strategia", {"title": title, "body": "Testo"})
    return {
        "session_id": sid,
        "process_id": process_id,
        "anna": alfa[0],
        "bruno": alfa[1],
        "carla": beta[0],
        "dario": gamma[0],
    }


def open_(database, table, method="punti", **options):
    bid = ballots.open_ballot(database, STAFF, table["session_id"], method, **options)
    return bid, [i["id"] for i in tallying.items(database, bid)]


def by_title(result):
    return {it["title"]: it for it in result["items"]}


# -- opening -----------------------------------------------------------------------


def test_items_are_the_approved_proposals_plus_seeds(database, table):
    ballots.add_seed(database, STAFF, table["session_id"], "strategia", "Budget di salute")
    bid, ids = open_(database, table)
    assert [i["title"] for i in tallying.items(database, bid)] == PROPOSALS + ["Budget di salute"]
    with pytest.raises(NotAllowed) as info:
        open_(database, table)
    assert info.value.key == "ballot.already_open"
    with pytest.raises(NotAllowed):
        ballots.add_seed(database, Actor("facilitatore", None, "f"), table["session_id"], "strategia", "No")


def test_bad_options_and_no_items(database, table):
    with pytest.raises(ValidationError):
        open_(database, table, budget=2, cap=3)
    with pytest.raises(ValidationError):
        open_(database, table, method="sondaggio")
    with pytest.raises(ValidationError):
        open_(database, table, method="valutazione", dimensions=("bellezza",))
    welcome = sessions.create_session(database, STAFF, process_id=table["process_id"], kind="plenaria", title="P")
    with pytest.raises(NotAllowed) as info:  # the welcome phase has nothing to vote on
        ballots.open_ballot(database, STAFF, welcome, "punti")
    assert info.value.key == "ballot.no_items"


# -- one ballot per organisation, the last one counts --------------------------------


def test_colleagues_share_one_ballot_and_the_last_counts(database, table):
    bid, ids = open_(database, table)
    ballots.cast(database, table["anna"], bid, {ids[0]: 3, ids[1]: 2})
    vote = ballots.cast(database, table["bruno"], bid, {ids[2]: 1})
    assert vote["cast_by"] == "Bruno Verdi" and vote["choices"] == {ids[2]: 1}
    assert ballots.current_vote(database, bid, table["anna"])["choices"] == {ids[2]: 1}
    result = tallying.results(database, bid)
    assert result["voters"] == 1 and [it["total"] for it in result["items"]] == [0, 0, 1]
    assert database.scalar("SELECT changes FROM vote") == 1


def test_the_same_ballot_sent_again_is_no_change(database, table):
    """A double click on «Vota» (or the same choices sent again) leaves the stored
    ballot as it was: no change of mind in the organisers' table, one line in the log."""
    bid, ids = open_(database, table)
    first = ballots.cast(database, table["anna"], bid, {ids[0]: 3, ids[1]: 2})
    again = ballots.cast(database, table["anna"], bid, {ids[1]: 2, ids[0]: 3}, seen=ballots.version(first))
    assert again["cast_at"] == first["cast_at"] and ballots.version(again) == ballots.version(first)
    assert database.query("SELECT changes FROM vote") == [{"changes": 0}]
    assert database.scalar("SELECT count(*) FROM audit_log WHERE action = 'vota'") == 1
    ballots.cast(database, table["bruno"], bid, {ids[1]: 2, ids[0]: 3})  # a colleague: cast by another
    ballots.cast(database, table["bruno"], bid, {ids[1]: 1})  # a change of mind
    assert database.query("SELECT changes FROM vote") == [{"changes": 2}]
    assert database.scalar("SELECT count(*) FROM audit_log WHERE action = 'vota'") == 3
    paper = ballots.cast_paper(database, STAFF, bid, table["carla"].organisation_id, {ids[2]: 1})
    assert ballots.cast_paper(database, STAFF, bid, table["carla"].organisation_id, {ids[2]: 1}) == paper
    assert database.scalar("SELECT count(*) FROM audit_log WHERE action = 'scheda_su_carta'") == 1


def test_per_delegate_ballots(database, table):
    bid, ids = open_(database, table, per_delegate=True)
    ballots.cast(database, table["anna"], bid, {ids[0]: 1})
    ballots.cast(database, table["bruno"], bid, {ids[0]: 2})
    assert tallying.results(database, bid)["voters"] == 2
    assert tallying.turnout(database, bid)["unit"] == "delegati"


def vote_state(database, bid):
    """Everything a refused vote must leave as it was: the ballots, their entries, the log."""
    return (
        database.query("SELECT * FROM vote WHERE ballot_id = ? ORDER BY id", (bid,)),
        database.query("SELECT * FROM vote_entry ORDER BY vote_id, item_id, dimension"),
        database.scalar("SELECT count(*) FROM audit_log"),
    )


def test_a_ballot_cast_meanwhile_is_not_replaced_unseen(database, table):
    """A vote sent from a form that saw the ETS's ballot in another version
    (``seen``) is refused, naming who cast the one that counts; sent having seen
    it, it replaces it; without ``seen`` (the CLI) the last one counts as before."""
    bid, ids = open_(database, table)
    anna, bruno = table["anna"], table["bruno"]
    ballots.cast(database, anna, bid, {ids[0]: 3}, seen="")  # nothing cast yet: as her form saw it
    before = vote_state(database, bid)
    with pytest.raises(EditConflict) as meanwhile:
        ballots.cast(database, bruno, bid, {ids[1]: 1}, seen="")  # his form drawn before her vote
    assert meanwhile.value.key == "ballot.cast_meanwhile"
    assert meanwhile.value.params["who"] == "Anna Rossi" and meanwhile.value.params["organisation"] == "Alfa APS"
    assert vote_state(database, bid) == before  # nothing written, nothing logged
    counted = ballots.current_vote(database, bid, anna)
    vote = ballots.cast(database, bruno, bid, {ids[1]: 1}, seen=ballots.version(counted))
    assert vote["cast_by"] == "Bruno Verdi" and vote["choices"] == {ids[1]: 1}
    with pytest.raises(EditConflict) as other_device:  # Bruno, from a second device opened before
        ballots.cast(database, bruno, bid, {ids[2]: 1}, seen=ballots.version(counted))
    assert other_device.value.key == "ballot.cast_meanwhile.self"
    ballots.cast(database, anna, bid, {ids[2]: 2})  # no version given: the last one counts
    assert ballots.current_vote(database, bid, anna)["choices"] == {ids[2]: 2}
    assert tallying.results(database, bid)["voters"] == 1


def test_a_paper_ballot_entered_meanwhile_is_not_replaced_unseen(database, table):
    bid, ids = open_(database, table, method="approvazione")
    carla = table["carla"]
    ballots.cast_paper(database, STAFF, bid, carla.organisation_id, [ids[0]])
    with pytest.raises(EditConflict) as meanwhile:
        ballots.cast(database, carla, bid, [ids[1]], seen="")
    assert meanwhile.value.key == "ballot.cast_meanwhile.paper" and meanwhile.value.params["who"] == "test"
    counted = ballots.current_vote(database, bid, carla)
    assert counted["source"] == "carta" and counted["choices"] == [ids[0]]
    assert ballots.cast(database, carla, bid, [ids[1]], seen=ballots.version(counted))["source"] == "laptop"


def test_of_many_votes_sent_from_one_version_at_once_one_counts(database, table):
    """Eight devices of Alfa's two delegates send its ballot at the same moment,
    each from the form that saw no ballot yet: one is stored and logged, seven
    are refused (each told who voted); none replaces another unseen."""
    bid, ids = open_(database, table)
    people = [table["anna"], table["bruno"]] * 4
    barrier = threading.Barrier(8)
    stored, refused, other = [], [], []

    def vote(n):
        barrier.wait()
        try:
            ballots.cast(database, people[n], bid, {ids[n % 3]: 1}, seen="")
            stored.append(n)
        except EditConflict as exc:
            refused.append(exc.key)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            other.append(repr(exc))

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert other == [] and len(stored) == 1 and len(refused) == 7
    assert database.query("SELECT changes FROM vote WHERE ballot_id = ?", (bid,)) == [{"changes": 0}]
    assert database.scalar("SELECT count(*) FROM audit_log WHERE action = 'vota' AND entity_id = ?", (bid,)) == 1
    winner = people[stored[0]]
    assert ballots.current_vote(database, bid, winner)["choices"] == {ids[stored[0] % 3]: 1}


def test_only_delegates_vote(database, table):
    bid, ids = open_(database, table)
    with pytest.raises(NotAllowed):
        ballots.cast(database, STAFF, bid, {ids[0]: 1})


# -- budgets, caps, values: the core and the database -----------------------------------


@pytest.mark.parametrize(
    "choice, key",
    [
        ({0: 3, 1: 3}, "ballot.budget_exceeded"),
        ({0: 4}, "ballot.cap_exceeded"),
        ({0: -1}, "ballot.bad_value"),
        ({9999: 1}, "ballot.unknown_item"),
    ],
)
def test_dot_rules_in_the_core(database, table, choice, key):
    bid, ids = open_(database, table)
    choices = {(ids[k] if k < len(ids) else k): v for k, v in choice.items()}
    with pytest.raises(NotAllowed) as info:
        ballots.cast(database, table["anna"], bid, choices)
    assert info.value.key == key
    assert database.scalar("SELECT count(*) FROM vote") == 0


def test_the_database_refuses_what_the_core_refuses(database, table):
    bid, ids = open_(database, table)
    ballots.cast(database, table["anna"], bid, {ids[0]: 3, ids[1]: 2})
    vote_id = database.scalar("SELECT id FROM vote")
    for sql, marker in (
        ("INSERT INTO vote_entry (vote_id, item_id, value) VALUES (?, ?, 1)", "budget_superato"),
        ("INSERT INTO vote_entry (vote_id, item_id, value) VALUES (?, ?, 9)", "tetto_superato"),
    ):
        with pytest.raises(sqlite3.IntegrityError, match=marker), database.write() as db:
            db.execute(sql, [vote_id, ids[2]])
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"), database.write() as db:
        db.execute("INSERT INTO vote (ballot_id, voter, organisation_id) VALUES (?, ?, 1)", [bid, "org:1"])
    with pytest.raises(sqlite3.IntegrityError, match="votazione_bloccata"), database.write() as db:
        db.execute("UPDATE ballot SET budget = 10 WHERE id = ?", [bid])
    with pytest.raises(sqlite3.IntegrityError, match="votazione_bloccata"), database.write() as db:
        db.execute("INSERT INTO ballot_item (ballot_id, position, seed_id, title) VALUES (?, 9, NULL, 'x')", [bid])


def test_rating_ranking_and_approval_rules(database, table):
    bid, ids = open_(database, table, method="valutazione", dimensions=("importanza", "fattibilita"))
    with pytest.raises(NotAllowed):
        ballots.cast(database, table["anna"], bid, {ids[0]: {"importanza": 7}})
    with pytest.raises(NotAllowed):
        ballots.cast(database, table["anna"], bid, {ids[0]: {"bellezza": 3}})
    ballots.cast(database, table["anna"], bid, {ids[0]: {"importanza": 5, "fattibilita": None}})
    ballots.close(database, STAFF, bid, OUTCOME)

    bid, ids = open_(database, table, method="ordinamento", top_k=2)
    with pytest.raises(NotAllowed) as info:
        ballots.cast(database, table["anna"], bid, ids)
    assert info.value.key == "ballot.too_many_ranked"
    with pytest.raises(NotAllowed):
        ballots.cast(database, table["anna"], bid, [ids[0], ids[0]])
    ballots.cast(database, table["anna"], bid, [ids[1], ids[0]])
    assert ballots.current_vote(database, bid, table["anna"])["choices"] == [ids[1], ids[0]]
    ballots.close(database, STAFF, bid, OUTCOME)

    bid, ids = open_(database, table, method="approvazione")
    ballots.cast(database, table["anna"], bid, [ids[0], ids[2], ids[0]])
    assert sorted(ballots.current_vote(database, bid, table["anna"])["choices"]) == [ids[0], ids[2]]


# -- tallies on a hand-computed fixture -------------------------------------------------


def test_dot_results_with_paper_and_groups(database, table):
    bid, ids = open_(database, table)
    ballots.cast(database, table["anna"], bid, {ids[0]: 3, ids[1]: 2})  # Alfa: Municipio 1, field a
    ballots.cast(database, table["carla"], bid, {ids[0]: 2, ids[2]: 3})  # Beta: 1 and 2, a and c
    ballots.cast(database, table["dario"], bid, {ids[0]: 1, ids[2]: 3})  # Gamma: 2, c
    ballots.add_paper(database, STAFF, bid, ids[1], 4, "alzata_di_mano")
    result = by_title(tallying.results(database, bid))
    first, second, third = (result[t] for t in PROPOSALS)
    assert (first["total"], second["total"], third["total"]) == (6, 2, 6)
    # a show of hands is anonymous: shown apart, never added to the ballots (an ETS would count twice)
    assert second["paper"] == {"alzata_di_mano": 4} and second["combined"] == 2
    assert first["share"] == pytest.approx(6 / 14, abs=1e-4)
    assert first["breadth"] == 1.0 and second["breadth"] == pytest.approx(1 / 3, abs=1e-4)
    # group-informed consensus: product over groups of (supporters + 1) / (voters + 2)
    # Municipi 1 = {Alfa, Beta}, 2 = {Beta, Gamma}; fields a = {Alfa, Beta}, c = {Beta, Gamma}
    assert first["consensus_municipio"] == {  # everybody gave it points: 3/4 × 3/4
        "consensus": 0.5625,
        "level": 0.75,
        "gap": 0.0,
        "shared": True,
        "divides": False,
        "groups": 2,
        "seen_groups": 2,  # every voter sees every item of a ballot: every group saw it, it is rated
        "rated": True,
    }
    assert first["consensus_attivita"]["consensus"] == 0.5625 and tallying.shared(first)
    # Municipio 1: only Beta of Alfa+Beta (2/4), Municipio 2: both (3/4); the old yes/no said "not in every
    # Municipio", the smoothed measure says shared, narrowly (level √0.375)
    assert (third["consensus_municipio"]["consensus"], third["consensus_municipio"]["level"]) == (0.375, 0.6124)
    assert third["consensus_municipio"]["gap"] == 0.25 and not tallying.divides(third)
    # only Alfa: 2/4 × 1/4
    assert second["consensus_municipio"]["consensus"] == 0.125 and not tallying.shared(second)
    assert tallying.turnout(database, bid)["voted"] == 3


def test_rating_results_consensus_controversy_and_matrix(database, table):
    bid, ids = open_(database, table, method="valutazione", dimensions=("importanza", "fattibilita"))
    ballots.cast(
        database,
        table["anna"],
        bid,
        {ids[0]: {"importanza": 5, "fattibilita": 5}, ids[1]: {"importanza": 5, "fattibilita": 1}},
    )
    ballots.cast(
        database,
        table["carla"],
        bid,
        {ids[0]: {"importanza": 5, "fattibilita": 4}, ids[1]: {"importanza": 5, "fattibilita": 2}},
    )
    ballots.cast(
        database,
        table["dario"],
        bid,
        {ids[0]: {"importanza": 5, "fattibilita": None}, ids[1]: {"importanza": 1, "fattibilita": 1}},
    )
    result = tallying.results(database, bid)
    items = by_title(result)
    first, second = items[PROPOSALS[0]], items[PROPOSALS[1]]
    assert first["importanza"]["mean"] == 5 and first["importanza"]["consensus"] == 1.0
    assert first["fattibilita"]["n"] == 2 and first["fattibilita"]["distribution"]["non_so"] == 1
    assert second["importanza"]["mean"] == pytest.approx(3.67) and second["importanza"]["median"] == 5
    assert not first["controversial"]
    quadrants = {p["title"]: p["quadrant"] for p in result["matrix"]}
    assert quadrants[PROPOSALS[0]] == "vittorie_rapide" and quadrants[PROPOSALS[1]] == "scommesse_strategiche"


def test_controversial_items(database, table):
    bid, ids = open_(database, table, method="valutazione")
    for who, value in (("anna", 5), ("carla", 5), ("dario", 1)):
        ballots.cast(database, table[who], bid, {ids[0]: {"importanza": value}})
    # mean 3.67 >= 3.5, consensus of (5, 5, 1) ~ 0.42 < 0.5
    assert by_title(tallying.results(database, bid))[PROPOSALS[0]]["controversial"]


def test_ranking_results_and_condorcet(database, table):
    bid, ids = open_(database, table, method="ordinamento")
    ballots.cast(database, table["anna"], bid, [ids[0], ids[1], ids[2]])
    ballots.cast(database, table["carla"], bid, [ids[0], ids[2], ids[1]])
    ballots.cast(database, table["dario"], bid, [ids[1], ids[0]])
    result = tallying.results(database, bid)
    scores = {it["id"]: it["borda"] for it in result["items"]}
    assert scores == {
        ids[0]: pytest.approx(5 / 3, abs=1e-3),
        ids[1]: pytest.approx(1.0),
        ids[2]: pytest.approx(1 / 3, abs=1e-3),
    }
    assert result["condorcet"] == ids[0]


# -- closing and snapshots -----------------------------------------------------------


def test_a_sessions_closed_ballots_newest_first_and_only_its_own(database, table):
    other = sessions.create_session(database, STAFF, process_id=table["process_id"], kind="tavolo", title="Altro")
    first, ids = open_(database, table)
    ballots.cast(database, table["anna"], first, {ids[0]: 2})
    ballots.close(database, STAFF, first, OUTCOME)
    second, _ = open_(database, table)  # open, not closed
    assert [b["id"] for b in ballots.closed_in_session(database, table["session_id"])] == [first]
    ballots.close(database, STAFF, second, OUTCOME)
    listed = ballots.closed_in_session(database, table["session_id"])
    assert [b["id"] for b in listed] == [second, first]
    assert (listed[1]["votes"], listed[1]["session"]) == (1, "Tavolo")
    assert ballots.closed_in_session(database, other) == []


def test_the_admitted_ets_by_name_and_no_other(database, table):
    names = organisations.admitted_names(database, table["process_id"])
    assert list(names.values()) == ["Alfa APS", "Beta ODV", "Gamma Coop"]
    beta = next(i for i, name in names.items() if name == "Beta ODV")
    organisations.set_admission(database, STAFF, beta, "non_ammessa", "requisiti non dimostrati")
    assert list(organisations.admitted_names(database, table["process_id"]).values()) == ["Alfa APS", "Gamma Coop"]


def test_close_freezes_a_snapshot_later_edits_cannot_change(database, table):
    bid, ids = open_(database, table)
    ballots.cast(database, table["anna"], bid, {ids[0]: 2})
    frozen = ballots.close(database, STAFF, bid, OUTCOME)
    assert frozen["closed_at"] and ballots.snapshot(database, bid) == frozen
    with database.write() as db:  # the contribution's title is corrected later
        db.execute("UPDATE contribution SET title = 'Titolo cambiato', last_editor = 'staff'")
    assert by_title(ballots.snapshot(database, bid))[PROPOSALS[0]]["total"] == 2
    with pytest.raises(sqlite3.IntegrityError, match="risultati_congelati"), database.write() as db:
        db.execute("UPDATE ballot SET snapshot = '{}' WHERE id = ?", [bid])
    with pytest.raises(NotAllowed) as info:
        ballots.cast(database, table["anna"], bid, {ids[0]: 1})
    assert info.value.key == "ballot.closed"
    with pytest.raises(NotAllowed):
        ballots.close(database, STAFF, bid, OUTCOME)
    assert json.loads(database.scalar("SELECT snapshot FROM ballot"))["voters"] == 1
    new_bid, _ = open_(database, table)  # a new ballot can start
    assert new_bid != bid


# -- properties ------------------------------------------------------------------------

points = st.dictionaries(st.integers(0, 2), st.integers(0, 4), max_size=3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["anna", "bruno", "carla", "dario"]), points), max_size=8))
def test_budgets_and_caps_never_exceeded_and_last_ballot_counts(database, table, casts):
    bid, ids = open_(database, table)
    expected = {}
    organisation = {"anna": "alfa", "bruno": "alfa", "carla": "beta", "dario": "gamma"}
    for who, choice in casts:
        choices = {ids[k]: v for k, v in choice.items()}
        valid = all(v <= 3 for v in choice.values()) and sum(choice.values()) <= 5
        try:
            ballots.cast(database, table[who], bid, choices)
            assert valid
            expected[organisation[who]] = {k: v for k, v in choice.items() if v}
        except NotAllowed:
            assert not valid
    for row in database.query("SELECT vote_id, sum(value) AS used, max(value) AS top FROM vote_entry GROUP BY vote_id"):
        assert row["used"] <= 5 and row["top"] <= 3
    totals = [it["total"] for it in tallying.results(database, bid)["items"]]
    assert totals == [sum(c.get(k, 0) for c in expected.values()) for k in range(3)]
    ballots.close(database, STAFF, bid, OUTCOME)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(["anna", "carla", "dario"]), st.sampled_from(ballots.METHODS))
def test_results_do_not_depend_on_arrival_order(database, table, order, method):
    bid, ids = open_(database, table, method=method, dimensions=("importanza", "fattibilita"))
    choice = {
        "punti": {"anna": {ids[0]: 3}, "carla": {ids[1]: 2, ids[2]: 1}, "dario": {ids[0]: 1, ids[2]: 3}},
        "valutazione": {
            "anna": {ids[0]: {"importanza": 5}},
            "carla": {ids[0]: {"importanza": 2}},
            "dario": {ids[1]: {"fattibilita": 4}},
        },
        "ordinamento": {"anna": [ids[0], ids[1]], "carla": [ids[2]], "dario": [ids[1], ids[2], ids[0]]},
        "approvazione": {"anna": [ids[0]], "carla": [ids[0], ids[1]], "dario": [ids[2]]},
    }[method]
    for who in order:
        ballots.cast(database, table[who], bid, choice[who])
    result = ballots.close(database, STAFF, bid, OUTCOME)
    position = {it["id"]: it["position"] for it in result["items"]}
    comparable = {  # ids differ between examples (one database), positions do not
        "items": [{k: v for k, v in it.items() if k != "id"} for it in result["items"]],
        "groups": {
            kind: {name: {position[int(i)]: v for i, v in figures.items()} for name, figures in groups.items()}
            for kind, groups in result["groups"].items()
        },
        "condorcet": position.get(result.get("condorcet")),
        "voters": result["voters"],
    }
    seen = test_results_do_not_depend_on_arrival_order.__dict__.setdefault("seen", {})
    assert seen.setdefault(method, comparable) == comparable


# -- a burst --------------------------------------------------------------------------


def test_two_hundred_organisations_vote_and_change_at_once(database, table):
    from stdnum import luhn

    actors = []
    with database.write() as db:
        for n in range(200):
            base = f"97{n:05d}015"
            org_id = (
                db["organisation"]
                .insert(
                    {
                        "name": f"Ente {n:03d}",
                        "codice_fiscale": base + luhn.calc_check_digit(base),
                        "legal_form": "aps",
                        "process_id": pid(database),
                        "admission": "ammessa",
                    }
                )
                .last_pk
            )
            delegate_id = (
                db["delegate"]
                .insert({"organisation_id": org_id, "name": f"Delegato {n:03d}", "access_code": f"{n:012d}"})
                .last_pk
            )
            actors.append(Actor("delegato", delegate_id, f"Delegato {n:03d}", org_id))
    bid, ids = open_(database, table)
    barrier = threading.Barrier(50)
    errors = []

    def vote(chunk):
        barrier.wait()
        for n, actor in chunk:
            try:
                ballots.cast(database, actor, bid, {ids[n % 3]: 3, ids[(n + 1) % 3]: 2})  # first thought
                ballots.cast(database, actor, bid, {ids[n % 3]: 2, ids[(n + 2) % 3]: 1})  # changed mind
            except Exception as exc:
                errors.append(exc)

    work = list(enumerate(actors))
    threads = [threading.Thread(target=vote, args=(work[i::50],)) for i in range(50)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    result = tallying.results(database, bid)
    expected = [0, 0, 0]
    for n in range(200):
        expected[n % 3] += 2
        expected[(n + 2) % 3] += 1
    assert result["voters"] == 200
    assert [it["total"] for it in result["items"]] == expected
    assert database.scalar("SELECT count(*) FROM vote") == 200
    assert database.scalar("SELECT sum(changes) FROM vote") == 200


BYPASSES = {
    # method, rules, a legal cast, then raw SQL that must be refused (marker)
    "punti": (
        {},
        lambda ids: {ids[0]: 3, ids[1]: 2},
        [
            ("UPDATE vote_entry SET value = 23 WHERE item_id = :a", "tetto_superato"),
            ("UPDATE vote_entry SET value = 3 WHERE item_id = :b", "budget_superato"),
            ("UPDATE vote_entry SET value = -1 WHERE item_id = :a", "tetto_superato"),
            ("UPDATE vote_entry SET dimension = 'fattibilita' WHERE item_id = :a", "valore_non_valido"),
            (
                "INSERT INTO vote_entry (vote_id, item_id, dimension, value) VALUES (:v, :a, 'altro', 1)",
                "valore_non_valido",
            ),
            ("UPDATE vote_entry SET item_id = :c WHERE item_id = :a AND value = 9", None),  # nothing matches: fine
            ("UPDATE vote_entry SET vote_id = vote_id + 1000 WHERE item_id = :a", "voce_estranea|FOREIGN KEY"),
        ],
    ),
    "approvazione": (
        {},
        lambda ids: [ids[0]],
        [
            ("UPDATE vote_entry SET value = 2 WHERE item_id = :a", "valore_non_valido"),
            ("UPDATE vote_entry SET value = NULL WHERE item_id = :a", "valore_non_valido"),
            (
                "INSERT INTO vote_entry (vote_id, item_id, dimension, value) VALUES (:v, :a, 'x', 1)",
                "valore_non_valido",
            ),
        ],
    ),
    "ordinamento": (
        {},
        lambda ids: [ids[0], ids[1]],
        [
            ("UPDATE vote_entry SET value = 1 WHERE item_id = :b", "ordine_non_valido"),
            ("UPDATE vote_entry SET value = 99 WHERE item_id = :a", "ordine_non_valido"),
            ("UPDATE vote_entry SET value = 0 WHERE item_id = :a", "ordine_non_valido"),
        ],
    ),
    "valutazione": (
        {"dimensions": ("importanza",)},
        lambda ids: {ids[0]: {"importanza": 4}},
        [
            ("UPDATE vote_entry SET value = 6 WHERE item_id = :a", "valore_non_valido"),
            ("UPDATE vote_entry SET dimension = 'fattibilita' WHERE item_id = :a", "valore_non_valido"),
            (
                "INSERT INTO vote_entry (vote_id, item_id, dimension, value) VALUES (:v, :a, 'fattibilita', 3)",
                "valore_non_valido",
            ),
        ],
    ),
}


@pytest.mark.parametrize("method", list(BYPASSES))
def test_every_raw_sql_bypass_of_the_ballot_rules_is_refused(database, table, method):
    rules, cast, attempts = BYPASSES[method]
    bid, ids = open_(database, table, method=method, **rules)
    ballots.cast(database, table["anna"], bid, cast(ids))
    stored = database.query("SELECT item_id, dimension, value FROM vote_entry ORDER BY item_id, dimension")
    names = {"v": database.scalar("SELECT id FROM vote"), "a": ids[0], "b": ids[1], "c": ids[2]}
    for sql, marker in attempts:
        if marker is None:
            with database.write() as db:
                db.execute(sql, names)
            continue
        with pytest.raises(sqlite3.IntegrityError, match=marker), database.write() as db:
            db.execute(sql, names)
    assert database.query("SELECT item_id, dimension, value FROM vote_entry ORDER BY item_id, dimension") == stored
    ballots.close(database, STAFF, bid, OUTCOME)
    with pytest.raises(sqlite3.IntegrityError, match="votazione_chiusa"), database.write() as db:
        db.execute("UPDATE vote_entry SET value = value WHERE vote_id = :v", names)


# -- proxies and paper ballots: every ETS counted once ---------------------------------


def test_a_delegate_with_a_delega_casts_the_ballot_of_the_ets_represented(database, table):
    from coprog.live import attendance

    sid, anna, carla = table["session_id"], table["anna"], table["carla"]
    bid, ids = open_(database, table, method="approvazione")
    with pytest.raises(NotAllowed) as no_delega:
        ballots.cast(database, anna, bid, [ids[0]], for_organisation=carla.organisation_id)
    assert no_delega.value.key == "ballot.no_delegation"
    attendance.check_in_by_hand(database, STAFF, sid, anna.id, represents_organisation_id=carla.organisation_id)
    row = database.query_one(
        "SELECT represents_organisation_id, delegation_entered_by FROM attendance WHERE delegate_id = ?", (anna.id,)
    )
    assert row == {"represents_organisation_id": carla.organisation_id, "delegation_entered_by": "test"}
    vote = ballots.cast(database, anna, bid, [ids[1]], for_organisation=carla.organisation_id)
    assert vote["proxy"] == 1 and vote["cast_by"] == "Anna Rossi" and vote["cast_by_organisation"] == "Alfa APS"
    ballots.cast(database, anna, bid, [ids[0]])  # and her own ETS's ballot, apart
    result = tallying.results(database, bid)
    assert result["voters"] == 2 and result["proxy_ballots"] == 1
    # Carla's own delegate changes the ballot: still one for Beta
    ballots.cast(database, carla, bid, [ids[2]])
    assert tallying.results(database, bid)["voters"] == 2
    assert database.scalar("SELECT count(*) FROM vote WHERE organisation_id = ?", (carla.organisation_id,)) == 1
    attendance.check_out(database, STAFF, sid, anna.id)
    with pytest.raises(NotAllowed):  # the delega ends with the check-out
        ballots.cast(database, anna, bid, [ids[1]], for_organisation=carla.organisation_id)
    with pytest.raises(sqlite3.IntegrityError, match="delega_mancante"), database.write() as db:
        db.execute(
            "INSERT INTO vote (ballot_id, voter, organisation_id, delegate_id) VALUES (?, 'org:99', ?, ?)",
            [bid, table["dario"].organisation_id, anna.id],
        )


@pytest.mark.parametrize(
    "method, choice",
    [
        ("punti", lambda ids: {ids[0]: 3}),
        ("approvazione", lambda ids: [ids[1]]),
        ("ordinamento", lambda ids: [ids[2], ids[0]]),
        ("valutazione", lambda ids: {ids[0]: {"importanza": 4}}),
    ],
)
def test_paper_ballots_per_ets_in_every_method_never_count_an_ets_twice(database, table, method, choice):
    bid, ids = open_(database, table, method=method)
    carla, dario = table["carla"], table["dario"]
    ballots.cast(database, carla, bid, choice(ids))  # Beta voted on a laptop
    paper = ballots.cast_paper(database, STAFF, bid, dario.organisation_id, choice(ids))  # Gamma on paper
    assert paper["source"] == "carta" and paper["entered_by"] == "test"
    with pytest.raises(NotAllowed) as twice:
        ballots.cast_paper(database, STAFF, bid, carla.organisation_id, choice(ids))
    assert twice.value.key == "ballot.already_voted_laptop"
    with pytest.raises(sqlite3.IntegrityError, match="scheda_gia_votata"), database.write() as db:
        db.execute("UPDATE vote SET source = 'carta' WHERE organisation_id = ?", [carla.organisation_id])
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"), database.write() as db:
        db.execute(
            "INSERT INTO vote (ballot_id, voter, organisation_id, source) VALUES (?, ?, ?, 'carta')",
            [bid, f"org:{carla.organisation_id}", carla.organisation_id],
        )
    replaced = ballots.cast_paper(database, STAFF, bid, carla.organisation_id, choice(ids), replace=True)
    assert replaced["replaced_laptop"] == 1
    result = tallying.results(database, bid)
    assert result["voters"] == 2 and result["paper_ballots"] == 2
    assert database.query(
        "SELECT json_extract(detail, '$.replaced_laptop') AS r FROM audit_log"
        " WHERE action = 'scheda_su_carta' ORDER BY id"
    ) == [{"r": 0}, {"r": 1}]
    # the facilitator enters Beta's paper ballot again: it still says it replaced the laptop one
    again = ballots.cast_paper(database, STAFF, bid, carla.organisation_id, choice(ids))
    assert again["replaced_laptop"] == 1


def test_a_prepared_ballot_takes_no_vote_until_it_opens(database, table):
    """Prepared: items fixed, drawn hidden on the pages (fingerprint «p<id>»),
    no vote, no paper count, not in the records; started: open from that moment,
    and the pages' fingerprint moves to the open ballot's value."""
    from coprog.live import live
    from coprog.records import opendata

    sid = table["session_id"]
    bid = ballots.open_ballot(database, STAFF, sid, "approvazione", prepare=True)
    ids = [i["id"] for i in tallying.items(database, bid)]
    assert len(ids) == 3
    assert ballots.open_in_session(database, sid) is None
    assert ballots.prepared_in_session(database, sid)["id"] == bid
    assert ballots.latest_in_session(database, sid) is None  # no turnout, no results yet
    assert live.fingerprints(database, sid)["ballot"] == f"p{bid}"
    with pytest.raises(NotAllowed) as refused:
        ballots.cast(database, table["anna"], bid, [ids[0]])
    assert refused.value.key == "ballot.not_open_yet"
    with pytest.raises(NotAllowed, match="not_open_yet"):
        ballots.add_paper(database, STAFF, bid, ids[0], 3, "alzata_di_mano")
    with pytest.raises(NotAllowed, match="already_open"):  # one at a time, prepared or open
        ballots.open_ballot(database, STAFF, sid, "punti")
    assert opendata.tables(database, table["process_id"])["ballot"] == []
    prepared_at = database.scalar("SELECT opened_at FROM ballot WHERE id = ?", (bid,))

    ballots.start(database, STAFF, bid)
    opened = ballots.open_in_session(database, sid)
    assert opened["id"] == bid and opened["opened_at"] > prepared_at
    assert live.fingerprints(database, sid)["ballot"] == f"{bid}.0"
    ballots.cast(database, table["anna"], bid, [ids[0]])
    assert tallying.turnout(database, bid)["voted"] == 1
    with pytest.raises(NotAllowed, match="not_prepared"):
        ballots.start(database, STAFF, bid)
    with pytest.raises(NotAllowed, match="not_prepared"):
        ballots.discard(database, STAFF, bid)
    actions = [r["action"] for r in database.query("SELECT action FROM audit_log WHERE entity = 'ballot'")]
    assert actions == ["prepara_votazione", "apre_votazione", "vota"]


def test_a_prepared_ballot_can_be_dropped_and_prepared_again(database, table):
    sid = table["session_id"]
    bid = ballots.open_ballot(database, STAFF, sid, "punti", prepare=True)
    with pytest.raises(NotAllowed):
        ballots.discard(database, table["anna"], bid)  # a delegate does not run the session
    ballots.discard(database, STAFF, bid)
    assert database.scalar("SELECT count(*) FROM ballot") == 0
    dropped = database.query_one("SELECT process_id FROM audit_log WHERE action = 'annulla_votazione'")
    assert dropped["process_id"] == table["process_id"]  # in the percorso's audit trail
    assert database.scalar("SELECT count(*) FROM ballot_item") == 0
    again = ballots.open_ballot(database, STAFF, sid, "punti", prepare=True)
    assert ballots.prepared_in_session(database, sid)["id"] == again


def test_the_database_keeps_a_prepared_ballot_closed(database, table):
    """Even bypassing the core: no vote or paper count on a prepared ballot, it
    cannot close without opening, an open one never goes back to prepared."""
    sid = table["session_id"]
    bid = ballots.open_ballot(database, STAFF, sid, "punti", prepare=True)
    item = database.scalar("SELECT id FROM ballot_item WHERE ballot_id = ?", (bid,))
    org_id = table["anna"].organisation_id
    for sql, params, marker in (
        ("INSERT INTO vote (ballot_id, voter, organisation_id) VALUES (?, 'org:x', ?)", [bid, org_id], "chiusa"),
        ("INSERT INTO ballot_paper (ballot_id, item_id, value) VALUES (?, ?, 2)", [bid, item], "chiusa"),
        ("UPDATE ballot SET status = 'chiusa', outcome_decided = 'Deciso' WHERE id = ?", [bid], "non_aperta"),
    ):
        with pytest.raises(sqlite3.IntegrityError, match=marker), database.write() as db:
            db.execute(sql, params)
    ballots.start(database, STAFF, bid)
    with pytest.raises(sqlite3.IntegrityError, match="non_aperta"), database.write() as db:
        db.execute("UPDATE ballot SET status = 'preparata' WHERE id = ?", [bid])
