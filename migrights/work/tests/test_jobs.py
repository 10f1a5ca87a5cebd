"""The job queue: a request returns at once, one builder per key, failed attempts tried again, dead workers seen."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from huey import SqliteHuey

from migrights.assessments import workflow
from migrights.assessments.models import Release
from migrights.assessments.tests.builders import answer_all
from migrights.jobs import runner as jobs
from migrights.jobs.models import Job
from migrights.jobs.tests.queue import run_waiting
from migrights.lib.queue import QUEUE_NAME, huey_settings
from migrights.scores.models import Edition
from migrights.work import publishing
from migrights.work.tasks import DOWNLOADS, build_downloads, queue_downloads


def approved(cast):
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    return cast


@pytest.fixture
def builds(monkeypatch):
    """The editions whose downloads the tasks build (the files themselves are the open data tests' concern)."""
    built: list[str] = []

    def prepare(version):
        built.append(version)
        return [Path("datapackage.zip")]

    monkeypatch.setattr("migrights.work.tasks.prepare_downloads", prepare)
    return built


@pytest.mark.django_db
def test_releasing_returns_at_once_with_the_job_on_the_queue(cast, signed_in, queue, committed):
    client = signed_in(approved(cast).coordinator)
    with committed():  # the job is put on the queue once its row is committed
        response = client.post("/work/releases/new/", {"version": "2026.1", "notes": "first"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/work/jobs/{job.pk}/"
    assert (job.state, job.kind, job.key) == ("queued", "publish-release", "publish-release")
    assert queue.pending_count() == 1 and not Release.objects.exists()  # nothing done in the request
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to publish release 2026.1" in page and "hx-trigger" in page  # the page polls
    again = client.post("/work/releases/new/", {"version": "2026.2"}, follow=True).content.decode()
    assert "a release is being published" in again
    assert queue.pending_count() == 1  # one release published at a time
    coordination = client.get("/work/coordination/").content.decode()
    assert "Publishing a release" in coordination and "Waiting for the worker" in coordination
    assert run_waiting(queue) == 1  # the worker takes it
    job.refresh_from_db()
    assert (job.state, job.result["version"], job.attempts) == ("done", "2026.1", 1)
    assert Release.objects.get().version == "2026.1" and Edition.objects.filter(release__version="2026.1").exists()
    assert "Release 2026.1 published with 3 values" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_release_queues_the_build_of_its_downloads_once(cast, queue, settings, builds, committed):
    settings.DOWNLOADS_ON_RELEASE = True
    approved(cast)
    with committed():  # the signal is sent once the release is committed
        release = workflow.create_release(cast.coordinator, "2026.1")
    job = Job.objects.get(kind=DOWNLOADS)
    assert (job.key, job.state, job.started_by) == ("downloads:2026.1", "queued", cast.coordinator)
    with committed():
        assert queue_downloads(release.version) == job and queue.pending_count() == 1  # already waiting: not twice
    assert run_waiting(queue) == 1 and builds == ["2026.1"]
    job.refresh_from_db()
    assert (job.state, job.result) == ("done", {"edition": "2026.1", "files": 1})
    with committed():
        assert queue_downloads("2026.1") != job  # done: a new build may start
    assert run_waiting(queue) == 1


@pytest.mark.django_db
def test_two_builds_of_one_edition_never_run_together(db, queue, builds, committed):
    other = Job.objects.create(kind=DOWNLOADS, key="downloads:2026.1", state="running", worker=jobs.worker_name())
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the lock
        Job.objects.create(kind=DOWNLOADS, key="downloads:2026.1", state="running")
    # a second server enqueuing the same build while the first runs: the task waits for the lock
    with committed():
        second = jobs.start(DOWNLOADS, None, build_downloads, "2026.1", key="downloads:2026.1")
    assert run_waiting(queue) == 1 and builds == []
    second.refresh_from_db()
    assert (second.state, second.step) == ("queued", "Waiting: the same work is running")
    assert queue.scheduled_count() == 1  # tried again in a few seconds, not counted as a failure
    assert run_waiting(queue, later=True) == 1 and builds == []  # still held
    Job.objects.filter(pk=other.pk).update(state="done")
    assert run_waiting(queue, later=True) == 1 and builds == ["2026.1"]
    second.refresh_from_db()
    assert (second.state, second.attempts) == ("done", 1)
    # another edition is not held by this one
    with committed():
        jobs.start(DOWNLOADS, None, build_downloads, "2025.1", key="downloads:2025.1")
    Job.objects.filter(pk=other.pk).update(state="running")
    assert run_waiting(queue) == 1 and builds == ["2026.1", "2025.1"]


@pytest.mark.django_db
def test_a_failed_attempt_is_tried_again(db, queue, monkeypatch, committed):
    calls = []

    def flaky(version):
        calls.append(version)
        if len(calls) == 1:
            raise OSError("disk busy")
        return [Path("a.csv"), Path("b.csv")]

    monkeypatch.setattr("migrights.work.tasks.prepare_downloads", flaky)
    with committed():
        job = queue_downloads("2026.1")
    assert run_waiting(queue) == 1
    job.refresh_from_db()
    assert (job.state, job.attempts, job.step) == ("queued", 1, "Failed (disk busy); trying again in 60 s")
    assert queue.scheduled_count() == 1 and queue.pending_count() == 0
    assert run_waiting(queue, later=True) == 1
    job.refresh_from_db()
    assert (job.state, job.attempts, job.result["files"], job.error) == ("done", 2, 2, "")


@pytest.mark.django_db
def test_a_refusal_is_not_tried_again(cast, queue, committed):
    with committed():
        job = jobs.start("publish-release", cast.coordinator, publishing_task(), cast.coordinator.pk, "2026.1", "")
    assert run_waiting(queue) == 1 and queue.scheduled_count() == 0
    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", "no approved assessment to release")


def publishing_task():
    from migrights.work.tasks import publish_release

    return publish_release


@pytest.mark.django_db
def test_a_second_publish_of_the_same_release_does_nothing(cast):
    approved(cast)
    first = publishing.publish_release(cast.coordinator, "2026.1", "notes", lambda step: None)
    again = publishing.publish_release(cast.coordinator, "2026.1", "notes", lambda step: None)
    assert (
        again == first and Release.objects.count() == 1 and Edition.objects.filter(release__isnull=False).count() == 1
    )
    with pytest.raises(workflow.Refused, match="already exists"):  # another person's, or other notes: refused
        publishing.publish_release(cast.coordinator, "2026.1", "other notes", lambda step: None)
    # the same task delivered twice: the second finds its job done and does nothing
    job = Job.objects.create(kind="publish-release", key="publish-release-2", state="done", result=first)
    publishing_task().call_local(job.pk, "en", cast.coordinator.pk, "2026.2", "", task=None)
    assert not Release.objects.filter(version="2026.2").exists()


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_reported_failed(db):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = Job.objects.create(kind=DOWNLOADS, key="a", state="running", worker=f"{jobs.HOST}:{finished.stdout.strip()}")
    alive = Job.objects.create(kind=DOWNLOADS, key="b", state="running", worker=jobs.worker_name())
    elsewhere = Job.objects.create(kind=DOWNLOADS, key="c", state="running", worker="another-host:1")
    stalled = Job.objects.create(kind=DOWNLOADS, key="d", state="running", worker="another-host:2")
    never_taken = Job.objects.create(kind=DOWNLOADS, key="e")
    long_ago = timezone.now() - jobs.STALLED - dt.timedelta(minutes=1)
    Job.objects.filter(pk__in=[stalled.pk, never_taken.pk]).update(updated=long_ago)
    assert jobs.interrupted() == 3
    states = dict(Job.objects.values_list("key", "state"))
    assert states == {"a": "failed", "b": "running", "c": "running", "d": "failed", "e": "failed"}
    assert Job.objects.get(pk=dead.pk).error.startswith("interrupted (the worker stopped while it ran)")
    assert "is the worker running?" in Job.objects.get(pk=never_taken.pk).error
    assert alive.pk and elsewhere.pk


def test_the_queue_is_the_data_folder_s_sqlite_file_or_redis(tmp_path):
    embedded = huey_settings(tmp_path)
    assert (embedded["huey_class"], embedded["filename"]) == ("huey.SqliteHuey", str(tmp_path / "queue.sqlite3"))
    assert embedded["immediate"] is False and embedded["consumer"]["worker_type"] == "thread"
    production = huey_settings(tmp_path, "redis://127.0.0.1:6379/0", workers=4)
    assert (production["huey_class"], production["url"]) == ("huey.RedisHuey", "redis://127.0.0.1:6379/0")
    assert production["consumer"]["workers"] == 4 and "filename" not in production
    testing = huey_settings(tmp_path, "redis://127.0.0.1:6379/0", testing=True)
    assert (testing["huey_class"], testing["immediate"]) == ("huey.MemoryHuey", True)


@pytest.mark.django_db
def test_migrights_worker_starts_and_stops(tmp_path, loaded_data_folder):
    data = loaded_data_folder(tmp_path / "data")
    with closing(sqlite3.connect(data / "migrights.sqlite3")) as db, db:  # a job left running by a dead worker
        db.execute(
            "INSERT INTO work_job (kind, key, state, step, error, attempts, worker, started, updated) "
            "VALUES ('downloads', 'downloads:2026.1', 'running', '', '', 1, ?, datetime('now'), datetime('now'))",
            (f"{jobs.HOST}:999999999",),
        )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MIGRIGHTS_DATA_DIR")}
    env["MIGRIGHTS_DATA_DIR"] = str(data)
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("migrights")), "worker", "--workers", "1"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert worker.stderr is not None
        lines = iter(worker.stderr.readline, "")
        first = next((line for line in lines if "Worker of the job queue" in line), "")
        assert "queue.sqlite3" in first and "1 at once" in first
        # its heartbeat is in the queue's file, where every server's /health reads it
        heartbeat = SqliteHuey(QUEUE_NAME, filename=str(data / "queue.sqlite3")).get(jobs.HEARTBEAT_KEY, peek=True)
        assert heartbeat["worker"] == f"{jobs.HOST}:{worker.pid}" and time.time() - heartbeat["at"] < 60
    finally:
        worker.send_signal(signal.SIGINT)
        rest = worker.communicate(timeout=120)[1]  # read to the end: a worker writing to a full pipe would never stop
    code = worker.returncode
    assert code == 0 and "Worker stopped" in rest, rest[-2000:]
    assert (data / "queue.sqlite3").exists()
    with closing(sqlite3.connect(data / "migrights.sqlite3")) as db:
        assert db.execute("SELECT state FROM work_job").fetchall() == [("failed",)]  # seen dead at the start


@pytest.mark.django_db
def test_a_queue_out_of_reach_fails_the_job_with_its_reason(db, queue, monkeypatch, committed):
    def unreachable(task):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(queue, "enqueue", unreachable)
    with committed():
        job = queue_downloads("2026.1")
    job.refresh_from_db()
    assert job.state == "failed" and job.error.startswith("the job queue cannot be reached (Error 111 connecting")


@pytest.mark.django_db
def test_health_says_whether_a_worker_consumes_the_queue(client, queue) -> None:
    body = client.get("/health").json()
    assert body["status"] == "degraded" and body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["error"].startswith("no worker has ever reported")
    queue_downloads("2026.1")  # waits: no worker
    jobs.beat()
    worker = client.get("/health").json()["checks"]["worker"]
    assert worker["ok"] and worker["worker"] == jobs.worker_name() and worker["last_seen_seconds"] == 0
    assert worker["jobs_waiting"] == 1 and worker["oldest_waiting_seconds"] >= 0
    queue.put(jobs.HEARTBEAT_KEY, {"worker": "gone:1", "at": time.time() - jobs.HEARTBEAT_LATE - 5})  # stopped
    response = client.get("/health")
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    late = response.json()["checks"]["worker"]
    assert late["ok"] is False and late["worker"] == "gone:1"
    assert late["error"].startswith(f"no worker has reported for {jobs.HEARTBEAT_LATE + 5} s")
