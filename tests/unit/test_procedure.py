"""A real procedure from an empty database: percorsi created and kept apart,
who may take part (admission, the percorso's state), entity codici fiscali,
the demo deleted without a trace, archive, privacy and the day's operations."""

import io
import json
import sqlite3

import pytest
from docx import Document
from openpyxl import load_workbook

from coprog import demo, firstrun
from coprog.ballots import ballots, tallying
from coprog.cli import main
from coprog.contributions import contributions
from coprog.live import attendance, facilitation, tallies
from coprog.procedure import access, delegates, importer, invites, organisations, processes, sessions, staff
from coprog.reading import analysis
from coprog.records import documents, opendata, review
from coprog.storage import audit
from coprog.storage.db import Database, meta_get
from coprog.texts.errors import NotAllowed, NotFound, ValidationError
from testkit.builders import FACILITATOR, STAFF, VALID_CF, database_at, facilitator_actor, make_org, need_fields

PERSONAL_CF = "RSSMRA80A01F205X"


def open_needs(database, session_id):
    phase = next(p for p in sessions.phases(database, session_id) if p["position"] == 2)
    facilitation.set_current_phase(database, STAFF, session_id, phase["id"])
    facilitation.set_contributions_open(database, STAFF, phase["id"], True)
    return phase["id"]


def open_a_ballot(database, session_id):
    """An approval ballot on a strategy the organisers put on the table."""
    phase = next(p for p in sessions.phases(database, session_id) if p["position"] == 3)
    facilitation.set_current_phase(database, STAFF, session_id, phase["id"])
    ballots.add_seed(database, STAFF, session_id, "strategia", "Una regia unica per Municipio")
    ballot = ballots.open_ballot(database, STAFF, session_id, "approvazione")
    return ballot, tallying.items(database, ballot)[0]["id"]


def delegate_of(database, org_id):
    return delegates.get_delegate(
        database,
        database.scalar(
            "SELECT id FROM delegate WHERE organisation_id = ? AND revoked = 0 ORDER BY id LIMIT 1", (org_id,)
        ),
    )


# -- percorsi from nothing ------------------------------------------------------------


def test_a_percorso_with_the_avviso_then_its_first_session(database):
    pid = processes.create(
        database,
        STAFF,
        title="Co-programmazione domiciliarità 2027",
        office="Area Domiciliarità",
        avviso_protocol="PG 123456/2026",
        avviso_date="01/10/2026",
        application_deadline="2026-11-20 12:00",
        pec="coprogrammazione@pec.comune.milano.it",
        contact="segreteria@comune.milano.it",
        start_date="2026-11-10",
        end_date="2027-01-31",
    )
    p = processes.get(database, pid)
    assert (p["avviso_date"], p["application_deadline"], p["status"]) == ("2026-10-01", "2026-11-20T12:00", "attivo")
    assert processes.current(database)["id"] == pid
    sid = sessions.create_session(
        database, STAFF, process_id=pid, kind="plenaria", title="Plenaria di avvio", date="2026-11-26"
    )
    assert sessions.get_session(database, sid)["date"] == "2026-11-26"
    with pytest.raises(ValidationError) as before_deadline:
        sessions.create_session(database, STAFF, process_id=pid, kind="tavolo", title="Tavolo 1", date="2026-11-19")
    assert before_deadline.value.key == "validation.session_before_deadline"
    with pytest.raises(ValidationError) as outside:
        sessions.create_session(database, STAFF, process_id=pid, kind="tavolo", title="Tavolo 1", date="2027-03-01")
    assert outside.value.key == "validation.session_outside_process"
    with pytest.raises(ValidationError) as twice:
        sessions.create_session(database, STAFF, process_id=pid, kind="plenaria", title="plenaria di avvio")
    assert twice.value.key == "session.duplicate"
    with pytest.raises(ValidationError) as moved:  # the deadline cannot move after the first session
        processes.update(database, STAFF, pid, application_deadline="2026-11-30 12:00")
    assert moved.value.key == "validation.session_before_deadline"


