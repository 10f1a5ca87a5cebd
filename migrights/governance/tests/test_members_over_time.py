import datetime as dt

import pytest

from migrights.governance.queries import members_over_time

TODAY = dt.date(2026, 12, 3)


def test_members_change_on_their_dates_and_the_series_runs_to_today():
    members = [{"start": "1975", "end": None}, {"start": "1977-05", "end": "2000"}, {"start": None, "end": None}]
    assert members_over_time(members, TODAY) == [
        {"date": "1975", "year": 1975, "members": 1},
        {"date": "1977-05", "year": 1977, "members": 2},
        {"date": "2000", "year": 2000, "members": 1},
        {"date": "2026-12-03", "year": 2026, "members": 1, "today": True},
    ]


def test_a_change_after_the_day_asked_is_not_shown_yet():
    members = [{"start": "2010-03-01", "end": "2030"}, {"start": "2010-03", "end": None}]
    rows = members_over_time(members, TODAY)
    assert [(r["date"], r["members"]) for r in rows] == [("2010-03", 2), ("2026-12-03", 2)]


def test_no_member_with_a_known_start_gives_no_series():
    assert members_over_time([{"start": None, "end": None}], TODAY) == []


@pytest.mark.django_db
def test_a_body_page_shows_growth_only_from_members_with_known_start(client):
    data = client.get("/bodies/ecowas.json").json()["data"]
    assert data["growth"] and data["growth"][0]["members"] >= 15
    assert all(row["members"] > 0 for row in data["growth"])
    # the series runs to the day asked, not to the last change
    assert data["growth"][-1]["date"] == dt.date.today().isoformat()


@pytest.mark.django_db
def test_the_membership_chart_steps_and_reaches_today(client):
    import json
    import re

    html = client.get("/bodies/eu-free-movement/").content.decode()
    found = re.search(r'<script id="growth-spec" type="application/json">(.*?)</script>', html, re.S)
    assert found
    spec = json.loads(found.group(1))
    assert spec["mark"]["interpolate"] == "step-after"  # members change on dates, no line between years
    assert spec["encoding"]["x"]["type"] == "temporal"
    dates = [row["date"] for row in spec["data"]["values"]]
    assert dates == sorted(dates) and dates[-1] == dt.date.today().isoformat()
    # the EU's last change is the United Kingdom leaving (31 January 2020, europa.eu); the chart goes on past it
    assert "2020-01-31" in dates
