"""API contract: envelopes, one error shape, time travel, and the OpenAPI schema under a snapshot."""

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.json()


def assert_error_shape(body, status, code):
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]


def test_country_list_is_paginated(client):
    body = get(client, "/api/v1/countries?page=2&page_size=50")
    assert set(body) == {"data", "meta"}
    assert body["meta"]["page"] == 2 and body["meta"]["page_size"] == 50 and len(body["data"]) == 50
    assert body["meta"]["count"] > 250
    assert {"code", "iso2", "m49", "name", "region", "subregion", "un_member_since"} <= set(body["data"][0])


def test_an_unknown_region_or_kind_is_refused_not_an_empty_list(client):
    assert client.get("/api/v1/countries", {"region": "south-eastern asia"}).json()["meta"]["count"] > 5
    for parameter, value in (("region", "Atlantis"), ("kind", "planet")):
        response = client.get("/api/v1/countries", {parameter: value})
        error = response.json()["error"]
        assert response.status_code == 422 and f"no {parameter} {value!r}" in error["message"], error
    assert "Africa" in client.get("/api/v1/countries", {"region": "Atlantis"}).json()["error"]["message"]


def test_country_has_commitments_and_memberships(client):
    data = get(client, "/api/v1/countries/phl")["data"]
    assert data["code"] == "PHL" and data["region"] == "Asia"
    by_code = {c["instrument"]: c for c in data["commitments"]}
    assert by_code["ICRMW"]["status"] == "party"
    assert by_code["ICRMW"]["actions"][0]["source_url"].startswith("https://treaties.un.org/")
    assert "colombo-process" in {m["body"] for m in data["memberships"]}


def test_country_time_travel(client):
    before = get(client, "/api/v1/countries/PHL?on=1994-01-01")["data"]
    assert {c["instrument"]: c["status"] for c in before["commitments"]}["ICRMW"] == "signatory"


def test_instrument_status_on_a_date_follows_denunciations(client):
    then = get(client, "/api/v1/instruments/ICCPR-OP1/status?on=1995-01-01&page_size=500")
    now = get(client, "/api/v1/instruments/ICCPR-OP1/status?on=2026-02-03&page_size=500")
    status_then = {r["country"]: r["status"] for r in then["data"]}
    status_now = {r["country"]: r["status"] for r in now["data"]}
    assert status_then["JAM"] == "party" and status_now["JAM"] == "denounced"
    assert status_then["TTO"] == "party" and status_now["TTO"] == "denounced"
    assert now["meta"]["parties"] == 116 and now["meta"]["on"] == "2026-02-03"


def test_instrument_detail_has_timeline_and_entry_into_force(client):
    data = get(client, "/api/v1/instruments/icrmw")["data"]
    assert data["entry_into_force"] == "2003-07-01" and data["parties"] >= 60
    assert data["timeline"][0]["year"] <= 1991 and data["timeline"][-1]["parties"] == data["parties"]


def test_gcm_has_its_objectives_and_vote(client):
    data = get(client, "/api/v1/instruments/GCM")["data"]
    assert len([p for p in data["provisions"] if p["kind"] == "objective"]) == 23
    assert {v["country"] for v in data["votes"] if v["vote"] == "no"} == {"CZE", "HUN", "ISR", "POL", "USA"}


def test_bodies_and_milestones(client):
    bodies = get(client, "/api/v1/bodies?page_size=500")["data"]
    assert len(bodies) >= 25
    colombo = get(client, "/api/v1/bodies/colombo-process")["data"]
    assert colombo["memberships"] and colombo["sources"]
    milestones = get(client, "/api/v1/milestones?page_size=500")["data"]
    assert len(milestones) >= 30 and all(m["source"] for m in milestones)


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/countries/XYZ", 404, "not_found"),
        ("/api/v1/instruments/NOPE", 404, "not_found"),
        ("/api/v1/bodies/nope", 404, "not_found"),
        ("/api/v1/instruments/ICCPR/status?on=1995-13-01", 400, "bad_request"),
        ("/api/v1/countries?page=abc", 422, "invalid_request"),
    ],
)
def test_one_error_shape(client, url, status, code):
    assert_error_shape(get(client, url, status), status, code)


def test_openapi_schema_matches_its_snapshot(client):
    """A changed API must update docs/api/openapi.json (run with UPDATE_SNAPSHOTS=1) and the docs."""
    schema = get(client, "/api/v1/openapi.json")
    text = json.dumps(schema, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text)
    assert SNAPSHOT.exists(), "run the tests once with UPDATE_SNAPSHOTS=1"
    assert json.loads(SNAPSHOT.read_text()) == schema, "the API changed: update the snapshot and docs/api.md"


def test_every_endpoint_is_documented(client):
    schema = get(client, "/api/v1/openapi.json")
    docs = (SNAPSHOT.parent.parent / "api.md").read_text()
    for path in schema["paths"]:
        assert path in docs, f"{path} is not described in docs/api.md"
