import pytest

from migrights.governance.queries import members_over_time


def test_members_are_counted_at_the_end_of_each_year_with_a_change():
    members = [{"start": "1975", "end": None}, {"start": "1977-05", "end": "2000"}, {"start": None, "end": None}]
    assert members_over_time(members) == [
        {"year": 1975, "members": 1},
        {"year": 1977, "members": 2},
        {"year": 2000, "members": 1},
    ]


@pytest.mark.django_db
def test_a_body_page_shows_growth_only_from_members_with_known_start(client):
    data = client.get("/bodies/ecowas.json").json()["data"]
    assert data["growth"] and data["growth"][0]["members"] >= 15
    assert all(row["members"] > 0 for row in data["growth"])