@pytest.mark.parametrize(
    "fields, key",
    [
        ({"start_date": "2027-02-01", "end_date": "2027-01-01"}, "validation.dates_order"),
        (
            {"avviso_date": "2026-10-01", "application_deadline": "2026-09-30 12:00"},
            "validation.deadline_before_avviso",
        ),
        ({"application_deadline": "31/02/2026 12:00"}, "validation.bad_datetime"),
        ({"start_date": "domani"}, "validation.bad_date"),
        ({"pec": "non-una-pec"}, "validation.email"),
        ({"title": " "}, "validation.required"),
    ],
)
def test_bad_percorso_fields_are_refused_with_their_reason(database, fields, key):
    with pytest.raises(ValidationError) as error:
        processes.create(database, STAFF, **{"title": "Percorso", **fields})
    assert key in [k for _, k, _ in error.value.problems]
    assert database.scalar("SELECT count(*) FROM process") == 0


def test_a_title_is_taken_once(database):
    processes.create(database, STAFF, title="Percorso")
    with pytest.raises(ValidationError) as error:
        processes.create(database, STAFF, title="percorso")
    assert error.value.key == "process.duplicate"


def test_cli_from_an_empty_file(tmp_path, capsys):
    db = str(tmp_path / "vuoto.db")
    args = [
        "--db",
        db,
        "new-process",
        "--title",
        "Domiciliarità 2027",
        "--deadline",
        "2026-11-20 12:00",
        "--start",
        "2026-11-10",
        "--end",
        "2027-01-31",
        "--pec",
        "coprog@pec.example.it",
    ]
    assert main(args) == 0
    assert "Creato il percorso 1" in capsys.readouterr().out
    assert main(args) == 0  # the same command again changes nothing
    assert "esiste già con questi dati" in capsys.readouterr().out
    assert main(["--db", db, "new-process", "--title", "Domiciliarità 2027", "--office", "Altro"]) == 1
    assert "esiste già un percorso" in capsys.readouterr().err
    assert main(["--db", db, "new-process", "--title", "Altro", "--start", "2027-02-01", "--end", "2027-01-01"]) == 1
    assert "la data di fine precede l'inizio" in capsys.readouterr().err
    session = ["--db", db, "new-session", "--process", "1", "--title", "Plenaria", "--date", "2026-11-26"]
    assert main(session) == 0 and main(session) == 0
    assert "esiste già" in capsys.readouterr().out.splitlines()[-1]
    assert main(["--db", db, "new-session", "--title", "Tavolo", "--date", "2026-11-18"]) == 1
    assert "prima della scadenza delle domande" in capsys.readouterr().err
    assert main(["--db", db, "processes"]) == 0
    assert "Domiciliarità 2027" in capsys.readouterr().out
    database = Database(db)
    assert database.scalar("SELECT count(*) FROM process") == 1
    assert database.scalar("SELECT count(*) FROM session") == 1


# -- who may take part -----------------------------------------------------------------


@pytest.fixture
def applicants(world, database):
    """World plus an ETS still ricevuta and one non ammessa, each with a delegate."""
    received = make_org(database, "Gamma ODV", VALID_CF[2], ("Dario Blu",), admission="ricevuta")
    refused = make_org(database, "Delta APS", "97000010153", ("Elsa Viola",), admission="non_ammessa")
    return {
        **world,
        "received": received,
        "refused": refused,
        "dario": delegate_of(database, received),
        "elsa": delegate_of(database, refused),
    }


