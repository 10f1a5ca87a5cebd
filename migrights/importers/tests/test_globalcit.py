"""The GLOBALCIT country-year parser: runs of equal values, codes without a confirmed meaning left unknown, the
carried-forward year, malformed cells refused; and the real v3.1 file."""

from __future__ import annotations

import pytest

from migrights.importers.globalcit import VariableSpec, parse_globalcit

VARIABLES = {
    "A03b_bin": VariableSpec("A03b_bin", "safeguard", {"0": "no provision", "1": "provision exists"}),
    "A06b_cat": VariableSpec("A06b_cat", "renunciation", {"0": "none", "3": "required"}),
    "A06a_yrs_cat": VariableSpec("A06a_yrs_cat", "years", numeric=True),
}
HEADER = "iso2,iso3,country,region,year,A03b_bin,A06b_cat,A06a_yrs_cat\n"


def parse(body: str, carried: int | None = 2024):
    return parse_globalcit((HEADER + body).encode(), "g.csv", VARIABLES, carried)


def runs(result, variable):
    return [(r.country, r.year_from, r.year_to, r.value, r.carried_to) for r in result.runs if r.variable == variable]


def test_equal_consecutive_years_are_one_run_and_na_is_missing_not_zero():
    result = parse(
        "AA,AAA,Aland,Europe,2020,1,0,5\n"
        "AA,AAA,Aland,Europe,2021,1,0,NA\n"
        "AA,AAA,Aland,Europe,2022,0,3,5\n"
        "AA,AAA,Aland,Europe,2023,0,3,5\n"
    )
    assert result.problems == []
    assert runs(result, "A03b_bin") == [("Aland", 2020, 2021, "1", None), ("Aland", 2022, 2023, "0", None)]
    # 2021 is missing: the years value is two runs, never a value for 2021
    assert runs(result, "A06a_yrs_cat") == [("Aland", 2020, 2020, "5", None), ("Aland", 2022, 2023, "5", None)]
    assert result.rows_read == 4


def test_the_carried_forward_year_is_not_an_observation_unless_it_differs():
    result = parse("AA,AAA,Aland,Europe,2023,1,0,5\nAA,AAA,Aland,Europe,2024,1,3,5\n")
    assert runs(result, "A03b_bin") == [("Aland", 2023, 2023, "1", 2024)]
    # a 2024 value unlike 2023's cannot be a copy: kept as an observation, and said
    assert runs(result, "A06b_cat") == [("Aland", 2023, 2023, "0", None), ("Aland", 2024, 2024, "3", None)]
    assert any("A06b_cat" in note and "not a copy" in note for note in result.notes)
    without = parse("AA,AAA,Aland,Europe,2023,1,0,5\nAA,AAA,Aland,Europe,2024,1,0,5\n", carried=None)
    assert runs(without, "A03b_bin") == [("Aland", 2023, 2024, "1", None)]


def test_a_code_without_a_confirmed_meaning_is_not_loaded_and_reported_once():
    result = parse("AA,AAA,Aland,Europe,2020,1,9,5\nAA,AAA,Aland,Europe,2021,1,9,5\n")
    assert result.problems == []
    assert runs(result, "A06b_cat") == []
    [skipped] = result.not_loaded
    assert (skipped.row, skipped.column) == (2, "A06b_cat")
    assert "'9' (2 cells" in skipped.reason


def test_malformed_cells_and_repeated_rows_are_problems_naming_row_and_column():
    result = parse(
        "AA,AAA,Aland,Europe,2020,2,0,5\n"
        "AA,AAA,Aland,Europe,2021,1,x,5\n"
        "AA,AAA,Aland,Europe,2022,1,0,0\n"
        "AA,AAA,Aland,Europe,20x3,1,0,5\n"
        "AA,AAA,Aland,Europe,2020,1,0,5\n"
    )
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "A03b_bin"), (3, "A06b_cat"), (4, "A06a_yrs_cat"), (5, "year"), (6, None),
    ]  # fmt: skip
    assert "repeats row 2" in result.problems[-1].reason


def test_a_missing_column_refuses_the_file():
    result = parse_globalcit(b"iso3,country,year,A03b_bin\nAAA,Aland,2020,1\n", "g.csv", VARIABLES)
    assert {p.column for p in result.problems} == {"A06b_cat", "A06a_yrs_cat"}
    assert result.runs == []


@pytest.mark.slow
def test_real_file_runs_and_what_is_left_unknown(shared_file):
    from migrights.law.loading import declared, law_variables

    path = shared_file("globalcit/v3.1/data_v3.1_country-year.csv")
    result = parse_globalcit(path.read_bytes(), path.name, law_variables(), declared()["globalcit"]["carried_forward"])
    assert result.problems == []
    assert result.rows_read == 13065
    assert {r.country for r in result.runs} >= {"Germany", "Soviet Union", "Yugoslavia"}
    # A06b_cat 9 and A02a_cat 3 are named by no document read: reported, not loaded
    assert {(p.column, p.reason.split("'")[1]) for p in result.not_loaded} == {("A06b_cat", "9"), ("A02a_cat", "3")}
    germany = {(r.variable, r.year_from, r.year_to, r.carried_to): r.value for r in result.runs if r.iso3 == "DEU"}
    # Germany's June 2024 reform is not in v3.1: the 2024 value is 2023's, carried forward
    assert germany["L05_cat", 2001, 2023, 2024] == "2" and germany["L05_cat", 1960, 2000, None] == "1"
    assert any(note.startswith("Brazil L05_cat: 2024") for note in result.notes)
