"""From the tables to the plenary through the core: promotion, the union of
authors and territories on a merge and its undo, rewording with history,
the database's own rules, a plenary ballot on a consolidated list with its
per-table and per-group breakdowns (hand-computed), the outcome, and the
sintesi and open data that follow the consolidation."""

import io
import json
import sqlite3

import pytest
from docx import Document

from coprog.ballots import ballots, tallying
from coprog.contributions import consolidation
from coprog.live import attendance, live
from coprog.procedure import delegates
from coprog.records import decisions, documents, opendata
from coprog.storage.audit import Actor
from coprog.storage.db import Database
from coprog.texts.errors import NotAllowed, ValidationError
from testkit.builders import FACILITATOR, OUTCOME, STAFF, tables_and_plenary


@pytest.fixture
def world(database):
    return tables_and_plenary(database)


def promote_all(database, world) -> dict[str, int]:
    """Every table item into the plenary; returns item ids by title."""
    c = world["contributions"]
    consolidation.promote(database, FACILITATOR, world["sessions"]["Plenaria di sintesi"], list(c.values()))
    plenary = world["sessions"]["Plenaria di sintesi"]
    return {i["title"]: i["id"] for i in consolidation.items(database, plenary)}


def by_title(database, world, kind=None) -> dict[str, dict]:
    plenary = world["sessions"]["Plenaria di sintesi"]
    return {i["title"]: i for i in consolidation.items(database, plenary, kind)}


def test_promoted_items_keep_origin_authors_and_territories(database, world):
    plenary = world["sessions"]["Plenaria di sintesi"]
    assert len(consolidation.candidates(database, plenary)) == 6
    promote_all(database, world)
    assert consolidation.counts(database, plenary) == {"bisogno": 3, "strategia": 3}
    assert consolidation.candidates(database, plenary) == []
    items = by_title(database, world)
    need = items["Anziani soli d'estate nel quartiere"]
    assert need["tables"] == ["Tavolo Nord"]
    assert need["organisations"] == ["Alfa APS"]
    assert need["municipi"] == [1]
    assert need["sources"][0]["phase"] == "Bisogni e strategie"
    assert need["sources"][0]["contribution_id"] == world["contributions"]["Anziani soli d'estate nel quartiere"]
    # needs first, in the vocabulary's order
    assert [i["type"] for i in consolidation.items(database, plenary)] == ["bisogno"] * 3 + ["strategia"] * 3


def test_merge_is_the_union_of_authors_and_territories_and_undo_restores_it(database, world):
    ids = promote_all(database, world)
    plenary = world["sessions"]["Plenaria di sintesi"]
    suggested = consolidation.suggestions(database, plenary, "bisogno")
    assert [(g["keep"]["title"], [o["title"] for o in g["others"]]) for g in suggested] == [
        ("Anziani soli d'estate nel quartiere", ["Anziani soli d'estate"])
    ]
    strategies = consolidation.suggestions(database, plenary, "strategia")
    assert [(g["keep"]["title"], [o["title"] for o in g["others"]]) for g in strategies] == [
        ("Sportello unico domiciliare per Municipio", ["Sportello unico domiciliare in ogni Municipio"])
    ]
    kept, other = ids["Anziani soli d'estate nel quartiere"], ids["Anziani soli d'estate"]
    consolidation.merge(database, FACILITATOR, kept, [other])
    merged = by_title(database, world, "bisogno")
    assert list(merged) == ["Anziani soli d'estate nel quartiere", "Caregiver senza sollievo"]
    need = merged["Anziani soli d'estate nel quartiere"]
    assert need["tables"] == ["Tavolo Nord", "Tavolo Sud"]
    assert need["organisations"] == ["Alfa APS", "Gamma Coop"]
    assert need["municipi"] == [1, 2]
    assert need["merged"] == [other]
    assert consolidation.counts(database, plenary) == {"bisogno": 2, "strategia": 3}
    # a chain: the caregivers' need merged into the kept one, then undone alone
    consolidation.merge(database, FACILITATOR, kept, [ids["Caregiver senza sollievo"]])
    assert by_title(database, world, "bisogno")["Anziani soli d'estate nel quartiere"]["organisations"] == [
        "Alfa APS",
        "Beta ODV",
        "Gamma Coop",
    ]
    consolidation.unmerge(database, FACILITATOR, ids["Caregiver senza sollievo"])
    consolidation.unmerge(database, FACILITATOR, other)
    restored = by_title(database, world, "bisogno")
    assert restored["Anziani soli d'estate nel quartiere"]["organisations"] == ["Alfa APS"]
    assert restored["Anziani soli d'estate nel quartiere"]["municipi"] == [1]
    assert restored["Anziani soli d'estate"]["organisations"] == ["Gamma Coop"]
    assert restored["Anziani soli d'estate"]["municipi"] == [2]
    with pytest.raises(NotAllowed) as info:
        consolidation.unmerge(database, FACILITATOR, other)
    assert info.value.key == "cons.not_merged"
    with pytest.raises(NotAllowed) as info:  # across lists
        consolidation.merge(database, FACILITATOR, kept, [ids["Custode sociale di caseggiato"]])
    assert info.value.key == "cons.merge_mismatch"
    assert consolidation.counts(database, plenary) == {"bisogno": 3, "strategia": 3}


