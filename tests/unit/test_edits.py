"""Two people editing the same stored text (coprog/storage/edits.py): a save made
from the version someone else has replaced meanwhile is refused, names who saved
and when, and writes nothing; a save made having seen it replaces it. Every
editor of the app is listed here as data and each test loops over them, so a new
editor joins every check by being listed."""

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from coprog.contributions import consolidation, contributions, moderation
from coprog.live import facilitation
from coprog.procedure import clarifications, delegates, processes, sessions
from coprog.records import drafts, sintesi
from coprog.storage import edits
from coprog.texts import i18n, taxonomy
from coprog.texts.errors import EditConflict
from testkit.builders import FACILITATOR, STAFF, tables_and_plenary

NEED = "Anziani soli d'estate nel quartiere"  # Alfa's need at the north table (Anna Rossi's)
AREAS = [a for a in taxonomy.codes("area") if a != "isolamento"]  # the need is «isolamento»


@pytest.fixture
def world(database):
    return tables_and_plenary(database)


def anna(world):
    return delegates.delegate_actor(world["people"]["Anna Rossi"])


@dataclass(frozen=True)
class EditorCase:
    """One editor: what it opens, what its form reads, what it saves (variant ``n``)
    and where its writer is logged."""

    name: str
    fields: tuple[str, ...]
    entity: str
    open: object  # (database, world) -> the edited row's id
    stored: object  # (database, world, id) -> the row as the page reads it
    save: object  # (database, world, id, n, based_on) -> None
    shown: object  # (row) -> what variant n saved shows
    refusal: str = "edit.conflict.organizzatore"  # who saved first: the organisers' shared sign-in


def _notes_open(db, w):
    return w["sessions"]["Plenaria di sintesi"]


def _phase_open(db, w):
    return sessions.phases(db, w["sessions"]["Tavolo Nord"])[0]["id"]


def _clarification_open(db, w):
    return clarifications.ask(db, STAFF, w["process_id"], "Serve la firma digitale?", "2026-11-29 10:00")


def _clarification_row(db, w, cid):
    return next(c for c in clarifications.listing(db, w["process_id"]) if c["id"] == cid)


def _observation_open(db, w):
    deadline = (datetime.now(UTC) + timedelta(days=7)).astimezone(i18n.TZ).strftime("%Y-%m-%d %H:%M")
    draft = drafts.publish(db, STAFF, w["process_id"], deadline)
    section = drafts.sections(db, draft["id"])[0]
    return drafts.observe(db, anna(w), section["id"], "La premessa citi il Piano di zona.")


def _observation_row(db, w, oid):
    return next(o for o in drafts.observations(db, w["process_id"]) if o["id"] == oid)


def _item_open(db, w):
    plenary = w["sessions"]["Plenaria di sintesi"]
    consolidation.promote(db, FACILITATOR, plenary, [w["contributions"][NEED]])
    return consolidation.items(db, plenary)[0]["id"]


def _need(db, w):
    return w["contributions"][NEED]


def _order(n):
    """The sintesi's chapters with the n-th moved first: only the order changes."""
    sections = list(sintesi.SECTIONS)
    return [sections[n % len(sections)]] + [s for s in sections if s != sections[n % len(sections)]]


def _update(db, w, cid, n, based_on):
    fields = {**contributions.get(db, cid), "title": f"Titolo dell'autrice {n}"}
    contributions.update(db, anna(w), cid, fields, based_on=based_on)


