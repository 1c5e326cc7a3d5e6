"""The shared reading of needs on small fixtures with known answers."""

import pandas as pd
import pytest

from coprog.reading import analysis, charts, territory
from coprog.texts.exports_safe import csv_bytes


def needs(*rows):
    """rows: (area, citywide, municipi, nils, intensity, session_id, source, title)"""
    records = []
    for i, row in enumerate(rows):
        area, citywide, municipi, nils, intensity, session_id, source, title = row
        records.append(
            {
                "id": i + 1,
                "session_id": session_id,
                "session": f"S{session_id}",
                "title": title,
                "body": "",
                "area": area,
                "target_group": "anziani_soli",
                "intensity": intensity,
                "trend": "stabile",
                "citywide": citywide,
                "municipi": municipi,
                "nils": nils,
                "source": source,
                "created_at": "2026-11-26T09:00:00.000Z",
                "organisation": "Ente",
            }
        )
    return pd.DataFrame(records, columns=analysis.COLUMNS)


FIXTURE = needs(
    ("poverta", 0, [1, 2], [], 4, 1, "laptop", "Anziani soli senza pensione"),
    ("poverta", 1, [], [], 2, 1, "laptop", "Povertà in tutta la città"),
    ("demenze", 0, [2], [], 5, 2, "carta", "Demenze senza centri diurni"),
    ("demenze", 0, [1], [1], 3, 2, "laptop", "Demenze nel centro storico"),
)


def test_population_matches_the_city_totals():
    totals = {c: int(territory.population_by_nil()[c].sum()) for c in territory.POPULATION_COLUMNS}
    assert totals["residenti"] == 1_407_044 and totals["over65"] == 312_229
    assert totals["over80"] == 117_090 and totals["over80_soli"] == 57_073
    by_municipio = territory.population_by_municipio()
    assert abs(by_municipio["over65"].sum() - totals["over65"]) <= 9  # rounding only
    assert by_municipio["estimated"].all()  # every Municipio has a straddling NIL


def test_by_municipio_counts_rates_and_the_citywide_rule():
    frame = analysis.by_municipio(FIXTURE).set_index("municipio")
    assert frame.loc[1, "needs"] == 2 and frame.loc[2, "needs"] == 2 and frame.loc[3, "needs"] == 0
    assert frame["needs"].sum() == 4  # the city-wide need is nowhere in the Municipi
    assert analysis.citywide_count(FIXTURE) == 1
    assert frame.loc[1, "mean_intensity"] == 3.5 and frame.loc[2, "mean_intensity"] == 4.5
    over65 = territory.population_by_municipio().loc[1, "over65"]
    assert frame.loc[1, "per_10k_over65"] == round(2 / over65 * 10_000, 2)
    assert frame.loc[3, "per_10k_over65"] == 0


def test_by_nil_counts_only_needs_naming_it_and_skips_tiny_populations():
    frame = analysis.by_nil(FIXTURE).set_index("nil")
    assert frame.loc[1, "needs"] == 1 and frame["needs"].sum() == 1
    duomo = territory.population_by_nil().loc[1, "over65"]
    assert frame.loc[1, "per_10k_over65"] == round(1 / duomo * 10_000, 2)
    tiny = territory.population_by_nil()["over65"] < analysis.MIN_OVER65
    assert frame.loc[tiny[tiny].index, "per_10k_over65"].isna().all()


def test_area_by_municipio_keeps_citywide_apart():
    matrix = analysis.area_by_municipio(FIXTURE, "it", "Città")
    assert matrix.loc["Povertà", "1"] == 1 and matrix.loc["Povertà", "2"] == 1
    assert matrix.loc["Povertà", "Città"] == 1 and matrix.loc["Demenze", "Città"] == 0
    assert matrix.loc["Demenze", "2"] == 1 and matrix.shape == (13, 10)


