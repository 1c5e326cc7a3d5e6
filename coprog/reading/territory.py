"""Milan's population by NIL (2024) and its estimate by Municipio.

The city publishes residents per NIL only. A NIL lying in several Municipi is
split by its share of area (residents assumed spread evenly over the NIL), so
every figure by Municipio that involves such a NIL is an estimate: the frames
say so in their ``estimated`` column, and the charts in their captions.
Source: Comune di Milano, CC BY 4.0.
"""

from __future__ import annotations

import json
from functools import cache

import pandas as pd

from coprog.config import DATA_DIR

POPULATION_COLUMNS = ["residenti", "minori", "famiglie", "over65", "over80", "over80_soli"]


@cache
def population_by_nil() -> pd.DataFrame:
    """id_nil, quartiere, residenti, ..., over80_soli (2024)."""
    frame = pd.read_csv(DATA_DIR / "milano" / "popolazione_nil_2024.csv")
    return frame.drop(columns=["anno"]).set_index("id_nil").sort_index()


@cache
def shares() -> pd.DataFrame:
    """id_nil, municipio, quota_area (a NIL's area share in each Municipio)."""
    frame = pd.read_csv(DATA_DIR / "milano" / "nil_municipi.csv")
    # the shares under 1% were left out of the file: scale each NIL back to 100%
    frame["quota_area"] = frame["quota_area"] / frame.groupby("id_nil")["quota_area"].transform("sum")
    return frame[["id_nil", "municipio", "quota_area"]]


@cache
def population_by_municipio() -> pd.DataFrame:
    """Population per Municipio from the NIL shares; ``estimated`` is True where a
    straddling NIL contributes (so the figure rests on the even-spread assumption)."""
    joined = shares().merge(population_by_nil()[POPULATION_COLUMNS], left_on="id_nil", right_index=True)
    for column in POPULATION_COLUMNS:
        joined[column] = joined[column] * joined["quota_area"]
    joined["partial"] = joined["quota_area"] < 0.999
    grouped = joined.groupby("municipio").agg({**{c: "sum" for c in POPULATION_COLUMNS}, "partial": "any"})
    grouped[POPULATION_COLUMNS] = grouped[POPULATION_COLUMNS].round().astype(int)
    return grouped.rename(columns={"partial": "estimated"}).sort_index()


@cache
def nil_geojson() -> dict:
    with open(DATA_DIR / "milano" / "nil.geojson", encoding="utf-8") as fh:
        return json.load(fh)