EDITORS = [
    EditorCase(
        "note del verbale", sessions.NOTES, "session", _notes_open,
        lambda db, w, sid: {"notes": sessions.get_session(db, sid)["notes"]},
        lambda db, w, sid, n, b: sessions.set_notes(db, FACILITATOR, sid, f"Note {n}", based_on=b),
        lambda row: row["notes"], "edit.conflict.facilitatore",
    ),
    EditorCase(
        "risposta a un chiarimento", clarifications.ANSWER, "clarification", _clarification_open, _clarification_row,
        lambda db, w, cid, n, b: clarifications.answer(
            db, STAFF, w["process_id"], cid, f"Risposta {n}", publish=bool(n % 2), based_on=b
        ),
        lambda row: row["answer"],
    ),
    EditorCase(
        "risposta a un'osservazione", drafts.ANSWER, "observation", _observation_open, _observation_row,
        lambda db, w, oid, n, b: drafts.answer(db, STAFF, oid, "accolta", f"Motivo {n}", based_on=b),
        lambda row: row["reason"],
    ),
    EditorCase(
        "testi della sintesi", sintesi.TEXTS, "synthesis", lambda db, w: w["process_id"],
        lambda db, w, pid: sintesi.texts(db, pid),
        lambda db, w, pid, n, b: sintesi.save_texts(
            db, STAFF, pid, premessa=f"Premessa {n}", conclusioni="", based_on=b
        ),
        lambda row: row["premessa"],
    ),
    EditorCase(
        "ordine dei capitoli della sintesi", sintesi.TEXTS, "synthesis", lambda db, w: w["process_id"],
        lambda db, w, pid: sintesi.texts(db, pid),
        lambda db, w, pid, n, b: sintesi.save_texts(
            db, STAFF, pid, premessa="", conclusioni="", order=_order(n), based_on=b
        ),
        lambda row: row["order"],
    ),
    EditorCase(
        "impostazioni del percorso", processes.EDITABLE, "process", lambda db, w: w["process_id"],
        lambda db, w, pid: processes.get(db, pid),
        lambda db, w, pid, n, b: processes.update(db, STAFF, pid, description=f"Descrizione {n}", based_on=b),
        lambda row: row["description"],
    ),
    EditorCase(
        "dettagli di una sessione", sessions.DETAILS, "session", lambda db, w: w["sessions"]["Tavolo Sud"],
        lambda db, w, sid: sessions.get_session(db, sid),
        lambda db, w, sid, n, b: sessions.update_session(
            db, STAFF, sid, title="Tavolo Sud", kind="tavolo", place=f"Sala {n}", based_on=b
        ),
        lambda row: row["place"],
    ),
    EditorCase(
        "nome di una fase", facilitation.PHASE, "phase", _phase_open,
        lambda db, w, phase: facilitation.phase_fields(db.query_one("SELECT * FROM phase WHERE id = ?", (phase,))),
        lambda db, w, ph, n, b: facilitation.edit_phase(db, FACILITATOR, ph, f"Fase {n}", ["bisogno"], based_on=b),
        lambda row: row["name"], "edit.conflict.facilitatore",
    ),
    EditorCase(
        "riformulazione in plenaria", consolidation.REWORDED, "consolidated_item", _item_open,
        lambda db, w, item: consolidation.get(db, item),
        lambda db, w, item, n, b: consolidation.reword(db, STAFF, item, f"Formulazione {n}", based_on=b),
        lambda row: row["title"],
    ),
    EditorCase(
        "correzione del moderatore", moderation.CORRECTED, "contribution", _need,
        lambda db, w, cid: contributions.get(db, cid),
        lambda db, w, cid, n, b: moderation.correct(db, FACILITATOR, cid, f"Titolo corretto {n}", "", based_on=b),
        lambda row: row["title"], "edit.conflict.facilitatore",
    ),
    EditorCase(
        "ricategorizzazione", moderation.RECATEGORISED, "contribution", _need,
        lambda db, w, cid: contributions.get(db, cid),
        lambda db, w, cid, n, b: moderation.recategorise(db, FACILITATOR, cid, {"area": AREAS[n]}, based_on=b),
        lambda row: row["area"], "edit.conflict.facilitatore",
    ),
    EditorCase(
        "modifica dell'autrice", contributions.NEED_EDITED, "contribution", _need,
        lambda db, w, cid: contributions.get(db, cid), _update, lambda row: row["title"], "edit.conflict",
    ),
]  # fmt: skip
IDS = [e.name for e in EDITORS]


def audit_rows(database, case, row_id) -> int:
    return database.scalar("SELECT count(*) FROM audit_log WHERE entity = ? AND entity_id = ?", (case.entity, row_id))


@pytest.mark.parametrize("case", EDITORS, ids=IDS)
def test_a_save_from_the_version_replaced_meanwhile_is_refused_and_writes_nothing(database, world, case):
    row_id = case.open(database, world)
    opened = edits.fingerprint(case.stored(database, world, row_id), case.fields)  # both forms open here
    case.save(database, world, row_id, 1, opened)  # the first saves
    saved = case.shown(case.stored(database, world, row_id))
    logged = audit_rows(database, case, row_id)
    with pytest.raises(EditConflict) as refused:
        case.save(database, world, row_id, 2, opened)  # the second, from what they opened
    assert refused.value.key == case.refusal  # a delegate by name, the staff's shared sign-in by its role
    at = database.scalar(
        "SELECT at FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1", (case.entity, row_id)
    )
    named = {"who": "Anna Rossi"} if case.refusal == "edit.conflict" else {}
    assert refused.value.params == {**named, "when": i18n.when(at)}
    assert "Non salvato: nel frattempo" in i18n.t(case.refusal, "it", **refused.value.params)
    assert case.shown(case.stored(database, world, row_id)) == saved  # the first save stands
    assert audit_rows(database, case, row_id) == logged  # and nothing else was written


