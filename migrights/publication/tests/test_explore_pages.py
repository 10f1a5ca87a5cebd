"""The explore pages (home map, search, rankings, compare) and their twins, in three languages, with bad input."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migrights.lib import charts
from migrights.publication.measures import ROW_FIELDS

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def map_spec(html: str) -> dict:
    found = re.search(r'<script id="map-spec" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no map specification on the page"
    return json.loads(found.group(1))


def test_home_maps_the_default_measure_with_a_year_slider_and_headline_figures(client):
    html = client.get("/").content.decode()
    assert 'type="range"' in html and 'data-chart="map"' in html and 'data-param="year"' in html
    assert 'name="measure"' in html and '<option value="core-treaties"' in html
    spec = map_spec(html)
    series = charts.map_rows(spec)
    assert len(series) > 150 and all(row["url"].startswith("/countries/") for row in series)
    assert 'id="map-values"' in html  # the text alternative
    assert "treaty actions" in html and "released assessments" in html and "no release published yet" in html


def test_home_takes_measure_and_year_without_javascript(client):
    html = client.get("/?measure=core-treaties&year=1995").content.decode()
    assert map_spec(html)["params"] == [{"name": "year", "value": 1995}]
    assert "UN core human rights treaties ratified in 1995" in html


def test_home_rows_link_to_profiles_in_the_visitors_language(client):
    html = client.get("/fr/?measure=core-treaties").content.decode()
    rows = charts.map_rows(map_spec(html))
    assert len(rows) > 150 and all(row["url"].startswith("/fr/countries/") for row in rows)
    assert "Mexique" in html


@pytest.mark.parametrize("query", ["?measure=bogus", "?year=1850", "?year=abc"])
def test_home_explains_bad_input(client, query):
    response = client.get(f"/{query}")
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


def test_a_measure_without_data_says_so(client):
    html = client.get("/?measure=protection").content.decode()
    assert "No published values" in html and 'id="map"' not in html


def test_search_finds_countries_instruments_and_bodies(client):
    html = client.get("/search/?q=philipp").content.decode()
    assert "/countries/PHL/" in html
    data = client.get("/search.json?q=migrant").json()["data"]
    assert any(i["code"] == "ICRMW" for i in data["instruments"])
    bodies = client.get("/search.json?q=colombo").json()["data"]["bodies"]
    assert [b["slug"] for b in bodies] == ["colombo-process"]
    rows = csv_rows(client.get("/search.csv?q=mex"))
    assert {"kind": "country", "code": "MEX", "name": "Mexico"} in rows


def test_search_answers_htmx_with_the_results_alone(client):
    response = client.get("/search/?q=fra", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "/countries/FRA/" in html and "<html" not in html


def test_search_in_french_finds_french_names(client):
    html = client.get("/fr/search/?q=allemagne").content.decode()
    assert "/fr/countries/DEU/" in html


def test_rankings_table_has_ranks_intervals_and_coverage(client):
    html = client.get("/rankings/?measure=commitment&year=2020").content.decode()
    assert 'id="ranking"' in html and "Rank interval" in html and "90 % interval" in html and "Coverage" in html
    data = client.get("/rankings.json?measure=commitment&year=2020").json()
    ranked = data["data"]["ranked"]
    assert ranked[0]["rank"] == 1 and ranked[0]["rank_low"] <= 1 <= ranked[0]["rank_high"]
    assert data["meta"]["licence"] and data["data"]["year"] == 2020


def test_rankings_list_flagged_rows_apart_and_say_why(client):
    response = client.get("/rankings/?measure=overall&year=2024")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="flagged-rows"' in html and 'id="ranking"' not in html
    assert "coverage threshold" in html
    data = client.get("/rankings.json?measure=overall&year=2024").json()["data"]
    assert data["ranked"] == [] and len(data["flagged"]) > 150


def test_rankings_csv_twin(client):
    rows = csv_rows(client.get("/rankings.csv?measure=core-treaties&year=2010"))
    assert list(rows[0]) == list(ROW_FIELDS)
    assert len(rows) > 150 and rows[0]["rank"] == "1" and all(r["year"] == "2010" for r in rows)


def test_rankings_filter_by_region(client):
    data = client.get("/rankings.json?measure=core-treaties&region=Africa").json()["data"]
    assert data["ranked"] and {row["region"] for row in data["ranked"]} == {"Africa"}
    assert client.get("/rankings/?region=Atlantis").status_code == 400


@pytest.mark.parametrize(
    ("query", "message"),
    [("?measure=bogus", "Unknown measure"), ("?year=2999", "The year must be"), ("?region=Mars", "Unknown region")],
)
def test_rankings_refuse_bad_input_clearly(client, query, message):
    response = client.get(f"/rankings/{query}")
    assert response.status_code == 400 and message in response.content.decode()
    assert client.get(f"/rankings.json{query}").status_code == 400


def test_rankings_in_french_and_spanish(client):
    french = client.get("/fr/rankings/").content.decode()
    spanish = client.get("/es/rankings/?measure=core-treaties").content.decode()
    assert '<html lang="fr">' in french and "Classements" in french and "/fr/countries/" in french
    assert '<html lang="es">' in spanish and "Clasificaciones" in spanish and "/es/countries/" in spanish


def test_compare_shows_each_country_in_chart_and_tables(client):
    response = client.get("/compare/?countries=FRA,phl")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="compare-scores"' in html and 'id="compare-treaties"' in html and 'id="compare-trend"' in html
    assert html.count("France") >= 3 and html.count("Philippines") >= 3
    data = client.get("/compare.json?countries=FRA,PHL").json()["data"]
    assert [c["code"] for c in data["countries"]] == ["FRA", "PHL"]
    assert data["countries"][0]["treaties"]["ICRMW"]["status"] == "none"
    assert data["countries"][1]["treaties"]["ICRMW"]["status"] == "party"
    assert data["countries"][0]["scores"]["commitment"]["value"] is not None


def test_compare_csv_twin(client):
    rows = csv_rows(client.get("/compare.csv?countries=MEX,SEN&year=2015"))
    assert {r["country"] for r in rows} == {"MEX", "SEN"} and {r["year"] for r in rows} == {"2015"}
    assert {"country", "level", "code", "value", "low", "high", "flagged"} <= set(rows[0])
    assert any(r["level"] == "treaty" and r["code"] == "ICRMW" and r["value"] == "party" for r in rows)


def test_compare_adds_a_country_to_one_shareable_address(client):
    response = client.get("/compare/?countries=FRA&add=PHL")
    assert response.status_code == 302 and response["Location"] == "/compare/?countries=FRA%2CPHL"


def test_compare_names_unknown_codes_and_refuses_more_than_six(client):
    unknown = client.get("/compare/?countries=FRA,XYZ,QQQ")
    assert unknown.status_code == 400 and "XYZ, QQQ" in unknown.content.decode()
    many = client.get("/compare/?countries=FRA,PHL,SEN,MEX,USA,DEU,ITA")
    assert many.status_code == 400 and "At most 6 countries" in many.content.decode()
    assert client.get("/compare.json?countries=FRA,XYZ").json()["error"]["message"].startswith("Unknown country codes")


def test_compare_without_countries_invites_a_choice(client):
    response = client.get("/compare/")
    assert response.status_code == 200 and 'name="add"' in response.content.decode()


def test_compare_in_spanish(client):
    html = client.get("/es/compare/?countries=FRA,MEX").content.decode()
    assert '<html lang="es">' in html and "Francia" in html and "México" in html


def test_headline_figures_name_the_latest_release(client):
    from migrights.assessments import workflow
    from migrights.assessments.tests.builders import answer_all, build_cast

    cast = build_cast()
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    html = client.get("/").content.decode()
    assert "2026.1" in html and "<strong>1</strong> released assessments" in html


def test_the_home_page_has_twins_with_the_map_values(client):
    data = client.get("/index.json?measure=core-treaties&year=2010").json()
    assert data["data"]["year"] == 2010 and data["data"]["measure"]["key"] == "core-treaties"
    philippines = next(row for row in data["data"]["values"] if row["country"] == "PHL")
    assert philippines["value"] >= 7  # party to most of the nine core treaties by 2010, ICRMW included
    lines = client.get("/index.csv?measure=core-treaties&year=2010").content.decode().splitlines()
    assert lines[0].startswith("country,m49,name") and any(line.startswith("PHL,608,") for line in lines)
    assert client.get("/index.json?measure=nonsense").status_code == 400


EXPLORE_PAGES = ["/", "/index.json", "/?measure=core-treaties", "/rankings/", "/compare/?countries=FRA"]


@pytest.mark.parametrize("path", EXPLORE_PAGES)
def test_an_explore_page_looks_up_the_edition_and_the_treaty_data_once(client, path):
    client.get(path)  # the edition's table and the treaty counts, read once per process
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "scores_edition"' in s for s in sql) <= 1  # kept per state of the data: often none
    assert sum('FROM "framework_framework"' in s for s in sql) <= 1
    assert sum('MAX("reference_treatyaction"."id")' in s for s in sql) <= 1
