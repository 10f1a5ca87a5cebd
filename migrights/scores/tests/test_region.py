"""The comparison of a country with the median of its UN region, computed from an edition's table."""

from __future__ import annotations

import pandas as pd

from migrights.scores.queries import medians_by_region, region_comparison, region_medians, trend_rows


def table(rows):
    return pd.DataFrame(rows, columns=["country", "year", "level", "code", "score"])


SCORES = table(
    [
        ("AAA", 2024, "dimension", "commitment", 80.0),
        ("BBB", 2024, "dimension", "commitment", 40.0),
        ("CCC", 2024, "dimension", "commitment", 60.0),
        ("DDD", 2024, "dimension", "commitment", 10.0),  # another region
        ("AAA", 2024, "dimension", "protection", None),  # not scored: left out of the median
        ("BBB", 2024, "dimension", "protection", 50.0),
        ("AAA", 2024, "category", "LAB", 100.0),
        ("BBB", 2024, "category", "LAB", 0.0),
        ("AAA", 2023, "dimension", "commitment", 0.0),  # another year
        ("AAA", 2024, "overall", "overall", 70.0),  # not compared
        ("ZZZ", 2024, "dimension", "commitment", 99.0),  # no region
    ]
)
REGIONS = {"AAA": "Asia", "BBB": "Asia", "CCC": "Asia", "DDD": "Europe"}


def test_medians_are_per_region_measure_and_year_over_scored_countries():
    medians = region_medians(SCORES, REGIONS, 2024).set_index(["region", "level", "code"])
    assert medians.loc[("Asia", "dimension", "commitment")].tolist() == [60.0, 3]
    assert medians.loc[("Europe", "dimension", "commitment")].tolist() == [10.0, 1]
    assert medians.loc[("Asia", "dimension", "protection")].tolist() == [50.0, 1]
    assert medians.loc[("Asia", "category", "LAB")].tolist() == [50.0, 2]
    assert "overall" not in set(medians.index.get_level_values("level"))


def test_a_country_is_set_beside_its_regions_median():
    medians = medians_by_region(region_medians(SCORES, REGIONS, 2024))
    mine = [
        {"level": "category", "code": "LAB", "score": 100.0},
        {"level": "dimension", "code": "commitment", "score": 80.0},
        {"level": "dimension", "code": "protection", "score": None},
        {"level": "overall", "code": "overall", "score": 70.0},
    ]
    compared = region_comparison(mine, medians, "Asia")
    assert [(r["code"], r["region_median"], r["difference"], r["region_countries"]) for r in compared] == [
        ("commitment", 60.0, 20.0, 3),  # dimensions first, then categories
        ("LAB", 50.0, 50.0, 2),
    ]
    assert region_comparison(mine, medians, None) == []


def test_trend_rows_carry_dimensions_with_their_intervals():
    keys = ("year", "level", "code", "score", "score_low", "score_high")
    records = [
        dict(zip(keys, (2020, "dimension", "commitment", 50.0, 40.0, 60.0), strict=True)),
        dict(zip(keys, (2020, "dimension", "protection", None, None, None), strict=True)),
        dict(zip(keys, (2020, "category", "LAB", 10.0, None, None), strict=True)),
    ]
    assert trend_rows(records) == [{"year": 2020, "series": "commitment", "value": 50.0, "low": 40.0, "high": 60.0}]