def test_rewording_is_the_organisers_and_keeps_the_history(database, world):
    ids = promote_all(database, world)
    item = ids["Custode sociale di caseggiato"]
    with pytest.raises(NotAllowed):
        consolidation.reword(database, FACILITATOR, item, "Custodi sociali nei caseggiati ERP")
    with pytest.raises(ValidationError):
        consolidation.reword(database, STAFF, item, "x")
    consolidation.reword(database, STAFF, item, "Custodi sociali nei caseggiati ERP", "In ogni Municipio")
    history = consolidation.history(database, item)
    assert [(h["title"], h["original"]) for h in history] == [
        ("Custode sociale di caseggiato", True),
        ("Custodi sociali nei caseggiati ERP", False),
    ]
    row = by_title(database, world)["Custodi sociali nei caseggiati ERP"]
    assert row["reworded"] == 1 and row["body"] == "In ogni Municipio"
    assert row["sources"][0]["title"] == "Custode sociale di caseggiato"  # the original stays on the source


def test_an_item_whose_source_is_hidden_after_promotion_leaves_every_list(database, world):
    from coprog.contributions import moderation

    ids = promote_all(database, world)
    plenary = world["sessions"]["Plenaria di sintesi"]
    kept, other = ids["Anziani soli d'estate nel quartiere"], ids["Anziani soli d'estate"]
    consolidation.merge(database, FACILITATOR, kept, [other])
    moderation.hide(database, STAFF, world["contributions"]["Anziani soli d'estate"], "Dati personali nel testo")
    moderation.hide(database, STAFF, world["contributions"]["Custode sociale di caseggiato"], "Fuori tema")
    assert consolidation.counts(database, plenary) == {"bisogno": 2, "strategia": 2}
    need = by_title(database, world, "bisogno")["Anziani soli d'estate nel quartiere"]
    assert need["organisations"] == ["Alfa APS"] and need["tables"] == ["Tavolo Nord"]  # the hidden source's gone
    assert "Custode sociale di caseggiato" not in by_title(database, world, "strategia")
    assert [i["title"] for i in ballots.candidate_items(database, plenary, "strategia")] == [
        "Sportello unico domiciliare per Municipio",
        "Sportello unico domiciliare in ogni Municipio",
    ]
    exported = {r["title"] for r in opendata.tables(database, world["process_id"])["consolidated_item"]}
    assert "Custode sociale di caseggiato" not in exported and "Anziani soli d'estate" not in exported


