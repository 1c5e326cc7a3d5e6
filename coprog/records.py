"""What the records of the procedure say, as plain data: the minutes of a
session (verbale) and the attendance registers. Documents render it."""

from __future__ import annotations

from . import attendance, ballots, contributions, floor, registry, taxonomy
from .db import Database

AGREEMENT_CONSENSUS = 0.7


def facilitators(database: Database, session_id: int) -> list[str]:
    return [
        r["name"]
        for r in database.query(
            "SELECT f.name FROM session_facilitator sf JOIN facilitator f ON f.id = sf.facilitator_id"
            " WHERE sf.session_id = ? ORDER BY f.name",
            (session_id,),
        )
    ]


def participation(database: Database, process_id: int) -> dict:
    """How many ETS of the percorso: admitted; attended at least one session (in
    person, online or through a delegation); contributed (authors of a published
    contribution, merged ones included); voted (a laptop ballot). The documents
    and the dashboard say these, each with its name."""
    sessions = "SELECT id FROM session WHERE process_id = :p"
    one = lambda sql: database.scalar(sql, {"p": process_id}) or 0  # noqa: E731
    return {
        "admitted": one("SELECT count(*) FROM organisation WHERE process_id = :p AND admission = 'ammessa'"),
        "attended": one(
            f"SELECT count(DISTINCT coalesce(represents_organisation_id, organisation_id)) FROM attendance"
            f" WHERE session_id IN ({sessions})"
        ),
        "contributed": one(
            "SELECT count(DISTINCT a.organisation_id) FROM contribution_author a"
            f" JOIN contribution c ON c.id = a.contribution_id WHERE {contributions.PUBLIC}"
            f" AND c.session_id IN ({sessions})"
        ),
        "voted": one(
            "SELECT count(DISTINCT v.organisation_id) FROM vote v JOIN ballot b ON b.id = v.ballot_id"
            f" WHERE b.session_id IN ({sessions})"
        ),
    }


def ballot_summaries(database: Database, session_id: int) -> list[dict]:
    """Every ballot of the session with its results (the frozen snapshot once
    closed), numbered within the session (1, 2 …)."""
    out = []
    rows = database.query("SELECT id, status FROM ballot WHERE session_id = ? ORDER BY id", (session_id,))
    for number, row in enumerate(rows, start=1):
        result = (
            ballots.snapshot(database, row["id"]) if row["status"] == "chiusa" else ballots.results(database, row["id"])
        )
        out.append(
            {
                "id": row["id"],
                "number": number,
                "status": row["status"],
                "result": result,
                "agreement": agreement(result),
                "divergence": divergence(result),
            }
        )
    return out


def phase_times(changes: list[tuple[str, int]], phase_ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """When each phase ran, from the log of current-phase changes ((time, phase
    id), in order): it starts when it first becomes current and ends when
    another one does (None while it is still current, or if it never ran)."""
    times: dict[int, tuple[str | None, str | None]] = {p: (None, None) for p in phase_ids}
    for (at, phase), following in zip(changes, [*changes[1:], None]):
        start, _ = times.get(phase, (None, None))
        end = following[0] if following and following[1] != phase else None
        if following and following[1] == phase:
            continue
        times[phase] = (start or at, end)
    return times


def _phase_changes(database: Database, session: dict, first_phase: int | None) -> list[tuple[str, int]]:
    changes = [(session["created_at"], first_phase)] if first_phase else []
    for row in database.query(
        "SELECT at, json_extract(detail, '$.after') AS phase FROM audit_log"
        " WHERE entity = 'session' AND entity_id = ? AND action = 'fase_corrente' ORDER BY id",
        (session["id"],),
    ):
        changes.append((row["at"], row["phase"]))
    return changes


def agreement(result: dict | None) -> list[str]:
    """Items every group supports, or rated with high consensus."""
    titles: list[str] = []
    if result is None:
        return titles
    for item in result["items"]:
        shared = ballots.shared(item)
        if result["method"] == "valutazione":
            figures = item[result["dimensions"][0]]
            shared = shared or (
                figures["consensus"] is not None
                and figures["consensus"] >= AGREEMENT_CONSENSUS
                and (figures["mean"] or 0) >= 3.5
            )
        if shared:
            titles.append(item["title"])
    return titles


def divergence(result: dict | None) -> list[str]:
    """Controversial items, and items that divide the Municipi or the activity
    fields (group-informed consensus; in an older snapshot: some groups support
    them and others do not)."""
    titles: list[str] = []
    if result is None:
        return titles
    for item in result["items"]:
        split = item.get("controversial", False) or ballots.divides(item)
        if "consensus_municipio" not in item:
            for kind in ("municipio", "attivita"):
                supports = [g[str(item["id"])]["support"] for g in result["groups"].get(kind, {}).values()]
                split = split or (any(supports) and not all(supports))
        if split:
            titles.append(item["title"])
    return titles


def minutes(database: Database, session_id: int) -> dict:
    """Everything the verbale of a session says."""
    session = registry.get_session(database, session_id)
    process = database.query_one("SELECT * FROM process WHERE id = ?", (session["process_id"],))
    received = contributions._with_lists(
        database.query(  # what was published; the rest only as counts
            contributions._SELECT + f" WHERE c.session_id = ? AND {contributions.PUBLIC} ORDER BY c.phase_id, c.id",
            (session_id,),
        )
    )
    phases = registry.phases(database, session_id)
    times = phase_times(
        _phase_changes(database, session, phases[0]["id"] if phases else None), [p["id"] for p in phases]
    )
    return {
        "process": process,
        "session": session,
        "facilitators": facilitators(database, session_id),
        "register": attendance.register(database, session_id),
        "phases": [
            {
                "position": p["position"],
                "name": p["name"],
                "started_at": times[p["id"]][0],
                "ended_at": times[p["id"]][1],
                "opened_at": p["opened_at"],
                "closed_at": p["closed_at"],
                "types": [taxonomy.label("contribution_type", k) for k in p["contribution_types"].split(",") if k],
                "contributions": [c for c in received if c["phase_id"] == p["id"]],
            }
            for p in phases
        ],
        "contributions": received,
        "withheld": contributions.withheld(database, session_id),
        "floor": {
            "turns": floor.turns(database, session_id),
            "by_organisation": floor.by_organisation(database, session_id),
        },
        "ballots": ballot_summaries(database, session_id),
        "notes": session.get("notes") or "",
    }
