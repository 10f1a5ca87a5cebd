"""Governance architecture: consultative processes, forums, mobility regimes, memberships, milestones."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from migrights.reference.fields import PartialDateField
from migrights.reference.models import Country, Instrument, Source


class GovernanceBodyQuerySet(models.QuerySet):
    def annotate_member_count(self) -> GovernanceBodyQuerySet:
        """Members (role ``member``) that have not left."""
        return self.annotate(
            member_count=models.Count(
                "memberships", filter=Q(memberships__role="member", memberships__end__isnull=True)
            )
        )


class GovernanceBody(models.Model):
    class Kind(models.TextChoices):
        RCP = "rcp", "Regional consultative process"
        IRF = "irf", "Inter-regional forum"
        GLOBAL_PROCESS = "global-process", "Global process"
        MOBILITY_REGIME = "mobility-regime", "Regional mobility regime"
        UN_ENTITY = "un-entity", "UN entity or network"
        BILATERAL = "bilateral-agreement", "Bilateral agreement"

    class CivilSociety(models.TextChoices):
        YES = "yes", "Yes"
        LIMITED = "limited", "Limited"
        NO = "no", "No"
        UNKNOWN = "unknown", "Not documented"

    STAGES = {
        1: "Forum for dialogue on shared concerns",
        2: "Common understanding and language",
        3: "Plan of action or agreed goals",
        4: "Operational cooperation",
    }

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    region = models.CharField(max_length=120, blank=True)
    initiated = PartialDateField(null=True, blank=True)
    formalised = PartialDateField(null=True, blank=True)
    ended = PartialDateField(null=True, blank=True)
    secretariat = models.CharField(max_length=300, blank=True)
    focus = models.JSONField(default=list, blank=True)
    binding = models.BooleanField(default=False)
    civil_society = models.CharField(max_length=8, choices=CivilSociety.choices, default=CivilSociety.UNKNOWN)
    civil_society_note = models.TextField(blank=True)
    stage = models.PositiveSmallIntegerField(null=True, blank=True, choices=sorted(STAGES.items()))
    stage_basis = models.CharField(max_length=12, blank=True)
    stage_note = models.TextField(blank=True)
    url = models.URLField(max_length=400, blank=True)
    verified = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    # Compilers' remarks (what was or was not read, open questions): kept with the data, never
    # rendered on a page, in the API or in a download.
    internal_note = models.TextField(blank=True)
    # The observatory's own texts above in French and Spanish: {"fr": {"note": ..., "focus": [...]}, "es": ...}
    translations = models.JSONField(default=dict, blank=True)
    sources = models.ManyToManyField(Source, related_name="bodies")

    objects = GovernanceBodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.acronym or self.name

    def memberships_on(self, on: dt.date) -> models.QuerySet[Membership]:
        return self.memberships.filter(Membership.current_on(on))


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        OBSERVER = "observer", "Observer"
        CHAIR = "chair", "Chair"
        PARTNER = "partner", "Partner"
        ASSOCIATE = "associate", "Associate"

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="memberships")
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.CharField(max_length=120, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices)
    start = PartialDateField(null=True, blank=True)
    end = PartialDateField(null=True, blank=True)
    verified = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    internal_note = models.TextField(blank=True)  # never rendered, like GovernanceBody.internal_note
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    dataset = models.CharField(max_length=120)

    class Meta:
        ordering = ["body__name", "role", "country__name", "organisation"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(organisation=""))
                | (Q(country__isnull=True) & ~Q(organisation="")),
                name="membership_country_xor_organisation",
            ),
            models.UniqueConstraint(
                fields=["dataset", "body", "country", "organisation", "role", "start"], name="unique_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_name} {self.role} of {self.body}"

    @property
    def member_name(self) -> str:
        return self.country.name if self.country else self.organisation

    @staticmethod
    def current_on(on: dt.date) -> Q:
        """Memberships that had started (or whose start is unknown) and had not ended on ``on``.

        Partial dates compare as text: ``start <= on`` holds for ``1996`` against ``1996-05-01``
        because text order follows the first day of the period.
        """
        iso = on.isoformat()
        return (Q(start__isnull=True) | Q(start__lte=iso)) & (Q(end__isnull=True) | Q(end__gt=iso))


class Milestone(models.Model):
    class Kind(models.TextChoices):
        INSTRUMENT = "instrument", "Instrument"
        INSTITUTION = "institution", "Institution"
        MANDATE = "mandate", "Mandate"
        MEETING = "meeting", "Meeting"
        REPORT = "report", "Report"
        DECLARATION = "declaration", "Declaration"

    date = PartialDateField()
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.TextField(blank=True)
    # The title and description in French and Spanish: {"fr": {"title": ..., "description": ...}, "es": ...}
    translations = models.JSONField(default=dict, blank=True)
    body = models.ForeignKey(
        GovernanceBody, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    verified = models.BooleanField(default=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    dataset = models.CharField(max_length=120)

    class Meta:
        ordering = ["date", "title"]
        constraints = [models.UniqueConstraint(fields=["dataset", "date", "title"], name="unique_milestone")]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"
