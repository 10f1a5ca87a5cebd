"""The data package: valid for frictionless, one schema per CSV, rows exactly the API's."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil

import frictionless
import pytest

from migrights.opendata.package import TABLE_NAMES
from migrights.reference.models import Country, Source, TreatyAction

pytestmark = pytest.mark.django_db


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# The long score tables hold the same rows for every country, written by one code path: frictionless reads those
# of a few countries (a former state, a state born in 2011, the three the release tests use), and every
# row of every other table. Every row of all: `benchmarks/opendata_downloads.py --validate` (a minute of CPU).
LONG_TABLES = ("scores", "commitments")
FEW = {"PHL", "FRA", "MEX", "CSHH", "SSD"}


def cut_package(package_dir, copy, keep) -> dict[str, list[dict[str, str]]]:
    """A copy of the package's CSV files and descriptor in which each table named in ``keep`` holds only the rows
    ``keep[name](row)`` keeps, with the cut file's own size and hash in the descriptor. The rows kept, by table."""
    shutil.copytree(package_dir, copy, ignore=shutil.ignore_patterns("*.json", "*.xlsx", "*.zip", "*.pdf", "*.dta"))
    descriptor = json.loads((package_dir / "datapackage.json").read_text())
    kept_rows = {}
    for name, keeps in keep.items():
        rows = read_rows(package_dir / f"{name}.csv")
        kept = kept_rows[name] = [row for row in rows if keeps(row)]
        with (copy / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)
        written = (copy / f"{name}.csv").read_bytes()
        resource = next(r for r in descriptor["resources"] if r["name"] == name)
        resource |= {"bytes": len(written), "hash": "sha256:" + hashlib.sha256(written).hexdigest()}
    (copy / "datapackage.json").write_text(json.dumps(descriptor))
    return kept_rows


def test_frictionless_finds_the_package_valid(package_dir, tmp_path):
    kept = cut_package(package_dir, tmp_path / "package", dict.fromkeys(LONG_TABLES, lambda row: row["country"] in FEW))
    for name in LONG_TABLES:
        assert {row["country"] for row in kept[name]} == FEW, name  # the cut keeps rows of each of the few
    report = frictionless.validate(tmp_path / "package" / "datapackage.json")
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors[:3]]
    assert report.valid, problems[:10]


def test_every_table_has_a_full_schema_matching_its_csv(package_dir):
    package = json.loads((package_dir / "datapackage.json").read_text())
    assert package["version"] == "commitments" and package["name"] == "migrights-commitments"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert len(package["sources"]) == Source.objects.count()
    assert all(s["title"] for s in package["sources"])
    assert [r["name"] for r in package["resources"]] == [*TABLE_NAMES, "wide"]
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        assert all(f["description"] and f["type"] for f in fields), resource["name"]
        with (package_dir / resource["path"]).open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == [f["name"] for f in fields], resource["name"]
    schemas = {r["name"]: r["schema"] for r in package["resources"]}
    assert schemas["scores"]["primaryKey"] == ["country", "year", "level", "code"]
    levels = next(f for f in schemas["scores"]["fields"] if f["name"] == "level")
    assert levels["constraints"]["enum"] == ["indicator", "right", "category", "dimension", "overall"]
    assert {"fields": "country", "reference": {"resource": "countries", "fields": "code"}} in schemas["treaty_actions"][
        "foreignKeys"
    ]


def test_rows_are_the_api_rows(package_dir, client):
    countries = read_rows(package_dir / "countries.csv")
    assert len(countries) == Country.objects.count()
    api = client.get("/api/v1/countries?q=PHL").json()["data"][0]
    philippines = next(row for row in countries if row["code"] == "PHL")
    assert philippines["name"] == api["name"] and philippines["m49"] == api["m49"]
    assert philippines["un_member_since"] == str(api["un_member_since"])

    actions = read_rows(package_dir / "treaty_actions.csv")
    assert len(actions) == TreatyAction.objects.count()
    icrmw = client.get("/api/v1/instruments/ICRMW/actions?page_size=500").json()["data"]
    shown = {(a["country"], a["action"], a["date"], a["reservation"]) for a in icrmw}
    packaged = {
        (a["country"], a["action"], a["date"], a["reservation"] == "true")
        for a in actions
        if a["instrument"] == "ICRMW"
    }
    assert packaged == shown

    scores = read_rows(package_dir / "scores.csv")
    api_scores = client.get("/api/v1/scores?country=PHL&year=2020&level=dimension").json()["data"]
    packaged_scores = [r for r in scores if (r["country"], r["year"], r["level"]) == ("PHL", "2020", "dimension")]
    assert [r["code"] for r in packaged_scores] == [r["code"] for r in api_scores]
    for row, expected in zip(packaged_scores, api_scores, strict=True):
        assert (float(row["score"]) if row["score"] else None) == expected["score"]
        assert row["flagged"] == str(expected["flagged"]).lower()

    commitments = [r for r in read_rows(package_dir / "commitments.csv") if r["country"] == "FRA"]
    api_commitments = client.get("/api/v1/commitments?country=FRA&page_size=500").json()
    assert len(commitments) == api_commitments["meta"]["count"]
    assert read_rows(package_dir / "answers.csv") == []  # no release: released answers only, none yet


def test_sources_count_the_facts_citing_them(package_dir):
    sources = {row["key"]: row for row in read_rows(package_dir / "sources.csv")}
    key = TreatyAction.objects.values_list("source__key", flat=True).first()
    assert int(sources[key]["facts"]) >= TreatyAction.objects.filter(source__key=key).count() > 0
