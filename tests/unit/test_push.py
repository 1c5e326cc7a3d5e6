"""The push watcher's rules (coprog/live/push.py), step by step on a fake clock:
a part that moves is told at once; live results and the list at most every so
often, their last change always told; a session that is gone says so; a page
that leaves is forgotten."""

from coprog.live import push


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def watched(values: dict):
    """A Changes on a fake clock following a reader that returns ``values`` (mutable)."""
    clock = Clock()
    changes = push.Changes(database=None, clock=clock)  # type: ignore[arg-type]
    changes._ensure_thread = lambda: None  # stepped by hand
    told: list[dict] = []
    follower, first = changes.follow(
        ("t",), lambda: None if values.get("gone") else dict(values["parts"]), told.append, push.THROTTLE
    )
    return changes, clock, told, follower, first


def test_a_moved_part_is_told_at_once_and_nothing_when_nothing_moved():
    values = {"parts": {"ballot": "-", "status": "1", "votes": "-", "list": "1"}}
    changes, clock, told, _, first = watched(values)
    assert first == values["parts"]
    changes.step(read_again=True)
    assert told == []  # read again, nothing moved
    values["parts"] = {**values["parts"], "ballot": "7.0"}
    changes.step(read_again=True)
    assert [t["ballot"] for t in told] == ["7.0"]


def test_votes_and_the_list_are_paced_and_their_last_change_arrives():
    values = {"parts": {"ballot": "7.0", "votes": "0.0", "list": "1"}}
    changes, clock, told, _, _ = watched(values)
    for n in range(1, 6):  # five votes in a second
        values["parts"] = {**values["parts"], "votes": f"{n}.0"}
        clock.now += 0.2
        changes.step(read_again=True)
    assert [t["votes"] for t in told] == ["1.0"]  # the first at once, the rest held
    clock.now += push.THROTTLE["votes"]
    changes.step(read_again=False)  # no new commit: the held change is told when its time comes
    assert [t["votes"] for t in told] == ["1.0", "5.0"]
    values["parts"] = {**values["parts"], "list": "2", "ballot": "-"}
    changes.step(read_again=True)
    assert told[-1]["ballot"] == "-" and told[-1]["list"] == "2"


def test_a_session_gone_is_said_and_a_page_that_leaves_is_forgotten():
    values = {"parts": {"ballot": "-"}}
    changes, clock, told, follower, _ = watched(values)
    values["gone"] = True
    changes.step(read_again=True)
    assert told == [{"access": "gone"}]
    changes.unfollow(follower)
    assert changes.followers(("t",)) == 0 and changes._watched == {}


def test_the_pages_of_a_process_are_checked_together_refused_told_heartbeats_written(world, database):
    from coprog.live import attendance, live
    from coprog.procedure import delegates
    from testkit.builders import STAFF

    anna, session = world["anna"], world["session_id"]
    bruno = next(d for d in delegates.delegates(database, world["process_id"]) if d["name"] == "Bruno Verdi")
    for person in (anna, bruno):
        attendance.check_in(database, person, session)
    pages = [(anna["id"], session), (bruno["id"], session)]
    assert live.check_pages(database, pages, now=1000.0) == set()
    rows = database.query("SELECT delegate_id, last_seen_at FROM attendance")
    seen = {r["delegate_id"]: r["last_seen_at"] for r in rows}
    assert seen == {anna["id"]: 1000.0, bruno["id"]: 1000.0}
    live.check_pages(database, pages, now=1005.0)  # too soon for another heartbeat: nothing written
    assert {r["last_seen_at"] for r in database.query("SELECT last_seen_at FROM attendance")} == {1000.0}
    delegates.revoke_code(database, STAFF, bruno["id"])
    assert live.check_pages(database, pages, now=1030.0) == {bruno["id"]}