def test_rules_hold_in_the_core_and_in_the_database(database, world):
    plenary = world["sessions"]["Plenaria di sintesi"]
    north = world["sessions"]["Tavolo Nord"]
    first = world["contributions"]["Anziani soli d'estate nel quartiere"]
    with pytest.raises(NotAllowed) as info:
        consolidation.promote(database, FACILITATOR, north, [first])
    assert info.value.key == "cons.not_plenary"
    with pytest.raises(ValidationError):
        consolidation.promote(database, FACILITATOR, plenary, [])
    delegate = delegates.delegate_actor(world["people"]["Anna Rossi"])
    with pytest.raises(NotAllowed):
        consolidation.promote(database, delegate, plenary, [first])
    consolidation.promote(database, FACILITATOR, plenary, [first])
    with pytest.raises(NotAllowed) as info:  # twice: all or nothing
        consolidation.promote(database, FACILITATOR, plenary, [world["contributions"]["Anziani soli d'estate"], first])
    assert info.value.key == "cons.already"
    assert consolidation.counts(database, plenary) == {"bisogno": 1}
    with database.write() as db, pytest.raises(sqlite3.IntegrityError, match="non_plenaria"):
        db.execute(
            "INSERT INTO consolidated_item (session_id, contribution_id, type, title)"
            " VALUES (?, ?, 'bisogno', 'x y z')",
            [north, first],
        )
    with database.write() as db, pytest.raises(sqlite3.IntegrityError, match="tipo_diverso"):
        db.execute(
            "INSERT INTO consolidated_item (session_id, contribution_id, type, title)"
            " VALUES (?, ?, 'strategia', 'x y')",
            [plenary, world["contributions"]["Anziani soli d'estate"]],
        )


def vote_on_needs(database, world) -> int:
    """Needs merged (the two «anziani soli» into one), a dot ballot in the
    plenary: Alfa {N1: 3, N3: 2}, Beta {N1: 1, N3: 3}, Gamma {N1: 3}."""
    ids = promote_all(database, world)
    plenary = world["sessions"]["Plenaria di sintesi"]
    n1 = ids["Anziani soli d'estate nel quartiere"]
    consolidation.merge(database, FACILITATOR, n1, [ids["Anziani soli d'estate"]])
    bid = ballots.open_ballot(database, FACILITATOR, plenary, "punti", list_type="bisogno")
    items = {i["title"]: i["id"] for i in tallying.items(database, bid)}
    assert list(items) == ["Anziani soli d'estate nel quartiere", "Caregiver senza sollievo"]
    first, third = items["Anziani soli d'estate nel quartiere"], items["Caregiver senza sollievo"]
    for name, choice in (
        ("Anna Rossi", {first: 3, third: 2}),
        ("Bruno Verdi", {first: 1, third: 3}),
        ("Carla Neri", {first: 3}),
    ):
        attendance.check_in(database, world["people"][name], plenary)
        ballots.cast(database, delegates.delegate_actor(world["people"][name]), bid, choice)
    return bid


