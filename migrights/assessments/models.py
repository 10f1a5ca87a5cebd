"""Country-year assessments: answers with evidence and revisions, reviews, audit, releases.

Kept as separate concerns (as in Wagtail's revisions / workflow / audit log): an ``Answer`` is
the current value with a version number; every save leaves an ``AnswerRevision``; the review
state lives on the ``Assessment``; every change leaves an ``AuditEntry``; a ``Release`` freezes
approved values in ``ReleasedValue`` rows that can never change.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from migrights.framework.models import Framework, Indicator
from migrights.reference.models import Country


class Role(models.TextChoices):
    EXPERT = "expert", _("Country expert")
    REVIEWER = "reviewer", _("Peer reviewer")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", _("Administrator")


class Assignment(models.Model):
    """A person's charge for one country: as its expert or as its reviewer."""

    class As(models.TextChoices):
        EXPERT = "expert", _("Country expert")
        REVIEWER = "reviewer", _("Peer reviewer")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(max_length=10, choices=As.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country", "role", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "country", "role"], name="unique_assignment")]

    def __str__(self) -> str:
        return f"{self.user} {self.role} for {self.country.code}"


class Assessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved")

    EDITABLE = (State.DRAFT, State.RETURNED)
    REVIEWABLE = (State.SUBMITTED, State.RESUBMITTED, State.IN_REVIEW)

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField()
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    opened = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "-year"]
        constraints = [models.UniqueConstraint(fields=["country", "year", "framework"], name="unique_assessment")]

    def __str__(self) -> str:
        return f"{self.country.code} {self.year} ({self.framework})"

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE


class Answer(models.Model):
    """One coder's current answer to one indicator; ``version`` guards against lost updates."""

    class Status(models.TextChoices):
        VALUE = "value", _("Answered")
        NOT_APPLICABLE = "not-applicable", _("Not applicable")
        UNKNOWN = "unknown", _("Unknown")

    class Confidence(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="answers")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.VALUE)
    value = models.FloatField(null=True, blank=True)
    confidence = models.CharField(max_length=8, choices=Confidence.choices, default=Confidence.MEDIUM)
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(auto_now=True)
    # copied from a previous release's value: not an answer of this year until the coder saves it (confirms)
    carried_over = models.BooleanField(default=False)
    carried_from = models.CharField(max_length=60, blank=True, help_text="release and year it was copied from")

    class Meta:
        ordering = ["assessment", "indicator__position", "coder"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator", "coder"], name="unique_answer")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.indicator.code} by {self.coder}"

    @property
    def carried_release(self) -> tuple[str, str] | None:
        """The release and year of a carried-over value, from ``carried_from`` as the carry-over writes it
        ("release 2026.1, 2024"), so that screens say it in their own language; None for any other text."""
        found = re.fullmatch(r"release (\S+), (\d{4})", self.carried_from)
        return (found.group(1), found.group(2)) if found else None

    def snapshot(self) -> dict[str, Any]:
        """The answer's content as an audit entry and a revision record it."""
        return {
            "indicator": self.indicator.code,
            "status": self.status,
            "value": self.value,
            "confidence": self.confidence,
            "comment": self.comment,
            "version": self.version,
            "evidence": [e.snapshot() for e in self.evidence.all()],
        }


class AnswerRevision(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["answer", "version"]
        constraints = [models.UniqueConstraint(fields=["answer", "version"], name="unique_answer_revision")]


class Evidence(models.Model):
    class Kind(models.TextChoices):
        LEGAL_CITATION = "legal-citation", _("Legal citation")
        URL = "url", _("Web page")
        DOCUMENT = "document", _("Document")
        EXCERPT = "excerpt", _("Quoted excerpt")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    citation = models.CharField(max_length=500, blank=True, help_text="instrument or national law, article")
    url = models.URLField(max_length=1000, blank=True)
    excerpt = models.TextField(blank=True)
    document = models.CharField(max_length=80, blank=True, help_text="sha256 of the stored PDF")
    document_name = models.CharField(max_length=200, blank=True)
    accessed = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer", "id"]
        verbose_name_plural = "evidence"

    def snapshot(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "citation": self.citation or None,
            "url": self.url or None,
            "excerpt": self.excerpt or None,
            "document": self.document or None,
            "document_name": self.document_name or None,
            "accessed": self.accessed.isoformat() if self.accessed else None,
        }


class Submission(models.Model):
    """One coder's sign-off on their answers to an assessment (several coders code independently)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="submissions")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions")
    submitted = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "coder"], name="unique_submission")]


class ReviewComment(models.Model):
    """A reviewer's comment on one indicator (or on the whole assessment when none)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="comments")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["assessment", "created"]


class Adjudication(models.Model):
    """The reviewer's decided value where coders disagree, with the reason."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="adjudications")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Answer.Status.choices)
    value = models.FloatField(null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    created = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="unique_adjudication")]


class AuditEntry(models.Model):
    """Who changed what, when, from what to what, and why. Written by ``workflow`` only."""

    who = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    when = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=80)
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    why = models.TextField(blank=True)

    class Meta:
        ordering = ["-when", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.who or 'system'} {self.action} {self.object_type} {self.object_id}"


class FrozenError(Exception):
    """A release and its values never change once published."""


class Release(models.Model):
    version = models.CharField(max_length=20, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    changelog = models.JSONField(default=dict)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.version

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise FrozenError(f"release {self.version} is published and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise FrozenError(f"release {self.version} is published and cannot be deleted")


class ReleasedValue(models.Model):
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="values")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField(max_length=24)
    status = models.CharField(max_length=16, choices=Answer.Status.choices)
    value = models.FloatField(null=True, blank=True)
    coders = models.PositiveSmallIntegerField()
    adjudicated = models.BooleanField(default=False)
    evidence = models.JSONField(default=list)

    class Meta:
        ordering = ["release", "country", "year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["release", "country", "year", "indicator"], name="unique_released_value")
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise FrozenError("released values cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise FrozenError("released values cannot be deleted")
