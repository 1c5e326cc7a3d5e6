"""Many laptops at once: real threads write through the core API."""

import threading

from coprog.contributions import contributions
from coprog.live import facilitation
from coprog.procedure import delegates
from coprog.storage.db import Database
from testkit.builders import STAFF, need_fields


def test_fifty_threads_log_needs_all_stored_once(world, database):
    actors = [delegates.delegate_actor(world[n]) for n in ("anna", "bruno", "carla")]
    barrier = threading.Barrier(50)
    ids, errors = [], []

    def log(i):
        barrier.wait()
        try:
            ids.append(
                contributions.create(
                    database, actors[i % 3], world["session_id"], "bisogno", need_fields(title=f"Bisogno numero {i}")
                )
            )
        except Exception as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=log, args=(i,)) for i in range(50)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert len(set(ids)) == 50
    titles = [r["title"] for r in database.query("SELECT title FROM contribution")]
    assert sorted(titles) == sorted(f"Bisogno numero {i}" for i in range(50))


def test_two_processes_worth_of_connections_share_the_file(world, database):
    """A second Database object on the same file (as a second server process
    would have) writes concurrently without losing anything."""
    other = Database(database.path)
    actor = delegates.delegate_actor(world["anna"])
    errors = []

    def log(db, prefix):
        for i in range(25):
            try:
                contributions.create(db, actor, world["session_id"], "bisogno", need_fields(title=f"{prefix} {i}"))
            except Exception as exc:
                errors.append(exc)

    threads = [threading.Thread(target=log, args=(db, p)) for db, p in ((database, "uno"), (other, "due"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert database.scalar("SELECT count(*) FROM contribution") == 50
    other.close()


def test_closing_the_phase_during_a_burst_leaves_no_write_after_the_close(world, database):
    actor = delegates.delegate_actor(world["anna"])
    results = []

    def log(i):
        try:
            results.append(
                contributions.create(database, actor, world["session_id"], "bisogno", need_fields(title=f"Corsa {i}"))
            )
        except Exception as exc:
            results.append(exc)

    threads = [threading.Thread(target=log, args=(i,)) for i in range(40)]
    for i, th in enumerate(threads):
        th.start()
        if i == 20:
            facilitation.set_contributions_open(database, STAFF, world["phase_id"], False)
    for th in threads:
        th.join()
    closed_at = database.scalar("SELECT closed_at FROM phase WHERE id = ?", (world["phase_id"],))
    late = database.scalar("SELECT count(*) FROM contribution WHERE created_at > ?", (closed_at,))
    stored = database.scalar("SELECT count(*) FROM contribution")
    assert late == 0
    assert stored == sum(isinstance(r, int) for r in results)