def test_plenary_ballot_on_needs_with_per_table_and_per_group_breakdowns(database, world):
    bid = vote_on_needs(database, world)
    result = tallying.results(database, bid)
    assert result["list_type"] == "bisogno"
    first, third = result["items"]
    assert (first["total"], first["breadth"], third["total"], third["breadth"]) == (7, 1.0, 5, 0.6667)
    assert (first["tables"], first["supporters"]) == (["Tavolo Nord", "Tavolo Sud"], 2)
    assert (third["tables"], third["supporters"]) == (["Tavolo Sud"], 1)
    # tables: north = {Alfa, Beta}, south = {Gamma, Beta}
    rows = [
        (r["group"], r["item"][:9], r["voters"], r["score"], r["support"]) for r in tallying.breakdown(result, "tavolo")
    ]
    assert rows == [
        ("Tavolo Nord", "Anziani s", 2, 4, True),
        ("Tavolo Nord", "Caregiver", 2, 5, True),
        ("Tavolo Sud", "Anziani s", 2, 4, True),
        ("Tavolo Sud", "Caregiver", 2, 3, False),  # one of two gave it points: not a majority
    ]
    # Municipi: 1 = {Alfa}, 2 = {Beta, Gamma}, 3 = {Gamma}; fields: a = {Alfa, Beta}, c = {Beta, Gamma}
    municipi = {(r["group"], r["item"][:9]): (r["voters"], r["score"]) for r in tallying.breakdown(result, "municipio")}
    assert municipi == {
        ("1", "Anziani s"): (1, 3),
        ("1", "Caregiver"): (1, 2),
        ("2", "Anziani s"): (2, 4),
        ("2", "Caregiver"): (2, 3),
        ("3", "Anziani s"): (1, 3),
        ("3", "Caregiver"): (1, 0),
    }
    fields = {(r["group"], r["item"][:9]): r["score"] for r in tallying.breakdown(result, "attivita")}
    assert fields == {("a", "Anziani s"): 4, ("a", "Caregiver"): 5, ("c", "Anziani s"): 4, ("c", "Caregiver"): 3}
    # across tables: north 3/4 and 3/4, south 3/4 and 2/4 (one of two gave it points)
    assert first["consensus_tavolo"]["consensus"] == 0.5625
    assert (third["consensus_tavolo"]["consensus"], third["consensus_tavolo"]["gap"]) == (0.375, 0.25)


def test_a_consolidated_item_on_a_ballot_cannot_be_removed_merged_or_reworded_while_open(database, world):
    bid = vote_on_needs(database, world)
    listed = by_title(database, world, "bisogno")
    caregivers = listed["Caregiver senza sollievo"]["id"]
    with pytest.raises(NotAllowed) as info:
        consolidation.reword(database, STAFF, caregivers, "Caregiver familiari senza sollievo")
    assert info.value.key == "cons.in_open_ballot"
    merged_in = listed["Anziani soli d'estate nel quartiere"]["merged"][0]
    with pytest.raises(NotAllowed) as info:  # splitting would change what the voters read
        consolidation.unmerge(database, FACILITATOR, merged_in)
    assert info.value.key == "cons.in_open_ballot"
    ballots.close(database, FACILITATOR, bid, OUTCOME)
    consolidation.reword(database, STAFF, caregivers, "Caregiver familiari senza sollievo")  # after the close
    with pytest.raises(NotAllowed) as info:
        consolidation.remove(database, FACILITATOR, caregivers)
    assert info.value.key == "cons.in_ballot"
    with pytest.raises(NotAllowed):
        consolidation.merge(database, FACILITATOR, listed["Anziani soli d'estate nel quartiere"]["id"], [caregivers])


def test_closing_asks_for_the_outcome_which_is_frozen_with_the_results(database, world):
    bid = vote_on_needs(database, world)
    with pytest.raises(ValidationError) as info:
        ballots.close(database, FACILITATOR, bid, {"decided": "  ", "open": "x" * 3000})
    assert {p[0] for p in info.value.problems} == {"outcome_decided", "outcome_open"}
    with database.write() as db, pytest.raises(sqlite3.IntegrityError, match="esito_mancante"):
        db.execute("UPDATE ballot SET status = 'chiusa' WHERE id = ?", [bid])
    statement = {"decided": "Priorità: anziani soli", "open": "Fondi", "dissent": "Beta chiede di più sui caregiver"}
    frozen = ballots.close(database, FACILITATOR, bid, statement)
    assert frozen["outcome"] == statement
    assert ballots.snapshot(database, bid)["outcome"] == statement
    assert ballots.outcome(tallying.get(database, bid)) == statement
    with database.write() as db, pytest.raises(sqlite3.IntegrityError, match="risultati_congelati"):
        db.execute("UPDATE ballot SET outcome_decided = 'altro' WHERE id = ?", [bid])


