"""The workspace's tasks on the job queue (publishing, downloads): named functions of plain arguments, each
reporting to its ``Job`` row (``jobs.runner.job_task``).

``migrights worker`` (and the threads of ``migrights up``) load this module to run them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from migrights.assessments.public import find_release
from migrights.jobs.models import Job
from migrights.jobs.runner import Progress, job_task, start_once
from migrights.opendata.downloads import prepare_downloads
from migrights.scores.editions import COMMITMENTS_LABEL
from migrights.work import publishing

PUBLISH = "publish-release"
DOWNLOADS = "downloads"
KINDS = (PUBLISH, DOWNLOADS)  # the jobs the workspace shows (the briefs' jobs are many, and public)


@job_task(retries=2, retry_delay=30)
def publish_release(progress: Progress, user_pk: int, version: str, notes: str) -> dict[str, Any]:
    """Compute the scores of the approved values and publish them as release ``version`` (one transaction)."""
    return publishing.publish_release(User.objects.get(pk=user_pk), version, notes, progress)


@job_task(retries=2, retry_delay=60)
def build_downloads(progress: Progress, version: str) -> dict[str, Any]:
    """Build every download file of an edition (a release's number, or ``commitments``); files already built are
    kept, so a second build of the same edition writes nothing."""
    progress(_("Building the download files of %(edition)s") % {"edition": version})
    return {"edition": version, "files": len(prepare_downloads(version))}


def latest_label() -> str:
    """The label of the edition /data/ offers first: the latest release, else the commitments edition."""
    release = find_release(None)
    return release.version if release is not None else COMMITMENTS_LABEL


def queue_downloads(version: str | None = None, user: User | None = None) -> Job:
    """Put the build of an edition's downloads (default: the latest) on the queue, once per edition."""
    label = version or latest_label()
    step = _("Waiting to build the download files of %(edition)s") % {"edition": label}
    return start_once(DOWNLOADS, user, build_downloads, label, key=f"{DOWNLOADS}:{label}", first_step=step)
