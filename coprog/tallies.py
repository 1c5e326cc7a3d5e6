"""Counts behind the live board: DataFrames built from approved contributions.

The city-wide rule: a need that names the whole city is counted once, as its
own bar ("Tutta la città"), never spread over the Municipi; a need that names
several Municipi counts once in each of them.
"""

from __future__ import annotations

import pandas as pd

from . import taxonomy


def needs_frame(database, session_id: int | None = None) -> pd.DataFrame:
    """One row per approved need: id, session, area, citywide, municipi (list)."""
    sql = ("SELECT c.id, c.session_id, c.area, c.target_group, c.intensity, c.trend,"
           " c.citywide, c.created_at,"
           " (SELECT group_concat(municipio) FROM contribution_municipio m"
           "  WHERE m.contribution_id = c.id) AS municipi"
           " FROM contribution c WHERE c.type = 'bisogno' AND c.status = 'approvato'"
           " AND c.merged_into IS NULL")
    params: tuple = ()
    if session_id is not None:
        sql += " AND c.session_id = ?"
        params = (session_id,)
    rows = database.query(sql, params)
    frame = pd.DataFrame(rows, columns=["id", "session_id", "area", "target_group", "intensity",
                                        "trend", "citywide", "created_at", "municipi"])
    frame["municipi"] = frame["municipi"].map(
        lambda s: [int(x) for x in s.split(",")] if isinstance(s, str) and s else [])
    return frame


def by_area(needs: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """Every area of the taxonomy with its count (zeros kept, taxonomy order)."""
    counts = needs["area"].value_counts() if len(needs) else pd.Series(dtype=int)
    return pd.DataFrame({
        "area": list(taxonomy.codes("area")),
        "label": [t.label(lang) for t in taxonomy.terms("area")],
        "count": [int(counts.get(code, 0)) for code in taxonomy.codes("area")],
    })


def by_municipio(needs: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """(counts for Municipi 1-9, count of city-wide needs), by the city-wide rule."""
    local = needs[needs["citywide"] == 0] if len(needs) else needs
    exploded = local["municipi"].explode().dropna() if len(local) else pd.Series(dtype=int)
    counts = exploded.astype(int).value_counts() if len(exploded) else pd.Series(dtype=int)
    frame = pd.DataFrame({
        "municipio": list(taxonomy.MUNICIPI),
        "count": [int(counts.get(m, 0)) for m in taxonomy.MUNICIPI],
    })
    citywide = int((needs["citywide"] == 1).sum()) if len(needs) else 0
    return frame, citywide


def board_version(database, session_id: int | None = None) -> int:
    """The number the board polls: it moves whenever anything shown may have changed."""
    if session_id is None:
        return database.scalar("SELECT coalesce(sum(version), 0) FROM session") or 0
    return database.scalar("SELECT version FROM session WHERE id = ?", (session_id,)) or 0


def board_counters(database, session_id: int | None = None) -> dict:
    params = (session_id,) if session_id else ()
    presence = database.query_one(
        "SELECT count(DISTINCT coalesce(represents_organisation_id, organisation_id)) AS organisations"
        f" FROM attendance WHERE checked_out_at IS NULL {'AND session_id = ?' if session_id else ''}",
        params)
    contributions = database.query_one(
        "SELECT count(*) AS total, sum(type = 'bisogno') AS needs FROM contribution"
        f" WHERE status = 'approvato' AND merged_into IS NULL {'AND session_id = ?' if session_id else ''}",
        params)
    return {"organisations": presence["organisations"] or 0,
            "contributions": contributions["total"] or 0, "needs": contributions["needs"] or 0}


def paper_by_area(database, session_id: int | None = None, lang: str = "it") -> pd.DataFrame:
    """Counts entered from paper or a show of hands, per area and source (kept
    apart from laptop counts, so every figure says where it came from)."""
    where = "AND session_id = ?" if session_id else ""
    rows = database.query(
        f"SELECT area, source, sum(count) AS count FROM paper_count WHERE area IS NOT NULL {where}"
        " GROUP BY area, source ORDER BY area, source", (session_id,) if session_id else ())
    labels = taxonomy.labels("area", lang)
    return pd.DataFrame([{"area": r["area"], "label": labels.get(r["area"], r["area"]),
                          "source": r["source"], "count": r["count"]} for r in rows],
                        columns=["area", "label", "source", "count"])
