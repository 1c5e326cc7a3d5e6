"""What a delegate's open page is told about the live session (coprog/live/live.py):
each part's fingerprint moves exactly when what that part shows moves."""

import pytest

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions, moderation
from coprog.live import attendance, facilitation, live
from coprog.procedure import access, delegates, sessions
from testkit.builders import OUTCOME, STAFF, need_fields


@pytest.fixture
def room(world, database):
    attendance.check_in(database, world["anna"], world["session_id"])
    attendance.check_in(database, world["carla"], world["session_id"])
    return world


def moved(database, session_id, action) -> list[str]:
    """The parts whose fingerprint ``action`` moved (what the page's script compares)."""
    before = live.fingerprints(database, session_id)
    action()
    after = live.fingerprints(database, session_id)
    return [part for part in live.PARTS if before[part] != after[part]]


def strategies_phase(database, session_id) -> int:
    return next(p["id"] for p in sessions.phases(database, session_id) if p["position"] == 3)


def test_a_new_need_moves_the_list_only(room, database):
    sid = room["session_id"]
    assert moved(
        database,
        sid,
        lambda: contributions.create(database, delegates.delegate_actor(room["anna"]), sid, "bisogno", need_fields()),
    ) == ["list"]


def test_a_check_in_or_a_heartbeat_moves_nothing(room, database):
    sid = room["session_id"]
    assert moved(database, sid, lambda: attendance.check_in(database, room["bruno"], sid)) == []
    assert moved(database, sid, lambda: attendance.heartbeat(database, room["bruno"]["id"], sid, now=10**10)) == []


def test_a_phase_change_moves_status_and_forms(room, database):
    sid = room["session_id"]
    other = strategies_phase(database, sid)
    assert moved(database, sid, lambda: facilitation.set_current_phase(database, STAFF, sid, other)) == [
        "status",
        "forms",
    ]
    # making it current opened its contributions: the forms are there; closing them moves them again
    assert next(p for p in sessions.phases(database, sid) if p["id"] == other)["contributions_open"] == 1
    assert moved(database, sid, lambda: facilitation.set_contributions_open(database, STAFF, other, False)) == [
        "status",
        "forms",
    ]


def test_a_silent_round_moves_status_and_list(room, database):
    assert moved(
        database, room["session_id"], lambda: facilitation.set_silent(database, STAFF, room["phase_id"], True)
    ) == ["status", "list"]


def test_ballot_open_close_reveal_and_votes(room, database):
    sid = room["session_id"]
    other = strategies_phase(database, sid)
    facilitation.set_current_phase(database, STAFF, sid, other)
    ballots.add_seed(database, STAFF, sid, "strategia", "Sportello unico")
    holder = {}
    assert moved(
        database, sid, lambda: holder.setdefault("bid", ballots.open_ballot(database, STAFF, sid, "approvazione"))
    ) == ["ballot"]  # banner and ballot: one fragment
    bid = holder["bid"]
    item = tallying.items(database, bid)[0]["id"]
    anna = delegates.delegate_actor(room["anna"])
    # results hidden while voting: a vote moves nothing on the delegates' pages
    assert moved(database, sid, lambda: ballots.cast(database, anna, bid, [item])) == []
    assert moved(database, sid, lambda: ballots.set_show_live(database, STAFF, bid, True)) == [
        "ballot",
        "results",
        "votes",
    ]
    carla = delegates.delegate_actor(room["carla"])
    assert moved(database, sid, lambda: ballots.cast(database, carla, bid, [item])) == ["votes"]
    assert moved(database, sid, lambda: ballots.cast(database, carla, bid, [])) == ["votes"]  # a change counts
    assert moved(database, sid, lambda: ballots.close(database, STAFF, bid, OUTCOME)) == ["ballot", "results", "votes"]
    assert moved(database, sid, lambda: facilitation.set_show_results(database, STAFF, sid, True)) == ["results"]


def test_moderation_and_merges_move_the_list(room, database):
    sid = room["session_id"]
    first = contributions.create(database, delegates.delegate_actor(room["anna"]), sid, "bisogno", need_fields())
    second = contributions.create(
        database, delegates.delegate_actor(room["carla"]), sid, "bisogno", need_fields(title="Un altro bisogno simile")
    )
    assert moved(database, sid, lambda: moderation.hide(database, STAFF, second, "fuori_tema")) == ["list"]
    assert moved(database, sid, lambda: moderation.approve(database, STAFF, second)) == ["list"]
    assert moved(database, sid, lambda: moderation.pin(database, STAFF, second)) == ["list"]
    assert moved(database, sid, lambda: moderation.correct(database, STAFF, first, "Titolo corretto", "")) == ["list"]
    assert moved(database, sid, lambda: moderation.merge(database, STAFF, first, [second])) == ["list"]
    for _ in range(3):  # changes within the same millisecond still count (a counter, not a timestamp)
        assert moved(database, sid, lambda: moderation.pin(database, STAFF, first, False)) == ["list"]


