"""Schema, migrations and transactions, through the public API on real files."""

import sqlite3
import threading

import pytest

from coprog.storage import migrations
from coprog.storage.db import Database


def tables(database):
    return {r["name"] for r in database.query("SELECT name FROM sqlite_master WHERE type='table'")}


def test_empty_file_is_migrated_to_latest(tmp_path):
    database = Database(tmp_path / "new.db")
    with database.read() as conn:
        assert migrations.current_version(conn) == migrations.LATEST
    assert {
        "process",
        "session",
        "phase",
        "organisation",
        "delegate",
        "contribution",
        "audit_log",
        "attendance",
    } <= tables(database)


def test_migrations_are_idempotent(tmp_path):
    database = Database(tmp_path / "x.db")
    assert migrations.migrate(database) == []
    again = Database(tmp_path / "x.db")
    assert again.query("SELECT version FROM schema_migrations") == [{"version": v} for v, _, _ in migrations.MIGRATIONS]


@pytest.mark.parametrize("start", range(0, migrations.LATEST + 1))
def test_upgrade_from_every_earlier_version(tmp_path, start):
    path = tmp_path / "old.db"
    old = Database(path, migrate=False)
    migrations.migrate(old, target=start)
    old.close()
    upgraded = Database(path)
    with upgraded.read() as conn:
        assert migrations.current_version(conn) == migrations.LATEST


def test_connection_settings(database):
    assert database.scalar("PRAGMA journal_mode") == "wal"
    with database.write() as db:
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_write_is_one_transaction(database):
    with pytest.raises(RuntimeError), database.write() as db:
        db["meta"].insert({"key": "a", "value": "1"})
        raise RuntimeError("boom")
    assert database.query("SELECT * FROM meta WHERE key = 'a'") == []


def test_foreign_keys_are_enforced(database):
    with pytest.raises(sqlite3.IntegrityError), database.write() as db:
        db.execute("INSERT INTO delegate (organisation_id, name, access_code) VALUES (999, 'Nessuno', 'ABCDEFGHJKMN')")


def test_reads_work_from_other_threads(database):
    with database.write() as db:
        db["meta"].insert({"key": "k", "value": "v"})
    seen = []
    threads = [
        threading.Thread(target=lambda: seen.append(database.scalar("SELECT value FROM meta WHERE key='k'")))
        for _ in range(8)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert seen == ["v"] * 8


def test_split_statements_keeps_trigger_bodies():
    statements = migrations.split_statements(migrations.M001_CORE)
    triggers = [s for s in statements if s.startswith("CREATE TRIGGER")]
    assert triggers and all(s.rstrip().endswith("END;") for s in triggers)


def test_a_long_write_elsewhere_gives_busy_and_writes_nothing(world, database):
    from coprog.contributions import contributions
    from coprog.procedure import delegates
    from coprog.texts.errors import Busy
    from testkit.builders import need_fields

    impatient = Database(database.path, busy_timeout_ms=200)
    blocker = sqlite3.connect(database.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # e.g. a backup or a bulk import in another process
    try:
        with pytest.raises(Busy) as info:
            contributions.create(
                impatient, delegates.delegate_actor(world["anna"]), world["session_id"], "bisogno", need_fields()
            )
        assert info.value.key == "error.busy"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert database.scalar("SELECT count(*) FROM contribution") == 0
    contributions.create(
        impatient, delegates.delegate_actor(world["anna"]), world["session_id"], "bisogno", need_fields()
    )  # and works once the lock is gone
    assert database.scalar("SELECT count(*) FROM contribution") == 1
    impatient.close()


# A released migration never changes: its SQL is literal text and its fingerprint is fixed
# here when it is released. A new migration adds its line; an edited one fails this test.
RELEASED = {
    1: "720b07fbe20a9004",
    2: "49c31b49f23de4a2",
    3: "494fc39fbd8b2975",
    4: "eb1e073e4eda2b06",
    5: "b7b692ca6a9234f3",
    6: "9acebe905eee4996",
    7: "2a0728e2a47b31ed",
    8: "5a0c386e4cfab407",
    9: "abd83e8a1b0b2643",
    10: "8cd3a46713fc172c",
    11: "f0a98389c84417fa",
    12: "abc07f9986e4c8b3",
    13: "6eba14beb9970662",
    14: "2eae58959e27a2e5",
    15: "d79ddea522670d93",
    16: "a4ca1762cafb171f",
    17: "44a225a2673eb556",
}


def test_released_migrations_never_change():
    import hashlib

    found = {v: hashlib.sha256(sql.encode()).hexdigest()[:16] for v, _, sql in migrations.MIGRATIONS}
    assert {v: found[v] for v in RELEASED} == RELEASED
    assert set(found) - set(RELEASED) <= {migrations.LATEST}  # at most the one being written
