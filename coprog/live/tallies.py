"""Live counters: the version number pages poll, the board's counters, and
the counts entered from paper. The needs' charts are built by analysis.py."""

from __future__ import annotations

import pandas as pd

from coprog.live import attendance
from coprog.storage.db import Database
from coprog.texts import taxonomy
from coprog.texts.vocabulary import APPROVED


def board_version(database: Database, session_id: int | None = None, *, process_id: int | None = None) -> int:
    """The number the board polls: it moves whenever anything shown may have
    changed, in one session or in any session of the percorso."""
    if session_id is None:
        return database.scalar("SELECT coalesce(sum(version), 0) FROM session WHERE process_id = ?", (process_id,)) or 0
    return database.scalar("SELECT version FROM session WHERE id = ?", (session_id,)) or 0


def _where(session_id: int | None, process_id: int | None) -> tuple[str, tuple]:
    if session_id:
        return "AND session_id = ?", (session_id,)
    return "AND session_id IN (SELECT id FROM session WHERE process_id = ?)", (process_id,)


def board_counters(database: Database, session_id: int | None = None, *, process_id: int | None = None) -> dict:
    where, params = _where(session_id, process_id)
    contributions = database.one(
        "SELECT count(*) AS total, sum(type = 'bisogno') AS needs FROM contribution"
        f" WHERE status = '{APPROVED}' AND merged_into IS NULL {where}",
        params,
    )
    return {
        "organisations": attendance.counts(database, session_id, process_id=process_id)["organisations"],
        "contributions": contributions["total"] or 0,
        "needs": contributions["needs"] or 0,
    }


def paper_by_area(
    database: Database, session_id: int | None = None, lang: str = "it", *, process_id: int | None = None
) -> pd.DataFrame:
    """Counts entered from paper or a show of hands, per area and source (kept
    apart from laptop counts, so every figure says where it came from)."""
    where, params = _where(session_id, process_id)
    rows = database.query(
        f"SELECT area, source, sum(count) AS count FROM paper_count WHERE area IS NOT NULL {where}"
        " GROUP BY area, source ORDER BY area, source",
        params,
    )
    labels = taxonomy.labels("area", lang)
    return pd.DataFrame(
        [
            {"area": r["area"], "label": labels.get(r["area"], r["area"]), "source": r["source"], "count": r["count"]}
            for r in rows
        ],
        columns=["area", "label", "source", "count"],
    )
