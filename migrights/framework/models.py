"""Framework versions as loaded: categories → rights → indicators, immutable once assessed."""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from migrights.framework.definition import LAW_RULE, FrameworkDefinition, parse_framework
from migrights.lib.memo import Once

_DEFINITIONS: Once[FrameworkDefinition] = Once()


class Framework(models.Model):
    """One version of an indicator framework, kept with the document it was loaded from."""

    code = models.CharField(max_length=24)
    version = models.CharField(max_length=12)
    title = models.CharField(max_length=200)
    published = models.CharField(max_length=10)
    predecessor = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors")
    description = models.TextField(blank=True)
    licence = models.CharField(max_length=80, blank=True)
    checksum = models.CharField(max_length=80)
    loaded = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_framework_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    def definition(self) -> FrameworkDefinition:
        """The parsed framework, parsed once per process (a loaded version never changes in place)."""

        def parse() -> FrameworkDefinition:
            text = FrameworkDocument.objects.values_list("text", flat=True).get(framework_id=self.pk)
            return parse_framework(json.loads(text), self.checksum)

        return _DEFINITIONS.get((self.pk, self.checksum), parse)


class FrameworkDocument(models.Model):
    """The framework file as loaded, as JSON text: a table of its own, so that rows joining a
    framework (assessments, answers, released values) never carry its 240 KB; parsed once per process."""

    framework = models.OneToOneField(Framework, on_delete=models.CASCADE, primary_key=True, related_name="document")
    text = models.TextField()


class Category(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=24)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "position"]
        verbose_name_plural = "categories"
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_category_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Right(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rights")
    code = models.CharField(max_length=24)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    provisions = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["category", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    class Dimension(models.TextChoices):
        COMMITMENT = "commitment"
        PROTECTION = "protection"
        IMPLEMENTATION = "implementation"

    class Type(models.TextChoices):
        STRUCTURAL = "structural"
        PROCESS = "process"
        OUTCOME = "outcome"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    right = models.ForeignKey(Right, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=24)
    wording = models.TextField()
    guidance = models.TextField()
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    type = models.CharField(max_length=12, choices=Type.choices)
    groups = models.JSONField(default=list)
    scale = models.JSONField(help_text="kind, levels, unit, min, max")
    direction = models.CharField(max_length=1, default="+")
    weight = models.FloatField(default=1)
    provisions = models.JSONField(default=list, blank=True)
    evidence_required = models.BooleanField(default=False)
    evidence_kinds = models.JSONField(default=list, blank=True)
    derived = models.JSONField(null=True, blank=True)
    relation = models.CharField(max_length=10, default="new", help_text="relation to the predecessor version")
    predecessors = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return self.code

    @property
    def coded(self) -> bool:
        """Answered by experts: all but the commitment indicators derived from treaty data (see IndicatorDef)."""
        return self.derived is None or self.derived.get("rule") == LAW_RULE

    def definition(self) -> Any:
        return self.framework.definition().by_code[self.code]
