"""Invitations (CSV, HTML and PDF cards with QR) and the demo process."""

import csv
import io

import pytest

from coprog import access, analysis, demo, invites, registry
from coprog.cli import main
from tests.helpers import pid, STAFF, make_org


def test_invites_csv_has_links_from_base_url(world, database, tmp_path, monkeypatch):
    monkeypatch.setenv("COPROG_BASE_URL", "https://coprog.example.it/")
    out = tmp_path / "inviti.csv"
    assert invites.write(database, out, pid(database)) == 3
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["ente", "delegato", "ruolo", "codice", "link"]  # Italian headers
    anna = next(r for r in rows if r["delegato"] == "Anna Rossi")
    assert anna["codice"] == access.format_code(world["anna"]["access_code"])
    assert anna["link"] == f"https://coprog.example.it/join/{anna['codice']}"


def test_revoked_delegates_get_no_invite(world, database):
    registry.revoke_code(database, STAFF, world["carla"]["id"])
    assert {r["delegate"] for r in invites.invite_rows(database, pid(database))} == {"Anna Rossi", "Bruno Verdi"}


def test_invite_csv_neutralises_formulas(database, percorso):
    make_org(database, "=HYPERLINK(\"http://x\")", "97123450153", ("+Mario Rossi",))
    text = invites.to_csv(invites.invite_rows(database, pid(database)))
    assert "'=HYPERLINK" in text and "'+Mario Rossi" in text


def test_html_cards_escape_text_and_carry_qr(database, percorso, tmp_path):
    make_org(database, "Ente <script>alert(1)</script>", "97123450153", ("Anna Rossi",))
    out = tmp_path / "inviti.html"
    invites.write(database, out, pid(database))
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert page.count("<svg") == 1 and "Il tuo codice personale" in page


def test_pdf_cards(world, database, tmp_path):
    out = tmp_path / "inviti.pdf"
    assert invites.write(database, out, pid(database)) == 3
    assert out.read_bytes().startswith(b"%PDF")


def test_unknown_invite_format(database, percorso, tmp_path):
    with pytest.raises(ValueError):
        invites.write(database, tmp_path / "inviti.docx", pid(database))


def test_demo_is_realistic_and_created_once(database):
    summary = demo.create(database)
    assert summary["created"]
    assert database.scalar("SELECT count(*) FROM organisation") == 30
    assert database.scalar("SELECT count(*) FROM session WHERE kind = 'tavolo'") == 3
    assert database.scalar("SELECT count(*) FROM session WHERE kind = 'plenaria'") == 1
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
    for row in database.query("SELECT s.date, a.checked_in_at FROM attendance a JOIN session s ON s.id = a.session_id"
                              " UNION ALL SELECT s.date, c.created_at FROM contribution c"
                              " JOIN session s ON s.id = c.session_id"
                              " UNION ALL SELECT s.date, b.closed_at FROM ballot b JOIN session s ON s.id = b.session_id"
                              " UNION ALL SELECT s.date, v.cast_at FROM vote v JOIN ballot b ON b.id = v.ballot_id"
                              " JOIN session s ON s.id = b.session_id"):
        assert row["checked_in_at"][:10] == row["date"], row
    ballot = database.query_one("SELECT opened_at, closed_at, snapshot FROM ballot")
    assert ballot["opened_at"] < ballot["closed_at"] and ballot["closed_at"] in ballot["snapshot"]