@pytest.mark.parametrize("case", EDITORS, ids=IDS)
def test_a_save_made_having_seen_the_other_version_replaces_it(database, world, case):
    row_id = case.open(database, world)
    opened = edits.fingerprint(case.stored(database, world, row_id), case.fields)
    case.save(database, world, row_id, 1, opened)
    with pytest.raises(EditConflict):
        case.save(database, world, row_id, 2, opened)
    seen = edits.fingerprint(case.stored(database, world, row_id), case.fields)  # the refusal showed it
    case.save(database, world, row_id, 2, seen)
    after_two = case.shown(case.stored(database, world, row_id))
    case.save(database, world, row_id, 3, None)  # no version given (the CLI): saved as before
    assert after_two != case.shown(case.stored(database, world, row_id))
    # and a save from the version just saved goes through: one's own save never blocks the next
    case.save(database, world, row_id, 4, edits.fingerprint(case.stored(database, world, row_id), case.fields))


@pytest.mark.parametrize("case", EDITORS, ids=IDS)
def test_of_many_saves_from_one_version_at_the_same_moment_one_is_written(database, world, case):
    """Eight people (threads) press «Salva» from the same version at once: one save
    is written and logged, seven are refused, none is lost unseen or written twice."""
    row_id = case.open(database, world)
    opened = edits.fingerprint(case.stored(database, world, row_id), case.fields)
    logged = audit_rows(database, case, row_id)
    barrier = threading.Barrier(8)
    saved, refused, other = [], [], []

    def save(n):
        barrier.wait()
        try:
            case.save(database, world, row_id, n, opened)
            saved.append(n)
        except EditConflict:
            refused.append(n)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            other.append(repr(exc))

    threads = [threading.Thread(target=save, args=(n,)) for n in range(1, 9)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert other == [] and len(saved) == 1 and len(refused) == 7
    winner = edits.fingerprint(case.stored(database, world, row_id), case.fields)
    assert winner != opened
    assert audit_rows(database, case, row_id) == logged + 1


def test_the_moderators_two_forms_do_not_refuse_each_other(database, world):
    """The text and the category are two forms: a correction of the title does not
    make the category form's version old, nor the reverse. The author's form edits
    both, so either refuses a save from before it."""
    cid = world["contributions"][NEED]
    row = contributions.get(database, cid)
    text_version = edits.fingerprint(row, moderation.CORRECTED)
    category_version = edits.fingerprint(row, moderation.RECATEGORISED)
    author_version = edits.fingerprint(row, contributions.NEED_EDITED)
    moderation.correct(database, FACILITATOR, cid, "Anziani soli in estate", "", based_on=text_version)
    moderation.recategorise(database, FACILITATOR, cid, {"area": AREAS[3]}, based_on=category_version)
    with pytest.raises(EditConflict):
        _update(database, world, cid, 1, author_version)
    assert contributions.get(database, cid)["title"] == "Anziani soli in estate"


def test_a_version_is_the_same_whatever_the_container_of_its_values():
    fields = ("notes", "municipi", "citywide")
    one = {"notes": None, "municipi": [1, 3], "citywide": False}
    assert edits.fingerprint(one, fields) == edits.fingerprint({"notes": "", "municipi": (1, 3), "citywide": 0}, fields)
    assert edits.fingerprint(one, fields) != edits.fingerprint({**one, "notes": " "}, fields)
    assert edits.fingerprint(one, fields) != edits.fingerprint({**one, "municipi": [1]}, fields)
    assert edits.fingerprint(one, fields) != edits.fingerprint({**one, "municipi": [3, 1]}, fields)  # a sequence
    assert edits.fingerprint({**one, "municipi": {3, 1}}, fields) == edits.fingerprint(
        {**one, "municipi": {1, 3}}, fields
    )


def test_the_refusal_names_who_wrote_the_text_not_who_last_touched_the_item(database, world):
    """A delegate checking in to the session, or the organisers pinning a contribution,
    is logged on it too: the refusal still names the text's writer."""
    from coprog.live import attendance

    north = world["sessions"]["Tavolo Nord"]
    opened = edits.fingerprint({"notes": ""}, sessions.NOTES)
    sessions.set_notes(database, FACILITATOR, north, "Note del facilitatore", based_on=opened)
    attendance.check_in(database, world["people"]["Dario Blu"], north)  # logged on the session, later
    with pytest.raises(EditConflict) as refused:
        sessions.set_notes(database, STAFF, north, "Note dell'organizzazione", based_on=opened)
    assert refused.value.key == "edit.conflict.facilitatore"

    cid = world["contributions"][NEED]
    opened = edits.fingerprint(contributions.get(database, cid), contributions.NEED_EDITED)
    _update(database, world, cid, 1, opened)  # Anna edits her need
    moderation.pin(database, STAFF, cid)  # logged on the contribution, later
    with pytest.raises(EditConflict) as refused:
        moderation.correct(database, FACILITATOR, cid, "Titolo del moderatore", "", based_on=opened)
    assert (refused.value.key, refused.value.params["who"]) == ("edit.conflict", "Anna Rossi")
