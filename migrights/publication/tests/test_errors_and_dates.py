"""One date for every page (``?on=``), one error shape for every twin, and errors that help (issue 12)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from types import SimpleNamespace

import pytest

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "message", "details"}


def test_the_body_page_shows_the_day_asked_for_as_the_api_does(client):
    twin = client.get("/bodies/colombo-process.json?on=1995-01-01").json()["data"]
    api = client.get("/api/v1/bodies/colombo-process?on=1995-01-01").json()["data"]
    assert twin["memberships"] == api["memberships"] and twin["growth"] == api["growth"]
    current = sum(m["current"] for m in twin["memberships"])
    today = sum(m["current"] for m in client.get("/bodies/colombo-process.json").json()["data"]["memberships"])
    assert current == sum(m["current"] for m in api["memberships"]) and current < today
    page = client.get("/bodies/colombo-process/?on=not-a-date")
    assert page.status_code == 400 and "is not a date" in page.content.decode()


def test_the_country_sections_show_the_day_asked_for(client):
    then = client.get("/countries/PHL.json?on=1995-01-01").json()["data"]
    now = client.get("/countries/PHL.json").json()["data"]
    assert then["memberships"] and all("current" in m for m in then["memberships"])
    for m in then["memberships"]:
        started = m["start"] is None or m["start"] <= "1995-01-01"
        assert m["current"] == (started and (m["end"] is None or m["end"] > "1995-01-01")), m
    assert [m["current"] for m in then["memberships"]] != [m["current"] for m in now["memberships"]]
    assert now["scores"]["latest_year"] > 1995
    assert then["scores"]["latest_year"] <= 1995 and max(row["year"] for row in then["scores"]["trend"]) <= 1995


def test_the_status_export_defaults_to_the_day_it_runs(monkeypatch):
    """The default date is read when the command runs, not when the module was imported."""
    from typer.testing import CliRunner

    from migrights import cli

    class Day(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return dt.date(2001, 2, 3)

    seen: list[dt.date] = []
    monkeypatch.setattr(cli, "setup", lambda *args, **kwargs: None)
    monkeypatch.setattr(cli, "dt", SimpleNamespace(date=Day))
    monkeypatch.setattr("migrights.reference.exports.status_records", lambda when, who: seen.append(when) or [])
    result = CliRunner().invoke(cli.app, ["export", "status", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert seen == [dt.date(2001, 2, 3)]


def csv_error(response) -> dict[str, str]:
    """The one row of a CSV twin's error answer."""
    assert response["Content-Type"] == "text/csv; charset=utf-8", response["Content-Type"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1 and set(rows[0]) == ERROR_KEYS, rows
    return rows[0]


@pytest.mark.parametrize(
    "address",
    [
        "/countries/XYZ.json",
        "/instruments/C189.json",
        "/bodies/no-such-body.json",
        "/fr/countries/XYZ.json",
        "/nowhere.json",
    ],
)
def test_an_unknown_twin_answers_the_json_error(client, address):
    response = client.get(address)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert set(error) == ERROR_KEYS and error["status"] == 404 and error["code"] == "not_found" and error["message"]


@pytest.mark.parametrize("address", ["/countries/XYZ.csv", "/instruments/C189.csv", "/es/bodies/no-such-body.csv"])
def test_an_unknown_csv_twin_answers_its_error_as_a_csv_row(client, address):
    response = client.get(address)
    assert response.status_code == 404
    error = csv_error(response)
    assert error["status"] == "404" and error["code"] == "not_found" and error["message"]


def test_every_twin_error_has_the_api_shape(client):
    for address in ("/compare.json?countries=FRA,XYZ", "/rankings.json?year=1200", "/instruments/ICRMW.json?on=x"):
        response = client.get(address)
        assert response.status_code == 400 and response["Content-Type"] == "application/json", address
        error = response.json()["error"]
        assert set(error) == ERROR_KEYS and error["code"] == "bad_request" and error["message"], address
    for address in ("/compare.csv?countries=FRA,XYZ", "/rankings.csv?year=1200", "/instruments/ICRMW.csv?on=x"):
        response = client.get(address)
        assert response.status_code == 400, address
        error = csv_error(response)
        twin = client.get(address.replace(".csv", ".json")).json()["error"]
        assert error == {**{k: str(v) for k, v in twin.items()}, "details": ""}, address
    api = client.get("/api/v1/instruments/ICRMW/status?on=x").json()["error"]
    assert set(api) == ERROR_KEYS
    assert client.get("/api/v1/no-such-list").json()["error"]["code"] == "not_found"


def test_an_unknown_twin_suggests_what_the_page_would(client):
    page = client.get("/instruments/C189/").content.decode()
    assert 'href="/instruments/ILO-C189/"' in page
    details = client.get("/instruments/C189.json").json()["error"]["details"]
    assert {"code": "ILO-C189", "url": "/instruments/ILO-C189.json"}.items() <= details[0].items()
    assert all(f'href="{d["url"].removesuffix(".json")}/"' in page for d in details)
    french = client.get("/fr/countries/FRAA.csv")
    suggested = json.loads(csv_error(french)["details"])
    assert {"code": "FRA", "url": "/fr/countries/FRA.csv", "label": "France"} in suggested
    assert client.get("/fr/countries/FRA.csv").status_code == 200


def test_a_missing_page_suggests_what_comes_close(client):
    response = client.get("/instruments/C189/")
    html = response.content.decode()
    assert response.status_code == 404 and "<h1>Page not found</h1>" in html
    assert 'href="/instruments/ILO-C189/"' in html and 'role="search"' in html and 'value="C189"' in html
    assert 'href="/countries/FRA/"' in client.get("/countries/FRAA/").content.decode()
    french = client.get("/fr/instruments/C189/").content.decode()
    assert "<h1>Page non trouvée</h1>" in french and 'href="/fr/instruments/ILO-C189/"' in french
    spanish = client.get("/es/countries/XYZ/").content.decode()
    assert "Página no encontrada" in spanish


def test_the_site_has_an_icon(client):
    home = client.get("/").content.decode()
    assert 'rel="icon"' in home and "favicon.svg" in home
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")


@pytest.mark.parametrize(
    ("address", "status", "named"),
    [
        ("/api/v1/scores?country=XYZ", 404, "XYZ"),
        ("/api/v1/scores?level=planet", 422, "planet"),
        ("/api/v1/scores?year=1800", 422, "1800"),
        ("/api/v1/answers?country=XYZ", 404, "XYZ"),
        ("/api/v1/commitments?country=XYZ", 404, "XYZ"),
        ("/api/v1/commitments?country=FRA&year=1800", 422, "1800"),
        ("/api/v1/countries/XYZ", 404, "XYZ"),
        ("/api/v1/instruments/C189", 404, "C189"),
        ("/api/v1/countries?page_size=501", 422, "500"),
        ("/api/v1/scores?page_size=100000", 422, "500"),
    ],
)
def test_an_unknown_country_level_or_year_is_an_error_with_a_message(client, address, status, named):
    response = client.get(address)
    assert response.status_code == status, response.content[:300]
    error = response.json()["error"]
    assert set(error) == ERROR_KEYS and error["status"] == status and named in error["message"]


def test_a_server_error_is_a_styled_page_or_the_json_error(client, monkeypatch):
    from migrights.publication.views import explore

    def broken(*args, **kwargs):
        raise RuntimeError("planted")

    monkeypatch.setattr(explore, "search_results", broken)
    client.raise_request_exception = False
    page = client.get("/fr/search/?q=France")
    assert page.status_code == 500 and "<h1>Une erreur s\u2019est produite</h1>" in page.content.decode()
    twin = client.get("/search.json?q=France")
    assert twin.status_code == 500 and twin.json()["error"]["code"] == "server_error"
    table = client.get("/search.csv?q=France")
    assert table.status_code == 500 and csv_error(table)["code"] == "server_error"