@pytest.mark.parametrize("who", ["dario", "elsa"])
def test_only_admitted_ets_join_contribute_and_vote(applicants, database, who):
    person = applicants[who]
    key = "admission.refused_ricevuta" if who == "dario" else "admission.refused_non_ammessa"
    assert delegates.participation_refusal(person) == key
    before = database.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(NotAllowed) as joined:
        attendance.check_in(database, person, applicants["session_id"])
    assert joined.value.key == key
    with pytest.raises(NotAllowed):
        contributions.create(
            database, delegates.delegate_actor(person), applicants["session_id"], "bisogno", need_fields()
        )
    with pytest.raises(NotAllowed):  # staff cannot enter one for them either
        contributions.create(
            database,
            STAFF,
            applicants["session_id"],
            "bisogno",
            need_fields(),
            source="carta",
            organisation_id=person["organisation_id"],
        )
    ballot, item = open_a_ballot(database, applicants["session_id"])
    with pytest.raises(NotAllowed):
        ballots.cast(database, delegates.delegate_actor(person), ballot, {item: 1})
    with pytest.raises(NotAllowed):
        attendance.check_in_by_hand(database, STAFF, applicants["session_id"], person["id"])
    for table in ("attendance", "vote"):
        assert (
            database.scalar(f"SELECT count(*) FROM {table} WHERE organisation_id = ?", (person["organisation_id"],))
            == 0
        )
    assert (
        database.scalar("SELECT count(*) FROM contribution WHERE organisation_id = ?", (person["organisation_id"],))
        == 0
    )
    # the phase (made current, its contributions opened with it), the seed, the ballot
    assert database.scalar("SELECT count(*) FROM audit_log") == before + 4


