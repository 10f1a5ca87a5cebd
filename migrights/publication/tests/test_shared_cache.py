"""One cache design: what servers keep follows the generations of the data, in the shared Redis of a deployment.

The Redis tests run against ``scripts/redis`` (``MIGRIGHTS_TEST_REDIS_URL``): skipped with the reason elsewhere,
failed in CI where it is absent.
"""

from __future__ import annotations

import os
import secrets

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migrights.framework import queries as framework_queries
from migrights.lib import generations
from migrights.lib.ratelimit import take
from migrights.publication import measures
from migrights.reference.models import Source, TreatyAction


@pytest.mark.django_db
def test_the_treaty_counts_follow_a_change_to_an_existing_act() -> None:
    """Keyed on counts and the newest id, they missed an import changing an act already there."""
    act = (
        TreatyAction.objects.filter(
            country__code="PHL", instrument__code__in=measures.CORE_TREATIES, action__in=["ratification", "accession"]
        )
        .order_by("id")
        .first()
    )
    before = measures.core_treaty_status(["PHL"], 2025)["PHL"][act.instrument.code]
    assert before["status"] == "party"
    TreatyAction.objects.filter(pk=act.pk).update(action="signature")  # as the loader writes: in bulk, no signal
    generations.changed_model(TreatyAction)  # what the loader says after it (reference.loading.apply)
    after = measures.core_treaty_status(["PHL"], 2025)["PHL"][act.instrument.code]
    assert after["status"] != "party"


def _shared(url: str, prefix: str) -> dict[str, dict[str, object]]:
    backend = "django.core.cache.backends.redis.RedisCache"
    return {
        alias: {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": f"{prefix}-{alias}"}
        for alias in ("default", "generations", "api-rate")
    }


@pytest.fixture
def shared_cache(settings, redis_url):
    """The caches of a deployment pointed at Redis, under a prefix of this test alone (xdist workers share it)."""
    prefix = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{secrets.token_hex(4)}"
    settings.CACHES = _shared(redis_url, prefix)
    yield settings.CACHES
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}-*"):
        client.delete(key)


def another_server(alias: str):
    """The same cache as another server process opens it: its own connection pool."""
    return caches.create_connection(alias)


@pytest.mark.django_db
def test_pages_are_shared_through_redis_and_a_change_through_one_server_is_seen_by_the_other(
    client, shared_cache, django_capture_on_commit_callbacks
) -> None:
    with CaptureQueriesContext(connection) as first:
        body = client.get("/countries/PHL/").content
    with CaptureQueriesContext(connection) as again:
        assert client.get("/countries/PHL/").content == body
    assert len(first) > 0 and len(again) == 0  # served from Redis
    seen_before = generations.key("reference")
    with django_capture_on_commit_callbacks(execute=True):
        Source.objects.first().save()
    other = another_server("generations")
    assert other.get("generation:reference") == generations.tokens(["reference"])[1]  # published in Redis
    assert generations.key("reference") != seen_before
    with CaptureQueriesContext(connection) as fresh:
        client.get("/countries/PHL/")
    assert len(fresh) > 0  # the page is built again from the changed data


@pytest.mark.django_db
def test_a_value_kept_in_a_process_is_built_again_when_another_server_changed_its_data(shared_cache) -> None:
    first = framework_queries.commitment_data_cached()
    assert framework_queries.commitment_data_cached() is first
    another_server("generations").set("generation:governance", "changed-elsewhere", timeout=None)
    assert framework_queries.commitment_data_cached() is not first


def test_api_requests_are_counted_across_servers(shared_cache) -> None:
    here, there = caches["api-rate"], another_server("api-rate")
    assert take(here, "203.0.113.9", 2, 60, now=120.0) == (True, 60.0)
    assert take(there, "203.0.113.9", 2, 60, now=121.0)[0] is True
    assert take(here, "203.0.113.9", 2, 60, now=122.0)[0] is False  # the third of two allowed, whichever server


@pytest.mark.django_db
def test_with_the_shared_cache_down_pages_are_built_and_health_says_so(client, settings) -> None:
    settings.CACHES = _shared("redis://127.0.0.1:9/0", "down")  # nothing listens on port 9 (discard)
    assert client.get("/countries/PHL/").status_code == 200  # built, neither stored nor an error
    health = client.get("/health")
    assert health.status_code == 503
    assert (
        health.json()["checks"]["cache"]["ok"] is False
        and "ConnectionError" in health.json()["checks"]["cache"]["error"]
    )
