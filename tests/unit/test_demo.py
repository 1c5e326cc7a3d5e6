"""The demo percorso: realistic, created once, reset on request, on its sessions' days."""

from coprog import demo
from coprog.cli import main
from coprog.reading import analysis
from testkit.builders import pid


def test_demo_is_realistic_and_created_once(database):
    summary = demo.create(database)
    assert summary["created"]
    assert database.scalar("SELECT count(*) FROM organisation") == 30
    assert database.scalar("SELECT count(*) FROM session WHERE kind = 'tavolo'") == 3
    assert database.scalar("SELECT count(*) FROM session WHERE kind = 'plenaria'") == 2  # opening and closing
    assert database.scalar("SELECT count(*) FROM consolidated_item") > 0  # the closing plenary's lists
    assert database.scalar("SELECT count(*) FROM contribution WHERE type = 'bisogno'") == 120
    assert database.scalar("SELECT count(*) FROM contribution WHERE type != 'bisogno'") >= 5
    needs = analysis.needs_table(database, pid(database))
    assert needs["area"].nunique() == 13
    assert (analysis.by_municipio(needs)["needs"] > 0).all() and analysis.citywide_count(needs) > 0
    snapshot = database.query("SELECT count(*) AS n FROM audit_log")
    assert demo.create(database)["created"] is False
    assert database.query("SELECT count(*) AS n FROM audit_log") == snapshot


def test_demo_reset_starts_over(database):
    demo.create(database)
    demo.reset(database)
    assert database.scalar("SELECT count(*) FROM organisation") == 0
    second = demo.create(database)
    assert second["created"] and database.scalar("SELECT count(*) FROM organisation") == 30


def test_cli_demo_twice_changes_nothing(tmp_path, capsys):
    db = str(tmp_path / "demo.db")
    assert main(["--db", db, "demo"]) == 0
    assert "Creato il percorso demo" in capsys.readouterr().out
    assert main(["--db", db, "demo"]) == 0
    assert "esiste già" in capsys.readouterr().out
    assert main(["--db", db, "invites", "--out", str(tmp_path / "inviti.html")]) == 0


def test_the_demo_happens_on_its_sessions_days(database):
    demo.create(database)
    for row in database.query(
        "SELECT s.date, a.checked_in_at FROM attendance a JOIN session s ON s.id = a.session_id"
        " UNION ALL SELECT s.date, c.created_at FROM contribution c"
        " JOIN session s ON s.id = c.session_id"
        " UNION ALL SELECT s.date, b.closed_at FROM ballot b JOIN session s ON s.id = b.session_id"
        " UNION ALL SELECT s.date, v.cast_at FROM vote v JOIN ballot b ON b.id = v.ballot_id"
        " JOIN session s ON s.id = b.session_id"
    ):
        assert row["checked_in_at"][:10] == row["date"], row
    ballot = database.query_one("SELECT opened_at, closed_at, snapshot FROM ballot")
    assert ballot["opened_at"] < ballot["closed_at"] and ballot["closed_at"] in ballot["snapshot"]
