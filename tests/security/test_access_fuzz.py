"""Guessing codes, and fuzzing every input boundary of the core."""

import io
import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from coprog.ballots import ballots, tallying
from coprog.contributions import contributions
from coprog.live import facilitation
from coprog.procedure import access, delegates, importer, sessions
from coprog.texts.errors import CoprogError, NotAllowed, NotFound
from testkit.builders import OUTCOME, STAFF, need_fields, pid

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(max_size=300)
anything = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    text,
    st.booleans(),
    st.lists(st.integers(-5, 200), max_size=5),
    st.lists(text, max_size=3),
)


def test_code_entropy_is_stated_and_large():
    bits = access.CODE_LENGTH * math.log2(len(access.CODE_ALPHABET))
    assert bits > 59
    # at the brake's pace an attacker gets a few hundred tries an hour per address
    assert access.delay_for(access.FREE_FAILURES + 8) == access.MAX_DELAY


def test_a_thousand_wrong_codes_get_nowhere(world, database):
    refused = throttled = 0
    for _ in range(1000):
        guess = access.new_access_code()
        try:
            delegates.identify_person(database, guess, "ip:10.9.9.9")
        except NotAllowed:
            throttled += 1
        except NotFound:
            refused += 1
    assert refused == access.FREE_FAILURES  # then every try is slowed down
    assert throttled == 1000 - access.FREE_FAILURES
    # the right code from another address still works
    assert (
        delegates.identify_person(database, world["anna"]["access_code"], "ip:10.0.0.1")[1]["id"] == world["anna"]["id"]
    )


@FUZZ
@given(
    st.dictionaries(st.sampled_from(list(need_fields())), anything, max_size=12),
    st.sampled_from(["bisogno", "strategia", "principio", "voto", ""]),
)
def test_contribution_fields_never_crash_and_never_half_store(world, database, fields, kind):
    before = database.scalar("SELECT count(*) FROM contribution")
    before_territory = database.scalar("SELECT count(*) FROM contribution_municipio")
    try:
        contributions.create(
            database, delegates.delegate_actor(world["anna"]), world["session_id"], kind, {**need_fields(), **fields}
        )
    except CoprogError:
        assert database.scalar("SELECT count(*) FROM contribution") == before
        assert database.scalar("SELECT count(*) FROM contribution_municipio") == before_territory
    else:
        stored = database.query("SELECT * FROM contribution ORDER BY id DESC LIMIT 1")[0]
        assert 3 <= len(stored["title"]) <= 150 and stored["intensity"] in (1, 2, 3, 4, 5)


@FUZZ
@given(
    st.sampled_from(ballots.METHODS),
    st.one_of(
        st.dictionaries(
            st.integers(-3, 50),
            st.one_of(
                st.integers(-5, 9), st.none(), text, st.dictionaries(text, st.one_of(st.integers(-2, 8), st.none()))
            ),
        ),
        st.lists(st.integers(-3, 50), max_size=8),
        st.none(),
        text,
    ),
)
def test_ballots_never_crash_and_keep_the_rules(world, database, method, choices):
    strategies = sessions.phases(database, world["session_id"])[2]
    if not database.scalar("SELECT count(*) FROM contribution WHERE type = 'strategia'"):
        facilitation.set_current_phase(database, STAFF, world["session_id"], strategies["id"])
        facilitation.set_contributions_open(database, STAFF, strategies["id"], True)
        for title in ("Prima proposta", "Seconda proposta", "Terza proposta"):
            contributions.create(
                database,
                delegates.delegate_actor(world["carla"]),
                world["session_id"],
                "strategia",
                {"title": title, "body": "Testo"},
            )
    current = ballots.open_in_session(database, world["session_id"])
    if current and current["method"] != method:
        ballots.close(database, STAFF, current["id"], OUTCOME)
        current = None
    bid = (
        current["id"]
        if current
        else ballots.open_ballot(database, STAFF, world["session_id"], method, dimensions=("importanza", "fattibilita"))
    )
    try:
        ballots.cast(database, delegates.delegate_actor(world["anna"]), bid, choices)
    except CoprogError:
        pass
    for row in database.query(
        "SELECT v.id, sum(e.value) AS used, max(e.value) AS top FROM vote v"
        " JOIN vote_entry e ON e.vote_id = v.id JOIN ballot b ON b.id = v.ballot_id"
        " WHERE b.method = 'punti' GROUP BY v.id"
    ):
        assert row["used"] <= 5 and row["top"] <= 3
    tallying.results(database, bid)


