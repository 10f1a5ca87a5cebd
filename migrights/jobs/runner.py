"""Long work on the job queue (Huey): ``start`` records a ``Job`` row and enqueues a named task; the worker runs it.

A task is a named function of plain arguments (``job_task``): it receives a ``progress`` callback and returns its
result, which the ``Job`` row keeps with its state, step and error for the workspace to show. The row is the lock
of its key (one running job per key, a database constraint: one builder per edition, one release published at a
time) whatever process or server runs the worker. A failed attempt is tried again (``retries``) after a delay; a
refusal (``Refused``: the work cannot be done as asked) is not. A job whose worker died (a restart, a killed
process) is found by ``interrupted`` and marked failed: its work ran in transactions and atomic file writes, so
nothing of it is half done.

Where the worker runs: ``migrights worker`` runs it (``run_worker``): in production as its own process beside the app
servers (docs/operations.md), on the embedded default as a child process of ``migrights up`` (``jobs.child``). The
tasks are in the apps that start them (``work.tasks``: publishing, downloads; ``briefs.tasks``: a brief's file): the
worker loads every app's ``tasks`` module (``consumer``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min
from django.utils import timezone, translation
from django.utils.translation import gettext
from huey.api import Task
from huey.consumer import Consumer
from huey.contrib.djhuey import HUEY, db_task
from huey.exceptions import RetryTask

from migrights.jobs.errors import Refused
from migrights.jobs.models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]
STALLED = dt.timedelta(hours=1)  # a step never takes this long: the process running it is gone
LOCK_WAIT = 15  # seconds before a job whose key another job holds tries again (not counted as a retry)
HOST = socket.gethostname()[:60]
HEARTBEAT_KEY = "worker-heartbeat"
HEARTBEAT_EVERY = 30  # seconds between a worker's heartbeats in the queue's storage
HEARTBEAT_LATE = 3 * HEARTBEAT_EVERY  # no heartbeat for this long: no worker is consuming the queue


def worker_name() -> str:
    """``host:pid``, recorded on the job this process runs, so a restart finds the jobs of a dead process."""
    return f"{HOST}:{os.getpid()}"


def job_task(retries: int = 2, retry_delay: int = 30) -> Callable[[Callable[..., dict[str, Any]]], Any]:
    """Make ``work(progress, *args) -> result`` a queue task ``(job_pk, language, *args)`` that reports to its job.

    ``retries`` more attempts follow a failure, ``retry_delay`` seconds apart; the job shows each on its page."""

    def decorate(work: Callable[..., dict[str, Any]]) -> Any:
        @functools.wraps(work)
        def task(job_pk: int, language: str | None, *args: Any, task: Task) -> None:
            with translation.override(language):
                _run(job_pk, work, args, task)

        return db_task(retries=retries, retry_delay=retry_delay, context=True, name=work.__name__)(task)

    return decorate


def start(kind: str, user: User | None, task: Any, *args: Any, key: str = "", first_step: str = "") -> Job:
    """Record a queued job and put ``task(job.pk, language, *args)`` on the queue; returns at once.

    The task runs in the language of the request that started it: its steps and errors are stored in the words
    of the person who started it (the one who follows its page)."""
    job = Job.objects.create(
        kind=kind, key=key or kind, started_by=user, step=first_step or gettext("Waiting for the worker")
    )
    language = translation.get_language()

    def enqueue() -> None:
        try:
            task(job.pk, language, *args)
        except Exception as error:  # the queue's storage cannot be reached (Redis stopped): said on the job's page
            if HUEY.immediate:
                raise
            logger.exception("job %s could not be put on the queue", job.pk)
            problem = gettext("the job queue cannot be reached (%(error)s): is its storage running?")
            _finish(job.pk, Job.State.FAILED, error=problem % {"error": error})

    if HUEY.immediate:  # tests: the task runs here, in the same transaction
        enqueue()
    else:  # the worker must find the job's row: enqueued once it is committed (at once outside a transaction)
        transaction.on_commit(enqueue)
    return job


def start_once(kind: str, user: User | None, task: Any, *args: Any, key: str, first_step: str = "") -> Job:
    """``start``, unless a job of the same key is waiting or running: that one is returned (idempotent)."""
    interrupted()
    waiting = Job.objects.filter(key=key, state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()
    if waiting is not None:
        return waiting
    return start(kind, user, task, *args, key=key, first_step=first_step)


def active(kind: str) -> Job | None:
    """The job of this kind waiting or running, if any; jobs of dead workers are marked failed first."""
    interrupted()
    return Job.objects.filter(kind=kind, state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()


def _dead_here(worker: str) -> bool:
    host, _, pid = worker.rpartition(":")
    if host != HOST or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def interrupted() -> int:
    """Mark failed the jobs whose worker is gone: a process of this machine that no longer runs, or a job that
    stopped reporting (``STALLED``), or one left waiting that long (no worker took it); returns how many."""
    now = timezone.now()
    running = Job.objects.filter(state=Job.State.RUNNING)
    dead = [job.pk for job in running.exclude(worker="") if _dead_here(job.worker)]
    stopped = running.filter(pk__in=dead) | running.filter(updated__lt=now - STALLED)
    count = stopped.update(
        state=Job.State.FAILED,
        error=gettext("interrupted (the worker stopped while it ran); nothing of it was kept"),
        finished=now,
    )
    count += Job.objects.filter(state=Job.State.QUEUED, updated__lt=now - STALLED).update(
        state=Job.State.FAILED,
        error=gettext("no worker took it for an hour: is the worker running? (docs/operations.md)"),
        finished=now,
    )
    return count


def _claim(pk: int) -> bool:
    """Mark the job running in this process; False when it is not waiting (done, failed, or already taken).

    Raises ``RetryTask`` while another job of the same key runs (the constraint refuses a second one)."""
    interrupted()
    try:
        with transaction.atomic():
            claimed = Job.objects.filter(pk=pk, state=Job.State.QUEUED).update(
                state=Job.State.RUNNING, worker=worker_name(), attempts=F("attempts") + 1, updated=timezone.now()
            )
    except IntegrityError:
        Job.objects.filter(pk=pk).update(step=gettext("Waiting: the same work is running"), updated=timezone.now())
        raise RetryTask(delay=LOCK_WAIT) from None
    return bool(claimed)


def _run(pk: int, work: Callable[..., dict[str, Any]], args: tuple[Any, ...], task: Task) -> None:
    if not _claim(pk):
        logger.info("job %s is not waiting: nothing to do", pk)
        return

    def progress(step: str) -> None:
        Job.objects.filter(pk=pk).update(step=step[:200], updated=timezone.now())

    try:
        result = work(progress, *args)
    except Refused as refused:  # the work cannot be done as asked: no retry changes that
        _finish(pk, Job.State.FAILED, error=str(refused))
        return
    except Exception as error:
        message = str(error) or type(error).__name__
        if task.retries:  # huey puts it back on the queue
            again = gettext("Failed (%(error)s); trying again in %(seconds)d s") % {
                "error": message,
                "seconds": task.retry_delay,
            }
            Job.objects.filter(pk=pk).update(state=Job.State.QUEUED, step=again[:200], updated=timezone.now())
        else:
            _finish(pk, Job.State.FAILED, error=message)
        raise
    _finish(pk, Job.State.DONE, result=result)


def _finish(pk: int, state: str, result: dict[str, Any] | None = None, error: str = "") -> None:
    Job.objects.filter(pk=pk).update(state=state, result=result, error=error, step="", finished=timezone.now())


def consumer(workers: int | None = None) -> Consumer:
    """The queue's consumer, with the settings' options (``HUEY["consumer"]``) and every task module loaded."""
    from django.conf import settings
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
    options = dict(settings.HUEY.get("consumer", {}))
    if workers is not None:
        options["workers"] = workers
    return HUEY.create_consumer(**options)


def beat() -> None:
    """Say in the queue's storage (shared by every server: Redis, or the data folder's file) that a worker of this
    process is consuming the queue now; ``/health`` reads the newest."""
    HUEY.put(HEARTBEAT_KEY, {"worker": worker_name(), "at": time.time()})


def _beat() -> None:
    try:
        beat()
    except Exception:  # the storage is down: /health says so on every server; the worker's own loop logs it
        logger.warning("the worker's heartbeat could not be written", exc_info=True)


def _beat_forever() -> None:
    while True:
        time.sleep(HEARTBEAT_EVERY)
        _beat()


def start_heartbeat() -> None:
    _beat()  # before the worker says it is ready: /health sees it at once
    threading.Thread(target=_beat_forever, name="migrights-worker-heartbeat", daemon=True).start()


def worker_health() -> tuple[bool, dict[str, Any]]:
    """``/health``'s ``worker`` part: the newest heartbeat of a worker and the jobs waiting for one."""
    waiting = Job.objects.filter(state=Job.State.QUEUED).aggregate(count=Count("pk"), oldest=Min("started"))
    detail: dict[str, Any] = {"jobs_waiting": waiting["count"]}
    if (oldest := waiting["oldest"]) is not None:
        detail["oldest_waiting_seconds"] = round((timezone.now() - oldest).total_seconds())
    if HUEY.immediate:  # tests: every job runs where it is started, no worker is needed
        return True, {**detail, "mode": "immediate"}
    heartbeat = HUEY.get(HEARTBEAT_KEY, peek=True)
    if not heartbeat:
        return False, {**detail, "error": "no worker has ever reported: start `migrights worker` (docs/operations.md)"}
    age = max(0.0, time.time() - heartbeat["at"])
    detail.update(worker=heartbeat["worker"], last_seen_seconds=round(age))
    if age > HEARTBEAT_LATE:
        return False, {**detail, "error": f"no worker has reported for {round(age)} s: is `migrights worker` running?"}
    return True, detail


def run_worker(workers: int | None = None, ready: Callable[[Consumer], None] | None = None) -> None:
    """Run the queue's worker in this process until Ctrl+C or SIGTERM (``migrights worker``); ``ready(consumer)``
    is called once the jobs of dead workers are marked failed and the consumer has started and taken the signals."""
    running = consumer(workers)
    interrupted()
    start_heartbeat()
    if ready is not None:
        # said once the consumer has taken the signals (the last step of its start): a Ctrl+C from then on stops it
        # gracefully, never a KeyboardInterrupt in the middle of its start
        take_signals = running._set_signal_handlers

        def signals_then_ready() -> None:
            take_signals()
            ready(running)

        running._set_signal_handlers = signals_then_ready  # type: ignore[method-assign]
    running.run()