def test_filters_are_shared_and_territory_keeps_citywide():
    only_m1 = analysis.apply(FIXTURE, analysis.Filters(municipi=(1,)))
    assert sorted(only_m1["id"]) == [1, 2, 4]
    assert sorted(analysis.apply(FIXTURE, analysis.Filters(sources=("carta",)))["id"]) == [3]
    assert sorted(analysis.apply(FIXTURE, analysis.Filters(sessions=(2,), areas=("demenze",)))["id"]) == [3, 4]
    assert len(analysis.apply(FIXTURE, analysis.Filters())) == 4


def test_treemap_intensity_and_timeline():
    tree = analysis.treemap_frame(FIXTURE)
    assert tree["count"].sum() == 4 and set(tree["area"]) == {"Povertà", "Demenze"}
    grid = analysis.intensity_trend(FIXTURE)
    assert len(grid) == 20 and grid["count"].sum() == 4
    assert grid.set_index(["intensity", "trend"]).loc[(5, "stabile"), "count"] == 1
    line = analysis.timeline(
        pd.DataFrame(
            {
                "type": ["bisogno", "bisogno", "strategia"],
                "created_at": ["2026-11-26T09:01:00.000Z", "2026-11-26T09:07:00.000Z", "2026-11-26T09:08:00.000Z"],
            }
        )
    )
    last = line[line["type"] == "bisogno"]["cumulative"].iloc[-1]
    assert last == 2 and str(line["time"].iloc[0].tz) == "Europe/Rome"


def test_keywords_drop_italian_stop_words():
    words = analysis.keywords(FIXTURE)
    listed = dict(zip(words["word"], words["count"]))
    assert listed["demenze"] == 2 and listed["anziani"] == 1
    assert not {"senza", "nel", "della", "in", "tutta"} & set(listed)


def test_context_shares_add_up():
    frame = analysis.context(FIXTURE)
    assert frame["share_needs"].sum() == pytest.approx(100, abs=0.5)
    assert frame["share_over80_alone"].sum() == pytest.approx(100, abs=0.5)
    row = frame.set_index("municipio").loc[1]
    assert row["gap"] == pytest.approx(row["share_needs"] - row["share_over80_alone"], abs=0.11)


def test_session_comparison_columns_add_up_to_100():
    table = analysis.session_comparison(FIXTURE)
    assert list(table.columns) == ["S1", "S2"]
    assert table.sum().round().tolist() == [100, 100]
    assert table.loc["Povertà", "S1"] == 100 and table.loc["Demenze", "S2"] == 100


def test_empty_inputs_build_every_chart():
    empty = needs()
    for frame in (
        analysis.by_municipio(empty),
        analysis.by_nil(empty),
        analysis.treemap_frame(empty),
        analysis.intensity_trend(empty),
        analysis.keywords(empty),
        analysis.context(empty),
    ):
        assert isinstance(frame, pd.DataFrame)
    assert analysis.area_by_municipio(empty).values.sum() == 0
    charts.heatmap(analysis.area_by_municipio(empty), "t", "n")
    charts.treemap(analysis.treemap_frame(empty), "t", "root")
    charts.intensity_trend(analysis.intensity_trend(empty), "t", {}, "i", "n")
    charts.timeline(analysis.timeline(pd.DataFrame(columns=["type", "created_at"])), "t", {}, "n")
    charts.keyword_bars(analysis.keywords(empty), "t", "n")
    charts.context_bars(
        analysis.context(empty), "t", {"share_needs": "a", "share_over65": "b", "share_over80_alone": "c"}
    )
    charts.heatmap(analysis.session_comparison(empty), "t", "%")


def test_nil_map_needs_no_tiles():
    frame = analysis.by_nil(FIXTURE)
    figure = charts.nil_map(frame, "needs", "t", "n")
    assert figure.layout.map.style == "white-bg" and len(figure.data[0].geojson["features"]) == 88


def test_csv_downloads_neutralise_formulas():
    frame = pd.DataFrame({"title": ['=HYPERLINK("x")', "+1", "-2", "@a", "\tt", "ok"], "n": [1, 2, 3, 4, 5, 6]})
    text = csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n'+1," in text and "\n'-2," in text and "\n'@a," in text
    assert "\nok,6" in text


