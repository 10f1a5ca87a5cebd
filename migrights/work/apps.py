from typing import Any

from django.apps import AppConfig
from django.conf import settings


def queue_release_downloads(sender: Any, release: Any, **kwargs: Any) -> None:
    """A published release's download files are built by a job (tests build them where they need them)."""
    if settings.DOWNLOADS_ON_RELEASE:
        from migrights.work.tasks import queue_downloads

        queue_downloads(release.version, release.created_by)


class WorkConfig(AppConfig):
    name = "migrights.work"
    verbose_name = "Expert workflow screens"

    def ready(self) -> None:
        from migrights.assessments.signals import release_published

        # connected after the scores app's receiver (INSTALLED_APPS order), which computes a release's edition when
        # it was published without one (`migrights release`); the job builds the edition's files on the queue
        release_published.connect(queue_release_downloads, dispatch_uid="work-downloads-on-release")
