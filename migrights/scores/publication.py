"""The one rule deciding what of an edition is published: a flagged score is withheld, everywhere.

The engine flags a score resting on too few of its applicable indicators (``indexengine.engine.flags``: coverage
below the spec's ``min_coverage``, or nothing observed). Every public output reads the edition through
``Edition.table()``, which applies ``published_scores`` and ``published_gaps``: the page, its twins, the API, the
downloads and the brief therefore show the same thing for the same country-year. A withheld row keeps its
coverage and its ``flagged`` mark, so readers see why it has no value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from migrights.indexengine import UNCERTAINTY_COLUMNS
from migrights.lib.vocabulary import GAPS

# everything that would let a reader see or infer a withheld score
WITHHELD_COLUMNS = ("score", "rank", "change_year", "change_release", *UNCERTAINTY_COLUMNS)
KEYS = ["country", "level", "code"]


def published_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """The edition's scores as published: interval columns present (empty when not computed), flagged withheld.

    A change from the previous year is withheld too when that year's score was withheld (it would reveal it).
    """
    scores = scores.copy(deep=False)  # copy-on-write: the caller's frame is left as it was
    for column in UNCERTAINTY_COLUMNS:
        if column not in scores:
            scores[column] = np.nan  # an edition computed without Monte Carlo draws: "not computed"
    flagged = scores["flagged"].astype(bool).to_numpy()
    scores["flagged"] = flagged
    if flagged.any():
        change_hidden = _after_flagged(scores, flagged)
        for column in WITHHELD_COLUMNS:
            if column in scores:
                scores[column] = scores[column].mask(flagged)
        scores["change_year"] = scores["change_year"].mask(change_hidden)
    # one block per dtype again: a column replaced above leaves the others as views of the stored table's float block,
    # which would otherwise stay alive beside the masked copies (a second 32 MB per process)
    return scores.copy()


def _after_flagged(scores: pd.DataFrame, flagged: np.ndarray) -> np.ndarray:
    """Whether each row's year follows a flagged row of the same country, level and code: each row's measure as one
    number (its keys' positions among their distinct values), then its year, compared as whole columns."""
    measure = np.zeros(len(scores), dtype=np.int64)
    for name in KEYS:
        codes, uniques = pd.factorize(scores[name], use_na_sentinel=False)
        measure = measure * max(len(uniques), 1) + codes
    year = scores["year"].to_numpy(dtype=np.int64)
    first, span = year.min(), int(year.max() - year.min()) + 2  # a flagged row's next year may be one past the last
    rows = measure * span + (year - first)
    return np.isin(rows, measure[flagged] * span + (year[flagged] + 1 - first))


def published_gaps(gaps: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """The gaps as published: a gap between two dimensions is withheld when either dimension's score is."""
    gaps = gaps.copy()
    if gaps.empty:
        return gaps
    flagged = scores[(scores["level"] == "dimension") & scores["flagged"].astype(bool)]
    withheld = pd.MultiIndex.from_arrays([flagged["country"], flagged["year"], flagged["code"]])
    hidden = np.zeros(len(gaps), dtype=bool)
    for side in (0, 1):  # each gap's first dimension, then its second (a gap not in GAPS has none: never hidden)
        dimension = gaps["gap"].map({name: pair[side] for name, *pair in GAPS})
        hidden |= pd.MultiIndex.from_arrays([gaps["country"], gaps["year"], dimension]).isin(withheld)
    gaps["value"] = gaps["value"].mask(pd.Series(hidden, index=gaps.index))
    return gaps
