"""A brief's file is built by a job on the queue: the request answers at once, the same address serves the file
once built, a failed build is said on the waiting page, and a new build deletes the stale files of its subject."""

from __future__ import annotations

from unittest import mock

import pytest

from migrights.briefs.cache import brief_file, briefs_dir, build_file
from migrights.briefs.tasks import BRIEF
from migrights.jobs.models import Job
from migrights.jobs.tests.queue import run_waiting

pytestmark = pytest.mark.django_db
ADDRESS = "/fr/countries/MEX/brief.pdf"


def test_a_missing_brief_is_queued_once_and_served_by_the_same_address_once_built(client, queue, committed):
    with committed():
        first = client.get(ADDRESS)
        second = client.get(ADDRESS)
    for answer in (first, second):
        assert answer.status_code == 202
        page = answer.content.decode()
        assert "Cette note de synthèse est en préparation" in page  # the request's language
        assert 'http-equiv="refresh"' in page and "Traceback" not in page
        assert "no-store" in answer["Cache-Control"]  # never kept by a cache
        # no worker has reported on this test's queue: the page says the wait may be long and asks less often
        assert "ne prend pas de travail" in page and 'content="30; url=' in page
    job = Job.objects.get(kind=BRIEF)  # one job for both requests
    assert job.key == f"brief:{brief_file('country', 'MEX', 'fr').name}" and job.state == Job.State.QUEUED
    assert f"url=?job={job.pk}" in first.content.decode()
    assert not list(briefs_dir().glob("*.pdf"))

    with mock.patch("migrights.publication.views.briefs.worker_health", return_value=(True, {})):
        running = client.get(f"{ADDRESS}?job={job.pk}").content.decode()  # a worker reports: the usual pace
    assert 'content="3; url=' in running and "ne prend pas de travail" not in running
    assert run_waiting(queue) == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    built = client.get(f"{ADDRESS}?job={job.pk}")  # the waiting page's reload
    assert built.status_code == 200 and built["Content-Type"] == "application/pdf"
    assert b"".join(built.streaming_content).startswith(b"%PDF")
    assert client.get(ADDRESS).status_code == 200 and Job.objects.filter(kind=BRIEF).count() == 1


def test_a_failed_build_is_said_on_the_page_and_a_new_request_tries_again(client, queue, committed):
    with mock.patch("migrights.briefs.cache.build_brief", side_effect=RuntimeError("no font found")):
        with committed():
            waiting = client.get(ADDRESS)
        run_waiting(queue)
        run_waiting(queue, later=True)  # its one retry
    job = Job.objects.get(kind=BRIEF)
    assert job.state == Job.State.FAILED and job.attempts == 2

    failed = client.get(f"{ADDRESS}?job={job.pk}")
    page = failed.content.decode()
    assert failed.status_code == 503 and "no font found" in page and "Traceback" not in page
    assert 'http-equiv="refresh"' not in page  # no reload loop on a failure
    assert Job.objects.filter(kind=BRIEF).count() == 1

    with committed():
        again = client.get(ADDRESS)  # a new request: a new build
    assert again.status_code == 202 and waiting.status_code == 202
    assert Job.objects.filter(kind=BRIEF, state=Job.State.QUEUED).count() == 1
    run_waiting(queue)
    assert client.get(ADDRESS).status_code == 200


def test_the_comparative_brief_waits_too(client, queue, committed):
    with committed():
        assert client.get("/es/briefs/countries/PHL,IDN.html").status_code == 202
    run_waiting(queue)
    page = client.get("/es/briefs/countries/PHL,IDN.html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")


def test_a_new_build_deletes_the_stale_files_of_its_subject_language_and_format():
    current = brief_file("country", "PHL", "en")
    folder = briefs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stale = folder / "PHL-en-2025.1-aaaa-bbbb-1.pdf"  # an older release's
    others = [
        folder / "PHL-fr-2025.1-aaaa-bbbb-1.pdf",  # another language
        folder / "PHLX-en-2025.1-aaaa-bbbb-1.pdf",  # another subject
        folder / "PHL-en-2025.1-aaaa-bbbb-1.html",  # another format
        folder / f".{current.name}-x1y2.part",  # a build being written
    ]
    for path in (stale, *others):
        path.write_bytes(b"%PDF-old")
    reading = stale.open("rb")  # a request serving the old file

    with mock.patch("migrights.briefs.cache.build_brief", return_value=b"%PDF-new"):
        assert build_file("country", "PHL", "en") == current
    assert current.read_bytes() == b"%PDF-new"
    assert not stale.exists() and all(path.exists() for path in others)
    assert reading.read() == b"%PDF-old"  # its open handle still reads the whole file
    reading.close()

    with mock.patch("migrights.briefs.cache.build_brief") as build:  # kept: not built, not deleted
        assert build_file("country", "PHL", "en") == current
    build.assert_not_called()
    assert current.exists()


def test_the_workspace_shows_its_own_jobs_only(client, queue, committed):
    from migrights.assessments.tests.builders import build_cast

    with committed():
        client.get(ADDRESS)
    job = Job.objects.get(kind=BRIEF)
    client.force_login(build_cast().coordinator)
    assert client.get(f"/work/jobs/{job.pk}/").status_code == 404
    assert f"/work/jobs/{job.pk}/" not in client.get("/work/coordination/").content.decode()