def test_a_session_gone_has_no_fingerprints(database, room):
    assert live.fingerprints(database, 999) is None
    assert set(live.fingerprints(database, room["session_id"])) == set(live.PARTS)


def test_the_forms_follow_the_phase_and_a_closed_one_stays_only_with_typed_text():
    assert live.forms_on_screen([], ["bisogno"]) == (["bisogno"], [])
    # the phase moves on: nothing typed in the need form, it goes; typed text keeps it, marked, after the open ones
    assert live.forms_on_screen(["bisogno"], ["strategia"]) == (["strategia"], [])
    assert live.forms_on_screen(["bisogno"], ["strategia"], typed={"bisogno"}) == (
        ["strategia", "bisogno"],
        ["bisogno"],
    )
    assert live.forms_on_screen(["strategia", "bisogno"], ["bisogno", "strategia", "principio"]) == (
        ["bisogno", "strategia", "principio"],
        [],
    )


@pytest.mark.parametrize(
    "ballot, shown, phase, expected",
    [
        (None, False, 1, None),
        ({"status": "aperta", "show_live": 1, "phase_id": 1}, False, 1, "live"),
        ({"status": "aperta", "show_live": 0, "phase_id": 1}, True, 1, "hidden"),
        ({"status": "chiusa", "show_live": 0, "phase_id": 1}, True, 2, "frozen"),  # revealed: shown even later
        ({"status": "chiusa", "show_live": 1, "phase_id": 1}, False, 1, "wait"),
        ({"status": "chiusa", "show_live": 1, "phase_id": 1}, False, 2, None),  # an old ballot, never revealed
    ],
)
def test_what_results_a_delegate_sees(ballot, shown, phase, expected):
    assert live.results_view(ballot, shown, phase) == expected


def test_the_list_a_delegate_sees(room, database):
    sid = room["session_id"]
    anna, carla = delegates.delegate_actor(room["anna"]), delegates.delegate_actor(room["carla"])
    contributions.create(database, carla, sid, "bisogno", need_fields(title="Di Carla, approvato"))
    facilitation.set_moderated(database, STAFF, sid, True)
    contributions.create(database, anna, sid, "bisogno", need_fields(title="Di Anna, in attesa"))
    contributions.create(database, carla, sid, "bisogno", need_fields(title="Di Carla, in attesa"))
    shown, total = contributions.for_delegate(database, sid, room["anna"]["id"], silent=False)
    assert [c["title"] for c in shown] == ["Di Anna, in attesa", "Di Carla, approvato"] and total == 2
    shown, total = contributions.for_delegate(database, sid, room["anna"]["id"], silent=True)
    assert [c["title"] for c in shown] == ["Di Anna, in attesa"] and total == 1
    for n in range(12):
        contributions.create(database, carla, sid, "bisogno", need_fields(title=f"Bisogno numero {n}"))
    shown, total = contributions.for_delegate(database, sid, room["carla"]["id"], silent=False, limit=10)
    assert len(shown) == 10 and total == 14  # the latest ten here, the count of all


def test_the_watch_caches_marks_the_page_open_and_sees_an_exclusion(room, database):
    sid, anna = room["session_id"], room["anna"]
    watch = live.Watch(database, ttl=0.5)
    first = watch.answer(anna["id"], sid, now=1000.0)
    assert first["access"] == "ok" and set(first) == {*live.PARTS, "access", "pace"}
    assert first["pace"] == live.pace(1) == {"spread": 4, "list_every": live.POLL_MS}
    assert database.scalar("SELECT last_seen_at FROM attendance WHERE delegate_id = ?", (anna["id"],)) == 1000.0
    contributions.create(database, delegates.delegate_actor(anna), sid, "bisogno", need_fields())
    assert watch.answer(anna["id"], sid, now=1000.3)["list"] == first["list"]  # within the cache's life
    assert watch.answer(anna["id"], sid, now=1000.9)["list"] != first["list"]
    # one heartbeat write per HEARTBEAT_EVERY, however often the page asks
    assert database.scalar("SELECT last_seen_at FROM attendance WHERE delegate_id = ?", (anna["id"],)) == 1000.0
    watch.answer(anna["id"], sid, now=1000.0 + attendance.HEARTBEAT_EVERY)
    assert database.scalar("SELECT last_seen_at FROM attendance WHERE delegate_id = ?", (anna["id"],)) == (
        1000.0 + attendance.HEARTBEAT_EVERY
    )
    delegates.revoke_code(database, STAFF, anna["id"])
    assert (
        watch.answer(anna["id"], sid, now=1000.0 + attendance.HEARTBEAT_EVERY + live.ACCESS_TTL + 1)["access"] == "no"
    )
    assert watch.answer(anna["id"], 999, now=2000.0) is None


