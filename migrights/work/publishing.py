"""Publishing a release as a job: the scores computed first, then the release and its edition in one transaction.

A failure anywhere leaves nothing published: no release, no released values, no edition.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from migrights.assessments import workflow
from migrights.assessments.models import Release
from migrights.assessments.workflow import Refused
from migrights.framework.queries import latest_framework
from migrights.jobs.runner import Progress
from migrights.scores.editions import compute_result, store
from migrights.scores.models import Edition


def _frozen(values: Any) -> set[tuple[str, int, str, str, float | None]]:
    return {(v.country.code, v.year, v.indicator, v.status, v.value) for v in values}


def publish_release(actor: User, version: str, notes: str, progress: Progress) -> dict[str, Any]:
    """Freeze the approved values as release ``version`` with the scores computed on them; the job's result.

    Idempotent: the same release published again by the same person with the same notes (an attempt tried again
    after its transaction had committed) does nothing and returns the same result."""
    progress(_("Checking the approved values"))
    done = Release.objects.filter(version=version, created_by=actor, notes=notes).first()
    if done is not None and Edition.objects.filter(release=done).exists():
        return _result(done)
    previous = workflow.check_release(actor, version)
    values, _log = workflow.preview_release()
    if not values:
        raise Refused(_("no approved assessment to release"))
    framework = latest_framework()
    if framework is None:
        raise Refused(_("no framework is loaded"))
    progress(_("Computing the scores of %(count)d values (this takes a while)") % {"count": len(values)})
    result = compute_result(framework, None, previous, values=values)
    progress(_("Publishing the release and its scores"))
    with transaction.atomic():
        release = workflow.create_release(actor, version, notes)
        if _frozen(release.values.select_related("country")) != _frozen(values):
            raise Refused(_("approved values changed while the scores were computed: nothing published, publish again"))
        store(result, framework, release, version)
    return _result(release)


def _result(release: Release) -> dict[str, Any]:
    counts = release.changelog["counts"]
    return {"version": release.version, "values": counts["values"], "counts": counts}
