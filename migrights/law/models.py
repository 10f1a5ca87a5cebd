"""Rights in law from published datasets: citizenship-law values and bilateral labour agreements.

Rows belong to the dataset that loaded them (``dataset``: ``globalcit``, ``bla``), like treaty actions, and each
cites its Source (the dataset, its version); a law value names the dataset's variable it comes from.
"""

from __future__ import annotations

from django.db import models

from migrights.reference.fields import PartialDateField
from migrights.reference.models import Country, Source


class LawValue(models.Model):
    """One variable's value for one country over consecutive years (the law in force on 1 January of each).

    ``year_from``..``year_to`` are observed years; ``carried_to`` is a later year the dataset repeats the value
    for without observing it (GLOBALCIT v3.1's 2024), shown as carried forward, never as an observation.
    ``value`` is the dataset's code as written; what it means is in ``migrights/data/law/variables.yaml``.
    """

    dataset = models.CharField(max_length=40, db_index=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="law_values")
    variable = models.CharField(max_length=30)
    year_from = models.PositiveSmallIntegerField()
    year_to = models.PositiveSmallIntegerField()
    carried_to = models.PositiveSmallIntegerField(null=True, blank=True)
    value = models.CharField(max_length=10)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="law_values")

    class Meta:
        ordering = ["country__code", "variable", "year_from"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "country", "variable", "year_from"], name="law_value_unique"),
            models.CheckConstraint(condition=models.Q(year_to__gte=models.F("year_from")), name="law_value_years"),
        ]
        indexes = [models.Index(fields=["country", "variable"])]

    def __str__(self) -> str:
        return f"{self.country_id} {self.variable} {self.year_from}-{self.year_to}: {self.value}"


class Agreement(models.Model):
    """A bilateral labour agreement between two states, as a dataset lists it.

    The order of the parties is the dataset's and means nothing (origin and destination are not coded).
    ``coded``: the dataset coded the text; then ``provisions`` lists the variables present (``;``-separated) and
    every other declared provision is absent from the text. An agreement whose text was not coded says nothing
    about its provisions (unknown, never absent).
    """

    dataset = models.CharField(max_length=40, db_index=True)
    key = models.CharField(max_length=40)  # the dataset's own id, e.g. its treatyID
    party_a = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="agreements_as_a")
    party_b = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="agreements_as_b")
    name_a = models.CharField(max_length=120)  # the names the dataset uses (West Germany, Yugoslavia...)
    name_b = models.CharField(max_length=120)
    signed = PartialDateField(null=True, blank=True)  # None: the dataset does not know (year 9999)
    ratified = PartialDateField(null=True, blank=True)
    listed_in = models.CharField(max_length=40, blank=True)
    title = models.TextField(blank=True)
    coded = models.BooleanField(default=False)
    provisions = models.TextField(blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="agreements")

    class Meta:
        ordering = ["signed", "key"]
        constraints = [models.UniqueConstraint(fields=["dataset", "key"], name="agreement_unique")]

    def __str__(self) -> str:
        return f"{self.key}: {self.party_a_id}-{self.party_b_id} {self.signed.iso() if self.signed else '?'}"

    @property
    def provision_list(self) -> list[str]:
        return [p for p in self.provisions.split(";") if p]
