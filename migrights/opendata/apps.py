from typing import Any

from django.apps import AppConfig
from django.conf import settings


def prepare_release_downloads(sender: Any, release: Any, **kwargs: Any) -> None:
    """A published release's files are built in the background (tests build them where they need them)."""
    if not settings.TESTING:
        from migrights.opendata.downloads import prepare_downloads_in_background

        prepare_downloads_in_background(release.version)


class OpendataConfig(AppConfig):
    name = "migrights.opendata"
    label = "opendata"
    verbose_name = "Open data"

    def ready(self) -> None:
        from migrights.assessments.signals import release_published

        # connected after the scores app's receiver (INSTALLED_APPS order), which computes the release's edition
        release_published.connect(prepare_release_downloads, dispatch_uid="opendata-on-release")