def test_the_database_refuses_non_admitted_ets_when_the_core_is_bypassed(applicants, database):
    conn = sqlite3.connect(database.path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    sid, phase = applicants["session_id"], applicants["phase_id"]
    for org, person in ((applicants["received"], applicants["dario"]), (applicants["refused"], applicants["elsa"])):
        with pytest.raises(sqlite3.IntegrityError, match="ente_non_ammesso"):
            conn.execute(
                "INSERT INTO attendance (session_id, delegate_id, organisation_id) VALUES (?, ?, ?)",
                (sid, person["id"], org),
            )
        with pytest.raises(sqlite3.IntegrityError, match="ente_non_ammesso"):
            conn.execute(
                "INSERT INTO contribution (session_id, phase_id, type, organisation_id, delegate_id, title,"
                " body) VALUES (?, ?, 'strategia', ?, ?, 'Titolo', 'Testo')",
                (sid, phase, org, person["id"]),
            )
    ballot, _ = open_a_ballot(database, sid)
    with pytest.raises(sqlite3.IntegrityError, match="ente_non_ammesso"):
        conn.execute(
            "INSERT INTO vote (ballot_id, voter, organisation_id) VALUES (?, ?, ?)",
            (ballot, f"org:{applicants['received']}", applicants["received"]),
        )
    conn.close()


def test_turning_an_ets_down_mid_procedure_keeps_what_it_did_and_says_so(world, database):
    anna = delegates.delegate_actor(world["anna"])
    attendance.check_in(database, world["anna"], world["session_id"])
    cid = contributions.create(database, anna, world["session_id"], "bisogno", need_fields())
    impact = organisations.set_admission(database, STAFF, world["org_a"], "non_ammessa", "Non iscritta al RUNTS")
    assert impact == {"sessions": 1, "contributions": 1, "votes": 0, "open_votes": 0}
    assert contributions.get(database, cid)["status"] == "approvato"  # kept
    flagged = review.search(database, process_id=world["process_id"])
    assert next(c for c in flagged if c["id"] == cid)["admission"] == "non_ammessa"
    row = database.query_one("SELECT detail FROM audit_log WHERE action = 'ammissione' ORDER BY id DESC LIMIT 1")
    detail = json.loads(row["detail"])
    assert detail["after"] == {"admission": "non_ammessa", "admission_reason": "Non iscritta al RUNTS"}
    assert detail["affected"]["contributions"] == 1
    with pytest.raises(NotAllowed):
        contributions.update(database, anna, cid, need_fields(title="Testo cambiato dopo"))
    with pytest.raises(NotAllowed):
        organisations.set_admission(database, FACILITATOR, world["org_a"], "ammessa")


# -- the codice fiscale of an entity ---------------------------------------------------


def test_a_personal_codice_fiscale_is_refused_everywhere(percorso, database, tmp_path):
    with pytest.raises(ValidationError) as form:
        organisations.add_organisation(
            database,
            STAFF,
            {"name": "Mario Rossi", "codice_fiscale": PERSONAL_CF, "legal_form": "odv"},
            process_id=percorso,
        )
    assert form.value.key == "validation.fiscal_code_person"
    from coprog.texts import i18n

    assert "l'avviso esclude le persone fisiche" in i18n.error_messages(form.value)[0]
    path = tmp_path / "domande.csv"
    path.write_text(
        "denominazione;codice_fiscale;forma_giuridica;delegato_nome\n"
        f"Ente Uno ODV;{VALID_CF[0]};ODV;Anna Rossi\nMario Rossi;{PERSONAL_CF};ODV;Mario Rossi\n",
        encoding="utf-8",
    )
    with pytest.raises(importer.ImportFailed) as failed:
        importer.import_file(database, STAFF, path, process_id=percorso)
    assert [(row, importer.column_for(field), key) for row, field, key, _ in failed.value.rows] == [
        (3, "codice_fiscale", "validation.fiscal_code_person")
    ]
    assert database.scalar("SELECT count(*) FROM organisation") == 0  # all or nothing
    with pytest.raises(sqlite3.IntegrityError, match="cf_persona_fisica"), database.write() as db:
        db.execute(
            "INSERT INTO organisation (process_id, name, codice_fiscale, legal_form) VALUES (?, 'X Y', ?, 'odv')",
            [percorso, PERSONAL_CF],
        )


def test_the_migration_reports_personal_codes_instead_of_dropping_them(tmp_path):
    path = tmp_path / "v4.db"
    old = database_at(path, 4)
    with old.write() as db:
        db.execute("INSERT INTO process (title) VALUES ('Percorso 2026')")
        db.execute(
            "INSERT INTO organisation (name, codice_fiscale, legal_form) VALUES ('Mario Rossi', ?, 'odv')",
            [PERSONAL_CF],
        )
        db.execute(
            "INSERT INTO organisation (name, codice_fiscale, legal_form) VALUES ('Ente', ?, 'odv')", [VALID_CF[0]]
        )
        db.execute(
            "INSERT INTO delegate (organisation_id, name, access_code) VALUES (1, 'Mario Rossi', 'ABCDEFGHJKMN')"
        )
        db.execute(
            "INSERT INTO audit_log (actor_kind, action, entity, entity_id) VALUES ('sistema', 'crea',"
            " 'organisation', 1)"
        )
    old.close()
    new = Database(path)
    assert new.query("SELECT entity, entity_id, problem FROM migration_report") == [
        {"entity": "organisation", "entity_id": 1, "problem": "codice_fiscale_persona_fisica"}
    ]
    assert new.query("SELECT id, process_id, cf_non_conforme FROM organisation ORDER BY id") == [
        {"id": 1, "process_id": 1, "cf_non_conforme": 1},
        {"id": 2, "process_id": 1, "cf_non_conforme": 0},
    ]
    assert new.scalar("SELECT count(*) FROM delegate") == 1
    assert new.scalar("SELECT process_id FROM audit_log") == 1
    assert new.query("PRAGMA foreign_key_check") == [] and new.query("PRAGMA foreign_keys") == [{"foreign_keys": 1}]
    with pytest.raises(NotAllowed):  # kept, but not admissible
        organisations.set_admission(new, STAFF, 1, "ammessa")


# -- two percorsi never mixed ----------------------------------------------------------


def test_two_percorsi_are_never_mixed(world, database):
    anna = delegates.delegate_actor(world["anna"])
    contributions.create(database, anna, world["session_id"], "bisogno", need_fields(title="Bisogno del primo"))
    attendance.check_in(database, world["anna"], world["session_id"])
    other = processes.create(database, STAFF, title="Secondo percorso")
    other_session = sessions.create_session(database, STAFF, process_id=other, kind="plenaria", title="Plenaria 2")
    open_needs(database, other_session)
    # the same ETS applies again to the second percorso: a record of its own
    zeta = make_org(database, "Cooperativa Sociale Alfa", VALID_CF[0], ("Zeno Grigi",), process_id=other)
    zeno = delegate_of(database, zeta)
    contributions.create(
        database, delegates.delegate_actor(zeno), other_session, "bisogno", need_fields(title="Bisogno del secondo")
    )
    with pytest.raises(NotAllowed) as crossed:  # a delegate of the first cannot join the second's session
        attendance.check_in(database, world["anna"], other_session)
    assert crossed.value.key == "process.other_process"

    first, second = world["process_id"], other
    assert list(analysis.needs_table(database, first)["title"]) == ["Bisogno del primo"]
    assert list(analysis.needs_table(database, second)["title"]) == ["Bisogno del secondo"]
    assert tallies.board_counters(database, process_id=first)["needs"] == 1
    assert tallies.board_counters(database, process_id=second) == {"organisations": 0, "contributions": 1, "needs": 1}
    for pid_, mine, theirs in (
        (first, "Bisogno del primo", "Bisogno del secondo"),
        (second, "Bisogno del secondo", "Bisogno del primo"),
    ):
        dump = opendata.dumps(database, pid_)
        assert mine in dump and theirs not in dump
        tables = opendata.tables(database, pid_)
        assert {p["id"] for p in tables["process"]} == {pid_}
        docx = Document(io.BytesIO(documents.synthesis_docx(database, pid_)))
        text = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
            c.text for t in docx.tables for r in t.rows for c in r.cells
        )
        assert mine in text and theirs not in text
        assert review.headline(database, pid_)["contributions"] == 1
    assert {r["delegate"] for r in invites.invite_rows(database, second)} == {"Zeno Grigi"}
    assert [r["delegate"] for r in attendance.register(database, process_id=second)] == []
    assert len(attendance.register(database, process_id=first)) == 1
    assert {r["name"] for r in organisations.applications(database, second)} == {"Cooperativa Sociale Alfa"}
    assert all(r["process_id"] in (first, None) for r in audit.recent(database, first, 500))


