"""The shared reading of needs: one table of needs, shared filters, and the
frames behind every chart (DataFrame in, DataFrame out; charts.py draws them).

Counting rules, written under every chart:
- a need naming several Municipi counts once in each of them;
- a city-wide need is never spread over the Municipi: it is its own bar/column;
- NIL figures count only the needs that name that NIL;
- rates per 10,000 residents aged 65+ use 2024 population; by Municipio the
  population is an estimate from the NIL area shares (see territory.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd
from stop_words import get_stop_words

from coprog.reading import territory
from coprog.storage.db import Database
from coprog.texts import taxonomy
from coprog.texts.vocabulary import APPROVED

TRENDS = ("emergente", "in_crescita", "stabile", "in_calo")
MIN_OVER65 = 200
COLUMNS = [
    "id",
    "session_id",
    "session",
    "title",
    "body",
    "area",
    "target_group",
    "intensity",
    "trend",
    "citywide",
    "municipi",
    "nils",
    "source",
    "created_at",
    "organisation",
]


@dataclass(frozen=True)
class Filters:
    """Shared by every chart; None or empty means "all"."""

    sessions: tuple[int, ...] = ()
    areas: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    municipi: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()


def _in_scope(frame: pd.DataFrame, session_id: int | None, hidden) -> pd.DataFrame:
    """The rows of one session (or every session), without the sessions in ``hidden``."""
    frame = frame[~frame["session_id"].isin(hidden)]
    return frame[frame["session_id"] == session_id] if session_id else frame


def board_needs(database: Database, process_id: int, session_id: int | None = None, hidden=frozenset()):
    """The needs a live board draws: of one session, or of the whole percorso,
    without the sessions in ``hidden`` (a silent round a delegate may not see yet)."""
    return _in_scope(needs_table(database, process_id), session_id, hidden)


def board(database: Database, process_id: int, session_id: int | None = None, hidden=frozenset()) -> dict:
    """What the projector draws: the board's needs and, for its timeline, the contributions."""
    return {
        "needs": board_needs(database, process_id, session_id, hidden),
        "contributions": _in_scope(contributions_table(database, process_id), session_id, hidden),
    }


def needs_table(database: Database, process_id: int) -> pd.DataFrame:
    """Every visible need (approved, not merged) of one percorso, with its territory as lists."""
    rows = database.query(
        "SELECT c.id, c.session_id, s.title AS session, c.title, c.body, c.area, c.target_group,"
        " c.intensity, c.trend, c.citywide, c.source, c.created_at, o.name AS organisation,"
        " (SELECT group_concat(municipio) FROM contribution_municipio m WHERE m.contribution_id = c.id) AS municipi,"
        " (SELECT group_concat(nil) FROM contribution_nil n WHERE n.contribution_id = c.id) AS nils"
        " FROM contribution c JOIN session s ON s.id = c.session_id"
        " JOIN organisation o ON o.id = c.organisation_id"
        f" WHERE s.process_id = ? AND c.type = 'bisogno' AND c.status = '{APPROVED}' AND c.merged_into IS NULL"
        " ORDER BY c.id",
        (process_id,),
    )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("municipi", "nils"):
        frame[column] = frame[column].map(_int_list)
    return frame


def home_municipi(database: Database, organisation_id: int, process_id: int) -> list[int]:
    """The reading a delegate opens on: the Municipi where their ETS works plus
    those of the needs it reported in this percorso, so their own are never hidden."""
    rows = database.query(
        "SELECT municipio FROM organisation_municipio WHERE organisation_id = ?"
        " UNION SELECT m.municipio FROM contribution_author a JOIN contribution c ON c.id = a.contribution_id"
        " JOIN contribution_municipio m ON m.contribution_id = c.id JOIN session s ON s.id = c.session_id"
        " WHERE a.organisation_id = ? AND s.process_id = ? AND c.type = 'bisogno'",
        (organisation_id, organisation_id, process_id),
    )
    return sorted(r["municipio"] for r in rows)


def _int_list(value) -> list[int]:
    if isinstance(value, list):
        return value
    return sorted(int(x) for x in str(value).split(",") if x) if isinstance(value, str) and value else []


