"""Corridors in the data package: stocks by sex, refugees apart, remittances, coverage in three states, licences."""

from __future__ import annotations

import csv
import json

import pytest

from migrights.corridors.coverage import KINDS

pytestmark = pytest.mark.django_db


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_package_holds_every_corridor_with_refugees_apart_and_the_sources_licences(package_dir):
    corridors = rows(package_dir / "corridors.csv")
    assert len(corridors) == 76_369  # every corridor-year of the committed UN DESA file
    usa = next(r for r in corridors if (r["origin"], r["destination"], r["year"]) == ("PHL", "USA", "2019"))
    assert (usa["total"], usa["male"], usa["female"]) == ("2047269", "777280", "1269989")  # UN DESA, as published
    assert (usa["refugees"], usa["asylum_seekers"], usa["other_in_need"]) == ("168", "1510", "")  # UNHCR, end-2019
    assert (usa["worldbank_migrants_2017"], usa["worldbank_remittances_usd_millions_2017"]) == ("1941665", "11099.14")
    assert {usa[kind] for kind in KINDS} <= {"covered", "not-covered", "unknown"}
    mexico = next(r for r in corridors if (r["origin"], r["destination"], r["year"]) == ("MEX", "USA", "1990"))
    assert mexico["refugees"] == ""  # no UNHCR figure for the pair that year: unknown, not zero
    coverage = rows(package_dir / "corridor_coverage.csv")
    world = [r for r in coverage if r["by"] == "world" and r["year"] == "2019"]
    assert {r["kind"] for r in world} == set(KINDS) and {r["migrants"] for r in world} == {"260180560"}
    assert {r["by"] for r in coverage} == {"world", "development-group", "region"}
    package = json.loads((package_dir / "datapackage.json").read_text())
    licences = {r["name"]: [lic["name"] for lic in r["licenses"]] for r in package["resources"]}
    assert licences["corridors"] == ["CC-BY-3.0-IGO", "CC-BY-4.0"]
    assert licences["corridor_coverage"] == ["CC-BY-3.0-IGO"]
    assert {"undesa-ims-2019", "worldbank-bilateral-2017", "unhcr-refugee-statistics-2025-12-1"} <= {
        s["key"] for s in package["sources"]
    }
    codebook = (package_dir / "codebook.md").read_text()
    assert "International Migrant Stock 2019 (POP/DB/MIG/Stock/Rev.2019), CC BY 3.0 IGO" in codebook
    assert "Refugee Population Statistics Database" in codebook
    assert "Licence: Creative Commons Attribution 3.0 IGO" in codebook


def test_the_data_page_lists_the_corridor_downloads(client, shared_downloads):
    page = client.get("/data/").content.decode()
    assert 'href="/data/commitments/corridors.csv"' in page and 'href="/data/commitments/corridor_coverage.csv"' in page
    assert "CC BY 3.0 IGO" in page
    assert "Corredores" in client.get("/es/data/").content.decode()