# -- the demo, created and deleted -----------------------------------------------------


def test_deleting_the_demo_leaves_no_row_behind_and_touches_nothing_else(world, database):
    anna = delegates.delegate_actor(world["anna"])
    contributions.create(database, anna, world["session_id"], "bisogno", need_fields())
    counts = lambda: {
        t: database.scalar(f"SELECT count(*) FROM {t}")
        for t in (  # noqa: E731
            "process",
            "session",
            "phase",
            "organisation",
            "delegate",
            "contribution",
            "contribution_author",
            "contribution_municipio",
            "attendance",
            "ballot",
            "ballot_item",
            "vote",
            "vote_entry",
            "seed_item",
            "paper_count",
            "audit_log",
            "organisation_field",
            "organisation_municipio",
            "synthesis",
        )
    }
    before = counts()
    summary = demo.create(database)
    assert summary["created"] and counts()["contribution"] > before["contribution"]
    demo_id = summary["process_id"]
    with pytest.raises(ValidationError):
        processes.delete_demo(database, STAFF, demo_id, "un altro titolo")
    with pytest.raises(NotAllowed):
        processes.delete_demo(database, STAFF, world["process_id"], "Percorso di prova")  # a real one stays
    with pytest.raises(NotAllowed):
        processes.delete_demo(database, FACILITATOR, demo_id, demo.TITLE)
    removed = processes.delete_demo(database, STAFF, demo_id, demo.TITLE)
    assert removed["organisation"] == 30 and removed["contribution"] > 100
    after = counts()
    assert after == {**before, "audit_log": before["audit_log"] + 1}  # only the deletion's own record
    last = database.query_one("SELECT action, process_id, detail FROM audit_log ORDER BY id DESC LIMIT 1")
    assert last["action"] == "elimina_demo" and last["process_id"] is None
    assert database.query("PRAGMA foreign_key_check") == []
    assert processes.current(database)["id"] == world["process_id"]