@FUZZ
@given(st.lists(st.lists(st.one_of(text, st.integers(), st.none()), min_size=0, max_size=8), max_size=6), st.booleans())
def test_import_never_crashes_and_is_all_or_nothing(database, tmp_path_factory, rows, as_xlsx):
    header = [
        "denominazione",
        "codice_fiscale",
        "forma_giuridica",
        "delegato_nome",
        "municipi",
        "attivita",
        "email",
        "delegato_email",
    ]
    folder = tmp_path_factory.mktemp("fuzz")
    if as_xlsx:
        workbook = Workbook()
        workbook.active.append(header)
        from coprog.texts.exports_safe import safe_cell

        for row in rows:  # what a spreadsheet program could have saved
            workbook.active.append([safe_cell(v) for v in row])
        path = folder / "f.xlsx"
        buffer = io.BytesIO()
        workbook.save(buffer)
        path.write_bytes(buffer.getvalue())
    else:
        path = folder / "f.csv"
        lines = [";".join(header)] + [
            ";".join("" if v is None else str(v).replace("\n", " ") for v in row) for row in rows
        ]
        path.write_text("\n".join(lines), encoding="utf-8")
    before = database.scalar("SELECT count(*) FROM organisation")
    try:
        result = importer.import_file(database, STAFF, path, process_id=pid(database))
    except importer.ImportFailed as failed:
        assert failed.rows
        assert database.scalar("SELECT count(*) FROM organisation") == before
    else:
        assert database.scalar("SELECT count(*) FROM organisation") == before + result.organisations


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x.pdf"]))
def test_import_of_random_bytes_is_refused_cleanly(database, content, name):
    try:
        importer.import_file(database, STAFF, name, content, process_id=pid(database))
    except importer.ImportFailed as failed:
        assert failed.rows
    assert database.scalar("SELECT count(*) FROM organisation") == 0


@pytest.mark.parametrize("typed", ["", " ", "x" * 10_000, "\x00" * 20, "' OR 1=1 --", "ABCD-EFGH-JKMN\n"])
def test_odd_codes(world, database, typed):
    with pytest.raises((NotFound, NotAllowed)):
        delegates.identify_person(database, typed, "ip:odd")


@pytest.mark.parametrize("municipi", ["²", "٣", "1e3", float("inf"), {"a": 1}])
def test_odd_municipi_are_refused_not_crashed(world, database, municipi):
    with pytest.raises(CoprogError):
        contributions.create(
            database,
            delegates.delegate_actor(world["anna"]),
            world["session_id"],
            "bisogno",
            need_fields(municipi=municipi),
        )


# -- PEC: whatever arrives in the box or is uploaded, a verdict or a reason, never a crash,
# never half a message stored ------------------------------------------------------------
_PEC: dict = {}


def _pec_sample():
    """One valid PEC (a signed application in its envelope), made once for the module."""
    if not _PEC:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        from coprog.procedure import application_form
        from testkit import pec as tp

        ca = tp.Authority()
        provider = ca.issue("Gestore PEC di prova")
        form = application_form.build({"title": "Fuzz", "application_deadline": "2026-12-04T12:00"})
        vals = tp.values(1)
        name, data = tp.application(form, vals, ca.issue("Legale", vals["cf_legale_rappresentante"]), as_="cades")
        inner = tp.original(vals["email"], "p@pec.example", "Domanda", "Allego.", [(name, data)])
        when = datetime(2026, 12, 4, 11, 0, tzinfo=ZoneInfo("Europe/Rome"))
        _PEC["raw"] = tp.envelope(inner, provider, when=when, identifier="opec-fuzz@gestore.example")
    return _PEC["raw"]


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["x.eml", "x.zip", "x.mbox", "x.txt"]))
def test_random_files_given_as_pec_get_a_reason(world, database, content, name):
    from coprog.procedure import intake, pec

    try:
        incoming = pec.from_upload(name, content)
    except pec.Unreadable as exc:
        assert exc.key.startswith("pec.")
        return
    before = database.scalar("SELECT count(*) FROM organisation")
    verdicts = intake.assess(database, pid(database), incoming)
    assert all(v.reasons or v.outcome for v in verdicts)
    intake.record(database, STAFF, pid(database), verdicts)
    assert database.scalar("SELECT count(*) FROM organisation") == before


@FUZZ
@given(st.integers(0, 10**9), st.integers(0, 255), st.booleans())
@example(30894054, 47, False)  # the signer's certificate no longer found: pyHanko refused to check (make test)
def test_a_damaged_pec_is_refused_or_stored_whole(world, database, where, byte, cut):
    from coprog.procedure import intake, pec

    raw = bytearray(_pec_sample())
    at = where % len(raw)
    damaged = bytes(raw[:at]) if cut else bytes(raw[:at] + bytes([byte]) + raw[at + 1 :])
    [verdict] = intake.assess(database, pid(database), [pec.Incoming("fuzz.eml", damaged)])
    assert verdict.reasons or verdict.outcome
    before = database.scalar("SELECT count(*) FROM pec_message")
    try:
        intake.record(database, STAFF, pid(database), [verdict])
    except CoprogError:
        pass  # refused whole: a reason, nothing written
    stored = database.scalar("SELECT count(*) FROM pec_message") - before
    files = database.scalar("SELECT count(*) FROM pec_file f JOIN pec_message m ON m.id = f.message_id")
    assert stored in (0, 1) and (files >= 2 * database.scalar("SELECT count(*) FROM pec_message"))
    if verdict.outcome == "accettata" and stored:
        assert database.scalar("SELECT count(*) FROM organisation") >= 1
