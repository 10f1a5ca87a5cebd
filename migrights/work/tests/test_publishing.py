"""Publishing a release as a job the page polls: done with its scores, or failed with nothing published."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from migrights.assessments import workflow
from migrights.assessments.models import Release, ReleasedValue
from migrights.assessments.tests.builders import answer_all, build_cast
from migrights.jobs.models import Job
from migrights.jobs.tests.queue import run_waiting
from migrights.scores.models import Edition

HTMX = {"HTTP_HX_REQUEST": "true"}


def approved(cast):
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    return cast


@pytest.mark.django_db
def test_publishing_runs_as_a_job_and_stores_the_release_with_its_scores(cast, signed_in):
    client = signed_in(approved(cast).coordinator)
    response = client.post("/work/releases/new/", {"version": "2026.1", "notes": "first"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/work/jobs/{job.pk}/"
    assert (job.state, job.result["version"], job.result["values"]) == ("done", "2026.1", 3)
    release = Release.objects.get()
    assert release.values.count() == 3
    assert Edition.objects.filter(release=release).count() == 1  # computed once, stored with the release
    page = client.get(response["Location"]).content.decode()
    assert "Release 2026.1 published with 3 values" in page
    assert "hx-trigger" not in page  # done: the page stops polling


@pytest.mark.django_db
def test_a_failure_is_tried_again_then_shown_and_nothing_is_half_published(cast, signed_in, monkeypatch):
    from huey.contrib.djhuey import HUEY

    def broken(*args, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr("migrights.work.publishing.store", broken)
    HUEY.flush()  # nothing left over by another test
    client = signed_in(approved(cast).coordinator)
    response = client.post("/work/releases/new/", {"version": "2026.1"}, follow=True)
    page = response.content.decode()
    assert "Failed (no space left on device); trying again in 30 s" in page and "hx-trigger" in page
    assert (Job.objects.get().state, Job.objects.get().attempts) == ("queued", 1)
    assert not Release.objects.exists() and not ReleasedValue.objects.exists()
    assert run_waiting(HUEY, later=True) == 1 and run_waiting(HUEY, later=True) == 1  # the two retries
    job = Job.objects.get()
    assert (job.state, job.attempts) == ("failed", 3) and run_waiting(HUEY, later=True) == 0
    page = client.get(f"/work/jobs/{job.pk}/").content.decode()
    assert "Publishing failed: no space left on device" in page and "Nothing was published" in page
    assert not Release.objects.exists() and not ReleasedValue.objects.exists()
    assert not Edition.objects.filter(release__isnull=False).exists()
    monkeypatch.undo()
    client.post("/work/releases/new/", {"version": "2026.1"})  # publishing again works
    assert Release.objects.get().version == "2026.1"


@pytest.mark.django_db
def test_a_bad_number_is_refused_at_once_without_a_job(cast, signed_in):
    client = signed_in(approved(cast).coordinator)
    page = client.post("/work/releases/new/", {"version": "2020.x"}).content.decode()
    assert "is not a release number" in page
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_only_coordinators_publish_or_read_a_job(cast, signed_in):
    approved(cast)
    for client in (signed_in(cast.expert), signed_in(cast.reviewer)):
        assert client.post("/work/releases/new/", {"version": "2026.1"}).status_code == 403
    anonymous = Client().post("/work/releases/new/", {"version": "2026.1"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert signed_in(cast.coordinator, csrf=True).post("/work/releases/new/", {"version": "2026.1"}).status_code == 403
    assert not Job.objects.exists() and not Release.objects.exists()
    signed_in(cast.coordinator).post("/work/releases/new/", {"version": "2026.1"})
    job = Job.objects.get()
    assert signed_in(cast.reviewer).get(f"/work/jobs/{job.pk}/").status_code == 403
    assert signed_in(cast.expert).get(f"/work/jobs/{job.pk}/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_page_polls_a_job_the_worker_runs(restore_embedded, queue):
    from django.db import connection

    from migrights.jobs.tests.queue import worker_threads

    if connection.vendor == "sqlite":
        # the test database is in memory, one connection shared by every thread: a second writer finds its tables
        # locked. On a file (a real deployment) and on PostgreSQL the worker's thread has its own connection.
        pytest.skip("a worker thread needs its own database connection: run on PostgreSQL")
    restore_embedded()
    cast = approved(build_cast())
    client = Client()
    client.force_login(cast.coordinator)
    consumer = worker_threads(workers=1)
    try:
        started = time.monotonic()
        response = client.post("/work/releases/new/", {"version": "2026.1"})
        answered_in = time.monotonic() - started
        job = Job.objects.get()
        assert response["Location"] == f"/work/jobs/{job.pk}/"
        seen = []
        while time.monotonic() - started < 300:
            fragment = client.get(f"/work/jobs/{job.pk}/", **HTMX).content.decode()
            seen.append(fragment)
            if "hx-trigger" not in fragment:
                break
            time.sleep(0.5)
    finally:
        consumer.stop(graceful=True)
    assert "Release 2026.1 published with 3 values" in seen[-1]
    assert any("hx-trigger" in f for f in seen) or answered_in < 1  # polled while running (unless very quick)
    print(f"\nthe publish request answered in {answered_in:.2f} s; the job took {time.monotonic() - started:.1f} s")
    assert Edition.objects.filter(release__version="2026.1").count() == 1
