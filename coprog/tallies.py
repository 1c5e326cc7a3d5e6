"""Live counters: the version number pages poll, the board's counters, and
the counts entered from paper. The needs' charts are built by analysis.py."""

from __future__ import annotations

import pandas as pd

from . import attendance, taxonomy


def board_version(database, session_id: int | None = None) -> int:
    """The number the board polls: it moves whenever anything shown may have changed."""
    if session_id is None:
        return database.scalar("SELECT coalesce(sum(version), 0) FROM session") or 0
    return database.scalar("SELECT version FROM session WHERE id = ?", (session_id,)) or 0


def board_counters(database, session_id: int | None = None) -> dict:
    params = (session_id,) if session_id else ()
    contributions = database.query_one(
        "SELECT count(*) AS total, sum(type = 'bisogno') AS needs FROM contribution"
        f" WHERE status = 'approvato' AND merged_into IS NULL {'AND session_id = ?' if session_id else ''}",
        params)
    return {"organisations": attendance.counts(database, session_id)["organisations"],
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
