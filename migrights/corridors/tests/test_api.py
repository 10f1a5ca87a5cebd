"""Corridors through the API, Python and the command line, on the embedded data."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrights import data
from migrights.corridors.coverage import KINDS

pytestmark = pytest.mark.django_db


def test_corridors_of_an_origin_largest_first_with_coverage_and_sides(client):
    answer = client.get("/api/v1/corridors?origin=PHL&year=2019&page_size=5").json()
    rows = answer["data"]
    assert [r["destination"] for r in rows[:2]] == ["USA", "SAU"]  # UN DESA 2019: 2,047,269 then 628,894
    assert rows[0]["migrants"] == {"total": 2047269, "male": 777280, "female": 1269989}
    assert set(rows[0]["coverage"]) == set(KINDS)
    assert set(rows[0]["coverage"].values()) <= {"covered", "not-covered", "unknown"}
    assert rows[0]["instruments"]["ICRMW"]["origin"] == "bound"  # the Philippines ratified in 1995
    assert answer["meta"]["sources"][0]["licence"] == "CC BY 3.0 IGO"
    assert rows[1]["worldbank_2017"] == {"migrants": 583985, "remittances_usd_millions": 3686.348}  # PHL-SAU, apart
    assert answer["meta"]["count"] > 100
    into = client.get("/api/v1/corridors?destination=ZAF&page_size=500").json()
    assert {r["destination"] for r in into["data"]} == {"ZAF"} and into["data"][0]["year"] == 2019
    assert into["meta"]["count"] > 500 and into["meta"]["pages"] > 1


def test_refugees_are_a_separate_field_of_a_corridor_known_or_null_and_a_series_of_their_own(client):
    syria = client.get("/api/v1/corridors?origin=SYR&destination=DEU&year=2015").json()["data"][0]
    assert syria["refugees"] == {  # UNHCR, end of 2015; the UN DESA stock beside it is untouched
        "as_of": "2015-12-31",
        "refugees": 115604,
        "asylum_seekers": 81582,
        "other_in_need": None,
        "source": "unhcr-refugee-statistics-2025-12-1",
    }
    assert syria["migrants"]["total"] == 44761  # UN DESA, mid-2015, as published: nothing added
    mexico = client.get("/api/v1/corridors?origin=MEX&destination=USA&year=1990").json()["data"][0]
    assert mexico["refugees"]["refugees"] is None  # no UNHCR row for the pair that year: unknown, never zero
    series = client.get("/api/v1/corridors/refugees?origin=SYR&destination=DEU&page_size=100").json()
    years = [r["year"] for r in series["data"]]
    assert years == sorted(years, reverse=True) and 2024 in years
    assert next(r for r in series["data"] if r["year"] == 2024)["refugees"] == 725102
    assert any(s["licence"] == "CC BY 4.0" and s["key"].startswith("unhcr") for s in series["meta"]["sources"])
    reconciliation = client.get("/api/v1/corridors/refugees?year=2024&page_size=1").json()["meta"]["reconciliation"]
    assert {"year": 2024, "population": "refugees", "published": 30958200}.items() <= next(
        r for r in reconciliation if r["population"] == "refugees"
    ).items()
    assert client.get("/api/v1/corridors/refugees?year=1900").status_code == 422
    frame = data.corridors(origin="SYR", destination="DEU", year=2015)
    assert frame.loc[0, "refugees"] == 115604 and "asylum_seekers" in frame.columns
    assert data.corridor_refugees(origin="SYR", destination="DEU").iloc[0]["year"] == 2025


def test_unknown_lookups_answer_404_and_bad_parameters_422(client):
    assert client.get("/api/v1/corridors?origin=XXX").status_code == 404
    missing_year = client.get("/api/v1/corridors?year=2018")
    assert missing_year.status_code == 404 and "2019" in missing_year.json()["error"]["message"]
    assert client.get("/api/v1/corridors/coverage?year=2019&by=continent").status_code == 404
    bad = client.get("/api/v1/corridors/coverage?year=later")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"


def test_coverage_by_development_group_gives_the_four_directions_and_the_reconciliation(client):
    answer = client.get("/api/v1/corridors/coverage?year=2019&by=development-group").json()
    groups = {row["group"] for row in answer["data"]}
    assert groups == {"south-south", "south-north", "north-south", "north-north"}
    rcp = [r for r in answer["data"] if r["kind"] == "rcp"]
    assert sum(r["migrants"] for r in rcp) == 260_180_560  # every corridor between areas, once
    for row in answer["data"]:
        assert row["covered"] + row["not_covered"] + row["unknown"] == row["migrants"]
    assert answer["meta"]["reconciliation"][0]["published"] == 271_642_105


def test_python_access_gives_a_table_with_states_as_words():
    frame = data.corridors(origin="phl", year=2019)
    assert list(frame[["destination", "total"]].iloc[0]) == ["USA", 2047269]
    assert set(frame["ICRMW"]) <= {"covered", "not-covered", "unknown"}
    shares = data.corridor_coverage(2019, by="world")
    assert set(shares["kind"]) == set(KINDS) and shares["migrants"].eq(260_180_560).all()


def test_the_command_line_writes_a_year_of_corridors(tmp_path, loaded_data_folder):
    folder = loaded_data_folder(tmp_path / "data")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MIGRIGHTS_DATA_DIR")}
    env["MIGRIGHTS_DATA_DIR"] = str(folder)
    output = tmp_path / "corridors.csv"
    command = [str(Path(sys.executable).with_name("migrights")), "corridors", "--year", "2019", "--output", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    with output.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["year"] for r in rows} == {"2019"} and rows[0]["origin"] == "MEX" and rows[0]["destination"] == "USA"
    result = subprocess.run([*command[:2], "--year", "2018"], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 1 and "the stock years are" in result.stderr


def test_every_code_of_the_names_files_is_a_registered_country_or_territory():
    from migrights.lib.paths import EMBEDDED_DATA_DIR
    from migrights.reference.models import Country

    for source in ("undesa", "worldbank", "unhcr"):
        with (EMBEDDED_DATA_DIR / "names" / f"{source}.csv").open(encoding="utf-8") as handle:
            codes = {row["code"] for row in csv.DictReader(handle) if row["code"]}
        assert codes - set(Country.objects.values_list("code", flat=True)) == set(), source
