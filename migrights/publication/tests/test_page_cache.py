"""Public pages are served from the page cache until the public data change; private screens never are.

The generations themselves (one publication per transaction, rollbacks): ``lib/tests/test_generations.py``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from migrights.reference.models import Source


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"},
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def renders_for(client, path: str) -> tuple[int, bytes]:
    """How many templates serving ``path`` rendered (none: the page came from the cache; queries tell less, since a
    page's data may all be kept in the process), and the page."""
    rendered = []

    def count(**kwargs: object) -> None:
        rendered.append(kwargs["template"])

    template_rendered.connect(count)
    try:
        response = client.get(path)
    finally:
        template_rendered.disconnect(count)
    assert response.status_code == 200
    return len(rendered), response.content


def queries_for(client, path: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content


@pytest.mark.django_db
def test_a_public_page_is_served_from_the_cache_until_data_change(
    client, page_cache, django_capture_on_commit_callbacks
) -> None:
    first, body = renders_for(client, "/countries/PHL/")
    again, cached = renders_for(client, "/countries/PHL/")
    assert first > 0 and again == 0 and cached == body
    source = Source.objects.first()
    source.note = "re-checked"
    with django_capture_on_commit_callbacks(execute=True):
        source.save()  # a write to public data, once committed: the next visitor gets a fresh page
    assert renders_for(client, "/countries/PHL/")[0] > 0


def pages_stored(page_cache, monkeypatch, client, path: str) -> int:
    """How many entries the page cache stored while serving ``path`` (its keys are hashes of the address)."""
    stored = []
    original = page_cache.set
    monkeypatch.setattr(
        page_cache, "set", lambda key, *args, **kwargs: stored.append(key) or original(key, *args, **kwargs)
    )
    response = client.get(path)
    monkeypatch.undo()
    assert response.status_code == 200, path
    return len(stored)


@pytest.mark.django_db
def test_screens_and_signed_in_visitors_are_never_served_from_the_cache(client, page_cache, monkeypatch) -> None:
    user = User.objects.create_user("coder", password="pw")
    assert pages_stored(page_cache, monkeypatch, client, "/countries/PHL/") > 0  # an anonymous read is kept
    assert pages_stored(page_cache, monkeypatch, client, "/accounts/login/") == 0  # a screen never is
    client.get("/api/v1/countries/PHL")
    client.force_login(user)
    signed_in, _ = queries_for(client, "/api/v1/countries/PHL")
    assert signed_in > 0  # the anonymous copy is not served to a signed-in visitor
    for path in ("/countries/FRA/", "/work/"):
        assert pages_stored(page_cache, monkeypatch, client, path) == 0, path
    client.logout()
    # built afresh for the next visitor and kept for the one after (a page served from the cache is not stored
    # again; the page may ask no query at all now, its data read from indexes the signed-in visit built)
    assert pages_stored(page_cache, monkeypatch, client, "/countries/FRA/") > 0
    assert b"coder" not in client.get("/countries/FRA/").content  # nothing of the signed-in visit is served


@pytest.mark.django_db
def test_public_pages_are_compressed_and_screens_are_not(client) -> None:
    page = client.get("/countries/PHL/", HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
    login = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert login.status_code == 200 and not login.has_header("Content-Encoding")


@pytest.mark.django_db
def test_a_page_is_found_again_under_the_same_generations_and_a_change_changes_its_key(
    client, page_cache, django_capture_on_commit_callbacks
) -> None:
    from migrights.publication.cache import page_prefix

    prefix = page_prefix()
    renders_for(client, "/countries/PHL/")
    assert any(prefix in key for key in page_cache._cache)  # stored under the generations read at the start
    with django_capture_on_commit_callbacks(execute=True):
        Source.objects.first().save()
    assert page_prefix() != prefix
    stored = len(page_cache._cache)
    assert stored > 0  # nothing was cleared: the old entries expire
    assert renders_for(client, "/countries/PHL/")[0] > 0
