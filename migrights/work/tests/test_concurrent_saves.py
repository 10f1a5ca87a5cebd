"""Saves at the same time wait for each other: none is lost, none answers 500, a busy database says so."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connections, transaction

from migrights.assessments import workflow
from migrights.assessments.models import Answer

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def sqlite_file_alias(tmp_path, django_db_blocker):
    """A second connection alias on a SQLite file with the observatory's own options (the test
    database of pytest-django is in memory, where neither WAL nor the lock timeout apply)."""
    default = connections["default"].settings_dict
    if default["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the write lock of SQLite; PostgreSQL takes row locks")
    alias = "locktest"
    connections.settings[alias] = {**default, "NAME": str(tmp_path / "lock.sqlite3"), "TEST": {}}
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE save (n INTEGER PRIMARY KEY, writer INTEGER)")
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def test_writers_wait_for_the_lock_instead_of_failing(sqlite_file_alias):
    """Each transaction reads, then writes what it read plus one (an autosave's version check):
    with deferred transactions the second writer failed at its write with "database is locked"."""
    errors: list[str] = []
    per_writer, writers = 15, 8

    def write(number: int) -> None:
        try:
            for _ in range(per_writer):
                with transaction.atomic(using=sqlite_file_alias):
                    cursor = connections[sqlite_file_alias].cursor()
                    cursor.execute("SELECT count(*) FROM save")
                    (count,) = cursor.fetchone()
                    time.sleep(0.002)  # others commit meanwhile
                    cursor.execute("INSERT INTO save (n, writer) VALUES (%s, %s)", [count + 1, number])
        except Exception as error:  # every failure is reported
            errors.append(repr(error))
        finally:
            connections[sqlite_file_alias].close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[sqlite_file_alias].cursor() as cursor:
        cursor.execute("SELECT count(*), max(n) FROM save")
        assert cursor.fetchone() == (per_writer * writers, per_writer * writers)


def url(cast, code: str = "LAB.1.P2") -> str:
    return f"/work/assessments/{cast.assessment.pk}/answers/{code}/"


TYPED = {"status": "value", "value": "50", "confidence": "low", "comment": "words not yet saved", "version": "0"}


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


@pytest.mark.django_db
def test_a_busy_database_answers_503_keeps_the_typed_answer_and_offers_a_retry(cast, signed_in, monkeypatch):
    client = signed_in(cast.expert)
    monkeypatch.setattr(workflow, "save_answer", _locked)
    response = client.post(url(cast), TYPED, **HTMX)
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert "LAB.1.P2 not saved: the database is busy" in html
    assert '<button type="submit" class="retry">Retry</button>' in html
    assert 'id="ind-LAB-1-P2-version" value="0"' in html  # the retry sends the same version
    plain = client.post(url(cast), TYPED)  # without JavaScript: the page, the answer as typed
    page = plain.content.decode()
    assert plain.status_code == 503 and "words not yet saved</textarea>" in page and "Retry</button>" in page
    monkeypatch.undo()
    retried = client.post(url(cast), TYPED, **HTMX)
    assert retried.status_code == 200 and Answer.objects.get().comment == "words not yet saved"


@pytest.mark.django_db
def test_another_database_error_is_not_disguised_as_busy(cast, signed_in, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: assessments_answer")

    monkeypatch.setattr(workflow, "save_answer", broken)
    with pytest.raises(OperationalError, match="no such table"):
        signed_in(cast.expert).post(url(cast), TYPED, **HTMX)


@pytest.mark.django_db
def test_the_workspace_loads_the_script_that_shows_failed_autosaves(cast, signed_in):
    page = signed_in(cast.expert).get(f"/work/assessments/{cast.assessment.pk}/category/LAB/").content.decode()
    assert "work/autosave.js" in page and "<script>" not in page