def apply(needs: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The needs that pass the filters. A territory filter keeps needs naming one
    of the chosen Municipi, and city-wide needs (they concern every Municipio)."""
    keep = pd.Series(True, index=needs.index)
    if filters.sessions:
        keep &= needs["session_id"].isin(filters.sessions)
    if filters.areas:
        keep &= needs["area"].isin(filters.areas)
    if filters.targets:
        keep &= needs["target_group"].isin(filters.targets)
    if filters.sources:
        keep &= needs["source"].isin(filters.sources)
    if filters.municipi:
        wanted = set(filters.municipi)
        keep &= needs["citywide"].astype(bool) | needs["municipi"].map(lambda ms: bool(wanted & set(ms)))
    return needs[keep]


def by_area(needs: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """Every area of the taxonomy with its count (zeros kept, taxonomy order)."""
    counts = needs["area"].value_counts()
    return pd.DataFrame(
        {
            "area": list(taxonomy.codes("area")),
            "label": [term.label(lang) for term in taxonomy.terms("area")],
            "count": [int(counts.get(code, 0)) for code in taxonomy.codes("area")],
        }
    )


def _local(needs: pd.DataFrame) -> pd.DataFrame:
    """One row per (need, Municipio) for needs that are not city-wide."""
    local = needs[needs["citywide"] == 0][["id", "area", "intensity", "municipi"]]
    exploded = local.explode("municipi").dropna(subset=["municipi"])
    return exploded.rename(columns={"municipi": "municipio"}).astype({"municipio": int})


def by_municipio(needs: pd.DataFrame) -> pd.DataFrame:
    """Per Municipio: needs, mean intensity, 65+ and 80+ living alone (2024,
    estimated from NIL shares) and needs per 10,000 residents aged 65+."""
    local = _local(needs)
    counts = local.groupby("municipio")["id"].count()
    intensity = local.groupby("municipio")["intensity"].mean()
    population = territory.population_by_municipio()
    frame = pd.DataFrame({"municipio": list(taxonomy.MUNICIPI)})
    frame["needs"] = frame["municipio"].map(counts).fillna(0).astype(int)
    frame["mean_intensity"] = frame["municipio"].map(intensity).round(2)
    frame["over65"] = frame["municipio"].map(population["over65"])
    frame["over80_alone"] = frame["municipio"].map(population["over80_soli"])
    frame["per_10k_over65"] = (frame["needs"] / frame["over65"] * 10_000).round(2)
    frame["estimated"] = frame["municipio"].map(population["estimated"])
    return frame


def citywide_count(needs: pd.DataFrame) -> int:
    return int((needs["citywide"] == 1).sum()) if len(needs) else 0


def by_nil(needs: pd.DataFrame) -> pd.DataFrame:
    """Per NIL: needs naming it, mean intensity, 65+ (exact, 2024) and rate per 10,000."""
    named = needs[["id", "intensity", "nils"]].explode("nils").dropna(subset=["nils"])
    named = named.astype({"nils": int})
    population = territory.population_by_nil()
    frame = pd.DataFrame({"nil": population.index, "name": population["quartiere"].values})
    counts = named.groupby("nils")["id"].count()
    frame["needs"] = frame["nil"].map(counts).fillna(0).astype(int)
    frame["mean_intensity"] = frame["nil"].map(named.groupby("nils")["intensity"].mean()).round(2)
    frame["over65"] = frame["nil"].map(population["over65"])
    frame["over80_alone"] = frame["nil"].map(population["over80_soli"])
    # NIL with fewer than MIN_OVER65 residents aged 65+ (parks, farmland) give unstable rates: left blank
    frame["per_10k_over65"] = (frame["needs"] / frame["over65"].where(frame["over65"] >= MIN_OVER65) * 10_000).round(2)
    return frame


def area_by_municipio(needs: pd.DataFrame, lang: str = "it", citywide_label: str = "Città") -> pd.DataFrame:
    """Matrix: rows = areas (taxonomy order), columns = Municipi 1-9 and the whole city."""
    local = _local(needs)
    matrix = pd.crosstab(local["area"], local["municipio"]) if len(local) else pd.DataFrame()
    matrix = matrix.reindex(index=list(taxonomy.codes("area")), columns=list(taxonomy.MUNICIPI), fill_value=0)
    citywide = needs[needs["citywide"] == 1]["area"].value_counts()
    matrix.columns = [str(m) for m in matrix.columns]
    matrix[citywide_label] = [int(citywide.get(a, 0)) for a in matrix.index]
    matrix.index = [taxonomy.label("area", a, lang) for a in matrix.index]
    return matrix.fillna(0).astype(int)


def treemap_frame(needs: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """area -> target group -> need title (repeated titles summed)."""
    if needs.empty:
        return pd.DataFrame(columns=["area", "target", "title", "count"])
    frame = needs.assign(
        area=needs["area"].map(lambda a: taxonomy.label("area", a, lang)),
        target=needs["target_group"].map(lambda x: taxonomy.label("target_group", x, lang)),
    )
    return (
        frame.groupby(["area", "target", "title"])
        .size()
        .reset_index(name="count")
        .sort_values(["area", "target", "count"], ascending=[True, True, False])
    )


def intensity_trend(needs: pd.DataFrame) -> pd.DataFrame:
    """Counts for every (intensity 1-5, trend) pair, zeros kept."""
    grid = pd.MultiIndex.from_product([range(1, 6), TRENDS], names=["intensity", "trend"])
    counts = needs.groupby(["intensity", "trend"]).size() if len(needs) else pd.Series(dtype=int)
    return counts.reindex(grid, fill_value=0).reset_index(name="count")


def timeline(needs_and_others: pd.DataFrame, freq: str = "5min") -> pd.DataFrame:
    """Cumulative contributions over time (rows: time, type, cumulative)."""
    if needs_and_others.empty:
        return pd.DataFrame(columns=["time", "type", "cumulative"])
    frame = needs_and_others.assign(
        time=pd.to_datetime(needs_and_others["created_at"], utc=True).dt.tz_convert("Europe/Rome").dt.floor(freq)
    )
    counts = frame.groupby(["time", "type"]).size().unstack(fill_value=0).sort_index()
    cumulative = counts.cumsum().stack().reset_index(name="cumulative")
    return cumulative.rename(columns={cumulative.columns[1]: "type"})


def proposals_table(database: Database, process_id: int) -> pd.DataFrame:
    """Every visible proposal (strategies, principles, criteria, governance tools) of one percorso."""
    return pd.DataFrame(
        database.query(
            "SELECT c.id, c.type, c.title, c.body, c.session_id FROM contribution c"
            " JOIN session s ON s.id = c.session_id WHERE s.process_id = ? AND c.type != 'bisogno'"
            f" AND c.status = '{APPROVED}' AND c.merged_into IS NULL ORDER BY c.id",
            (process_id,),
        ),
        columns=["id", "type", "title", "body", "session_id"],
    )


def contributions_table(database: Database, process_id: int) -> pd.DataFrame:
    return pd.DataFrame(
        database.query(
            "SELECT id, session_id, type, created_at FROM contribution"
            f" WHERE status = '{APPROVED}' AND merged_into IS NULL"
            " AND session_id IN (SELECT id FROM session WHERE process_id = ?) ORDER BY id",
            (process_id,),
        ),
        columns=["id", "session_id", "type", "created_at"],
    )


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words("italian")) | frozenset(get_stop_words("english"))


_WORD = re.compile(r"[a-zàèéìíòóùú]+")


def keywords(needs: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The most frequent words of the needs' titles and texts (Italian stop words
    removed with the stop-words library; words shorter than 3 letters dropped)."""
    stop = _stop_words()
    counts: dict[str, int] = {}
    for text in needs["title"].fillna("") + " " + needs["body"].fillna(""):
        for word in _WORD.findall(text.lower()):
            if len(word) >= 3 and word not in stop:
                counts[word] = counts.get(word, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return pd.DataFrame(ordered, columns=["word", "count"])


def context(needs: pd.DataFrame) -> pd.DataFrame:
    """Per Municipio: share of the needs logged vs share of the city's 65+ and of
    its 80+ living alone; ``gap`` > 0 where needs are reported more than the
    demographic pressure alone would suggest."""
    frame = by_municipio(needs)
    total_needs = frame["needs"].sum()
    frame["share_needs"] = (frame["needs"] / total_needs * 100).round(1) if total_needs else 0.0
    frame["share_over65"] = (frame["over65"] / frame["over65"].sum() * 100).round(1)
    frame["share_over80_alone"] = (frame["over80_alone"] / frame["over80_alone"].sum() * 100).round(1)
    frame["gap"] = (frame["share_needs"] - frame["share_over80_alone"]).round(1)
    return frame[["municipio", "needs", "share_needs", "share_over65", "share_over80_alone", "gap", "estimated"]]


def session_comparison(needs: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """Share (%) of each session's needs by area: what the plenary said vs each table."""
    if needs.empty:
        return pd.DataFrame()
    table = pd.crosstab(needs["area"], needs["session"], normalize="columns").mul(100).round(1)
    table = table.reindex([a for a in taxonomy.codes("area") if a in table.index])
    table.index = [taxonomy.label("area", a, lang) for a in table.index]
    return table
