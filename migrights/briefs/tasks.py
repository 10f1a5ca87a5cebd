"""The briefs' task on the job queue: a brief's file is built by the worker, never in the request asking for it.

``migrights worker`` (and the threads of ``migrights up``) load this module to run it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from migrights.briefs.cache import brief_file, build_file
from migrights.jobs.models import Job
from migrights.jobs.runner import Progress, job_task, start_once

BRIEF = "brief"


@job_task(retries=1, retry_delay=10)
def build_brief_file(progress: Progress, kind: str, subject: str, language: str, fmt: str) -> dict[str, Any]:
    """Build a brief's file under the current edition inputs (``cache.build_file``); a kept file is not built again."""
    progress(_("Building the brief"))
    return {"file": build_file(kind, subject, language, fmt).name}


def brief_job_key(kind: str, subject: str, language: str, fmt: str = "pdf") -> str:
    """The job key of a brief's file: its name, so every request for the same file waits for one job."""
    return f"{BRIEF}:{brief_file(kind, subject, language, fmt).name}"


def queue_brief(kind: str, subject: str, language: str, fmt: str = "pdf") -> Job:
    """Put the build of a brief's file on the queue, once per file (a job waiting or running for it is returned)."""
    key = brief_job_key(kind, subject, language, fmt)
    return start_once(BRIEF, None, build_brief_file, kind, subject, language, fmt, key=key)
