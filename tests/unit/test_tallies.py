"""The live counters: counts from paper keep their source."""

from coprog.live import tallies


def test_paper_counts_by_area_keep_their_source(world, database):
    from coprog.contributions import hybrid
    from testkit.builders import STAFF

    hybrid.add_paper_count(database, STAFF, world["session_id"], count=5, area="caregiver")
    hybrid.add_paper_count(database, STAFF, world["session_id"], count=2, area="caregiver")
    hybrid.add_paper_count(database, STAFF, world["session_id"], count=7, area="caregiver", source="alzata_di_mano")
    frame = tallies.paper_by_area(database, world["session_id"])
    assert frame[["area", "source", "count"]].values.tolist() == [
        ["caregiver", "alzata_di_mano", 7],
        ["caregiver", "carta", 7],
    ]
    assert tallies.paper_by_area(database, 999).empty
