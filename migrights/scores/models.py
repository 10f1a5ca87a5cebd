"""Computed editions of the index, each stored with the spec and the hashes that replay it."""

from __future__ import annotations

import gzip
import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from django.db import models

from migrights.assessments.models import Release
from migrights.framework.models import Framework
from migrights.lib.memo import Once
from migrights.lib.tables import write_frame_csv
from migrights.scores.publication import published_gaps, published_scores

T = TypeVar("T")

# Tables read from an edition and what pages derive from them (indexes, medians...), per edition and process.
# Only the editions used most recently are kept: a long-running server sees a new edition at every release.
KEPT_EDITIONS = 4
_DERIVED: OrderedDict[tuple[Any, Any], Once[Any]] = OrderedDict()
_DERIVED_LOCK = threading.Lock()


class Edition(models.Model):
    """One run of the engine: on the commitments alone, or on a release's values with them.

    Scores are kept as one compressed CSV per edition (hundreds of thousands of rows written in
    one go, read once per process and then filtered in memory), not as rows.
    """

    label = models.CharField(max_length=80)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    release = models.ForeignKey(Release, null=True, blank=True, on_delete=models.PROTECT, related_name="editions")
    created = models.DateTimeField(auto_now_add=True)
    manifest = models.JSONField(help_text="engine version, spec, spec hash, inputs hash, seed, draws")
    spec_hash = models.CharField(max_length=80)
    inputs_hash = models.CharField(max_length=80)
    scores_csv = models.BinaryField(help_text="gzip CSV of the scores table")
    gaps_csv = models.BinaryField(help_text="gzip CSV of the gaps table")
    sensitivity = models.JSONField(default=list, blank=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.label

    @property
    def fingerprint(self) -> str:
        """16 hex digits naming what the scores rest on (inputs and method): files made from an edition key on it."""
        return fingerprint(self.inputs_hash, self.spec_hash)

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` computed once per process for this edition (an edition never changes once stored)."""
        # keyed on the creation time too: a database rolled back (tests) or restored can give a new edition an old id
        edition = (self.pk, self.created)
        with _DERIVED_LOCK:
            values = _DERIVED.get(edition)
            if values is None:
                values = _DERIVED[edition] = Once()
            _DERIVED.move_to_end(edition)
            while len(_DERIVED) > KEPT_EDITIONS:
                _DERIVED.popitem(last=False)
        return values.get(key, build)  # built once, whole, however many requests ask at the same time

    def table(self, name: str = "scores") -> pd.DataFrame:
        """The published scores or gaps: a flagged score withheld (``scores.publication``, the one rule).

        Only the published tables are kept per process: the stored ones they come from are read, used and let go
        (the scores table is tens of megabytes)."""

        def read() -> pd.DataFrame:
            stored = self.stored_table(name)
            if name == "scores":
                return published_scores(stored)
            # the published scores keep every row's ``flagged`` mark: the gaps are withheld by it as by the stored
            return published_gaps(stored, self.table("scores"))

        return self.derived(("table", name), read)

    def stored_table(self, name: str = "scores") -> pd.DataFrame:
        """The scores or gaps as the engine computed them, flagged scores included (not for publication); read from
        the stored file at each call, not kept."""
        blob = bytes(self.scores_csv if name == "scores" else self.gaps_csv)
        return pd.read_csv(io.BytesIO(gzip.decompress(blob)), keep_default_na=False, na_values=[""])

    def country_table(self, country: str) -> pd.DataFrame:
        """One country's scores, taken from the published table by the row positions indexed once per process (no
        second copy of the table kept)."""
        return self.table().take(self.country_rows(country))

    def country_rows(self, country: str) -> np.ndarray:
        """The positions of one country's rows in the published table, in its order (indexed once per process)."""
        table = self.table()
        rows = self.derived("score-rows-by-country", lambda: table.groupby("country", sort=False).indices)
        return rows.get(country, np.empty(0, dtype=np.intp))


def fingerprint(inputs_hash: str, spec_hash: str) -> str:
    return hashlib.sha256(f"{inputs_hash}|{spec_hash}".encode()).hexdigest()[:16]


def pack(frame: pd.DataFrame) -> bytes:
    """The table as gzip CSV, the text pandas' ``to_csv(index=False)`` writes (``lib.tables.write_frame_csv``: the same
    bytes in a fifth of its CPU on an edition's 397,131 score rows)."""
    text = io.StringIO()
    write_frame_csv(frame, text)
    return gzip.compress(text.getvalue().encode(), compresslevel=3)
