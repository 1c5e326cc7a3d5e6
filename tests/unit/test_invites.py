"""Invitations: the CSV for mail merge, the HTML and PDF cards with QR codes."""

import csv
import io

import pytest

from coprog.procedure import access, delegates, invites
from coprog.texts.errors import ValidationError
from testkit.builders import STAFF, make_org, pid


def test_invites_csv_has_links_from_base_url(world, database, tmp_path, monkeypatch):
    monkeypatch.setenv("COPROG_BASE_URL", "https://coprog.example.it/")
    out = tmp_path / "inviti.csv"
    assert invites.write(database, out, pid(database)) == 3
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == ["percorso", "prossima_sessione", "ente", "delegato", "ruolo", "codice", "link"]
    assert rows[0]["percorso"] == "Percorso di prova" and rows[0]["prossima_sessione"].startswith("Plenaria")
    anna = next(r for r in rows if r["delegato"] == "Anna Rossi")
    assert anna["codice"] == access.format_code(world["anna"]["access_code"])
    assert anna["link"] == f"https://coprog.example.it/join/{anna['codice']}"


def test_revoked_delegates_get_no_invite(world, database):
    delegates.revoke_code(database, STAFF, world["carla"]["id"])
    assert {r["delegate"] for r in invites.invite_rows(database, pid(database))} == {"Anna Rossi", "Bruno Verdi"}


def test_invite_csv_neutralises_formulas(database, percorso):
    make_org(database, '=HYPERLINK("http://x")', "97123450153", ("+Mario Rossi",))
    text = invites.to_csv(invites.invite_rows(database, pid(database)))
    assert "'=HYPERLINK" in text and "'+Mario Rossi" in text


def test_invite_csv_carries_the_utf8_mark_for_excel(database, percorso):
    """Without the mark Excel reads UTF-8 as Windows-1252 and a delegate's name arrives mangled."""
    make_org(database, "Società Àlfa", "97123450153", ("Niccolò Rossi",))
    data = invites.to_csv(invites.invite_rows(database, pid(database))).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert (row["ente"], row["delegato"]) == ("Società Àlfa", "Niccolò Rossi")


def test_html_cards_escape_text_and_carry_qr(database, percorso, tmp_path):
    make_org(database, "Ente <script>alert(1)</script>", "97123450153", ("Anna Rossi",))
    out = tmp_path / "inviti.html"
    invites.write(database, out, pid(database))
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert '<p class="process">Percorso</p>' in page  # every card names its percorso
    assert page.count("<svg") == 1 and "Il tuo codice personale" in page


def test_pdf_cards(world, database, tmp_path):
    out = tmp_path / "inviti.pdf"
    assert invites.write(database, out, pid(database)) == 3
    assert out.read_bytes().startswith(b"%PDF")


def test_unknown_invite_format(database, percorso, tmp_path):
    with pytest.raises(ValidationError) as info:
        invites.write(database, tmp_path / "inviti.docx", pid(database))
    assert info.value.key == "invites.unknown_format"
