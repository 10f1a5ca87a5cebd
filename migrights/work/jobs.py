"""A small job runner until the job queue of issue 17: ``start``, then poll ``Job`` (state, step, result, error).

The work runs in a background thread of the web process with its own database connection; it reports its
steps through ``progress``; what it returns is the job's result, what it raises its error. A job whose process
died (a restart) is found by ``interrupted`` and marked failed: its work ran in transactions, so nothing of it
is half done.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import close_old_connections, connections
from django.utils import timezone, translation
from django.utils.translation import gettext

from migrights.assessments.workflow import Refused
from migrights.work.models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]
Work = Callable[[Progress], dict[str, Any]]
STALLED = dt.timedelta(hours=1)  # a step never takes this long: the process running it is gone


def start(kind: str, user: User, work: Work, first_step: str = "") -> Job:
    """Record a running job and run ``work(progress)`` in the background (inline when settings say so).

    The work runs in the language of the request that started it: its steps and errors are stored in the words
    of the person who started it (the one who follows its page)."""
    job = Job.objects.create(kind=kind, started_by=user, step=first_step or gettext("Starting"))
    language = translation.get_language()
    if getattr(settings, "WORK_JOBS_INLINE", False):
        _run(job.pk, work)
    else:
        thread = threading.Thread(target=_in_thread, args=(job.pk, work, language), name=f"job-{job.pk}", daemon=True)
        thread.start()
    return job


def running(kind: str) -> Job | None:
    """The job of this kind still running, if any (one at a time); stalled ones are marked failed first."""
    interrupted()
    return Job.objects.filter(kind=kind, state=Job.State.RUNNING).first()


def interrupted() -> int:
    """Mark failed the jobs that stopped reporting (their process was stopped); returns how many."""
    return Job.objects.filter(state=Job.State.RUNNING, updated__lt=timezone.now() - STALLED).update(
        state=Job.State.FAILED, error=gettext("interrupted (the server stopped while it ran); nothing of it was kept")
    )


def _in_thread(pk: int, work: Work, language: str | None) -> None:
    close_old_connections()
    try:
        with translation.override(language):
            _run(pk, work)
    finally:
        connections.close_all()


def _run(pk: int, work: Work) -> None:
    def progress(step: str) -> None:
        Job.objects.filter(pk=pk).update(step=step[:200], updated=timezone.now())

    try:
        result = work(progress)
    except Exception as error:  # the job's error is what the page shows
        if not isinstance(error, Refused):
            logger.exception("job %s failed", pk)
        Job.objects.filter(pk=pk).update(
            state=Job.State.FAILED, error=str(error) or type(error).__name__, finished=timezone.now()
        )
        return
    Job.objects.filter(pk=pk).update(state=Job.State.DONE, result=result, step="", finished=timezone.now())
