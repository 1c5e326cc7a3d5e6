"""The schema in one file: schema.sql is what the migrations make, and the
facts ARCHITECTURE.md states about it are generated from it. When either drifts
(a migration added without `python -m coprog schema`, a hand edit), these fail."""

from coprog.storage import schema
from coprog.storage.db import Database


def test_schema_sql_is_what_the_migrations_make():
    database = schema.fresh()
    try:
        made = schema.dump(database)
    finally:
        database.close()
    assert schema.SCHEMA_FILE.read_text(encoding="utf-8") == made, "run: python -m coprog schema"


def test_the_architecture_map_states_the_generated_facts():
    facts = schema.facts(schema.SCHEMA_FILE.read_text(encoding="utf-8"))
    architecture = (schema.ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert facts in architecture, "run: python -m coprog schema"


def test_a_drift_is_seen(tmp_path):
    """What the two tests above see when a change reaches the database but not the files."""
    database = Database(tmp_path / "drift.db")
    with database.write() as db:
        db.execute(
            "CREATE TRIGGER drift_demo BEFORE DELETE ON reaction BEGIN SELECT RAISE(ABORT, 'mai_cancellare'); END"
        )
        db.execute("CREATE TRIGGER drift_bump AFTER DELETE ON reaction BEGIN UPDATE session SET version = version + 1;"
                   " END")  # fmt: skip
    drifted = schema.dump(database)
    database.close()
    assert drifted != schema.SCHEMA_FILE.read_text(encoding="utf-8")
    facts = schema.facts(drifted)
    assert "| `reaction` | `drift_demo` | before delete | `mai_cancellare` |" in facts
    assert "`reaction` (delete)" in facts.split("\n")[2]  # session.version's movers
    assert facts not in (schema.ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
