"""Plain public pages and their machine-readable twins."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/countries/",
        "/countries/MEX/",
        "/countries/CSHH/",
        "/instruments/",
        "/instruments/ICRMW/",
        "/instruments/ICRMW/?on=1995-01-01",
        "/bodies/",
        "/bodies/puebla-process/",
        "/milestones/",
        "/instruments/GCM/",
    ],
)
def test_pages_render_accessibly(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html and "<h1>" in html and 'id="main"' in html


def test_instrument_page_travels_in_time(client):
    html = client.get("/instruments/ICRMW/?on=2003-07-01").content.decode()
    assert "on 2003-07-01" in html
    then = client.get("/instruments/ICRMW.json?on=2003-07-01").json()["data"]
    now = client.get("/instruments/ICRMW.json").json()["data"]
    assert 20 <= then["parties"] < now["parties"]


def test_country_twins(client):
    data = client.get("/countries/MEX.json").json()["data"]
    assert data["code"] == "MEX" and data["commitments"]
    response = client.get("/countries/MEX.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {"country", "instrument", "status", "since", "reservation"} <= set(rows[0])
    assert {r["instrument"]: r["status"] for r in rows}["ICRMW"] == "party"


def test_body_and_milestone_twins(client):
    body = client.get("/bodies/colombo-process.json").json()["data"]
    assert body["slug"] == "colombo-process" and body["memberships"]
    rows = list(csv.DictReader(io.StringIO(client.get("/milestones.csv").content.decode())))
    assert len(rows) >= 30 and rows[0]["date"] <= rows[-1]["date"]


def test_unknown_things_are_404(client):
    assert client.get("/countries/XYZ/").status_code == 404
    assert client.get("/instruments/NOPE.json").status_code == 404
    assert client.get("/instruments/ICRMW/?on=not-a-date").status_code == 400


@pytest.mark.parametrize("url", ["/", "/countries/FRA/", "/instruments/ICRMW/", "/bodies/gfmd/", "/api/v1/docs"])
def test_no_asset_comes_from_another_host(client, url):
    import re

    html = client.get(url).content.decode()
    assets = re.findall(r'<(?:script|img)[^>]+src="([^"]+)"|<link[^>]+href="([^"]+)"', html)
    external = [a for pair in assets for a in pair if a.startswith(("http:", "https:", "//"))]
    assert not external, f"{url} loads {external}"
