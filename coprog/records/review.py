"""The organisers' view across the process: counts for the dashboard and the
searchable list of every contribution."""

from __future__ import annotations

import pandas as pd

from coprog.contributions import contributions
from coprog.records.records import participation
from coprog.storage.db import Database
from coprog.texts import taxonomy
from coprog.texts.vocabulary import ADMITTED, APPROVED, BALLOT_PREPARED


def presence_by_session(database: Database, process_id: int) -> pd.DataFrame:
    """Per session: admitted ETS present (a delegate of theirs, or one holding
    their delega), ETS present that are not admitted (counted apart), people
    checked in, published contributions, ballots."""
    present = (
        "WITH present(session_id, organisation_id) AS ("
        " SELECT session_id, organisation_id FROM attendance"
        " UNION SELECT session_id, represents_organisation_id FROM attendance"
        "  WHERE represents_organisation_id IS NOT NULL)"
    )
    return pd.DataFrame(
        database.query(
            present + " SELECT s.title AS session, s.date, s.kind,"
            " (SELECT count(*) FROM present p JOIN organisation o ON o.id = p.organisation_id"
            f"   WHERE p.session_id = s.id AND o.admission = '{ADMITTED}') AS organisations,"
            " (SELECT count(*) FROM present p JOIN organisation o ON o.id = p.organisation_id"
            f"   WHERE p.session_id = s.id AND o.admission != '{ADMITTED}') AS turned_down,"
            " (SELECT count(*) FROM attendance a WHERE a.session_id = s.id) AS delegates,"
            f" (SELECT count(*) FROM contribution c WHERE c.session_id = s.id AND c.status = '{APPROVED}'"
            "   AND c.merged_into IS NULL) AS contributions,"
            f" (SELECT count(*) FROM ballot b WHERE b.session_id = s.id AND b.status != '{BALLOT_PREPARED}') AS ballots"
            " FROM session s WHERE s.process_id = ? ORDER BY coalesce(s.date, ''), s.id",
            (process_id,),
        ),
        columns=["session", "date", "kind", "organisations", "turned_down", "delegates", "contributions", "ballots"],
    )


def admitted_by(database: Database, kind: str, lang: str = "it", *, process_id: int) -> pd.DataFrame:
    """Admitted ETS and those present at least once (records.participation's
    count), by Municipio or by activity field."""

    present = participation(database, process_id)["present"]
    table, column = ("organisation_municipio", "municipio") if kind == "municipio" else ("organisation_field", "field")
    rows = database.query(
        f"SELECT g.{column} AS grp, o.id FROM organisation o JOIN {table} g ON g.organisation_id = o.id"
        f" WHERE o.process_id = ? AND o.admission = '{ADMITTED}' ORDER BY 1",
        (process_id,),
    )
    groups: dict = {}
    for r in rows:
        found = groups.setdefault(r["grp"], [0, 0])
        found[0] += 1
        found[1] += r["id"] in present
    frame = pd.DataFrame([(g, a, p) for g, (a, p) in sorted(groups.items())], columns=["grp", "admitted", "present"])
    labels = {t.code: f"{t.code}) {t.label(lang)}" for t in taxonomy.terms("activity_field")}
    frame["label"] = [f"Municipio {g}" if kind == "municipio" else labels.get(g, g) for g in frame["grp"]]
    return frame


def contributions_by_type_and_session(database: Database, lang: str = "it", *, process_id: int) -> pd.DataFrame:
    rows = database.query(
        "SELECT s.title AS session, c.type, count(*) AS n FROM contribution c JOIN session s ON s.id = c.session_id"
        f" WHERE s.process_id = ? AND c.status = '{APPROVED}' AND c.merged_into IS NULL GROUP BY 1, 2",
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
            f" WHERE s.process_id = ? AND b.status != '{BALLOT_PREPARED}' ORDER BY b.id",
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
    """The dashboard's four numbers, for one percorso (ETS present: admitted
    ones; those turned down after taking part in ``turned_down``)."""

    sessions = "SELECT id FROM session WHERE process_id = ?"
    p = (process_id,)
    counts = participation(database, process_id)
    return {
        "admitted": counts["admitted"],
        "present": counts["attended"],
        "contributions": database.scalar(
            f"SELECT count(*) FROM contribution WHERE status = '{APPROVED}' AND merged_into IS NULL"
            f" AND session_id IN ({sessions})",
            p,
        )
        or 0,
        "ballots": database.scalar(
            f"SELECT count(*) FROM ballot WHERE session_id IN ({sessions}) AND status != '{BALLOT_PREPARED}'", p
        )
        or 0,
        "turned_down": counts["turned_down"],
    }
