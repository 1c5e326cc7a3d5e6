"""The participant list as the page's script draws it (coprog/contributions/listing.py):
the same list for everyone made once per version and language, a delegate's own
awaiting moderation only on their list, a silent round only their own."""

from coprog.contributions import contributions, listing
from coprog.live import facilitation
from coprog.procedure import delegates
from testkit.builders import STAFF, need_fields


def titles(view: dict) -> list[str]:
    return [item["title"] for item in view["items"]]


def test_the_list_for_everyone_is_made_once_per_version(world, database):
    sid = world["session_id"]
    carla = delegates.delegate_actor(world["carla"])
    lists = listing.Listings(database)
    empty = lists.get(world["anna"]["id"], sid, "it")
    assert empty["items"] == [] and empty["empty"] == "Ancora nessun contributo visibile."
    contributions.create(
        database, carla, sid, "bisogno", need_fields(title="Portierato <b>sociale</b>", body="Due\nrighe")
    )
    first = lists.get(world["anna"]["id"], sid, "it")
    assert first["v"] > empty["v"] and titles(first) == ["Portierato <b>sociale</b>"]  # as typed: drawn as text
    [item] = first["items"]
    assert item["body"] == "Due\nrighe" and item["pending"] == "" and item["endorsers"] == ""
    assert item["facts"].startswith("Bisogno · Associazione Beta APS · ") and "Mun. 3" in item["facts"]
    assert lists.get(world["bruno"]["id"], sid, "it") is first  # the same version: not made again
    english = lists.get(world["anna"]["id"], sid, "en")
    assert english["items"][0]["facts"].startswith("Need · ") and english["v"] == first["v"]
    contributions.create(database, carla, sid, "bisogno", need_fields(title="Secondo"))
    second = lists.get(world["bruno"]["id"], sid, "it")
    assert second is not first and titles(second) == ["Secondo", "Portierato <b>sociale</b>"]
    assert lists.get(world["anna"]["id"], sid, "xx")["items"][0]["facts"].startswith("Bisogno")  # unknown: Italian
    assert lists.get(world["anna"]["id"], 9999, "it") is None  # a session that is gone


def test_own_awaiting_moderation_and_a_silent_round(world, database):
    sid = world["session_id"]
    anna, carla = delegates.delegate_actor(world["anna"]), delegates.delegate_actor(world["carla"])
    lists = listing.Listings(database)
    contributions.create(database, carla, sid, "bisogno", need_fields(title="Di Carla, approvato"))
    facilitation.set_moderated(database, STAFF, sid, True)
    contributions.create(database, anna, sid, "bisogno", need_fields(title="Di Anna, in attesa"))
    mine = lists.get(world["anna"]["id"], sid, "it")
    assert titles(mine) == ["Di Anna, in attesa", "Di Carla, approvato"]
    assert mine["items"][0]["pending"] == "In attesa di moderazione: solo tu lo vedi."
    assert titles(lists.get(world["bruno"]["id"], sid, "it")) == ["Di Carla, approvato"]  # same ETS, not theirs
    facilitation.set_silent(database, STAFF, world["phase_id"], True)
    assert titles(lists.get(world["anna"]["id"], sid, "it")) == ["Di Anna, in attesa"]
    assert lists.get(world["bruno"]["id"], sid, "it")["items"] == []


def test_how_many_of_how_many_when_not_all(world, database):
    sid = world["session_id"]
    carla = delegates.delegate_actor(world["carla"])
    for n in range(12):
        contributions.create(database, carla, sid, "bisogno", need_fields(title=f"Bisogno numero {n}"))
    view = listing.Listings(database).get(world["anna"]["id"], sid, "it")
    assert len(view["items"]) == listing.LIMIT and view["shown"] == "Qui gli ultimi 10 di 12."