def test_the_sintesi_and_the_open_data_follow_the_consolidation(database, world):
    bid = vote_on_needs(database, world)
    ballots.close(database, FACILITATOR, bid, OUTCOME)
    needs = decisions.decisions(database, world["process_id"], "bisogno")
    first = needs[0]
    assert first["support"] == {"organisations": 2, "municipi": {1: 1, 2: 1, 3: 1}, "fields": {"a": 1, "c": 1}}
    (vote,) = first["votes"]
    assert (vote["value"], vote["rank"], vote["of"], vote["ballot"]["voters"]) == (7, 1, 2, 3)
    assert vote["ballot"]["outcome"] == OUTCOME
    text = "\n".join(
        p.text for p in Document(io.BytesIO(documents.synthesis_docx(database, world["process_id"]))).paragraphs
    )
    assert "1. Anziani soli d'estate nel quartiere" in text  # the ranked list: the number is the position
    assert "Posizione 1 – Anziani soli d'estate nel quartiere" in text
    assert "Origine: Tavolo Nord (Bisogni e strategie); Tavolo Sud (Bisogni e strategie)." in text
    assert "Enti che la sostengono: 2 (Alfa APS, Gamma Coop)" in text
    assert "7 punti, posizione 1 su 2" in text
    assert "Deciso: " + OUTCOME["decided"] in text
    tables = opendata.tables(database, world["process_id"])
    assert len(tables["consolidated_item"]) == 6
    overall = [r for r in tables["ballot_result"] if r["group_kind"] == "tutti"]
    assert [(r["title"][:9], r["value"]) for r in overall] == [("Anziani s", 7), ("Caregiver", 5)]
    north = [r for r in tables["ballot_result"] if r["group"] == "Tavolo Nord"]
    assert [r["value"] for r in north] == [4, 5]
    (ballot,) = tables["ballot"]
    assert ballot["outcome_decided"] == OUTCOME["decided"]


def unvoted_positions(database, process_id: int) -> list[str]:
    """The sintesi's «Posizioni non messe ai voti» bullets."""
    paragraphs = Document(io.BytesIO(documents.synthesis_docx(database, process_id))).paragraphs
    texts = [p.text for p in paragraphs]
    if "Posizioni non messe ai voti, riportate testualmente:" not in texts:
        return []
    after = paragraphs[texts.index("Posizioni non messe ai voti, riportate testualmente:") + 1 :]
    bullets = []
    for p in after:
        if p.style.name != "List Bullet":
            break
        bullets.append(p.text)
    return bullets


def test_open_questions_list_only_this_percorsos_proposals_not_voted_nor_consolidated(database, world):
    other = tables_and_plenary(database, title="Un altro percorso")  # with the same proposals
    promote_all(database, world)
    assert unvoted_positions(database, world["process_id"]) == []  # all in the plenary's lists
    listed = unvoted_positions(database, other["process_id"])
    assert len(listed) == 3 and sum("Custode sociale di caseggiato" in b for b in listed) == 1  # its own only


def test_open_data_round_trip_keeps_the_consolidation(database, world, tmp_path):
    bid = vote_on_needs(database, world)
    ballots.close(database, FACILITATOR, bid, OUTCOME)
    dump = json.loads(opendata.dumps(database, world["process_id"]))
    copy = Database(tmp_path / "copy.db")
    opendata.load_json(copy, dump)
    plenary = world["sessions"]["Plenaria di sintesi"]
    assert [(i["title"], i["organisations"]) for i in consolidation.items(copy, plenary, "bisogno")] == [
        (i["title"], i["organisations"]) for i in consolidation.items(database, plenary, "bisogno")
    ]
    assert tallying.get(copy, bid)["outcome_decided"] == OUTCOME["decided"]
    old = {**dump, "ballot": [{k: v for k, v in b.items() if not k.startswith("outcome")} for b in dump["ballot"]]}
    old.pop("consolidated_item")
    older = Database(tmp_path / "older.db")
    opendata.load_json(older, {**old, "ballot_item": [{**i, "consolidated_id": None} for i in old["ballot_item"]]})
    assert tallying.get(older, bid)["outcome_decided"] == opendata.NO_OUTCOME


