"""/api/v1/scores pages at a bounded cost: a cursor continues after the last row given (issue 16, item 5)."""

from __future__ import annotations

import pytest

from migrights.lib.pagination import MAX_PAGE_SIZE, encode_cursor
from migrights.scores.editions import current_edition
from migrights.scores.queries import score_records

pytestmark = pytest.mark.django_db

KEY = ("country", "year", "level", "code")


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.json()


def follow(client, url):
    """Every page of a list by its cursors: the rows, and the pages read."""
    rows, pages = [], 0
    while url:
        body = get(client, url)
        rows += body["data"]
        pages += 1
        url = body["meta"]["next"]
    return rows, pages


def test_cursors_give_every_row_exactly_once_in_the_stored_order(client):
    expected = score_records(current_edition(), year=2020, level="category")
    assert len(expected) > 100
    rows, pages = follow(client, "/api/v1/scores?year=2020&level=category&page_size=37")
    assert pages == -(-len(expected) // 37)
    assert [tuple(r[k] for k in KEY) for r in rows] == [tuple(r[k] for k in KEY) for r in expected]
    assert rows == expected


def test_page_numbers_and_cursors_give_the_same_pages(client):
    first = get(client, "/api/v1/scores?level=overall&page_size=50")
    assert first["meta"]["page"] == 1 and first["meta"]["count"] > 50 and first["meta"]["next_cursor"]
    second = get(client, "/api/v1/scores?level=overall&page=2&page_size=50")
    by_cursor = get(client, f"/api/v1/scores?level=overall&page_size=50&cursor={first['meta']['next_cursor']}")
    assert by_cursor["data"] == second["data"] and by_cursor["meta"]["page"] is None
    assert by_cursor["meta"]["count"] == first["meta"]["count"]
    assert "level=overall" in first["meta"]["next"] and "page_size=50" in first["meta"]["next"]


def test_an_unfiltered_list_pages_too_and_its_last_page_has_no_next(client):
    count = get(client, "/api/v1/scores?page_size=1")["meta"]["count"]
    last = get(client, f"/api/v1/scores?page_size=500&page={-(-count // 500)}")
    assert last["meta"]["next_cursor"] is None and last["meta"]["next"] is None
    assert len(last["data"]) == count - 500 * (last["meta"]["pages"] - 1)


def test_the_page_size_is_bounded(client):
    body = get(client, f"/api/v1/scores?page_size={MAX_PAGE_SIZE}")
    assert body["meta"]["page_size"] == MAX_PAGE_SIZE and len(body["data"]) == MAX_PAGE_SIZE
    refused = client.get("/api/v1/scores?page_size=100000")  # refused with the limit named, not cut silently
    assert refused.status_code == 422 and str(MAX_PAGE_SIZE) in refused.json()["error"]["message"]


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", encode_cursor("scores of edition 1999.1 (0000000000000000)", [10]), encode_cursor("x", ["a"])],
)
def test_a_cursor_this_list_did_not_give_is_a_400_naming_why(client, cursor):
    body = get(client, f"/api/v1/scores?cursor={cursor}", 400)
    assert body["error"]["code"] == "bad_request" and "cursor" in body["error"]["message"]
