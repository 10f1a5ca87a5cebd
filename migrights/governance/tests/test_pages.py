"""Governance body pages and the milestones timeline: charts, their text alternatives, languages, twins."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from migrights.lib import charts
from migrights.publication.views.governance import member_category

pytestmark = pytest.mark.django_db


def spec(html: str, chart_id: str) -> dict:
    found = re.search(rf'<script id="{chart_id}-spec" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no {chart_id} chart"
    return json.loads(found.group(1))


def test_a_country_is_mapped_by_its_strongest_current_role():
    assert member_category([{"role": "chair", "current": True}, {"role": "observer", "current": True}]) == "member"
    assert member_category([{"role": "observer", "current": True}]) == "observer"
    assert member_category([{"role": "member", "current": False}]) == "former"
    assert member_category([{"role": "partner", "current": False}]) is None


def test_body_page_maps_members_and_charts_membership(client):
    html = client.get("/bodies/ecowas/").content.decode()
    rows = charts.map_rows(spec(html, "members-map"))
    members = {row["url"].split("/")[-2] for row in rows if row["category"] == "member"}
    assert {"NGA", "GHA", "SEN"} <= members
    growth = spec(html, "growth")["data"]["values"]
    data = client.get("/bodies/ecowas.json").json()["data"]
    assert [row["value"] for row in growth] == [g["members"] for g in data["growth"]]
    for fact in ("Founded", "Legally binding", "Civil-society participation", "Sources"):
        assert fact in html


def test_body_twins_stay_in_english_and_complete(client):
    data = client.get("/fr/bodies/colombo-process.json").json()
    assert data["data"]["kind"] == "rcp" and "page" not in data["data"]
    assert data["meta"]["sources"]
    rows = list(csv.DictReader(io.StringIO(client.get("/bodies/colombo-process.csv").content.decode())))
    assert {row["role"] for row in rows} >= {"member", "observer"}


def test_body_page_in_french_and_spanish(client):
    french = client.get("/fr/bodies/ecowas/").content.decode()
    assert "Carte des membres" in french and 'href="/fr/countries/NGA/"' in french and ">Nigeria<" in french
    spanish = client.get("/es/bodies/colombo-process/").content.decode()
    assert "Miembros, observadores y socios" in spanish


def test_milestones_timeline_has_every_milestone_and_a_list(client):
    html = client.get("/milestones/").content.decode()
    points = spec(html, "milestones-chart")["data"]["values"]
    listed = client.get("/milestones.json").json()["data"]["milestones"]
    assert len(points) == len(listed) == html.count("<li><strong>")
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["date"]) for p in points)
    assert any(p["url"] == "/instruments/ICRMW/" for p in points)
    spanish = client.get("/es/milestones/").content.decode()
    assert "Hitos de la gobernanza mundial de la migración" in spanish
    assert any(p["url"].startswith("/es/") for p in spec(spanish, "milestones-chart")["data"]["values"] if p["url"])