def test_positions_make_a_ranking_and_the_stored_ballot_reads_back():
    assert ballots.ranking_from_positions({10: 2, 11: 1, 12: None}) == ([11, 10], [])
    assert ballots.ranking_from_positions({10: 3, 11: 1}) == ([11, 10], [])  # gaps close up
    assert ballots.ranking_from_positions({10: 1, 11: 1, 12: 2}) == ([10, 11, 12], [1])
    titles = {1: "A", 2: "B", 3: "C"}
    assert ballots.stored_summary({"method": "punti"}, {1: 1, 2: 3, 3: 0}, titles) == [("B", 3), ("A", 1)]
    assert ballots.stored_summary({"method": "ordinamento"}, [3, 1], titles) == [("C", 1), ("A", 2)]
    assert ballots.stored_summary({"method": "approvazione"}, [2], titles) == [("B", True)]
    assert ballots.stored_summary({"method": "valutazione"}, {2: {"importanza": 4}}, titles) == [
        ("B", {"importanza": 4})
    ]
    assert ballots.stored_summary({"method": "punti"}, {}, titles) == []


def test_the_projector_shows_the_consolidated_lists_when_the_phase_collects_nothing():
    session = {"current_phase_id": 1, "open_types": [], "contribution_types": "", "silent": 0, "show_results": 0}
    assert live.projector_view(session, None, "aree", consolidated=True) == "consolidated"
    assert live.projector_view(session, None, "aree", consolidated=False) is None
    ballot = {"phase_id": 1, "status": "aperta", "show_live": 0}
    assert live.projector_view(session, ballot, "aree", consolidated=True) == "turnout"


def test_a_named_facilitator_consolidates_only_the_plenaries_assigned(database, world):
    plenary = world["sessions"]["Plenaria di sintesi"]
    stranger = Actor("facilitatore", 999, "Altro facilitatore")
    with pytest.raises(NotAllowed) as info:
        consolidation.promote(database, stranger, plenary, list(world["contributions"].values()))
    assert info.value.key == "auth.not_assigned"


def test_each_ballot_item_can_be_read_with_its_origin_and_supporters(database, world):
    bid = vote_on_needs(database, world)
    details = tallying.item_details(database, bid)
    first, third = tallying.items(database, bid)
    assert details[first["id"]]["tables"] == ["Tavolo Nord", "Tavolo Sud"]
    assert details[first["id"]]["organisations"] == ["Alfa APS", "Gamma Coop"]
    assert details[third["id"]] == {"body": "", "tables": ["Tavolo Sud"], "organisations": ["Beta ODV"]}
    # a table's own ballot: its contributions (with their table and authors) and a seed item
    north = world["sessions"]["Tavolo Nord"]
    ballots.add_seed(database, STAFF, north, "strategia", "Budget di salute", "Un budget per persona")
    table_ballot = ballots.open_ballot(database, FACILITATOR, north, "approvazione")
    rows = {i["title"]: i["id"] for i in tallying.items(database, table_ballot)}
    found = tallying.item_details(database, table_ballot)
    assert found[rows["Custode sociale di caseggiato"]] == {
        "body": "Custode sociale di caseggiato: proposta del tavolo.",
        "tables": ["Tavolo Nord"],
        "organisations": ["Beta ODV"],
    }
    assert found[rows["Budget di salute"]] == {
        "body": "Un budget per persona",
        "tables": [],
        "organisations": [],
        "seed": True,
    }
