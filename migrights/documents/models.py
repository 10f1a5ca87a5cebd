"""What the UN human-rights machinery said: UPR recommendations and treaty-body General Comment paragraphs.

One searchable row per passage (``Passage``), whatever its kind, so that one full-text index covers the whole
library (``documents/search.py``). Rows belong to the dataset that loaded them (``upr-info``,
``general-comments``) and cite its Source; ``licence`` travels with every row: the treaty-body corpus is
CC BY-NC-SA 4.0 and is shown so wherever a paragraph appears, apart from the observatory's CC BY data.
"""

from __future__ import annotations

from django.db import models

from migrights.reference.models import Country, Source

UPR_RECOMMENDATION = "upr-recommendation"
GC_PARAGRAPH = "general-comment-paragraph"
KINDS = (UPR_RECOMMENDATION, GC_PARAGRAPH)
SEPARATOR = "|"  # between the tags, groups and committees of one row (none of their names holds it)


class Passage(models.Model):
    """A UPR recommendation (one row of UPR Info) or a paragraph of a General Comment / Recommendation.

    ``symbol`` is the UN document symbol (``CMW/C/GC/2``); empty where the source does not give it (UPR Info's
    rows do not name the Working Group report, A/HRC/...). ``year`` is None where unknown. Multi-valued fields
    (``committees``, ``issues``, ``groups``) hold names joined by ``|``, as the source writes them.
    """

    dataset = models.CharField(max_length=40, db_index=True)
    key = models.CharField(max_length=80)  # stable within the dataset (session-state-hash, or file-position)
    kind = models.CharField(max_length=30, choices=[(k, k) for k in KINDS])
    symbol = models.CharField(max_length=120, blank=True)
    title = models.CharField(max_length=300, blank=True)  # the document's title (a General Comment's name)
    committees = models.CharField(max_length=60, blank=True)  # treaty bodies (CMW, CRC...), ``|``-joined
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    cycle = models.PositiveSmallIntegerField(null=True, blank=True)  # UPR cycle
    session = models.PositiveSmallIntegerField(null=True, blank=True)  # UPR Working Group session
    state_under_review = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="upr_received"
    )
    recommending_state = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="upr_made"
    )
    recommending_name = models.CharField(max_length=80, blank=True)  # the source's words when it names no State
    response = models.CharField(max_length=20, blank=True)  # Accepted / Noted, as UPR Info states it
    action = models.PositiveSmallIntegerField(null=True, blank=True)  # UPR Info's action category 1-5
    issues = models.TextField(blank=True)  # UPR Info's issue tags, ``|``-joined
    groups = models.TextField(blank=True)  # the corpus's concerned-group labels, ``|``-joined
    paragraph = models.CharField(max_length=20, blank=True)  # the paragraph number as the document gives it
    position = models.PositiveIntegerField(default=0)  # place in the source file (paragraphs: order in the text)
    text = models.TextField()
    url = models.URLField(max_length=400, blank=True)
    licence = models.CharField(max_length=120)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="passages")

    class Meta:
        ordering = ["kind", "symbol", "position"]
        constraints = [models.UniqueConstraint(fields=["dataset", "key"], name="passage_unique")]
        indexes = [
            models.Index(fields=["kind", "year"]),
            models.Index(fields=["state_under_review", "session"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.symbol or self.key}"
