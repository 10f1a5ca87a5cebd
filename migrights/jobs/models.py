"""Work the observatory runs outside a request (publishing a release, building downloads or a brief): a row per job,
which the workspace and the brief's waiting page show while the queue's worker runs it (``migrights.jobs.runner``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200, blank=True, help_text="what it works on: one running job per key")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    step = models.CharField(max_length=200, blank=True, help_text="what it is doing now")
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=120, blank=True, help_text="host:process running it")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )  # none for the observatory's own jobs (the downloads `migrights up` prepares)
    started = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "work_job"  # the table of the workspace app it came from (migrations: jobs 0001, work 0003)
        ordering = ["-started", "-id"]
        constraints = [
            # the lock of one builder per key (an edition's downloads, the release being published): a second
            # worker cannot start the same work, whatever server or process it runs in
            models.UniqueConstraint(
                fields=["key"], condition=Q(state="running") & ~Q(key=""), name="work_job_one_running_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def active(self) -> bool:
        """Waiting for the worker or running: the page goes on polling."""
        return self.state in (self.State.QUEUED, self.State.RUNNING)
