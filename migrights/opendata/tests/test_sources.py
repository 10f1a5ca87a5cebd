"""The sources page: every source with its licence, dates and checksum, an anchor each, and twins."""

from __future__ import annotations

import csv
import io

import pytest

from migrights.reference.models import Source

pytestmark = pytest.mark.django_db


def test_every_source_has_an_anchor_and_its_facts(client):
    page = client.get("/sources/").content.decode()
    sources = list(Source.objects.all())
    for source in sources:
        assert f'id="{source.key}"' in page
    kept = Source.objects.exclude(checksum="")
    assert kept.count() > 10  # every UNTC page and the NORMLEX file kept is described by its checksum
    for source in kept:
        assert source.checksum in page
    assert "Facts citing it" in page and "Accessed" in page


def test_the_twins_give_every_source(client):
    data = client.get("/sources.json").json()["data"]
    assert data["count"] == Source.objects.count() == len(data["sources"])
    first = data["sources"][0]
    assert first.keys() >= {"key", "producer", "title", "url", "accessed", "licence", "checksum", "facts"}
    assert data["facts"] == sum(s["facts"] for s in data["sources"]) > 0
    rows = list(csv.DictReader(io.StringIO(client.get("/sources.csv").content.decode())))
    assert len(rows) == Source.objects.count()
    assert list(rows[0]) == [
        "key",
        "producer",
        "title",
        "citation",
        "url",
        "published",
        "accessed",
        "licence",
        "checksum",
        "facts",
    ]


@pytest.mark.parametrize(("language", "words"), [("fr", "Consulté le"), ("es", "Consultado el")])
def test_the_page_in_french_and_spanish(client, language, words):
    page = client.get(f"/{language}/sources/").content.decode()
    assert f'lang="{language}"' in page and words in page


def test_fact_counts_are_one_query_and_count_every_citing_fact(django_assert_num_queries):
    from migrights.opendata.tables import CITING, source_rows

    with django_assert_num_queries(1):
        rows = source_rows()
    for row in rows:
        assert row["facts"] == sum(model.objects.filter(source__key=row["key"]).count() for model in CITING)
