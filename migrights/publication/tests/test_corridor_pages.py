"""The corridor pages: one corridor, the world's corridors, the country page's section, their twins and errors."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from migrights.corridors import queries

pytestmark = pytest.mark.django_db


def section(html: str, name: str) -> str:
    start = html.index(f'<section id="{name}"')
    return html[start : html.index("</section>", start)]


def spec(html: str, chart_id: str) -> dict:
    found = re.search(rf'<script id="{chart_id}-spec" type="application/json">(.*?)</script>', html, re.S)
    assert found, chart_id
    return json.loads(found.group(1))


def row_of(html: str, first_cell: str) -> str:
    return next(r for r in html.split("<tr>") if r.startswith(f'<th scope="row">{first_cell}</th>'))


def test_a_corridor_page_shows_the_stock_by_sex_and_the_remittances(client):
    html = client.get("/corridors/PHL/SAU/").content.decode()
    assert "<h1>Philippines → Saudi Arabia</h1>" in html
    stock = section(html, "stock")
    # UN DESA 2019: 628,894 migrants from the Philippines in Saudi Arabia, 287,571 women and 341,323 men
    assert '<td class="num">628,894</td><td class="num">287,571</td><td class="num">341,323</td>' in stock
    assert '<th scope="row">1990</th><td class="num">239,551</td>' in stock
    chart = spec(html, "stock")
    assert {r["series"] for r in chart["data"]["values"]} == {"All migrants", "Women", "Men"}
    assert "not recorded" in stock  # no refugee figure in the data: said, never zero
    remittances = section(html, "remittances")
    assert "US$ 3,686.3 million" in remittances and "583,985 migrants" in remittances  # World Bank/KNOMAD 2017


def test_a_corridor_page_says_what_governs_the_pair_each_year_with_gaps_and_unknowns(client):
    html = client.get("/corridors/PHL/SAU/").content.decode()
    governance = section(html, "governance")
    # the Abu Dhabi Dialogue (2008) covers the pair from 2010 on, not in 2005
    assert "abu-dhabi-dialogue" not in row_of(governance, "2005")
    assert "/bodies/abu-dhabi-dialogue/" in row_of(governance, "2010")
    # agreements signed by the end of the year, each linked to its page
    assert re.findall(r"/agreements/(\d+)/", row_of(governance, "2005")) == ["750"]
    assert re.findall(r"/agreements/(\d+)/", row_of(governance, "2019")) == ["750", "751", "752"]
    # the Philippines bound by the ICRMW (1995), Saudi Arabia not: a gap, named; C181 unknown for both
    latest = row_of(governance, "2019")
    assert "ICRMW (Philippines bound)" in latest and "ILO-C181" in latest
    grid = spec(html, "governance-grid")["data"]["values"]
    assert {"x": 2019, "y": "ICRMW", "state": "not covered"} in grid
    assert {"x": 2019, "y": "ILO-C181", "state": "unknown"} in grid
    assert {"x": 2019, "y": "UNTOC-TIP", "state": "covered"} in grid
    detail = section(html, "latest")
    icrmw = next(r for r in detail.split("<tr>") if '/instruments/ICRMW/"' in r)
    assert "badge-party" in icrmw and "badge-none" in icrmw and "gap: one bound, the other not" in icrmw
    assert "2008-01-21" in detail  # Saudi Arabia's recorded start in the Abu Dhabi Dialogue


def test_a_corridor_twin_gives_every_year(client):
    answer = client.get("/corridors/PHL/SAU.json").json()
    years = answer["data"]["years"]
    assert [y["year"] for y in years] == [1990, 1995, 2000, 2005, 2010, 2015, 2019]
    assert years[-1]["migrants"] == {"total": 628894, "male": 341323, "female": 287571}
    assert years[-1]["instruments"]["ICRMW"] == {"origin": "bound", "destination": "not-bound"}
    assert [a["key"] for a in years[-1]["agreements"]] == ["750", "751", "752"]
    assert {s["key"] for s in answer["meta"]["sources"]} == {"undesa-ims-2019", "worldbank-bilateral-2017"}
    rows = list(csv.DictReader(io.StringIO(client.get("/corridors/PHL/SAU.csv").content.decode())))
    assert len(rows) == 7 and rows[-1]["total"] == "628894" and rows[-1]["ICRMW:destination"] == "not-bound"
    assert rows[-1]["refugees"] == "" and rows[-1]["agreements"] == "750;751;752"


def test_a_refugee_figure_is_shown_apart_where_the_data_have_one(client, monkeypatch):
    record = queries._record

    def with_refugees(row):
        return {**record(row), "refugees": 1234}

    monkeypatch.setattr(queries, "_record", with_refugees)
    html = client.get("/corridors/PHL/SAU/").content.decode()
    assert '<td class="num">1,234</td>' in section(html, "stock")
    rows = list(csv.DictReader(io.StringIO(client.get("/corridors/PHL/SAU.csv").content.decode())))
    assert rows[-1]["refugees"] == "1234" and rows[-1]["total"] == "628894"  # apart, never added


def test_a_predecessor_stands_in_before_its_successor_existed(client):
    answer = client.get("/corridors/CZE/DEU.json").json()["data"]["years"]
    assert answer[0]["year"] == 1990 and answer[0]["stand_in"] == {"origin": "CSHH"}
    assert answer[-1]["stand_in"] == {}


def test_unknown_codes_and_missing_corridors_are_404_with_suggestions(client):
    missing = client.get("/corridors/PHL/XYZ/")
    body = missing.content.decode()
    assert missing.status_code == 404 and "“XYZ”" in body
    assert 'href="/corridors/PHL/USA/"' in body  # the largest corridor from the Philippines
    none = client.get("/corridors/PHL/TUV/")
    assert none.status_code == 404 and "UN DESA records no migrants from Philippines living in Tuvalu" in (
        none.content.decode()
    )
    error = client.get("/corridors/PHL/XYZ.json")
    assert error.status_code == 404 and error.json()["error"]["status"] == 404
    french = client.get("/fr/corridors/PHL/XYZ/").content.decode()
    assert 'href="/fr/corridors/PHL/USA/"' in french and "Aucun pays" in french


def test_the_global_page_gives_shares_by_direction_region_and_the_largest_uncovered(client):
    html = client.get("/corridors/").content.decode()
    assert "260,180,560" in html and "271,642,105" in html  # corridors between areas beside the world total (2019)
    directions = section(html, "directions")
    for a, b in (("South", "South"), ("South", "North"), ("North", "South"), ("North", "North")):
        assert f'<th scope="col" class="num">{a}\N{EN DASH}{b}</th>' in directions
    method = section(html, "method")
    assert "more developed regions" in method and "undesa-2019-areas.csv" in method
    assert spec(html, "matrix-chart")["data"]["values"]  # the matrix of regions, with its table
    assert '<table id="matrix-table">' in html and '<table id="uncovered-table">' in html
    data = client.get("/corridors.json?year=2019").json()["data"]
    groups = [r for r in data["development_groups"] if r["kind"] == "rcp"]
    assert {r["group"] for r in groups} == {"south-south", "south-north", "north-south", "north-north"}
    assert sum(r["migrants"] for r in groups) == 260_180_560
    table = queries.coverage_table()
    for row in data["uncovered"]:  # no kind covers them; the unknown kinds are named
        found = table[(table["origin"] == row["origin"]) & (table["destination"] == row["destination"])]
        states = found[found["year"] == 2019].iloc[0]
        assert all(states[k] != 1 for k in queries.cov.KINDS)
        assert set(row["unknown_kinds"]) == {k for k in queries.cov.KINDS if states[k] == -1}
    migrants = [r["migrants"] for r in data["uncovered"]]
    assert migrants == sorted(migrants, reverse=True) and len(migrants) == 20
    rows = list(csv.DictReader(io.StringIO(client.get("/corridors.csv?year=1990").content.decode())))
    world = [r for r in rows if r["grouping"] == "world" and r["kind"] == "rcp" and r["year"] == "1990"]
    assert world[0]["migrants"] == "144017022"


def test_the_global_page_refuses_a_year_without_stock_and_an_unknown_kind(client):
    answer = client.get("/corridors/?year=2018")
    assert answer.status_code == 400 and "1990, 1995, 2000, 2005, 2010, 2015, 2019" in answer.content.decode()
    assert client.get("/corridors.json?kind=nope").json()["error"]["status"] == 400
    matrix = section(client.get("/corridors/?year=2000&kind=bla").content.decode(), "matrix")
    assert "Bilateral labour agreement, 2000" in matrix


def test_the_country_page_shows_its_largest_corridors_a_flow_map_and_the_shares_covered(client):
    html = client.get("/countries/PHL/").content.decode()
    corridors = section(html, "corridors")
    emigration = corridors[corridors.index('id="corridors-emigrants-table"') :]
    first = emigration.split("<tbody>")[1].split("</tr>")[0]
    assert 'href="/corridors/PHL/USA/"' in first and "2,047,269" in first  # UN DESA 2019
    flows = spec(html, "corridor-map")["layer"][1]["data"]["values"]
    assert len(flows) == 20 and {f["direction"] for f in flows} == {"Emigrants", "Immigrants"}
    assert "corridors-shares-table" in corridors
    data = client.get("/countries/PHL.json").json()["data"]["corridors"]
    assert data["year"] == 2019 and data["emigrants"]["top"][0]["destination"] == "USA"
    rcp = next(s for s in data["emigrants"]["shares"] if s["kind"] == "rcp")
    assert rcp["covered"] + rcp["not_covered"] + rcp["unknown"] == rcp["migrants"] == data["emigrants"]["migrants"]
    earlier = client.get("/countries/PHL.json?on=2003-05-01").json()["data"]["corridors"]
    assert earlier["year"] == 2000
    before = section(client.get("/countries/PHL/?on=1985-01-01").content.decode(), "corridors")
    assert "begin in 1990" in before


def test_a_corridor_page_shows_a_chosen_year_in_detail(client):
    detail = section(client.get("/corridors/PHL/SAU/?year=2005").content.decode(), "latest")
    assert "In 2005, in detail" in detail and "2005-10-21" in detail and "2013-05-19" not in detail
    assert "abu-dhabi-dialogue" not in detail  # founded in 2008
    assert client.get("/corridors/PHL/SAU/?year=2004").status_code == 400