# -- closing and archiving ---------------------------------------------------------------


def test_an_archived_percorso_is_read_only_and_still_makes_its_records(world, database):
    anna = delegates.delegate_actor(world["anna"])
    cid = contributions.create(database, anna, world["session_id"], "bisogno", need_fields())
    attendance.check_in(database, world["anna"], world["session_id"])
    with pytest.raises(NotAllowed):
        processes.archive(database, STAFF, world["process_id"])  # close it first
    processes.close(database, STAFF, world["process_id"])
    with pytest.raises(NotAllowed) as closed:
        contributions.create(database, anna, world["session_id"], "bisogno", need_fields(title="Dopo la chiusura"))
    assert closed.value.key == "process.closed"
    processes.archive(database, STAFF, world["process_id"])
    for attempt in (
        lambda: attendance.check_in(database, world["carla"], world["session_id"]),
        lambda: sessions.create_session(database, STAFF, process_id=world["process_id"], kind="tavolo", title="T"),
        lambda: processes.update(database, STAFF, world["process_id"], title="Nuovo titolo"),
        lambda: organisations.set_admission(database, STAFF, world["org_b"], "non_ammessa", "Tardi"),
        lambda: organisations.add_organisation(
            database,
            STAFF,
            {"name": "Nuovo Ente", "codice_fiscale": VALID_CF[2], "legal_form": "odv"},
            process_id=world["process_id"],
        ),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    with pytest.raises(sqlite3.IntegrityError, match="percorso_archiviato"), database.write() as db:
        db.execute("UPDATE contribution SET title = 'Riscritto', last_editor = 'staff' WHERE id = ?", [cid])
    assert contributions.get(database, cid)["title"] == need_fields()["title"]
    assert documents.synthesis_docx(database, world["process_id"])[:2] == b"PK"
    workbook = load_workbook(io.BytesIO(documents.register_xlsx(database, process_id=world["process_id"])))
    assert len(list(workbook.active.iter_rows())) == 2
    assert opendata.tables(database, world["process_id"])["contribution"]


def test_personal_data_are_erased_only_after_the_retention_period(world, database):
    attendance.check_in(database, world["anna"], world["session_id"])
    cid = contributions.create(
        database, delegates.delegate_actor(world["anna"]), world["session_id"], "bisogno", need_fields()
    )
    with pytest.raises(NotAllowed):
        processes.purge(database, STAFF, world["process_id"])  # still running
    processes.update(database, STAFF, world["process_id"], retention_months=12)
    processes.close(database, STAFF, world["process_id"])
    ends = processes.retention_ends(processes.get(database, world["process_id"]))
    with pytest.raises(NotAllowed) as early:
        processes.purge(database, STAFF, world["process_id"])
    assert early.value.key == "process.retention_running" and early.value.params["until"] == ends
    assert processes.purge(database, STAFF, world["process_id"], today=ends) == 3
    names = {r["name"] for r in database.query("SELECT name FROM delegate")}
    assert all(n.startswith(delegates.ERASED_NAME) for n in names)
    assert database.scalar("SELECT count(*) FROM delegate WHERE email != '' OR role != ''") == 0
    assert contributions.get(database, cid)["organisation_id"] == world["org_a"]  # the records stay
    assert len(attendance.register(database, process_id=world["process_id"])) == 1
    assert delegates.delegate_by_code(database, world["anna"]["access_code"]) is None


def test_cli_purge(world, database, capsys):
    assert main(["--db", str(database.path), "purge", "--process", str(world["process_id"])]) == 1
    assert "chiuso" in capsys.readouterr().err


def test_retention_end_is_the_closing_day_months_later():
    assert processes.retention_ends({"closed_at": "2026-01-31T10:00:00.000Z", "retention_months": 1}) == "2026-02-28"
    assert processes.retention_ends({"closed_at": "2026-11-26T10:00:00.000Z", "retention_months": 24}) == "2028-11-26"
    assert processes.retention_ends({"closed_at": None}) is None


# -- day zero on a machine ---------------------------------------------------------------


def test_setup_makes_the_demo_once_and_never_again_after_it_was_deleted(tmp_path, monkeypatch):
    monkeypatch.delenv("COPROG_ADMIN_PASSWORD", raising=False)
    database = Database(tmp_path / "nuovo.db")
    first = firstrun.setup(database, demo=True)
    assert first["demo"]["created"] and first["password"]
    assert access.verify_password(first["password"], meta_get(database, firstrun.LOCAL_HASH))
    demo_row = demo.demo_process(database)
    processes.delete_demo(database, STAFF, demo_row["id"], demo_row["title"])
    again = firstrun.setup(database, demo=True)
    assert again == {"password": None, "demo": None, "initialised": False}
    assert database.scalar("SELECT count(*) FROM process") == 0


def test_setup_can_start_clean(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COPROG_ADMIN_PASSWORD", access.hash_password("una-password-lunga", iterations=1000))
    db = str(tmp_path / "pulito.db")
    assert main(["--db", db, "setup", "--no-demo"]) == 0
    out = capsys.readouterr().out
    assert "nessun percorso" in out and "Password" not in out
    assert Database(db).scalar("SELECT count(*) FROM process") == 0


# -- on the day --------------------------------------------------------------------------


def test_replacing_a_delegate_stops_the_old_code_at_once(world, database):
    secret = "chiave-di-prova"
    old_cookie = access.sign_delegate(secret, world["anna"]["id"], world["anna"]["access_code"])
    new_id = delegates.replace_delegate(database, STAFF, world["anna"]["id"], {"name": "Giulia Neri", "role": "Socia"})
    assert delegates.delegate_by_code(database, world["anna"]["access_code"]) is None
    assert delegates.delegate_from_token(database, secret, old_cookie) is None
    new = delegates.get_delegate(database, new_id)
    assert delegates.delegate_by_code(database, new["access_code"])["name"] == "Giulia Neri"
    with pytest.raises(NotAllowed):
        delegates.reissue_code(database, STAFF, world["anna"]["id"])  # replaced: not brought back by a new code
    added = delegates.add_delegate(database, STAFF, world["org_b"], {"name": "Marta Gialli"})
    assert delegates.get_delegate(database, added)["organisation_id"] == world["org_b"]
    with pytest.raises(ValidationError):
        delegates.add_delegate(database, STAFF, world["org_b"], {"name": "marta gialli"})
    actions = [r["action"] for r in database.query("SELECT action FROM audit_log ORDER BY id DESC LIMIT 3")]
    assert actions == ["crea", "sostituisce_delegato", "crea"]


def test_a_facilitator_checks_in_a_delegate_who_lost_the_link(world, database):
    fid = staff.add_facilitator(database, STAFF, "Fabio Facilita")
    staff.assign(database, STAFF, fid, [world["session_id"]])
    facilitator = facilitator_actor(staff.get_facilitator(database, fid))
    code = attendance.hand_new_code(database, facilitator, world["session_id"], world["carla"]["id"])
    assert delegates.delegate_by_code(database, code)["id"] == world["carla"]["id"]
    assert delegates.delegate_by_code(database, world["carla"]["access_code"]) is None
    assert [r["delegate"] for r in attendance.register(database, world["session_id"])] == ["Carla Neri"]
    logged = database.query("SELECT action, actor_label FROM audit_log ORDER BY id DESC LIMIT 2")
    assert logged == [
        {"action": "nuovo_codice", "actor_label": "Fabio Facilita"},
        {"action": "registra_entrata", "actor_label": "Fabio Facilita"},
    ]
    code = database.scalar("SELECT access_code FROM facilitator WHERE id = ?", (fid,))
    assert delegates.identify_person(database, code, "ip:test")[0] == "facilitatore"
    staff.revoke(database, STAFF, fid)
    assert staff.get_facilitator(database, fid) is None
    with pytest.raises(NotFound):
        delegates.identify_person(database, code, "ip:test")


def test_the_privacy_notice_is_read_once(world, database):
    delegates.acknowledge_privacy(database, world["anna"])
    delegates.acknowledge_privacy(database, world["anna"])
    assert delegates.get_delegate(database, world["anna"]["id"])["privacy_ack_at"]
    assert database.scalar("SELECT count(*) FROM audit_log WHERE action = 'legge_informativa'") == 1


# -- links that reach the delegates' laptops -------------------------------------------


@pytest.mark.parametrize(
    "configured, host, addresses, expected",
    [
        ("https://coprog.comune.milano.it", "10.0.0.5:8501", ["192.168.1.20"], None),  # chosen by the organisers
        ("http://localhost:8501", "localhost:8501", ["192.168.1.20"], None),  # someone on the server itself
        (
            "http://localhost:8501",
            "192.168.1.20:8501",
            ["192.168.1.20"],
            {"reason": "localhost", "suggestions": ["http://192.168.1.20:8501"]},
        ),
        (None, "192.168.1.20:8501", ["192.168.1.20"], None),  # unset: the links follow the address in use
        (None, "127.0.0.1:8501", ["192.168.1.20"], None),  # unset, on the server: the machine's network address
        (None, "127.0.0.1:8501", [], {"reason": "unset", "suggestions": []}),  # no network at all: only here
        ("http://127.0.0.1:8501", "[::1]:8501", ["192.168.1.20"], None),
    ],
)
def test_base_url_advice(configured, host, addresses, expected):
    from coprog.hosting import network

    assert network.base_url_advice(configured, host, addresses, 8501) == expected


@pytest.mark.parametrize(
    "configured, host, addresses, port, scheme, expected",
    [
        (
            "https://coprog.comune.milano.it/",
            "10.0.0.5:8501",
            ["10.0.0.5"],
            8501,
            None,
            "https://coprog.comune.milano.it",
        ),
        (None, "192.168.1.20:8600", ["192.168.1.20"], 8600, None, "http://192.168.1.20:8600"),  # make run PORT=8600
        (
            None,
            "localhost:8600",
            ["192.168.1.20"],
            8600,
            None,
            "http://192.168.1.20:8600",
        ),  # on the server: its address
        (None, "localhost:8600", [], 8600, None, "http://localhost:8600"),  # no network: the port still right
        (None, "coprog.local", [], 8501, "https", "https://coprog.local"),  # behind the HTTPS proxy
    ],
)
def test_links_follow_the_port_and_the_address_in_use(configured, host, addresses, port, scheme, expected):
    from coprog.hosting import network

    assert network.public_base_url(configured, host, addresses, port, scheme) == expected


def test_this_machine_lists_its_own_addresses_only():
    import ipaddress

    from coprog.hosting import network

    for address in network.lan_addresses():
        ip = ipaddress.ip_address(address)
        assert ip.version == 4 and not ip.is_loopback


def test_a_decision_applies_to_those_chosen_and_if_asked_every_application_on_time():
    def application(id_: int, admission: str = "ricevuta", on_time=True, flagged=False) -> dict:
        return {"id": id_, "admission": admission, "on_time": on_time, "cf_non_conforme": flagged}

    applications = [
        application(1),
        application(2, on_time=False),  # late
        application(3, admission="ammessa"),  # decided already
        application(4, on_time=None),  # no deadline set
        application(5, flagged=True),  # a person's codice fiscale: to examine one by one
    ]
    assert organisations.to_decide([2], applications) == [2]
    assert organisations.to_decide([], applications, all_on_time=True) == [1, 4]
    assert organisations.to_decide([2, 1], applications, all_on_time=True) == [2, 1, 4]  # each once, chosen first
