"""One invalidation rule: a write changes its scope's generation once committed; keys hold the generations."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import RequestFactory

from migrights.lib import generations
from migrights.lib.generations import OneReadingMiddleware
from migrights.reference.models import Source


@pytest.mark.django_db
def test_a_change_gives_its_scope_a_new_key_once_committed_and_leaves_the_others(
    django_capture_on_commit_callbacks,
) -> None:
    before = generations.tokens(["reference", "documents"])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        generations.changed("reference")
        inside = generations.tokens(["reference", "documents"])
    after = generations.tokens(["reference", "documents"])
    assert inside[1] != before[1] and inside[2] == before[2]  # the writer sees its own change at once
    assert after[1] not in (before[1], inside[1]) and after[2] == before[2]  # committed: a new token, others kept
    assert generations.tokens(["reference", "documents"]) == after  # read again: the same


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_the_key_as_it_was() -> None:
    before = generations.key("reference")
    try:
        with transaction.atomic():
            Source.objects.update()  # no signal: the scope is named by hand, as the loader does
            generations.changed("reference")
            marked = generations.key("reference")
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert marked != before
    assert generations.key("reference") == before


@pytest.mark.django_db
def test_every_write_in_a_transaction_gives_a_new_mark_and_one_publication(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        keys = []
        for source in Source.objects.all()[:3]:
            source.save()  # a public model: its post_save changes its scope
            keys.append(generations.key("reference"))
    assert len(set(keys)) == 3  # a value built between two writes is not reused after the second
    assert len(callbacks) == 1  # one publication for the transaction, however many rows it wrote


def test_a_missing_token_is_replaced_by_a_new_random_one(settings) -> None:
    from django.core.cache import caches

    first = generations.key("law")
    caches[generations.ALIAS].delete("generation:law")  # evicted
    assert generations.key("law") != first
    previous = generations.key("law", "reference")
    generations.change_everything()  # a restored backup
    assert generations.key("law", "reference") != previous


@pytest.mark.django_db
def test_a_change_the_cache_could_not_take_is_never_hidden(monkeypatch, django_capture_on_commit_callbacks) -> None:
    """The shared cache down at a commit: keys are new ones until the change is published, then they stay so."""
    from django.core.cache import caches
    from redis import ConnectionError as RedisDown

    store = caches[generations.ALIAS]
    before = generations.key("governance")

    def down(*args, **kwargs):
        raise RedisDown("Connection refused")

    monkeypatch.setattr(store, "set_many", down)
    with django_capture_on_commit_callbacks(execute=True):
        generations.changed("governance")  # committed while the cache refuses it
    first, second = generations.key("governance"), generations.key("governance")
    assert before not in (first, second) and first != second  # nothing kept is reused meanwhile
    monkeypatch.undo()
    published = generations.key("governance")  # the next read publishes it
    assert published != before and generations.key("governance") == published


@pytest.mark.django_db
def test_a_read_only_request_reads_each_token_once_unless_it_changes_a_scope() -> None:
    with generations.one_reading():
        first = generations.tokens(["reference", "law"])
        caches[generations.ALIAS].set("generation:law", "changed-by-another-server", timeout=None)
        assert generations.tokens(["reference", "law"]) == first  # one state of the data for the whole request
        generations.changed("documents")  # a change made here: its own later reads see every scope afresh
        assert generations.tokens(["reference", "law"])[2] == "changed-by-another-server"
    caches[generations.ALIAS].set("generation:law", "changed-again", timeout=None)
    assert generations.tokens(["law"])[1] == "changed-again"  # outside a reading: each use reads the cache


def test_get_and_head_requests_read_each_token_once_other_requests_at_each_use(db) -> None:
    def view(request: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
        first = generations.tokens(["law"])
        caches[generations.ALIAS].set("generation:law", generations._token(), timeout=None)  # another server's change
        return first, generations.tokens(["law"])

    for method, once in (("get", True), ("head", True), ("post", False)):
        first, again = OneReadingMiddleware(view)(getattr(RequestFactory(), method)("/"))
        assert (first == again) is once, method