def test_many_pages_spread_their_redraws():
    assert live.pace(2) == {"spread": 8, "list_every": 1500}
    assert live.pace(150) == {"spread": 600, "list_every": 2250}
    assert live.pace(10_000) == {"spread": 1000, "list_every": 6000}
    # pushed: a table's few pages redraw the list as the poll did; a plenary's, less often
    assert live.push_pace(3) == {"spread": 3, "list_every": 1500, "held": 60}
    assert live.push_pace(150) == {"spread": 150, "list_every": 4500, "held": 3000}
    assert live.push_pace(10_000) == {"spread": 300, "list_every": 10_000, "held": 8000}
    watch_counts = live.Watch(None)
    for delegate in range(5):
        watch_counts._asked.setdefault(1, {})[delegate] = 100.0
    watch_counts._asked[1][9] = 90.0  # asked long ago: its page is closed
    assert watch_counts.watchers(1, 101.0) == 5


def test_a_watch_token_names_one_delegate_and_session():
    token = access.sign_watch("chiave", 7, 3)
    assert access.read_watch("chiave", token) == (7, 3)
    assert access.read_watch("altra chiave", token) is None
    assert access.read_watch("chiave", token[:-2] + "xx") is None
    assert access.read_watch("chiave", access.sign_delegate("chiave", 7, "CODICE")) is None  # another kind of token
    assert access.read_watch("chiave", None) is None


@pytest.mark.parametrize(
    "path, unknown",
    [
        ("/proiettre", True),
        ("/conduzione", False),
        ("/", False),
        ("/join/ABC", False),
        ("/favicon.png", False),
        ("/_stcore/health", False),
        ("/esci", False),
        ("/static/js/main.js", False),
        ("/Partecipa", False),
    ],
)
def test_unknown_addresses_go_to_the_start(path, unknown):
    from ui.pages import ADDRESSES

    assert access.unknown_page(path, ADDRESSES) is unknown


@pytest.mark.parametrize(
    "value, expected",
    [
        ("/proiettore", "/proiettore"),
        ("/", "/"),
        (None, "/"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/a/b", "/"),
        ("/proiettore?x=1", "/"),
    ],
)
def test_sign_in_returns_only_to_our_own_addresses(value, expected):
    assert access.safe_return_path(value) == expected


SESSION = {"contribution_types": "bisogno,strategia", "current_phase_id": 2, "show_results": 0, "silent": 0}


@pytest.mark.parametrize(
    "session, ballot, slot, view",
    [
        ({}, {"phase_id": 2, "status": "aperta", "show_live": 1}, "aree", "turnout_live"),
        ({}, {"phase_id": 2, "status": "aperta", "show_live": 0}, "aree", "turnout"),
        ({"show_results": 1}, {"phase_id": 2, "status": "chiusa", "show_live": 0}, "aree", "frozen"),
        ({}, {"phase_id": 2, "status": "chiusa", "show_live": 0}, "aree", "needs"),  # closed, not revealed
        ({"silent": 1}, None, "aree", "silent"),
        ({}, {"phase_id": 1, "status": "aperta", "show_live": 1}, "aree", "needs"),  # another phase's ballot
        ({}, None, "contributi", "hidden"),
        ({"show_results": 1}, None, "contributi", "list"),
        ({"contribution_types": "strategia", "show_results": 1}, None, "aree", "list"),
        ({"contribution_types": ""}, None, "aree", None),
        ({"contribution_types": ""}, None, "opinione", "opinion"),  # the facilitator chose the opinion view
        ({"reactions_open": 1}, None, "aree", "opinion"),  # reactions open: the groups and the consensus
        ({"reactions_open": 1, "silent": 1}, None, "aree", "silent"),
        ({"reactions_open": 1}, {"phase_id": 2, "status": "aperta", "show_live": 0}, "aree", "turnout"),
    ],
)
def test_what_the_projector_shows(session, ballot, slot, view):
    assert live.projector_view({**SESSION, **session}, ballot, slot) == view


def test_a_show_of_hands_counts_points_and_approvals_only():
    assert [m for m in ballots.METHODS if tallying.accepts_hand_counts(m)] == ["punti", "approvazione"]


def test_the_forms_open_on_the_first_open_form_never_on_a_closed_one():
    labels, kinds = ["Bisogno", "Strategia"], ["bisogno", "strategia"]
    assert live.tabs_default(labels, kinds, ["bisogno", "strategia"]) == "Bisogno"
    # the facilitator moves to the strategies: the need form (text typed in it) stays, marked, not selected
    labels = ["Strategia", "Bisogno · raccolta chiusa"]
    assert live.tabs_default(labels, ["strategia", "bisogno"], ["strategia"]) == "Strategia"
    # a phase that opens two types: the first of them
    assert live.tabs_default(["Principio", "Criterio"], ["principio", "criterio"], ["principio", "criterio"]) == (
        "Principio"
    )