def test_municipi_map_and_bars_need_no_tiles():
    frame = analysis.by_municipio(FIXTURE)
    figure = charts.municipi_map(frame, "needs", "t", "n")
    assert figure.data[0].type == "choroplethmap" and figure.layout.map.style == "white-bg"
    assert len(figure.data[0].geojson["features"]) == 9
    bars = charts.municipi_bars(
        frame[["municipio", "needs"]].rename(columns={"needs": "count"}),
        analysis.citywide_count(FIXTURE),
        "t",
        "n",
        "Tutta la città",
    )
    assert list(bars.data[0].y) == [2, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert list(bars.data[0].x)[-1] == "Tutta la città"
    areas = analysis.by_area(FIXTURE)
    assert areas.set_index("area").loc["poverta", "count"] == 2 and len(areas) == 13
    assert charts.area_bars(areas, "t", "n").data[0].type == "bar"


MARKUP = ['<a href="https://example.org/x">collegamento</a>', "<b>grassetto</b> & $x^2$"]


def test_typed_text_stays_text_in_every_chart():
    import json

    import pandas as pd

    from coprog.reading import charts
    from coprog.records import doc_charts

    escaped = [charts.plain(m) for m in MARKUP]
    result = {
        "method": "punti",
        "dimensions": [],
        "items": [{"id": n, "title": m, "combined": 3 - n, "paper": {}} for n, m in enumerate(MARKUP)],
        "matrix": [{"title": m, "x": 4, "y": 2} for m in MARKUP],
    }
    figures = [
        charts.opinion_map(
            pd.DataFrame(
                {"x": [0.1] * len(MARKUP), "y": [0.2] * len(MARKUP), "group": ["A"] * len(MARKUP), "label": MARKUP}
            ),
            "Mappa",
            "Gruppo {name}",
        ),
        charts.ballot_bars(result, "Risultati", "punti", {"consensus": "consenso", "paper": "carta"}),
        charts.quadrant_matrix(
            result,
            "Matrice",
            {
                "fattibilita": "F",
                "importanza": "I",
                "vittorie_rapide": "a",
                "scommesse_strategiche": "b",
                "se_facile": "c",
                "da_rimandare": "d",
            },
        ),
        charts.treemap(
            pd.DataFrame({"area": ["Isolamento"] * 2, "target": ["Anziani"] * 2, "title": MARKUP, "count": [1, 1]}),
            "Albero",
            "Tutti",
        ),
        charts.keyword_bars(pd.DataFrame({"word": MARKUP, "count": [2, 1]}), "Parole", "n"),
        charts.heatmap(pd.DataFrame([[1, 2]], index=["Strategia"], columns=MARKUP), "Tipi", "n"),
        charts.grouped_bars(MARKUP, {"Ammessi": [1, 2]}, "Gruppi"),
    ]
    for figure in figures:
        text = json.dumps(figure.to_plotly_json(), ensure_ascii=False)
        assert "collegamento</a>" not in text and "<b>grassetto" not in text, figure.layout.title.text
        assert any(e.replace('"', '\\"') in text for e in escaped), figure.layout.title.text
    png, _ = doc_charts.bars(MARKUP, [1, 2], "Titolo $con$ dollari", "n")  # no mathtext error
    assert png.startswith(b"\x89PNG")


def test_a_delegates_reading_opens_on_their_municipi_and_their_own_needs(world, database):
    from coprog.contributions import contributions
    from coprog.procedure import delegates
    from testkit.builders import need_fields

    before = analysis.home_municipi(database, world["org_a"], world["process_id"])
    assert {1, 2} <= set(before) and 8 not in before  # where the ETS works (and what it reported)
    contributions.create(
        database, delegates.delegate_actor(world["anna"]), world["session_id"], "bisogno", need_fields(municipi=[8])
    )
    assert analysis.home_municipi(database, world["org_a"], world["process_id"]) == sorted({*before, 8})
