"""The organisers' view across the process: counts for the dashboard and the
searchable list of every contribution."""

from __future__ import annotations

import pandas as pd

from . import contributions, taxonomy
from .db import Database


def presence_by_session(database: Database, process_id: int) -> pd.DataFrame:
    return pd.DataFrame(
        database.query(
            "SELECT s.title AS session, s.date, s.kind,"
            " (SELECT count(DISTINCT coalesce(a.represents_organisation_id, a.organisation_id)) FROM attendance a"
            "   WHERE a.session_id = s.id) AS organisations,"
            " (SELECT count(*) FROM attendance a WHERE a.session_id = s.id) AS delegates,"
            " (SELECT count(*) FROM contribution c WHERE c.session_id = s.id AND c.status = 'approvato'"
            "   AND c.merged_into IS NULL) AS contributions,"
            " (SELECT count(*) FROM ballot b WHERE b.session_id = s.id) AS ballots"
            " FROM session s WHERE s.process_id = ? ORDER BY coalesce(s.date, ''), s.id",
            (process_id,),
        ),
        columns=["session", "date", "kind", "organisations", "delegates", "contributions", "ballots"],
    )


def admitted_by(database: Database, kind: str, lang: str = "it", *, process_id: int) -> pd.DataFrame:
    """Admitted ETS and those present at least once, by Municipio or by activity field."""
    if kind == "municipio":
        sql = (
            "SELECT m.municipio AS grp, count(DISTINCT o.id) AS admitted,"
            " count(DISTINCT a.organisation_id) AS present FROM organisation o"
            " JOIN organisation_municipio m ON m.organisation_id = o.id"
            " LEFT JOIN attendance a ON a.organisation_id = o.id WHERE o.process_id = ? AND o.admission = 'ammessa'"
            " GROUP BY 1 ORDER BY 1"
        )
    else:
        sql = (
            "SELECT f.field AS grp, count(DISTINCT o.id) AS admitted, count(DISTINCT a.organisation_id) AS present"
            " FROM organisation o JOIN organisation_field f ON f.organisation_id = o.id"
            " LEFT JOIN attendance a ON a.organisation_id = o.id WHERE o.process_id = ? AND o.admission = 'ammessa'"
            " GROUP BY 1 ORDER BY 1"
        )
    frame = pd.DataFrame(database.query(sql, (process_id,)), columns=["grp", "admitted", "present"])
    labels = {t.code: f"{t.code}) {t.label(lang)}" for t in taxonomy.terms("activity_field")}
    frame["label"] = [f"Municipio {g}" if kind == "municipio" else labels.get(g, g) for g in frame["grp"]]
    return frame


def contributions_by_type_and_session(database: Database, lang: str = "it", *, process_id: int) -> pd.DataFrame:
    rows = database.query(
        "SELECT s.title AS session, c.type, count(*) AS n FROM contribution c JOIN session s ON s.id = c.session_id"
        " WHERE s.process_id = ? AND c.status = 'approvato' AND c.merged_into IS NULL GROUP BY 1, 2",
        (process_id,),
    )
    frame = pd.DataFrame(rows, columns=["session", "type", "n"])
    if frame.empty:
        return pd.DataFrame()
    table = frame.pivot_table(index="type", columns="session", values="n", fill_value=0, aggfunc="sum")
    table.index = [taxonomy.label("contribution_type", k, lang) for k in table.index]
    return table.astype(int)


def ballots_turnout(database: Database, process_id: int) -> pd.DataFrame:
    return pd.DataFrame(
        database.query(
            "SELECT b.id, s.title AS session, b.method, b.status, (SELECT count(*) FROM vote v WHERE "
            "v.ballot_id = b.id)"
            " AS votes, (SELECT count(DISTINCT a.organisation_id) FROM attendance a WHERE a.session_id = b.session_id)"
            " AS present, b.opened_at, b.closed_at FROM ballot b JOIN session s ON s.id = b.session_id"
            " WHERE s.process_id = ? ORDER BY b.id",
            (process_id,),
        ),
        columns=["id", "session", "method", "status", "votes", "present", "opened_at", "closed_at"],
    )


def search(
    database: Database,
    text: str = "",
    kind: str | None = None,
    session_id: int | None = None,
    status: str | None = None,
    limit: int = 200,
    *,
    process_id: int,
) -> list[dict]:
    """Every contribution of the percorso (withdrawn and merged too), filtered; text
    matches title, body or organisation. ``admission`` flags an ETS no longer admitted."""
    sql = contributions._SELECT.replace("SELECT c.*,", "SELECT c.*, o.admission,", 1)
    sql = sql + " WHERE c.session_id IN (SELECT id FROM session WHERE process_id = ?)"
    params: list[object] = [process_id]
    if text:
        like = f"%{text.strip()}%"
        sql += " AND (c.title LIKE ? OR c.body LIKE ? OR o.name LIKE ?)"
        params += [like, like, like]
    if kind:
        sql += " AND c.type = ?"
        params.append(kind)
    if session_id:
        sql += " AND c.session_id = ?"
        params.append(session_id)
    if status:
        sql += " AND c.status = ?"
        params.append(status)
    sql += f" ORDER BY c.id DESC LIMIT {int(limit)}"
    return contributions._with_lists(database.query(sql, tuple(params)))


def headline(database: Database, process_id: int) -> dict:
    """The dashboard's four numbers, for one percorso."""
    from .records import participation

    sessions = "SELECT id FROM session WHERE process_id = ?"
    p = (process_id,)
    counts = participation(database, process_id)
    return {
        "admitted": counts["admitted"],
        "present": counts["attended"],
        "contributions": database.scalar(
            "SELECT count(*) FROM contribution WHERE status = 'approvato' AND merged_into IS NULL"
            f" AND session_id IN ({sessions})",
            p,
        )
        or 0,
        "ballots": database.scalar(f"SELECT count(*) FROM ballot WHERE session_id IN ({sessions})", p) or 0,
    }
