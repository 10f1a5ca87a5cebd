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
        before = scores.loc[flagged, [*KEYS, "year"]].assign(year=lambda f: f["year"] + 1)
        after_withheld = scores[[*KEYS, "year"]].merge(before.assign(_after=True), on=[*KEYS, "year"], how="left")
        change_hidden = after_withheld["_after"].fillna(False).to_numpy(dtype=bool)
        for column in WITHHELD_COLUMNS:
            if column in scores:
                scores[column] = scores[column].mask(flagged)
        scores["change_year"] = scores["change_year"].mask(change_hidden)
    # one block per dtype again: a column replaced above leaves the others as views of the stored table's float block,
    # which would otherwise stay alive beside the masked copies (a second 32 MB per process)
    return scores.copy()


def published_gaps(gaps: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """The gaps as published: a gap between two dimensions is withheld when either dimension's score is."""
    gaps = gaps.copy()
    if gaps.empty:
        return gaps
    flagged = scores[(scores["level"] == "dimension") & scores["flagged"].astype(bool)]
    withheld = set(zip(flagged["country"], flagged["year"], flagged["code"], strict=True))
    sides = {name: (first, second) for name, first, second in GAPS}
    hidden = [
        any((country, year, side) in withheld for side in sides.get(gap, ()))
        for country, year, gap in zip(gaps["country"], gaps["year"], gaps["gap"], strict=True)
    ]
    gaps["value"] = gaps["value"].mask(pd.Series(hidden, index=gaps.index))
    return gaps
