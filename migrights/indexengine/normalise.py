"""Step 3: put every indicator on 0-100, higher = more rights, per its scale.

Binary and ordinal indicators use their declared level values: the lowest level is 0, the highest
100, and values in between fall linearly (a coders' mean of 0.5 on a binary indicator is 50).
Percentages use the goalposts 0 and 100 unless the framework gives others. Numeric indicators use
the method the spec names in ``normalisation``, computed over every country-year of the edition
(pooled, so a country's score can be compared across years). Direction ``-`` is applied last:
``100 - score``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from migrights.indexengine.ranks import rank_columns

SCALE = 100.0
MIDPOINT = SCALE / 2  # where a numeric indicator lands when every country-year has the same value


def by_bounds(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """``(x - low) / (high - low)`` on 0-100, clipped; constant bounds give the midpoint."""
    span = high - low
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = np.where(span > 0, (values - low) / np.where(span > 0, span, 1.0) * SCALE, MIDPOINT)
    return np.where(np.isnan(values), np.nan, np.clip(scaled, 0.0, SCALE))


def minmax(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Observed minimum → 0, observed maximum → 100 (per column, over all country-years)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a column with no value at all stays NaN
        return by_bounds(values, np.nanmin(values, axis=0), np.nanmax(values, axis=0))


def goalposts(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Declared goalposts (framework ``min``/``max``, or the spec's ``goalposts``) → 0 and 100, clipped beyond."""
    if np.isnan(low).any() or np.isnan(high).any():
        raise ValueError("goalposts normalisation needs min and max for every numeric indicator")
    return by_bounds(values, low, high)


def zscore(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Standardised then put on a T-scale, ``50 + 10 z``, clipped to 0-100 (five standard deviations)."""
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=0)
        spread = np.nanstd(values, axis=0)
        z = np.where(spread > 0, (values - mean) / np.where(spread > 0, spread, 1.0), 0.0)
    return np.where(np.isnan(values), np.nan, np.clip(MIDPOINT + 10.0 * z, 0.0, SCALE))


def percentile_rank(values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Rank among all country-years (ties averaged) as a percentile: lowest 0, highest 100."""
    ranks = rank_columns(values, "average")
    count = (~np.isnan(values)).sum(axis=0)
    percentile = np.where(count > 1, (ranks - 1) / np.maximum(count - 1, 1) * SCALE, MIDPOINT)
    return np.where(np.isnan(values), np.nan, percentile)


NUMERIC_METHODS: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]] = {
    "minmax": minmax,
    "goalposts": goalposts,
    "zscore": zscore,
    "rank": percentile_rank,
}
"""Methods a spec names in ``normalisation`` for indicators of scale ``numeric``."""


def normalise(
    values: np.ndarray,
    kind: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    reverse: np.ndarray,
    numeric_method: str = "minmax",
) -> np.ndarray:
    """Normalise a (country-years x indicators) array column by column.

    ``kind`` per indicator is ``binary``, ``ordinal``, ``numeric`` or ``percentage``; ``low`` and
    ``high`` are the lowest and highest level (binary, ordinal) or the goalposts (percentage; numeric
    when given, else NaN); ``reverse`` is True where the direction is ``-``.
    """
    result = np.empty_like(values, dtype=np.float64)
    by_levels = np.isin(kind, ("binary", "ordinal", "percentage"))
    if by_levels.any():
        result[:, by_levels] = by_bounds(values[:, by_levels], low[by_levels], high[by_levels])
    numeric = kind == "numeric"
    if numeric.any():
        result[:, numeric] = NUMERIC_METHODS[numeric_method](values[:, numeric], low[numeric], high[numeric])
    if reverse.any():
        result[:, reverse] = SCALE - result[:, reverse]
    return result
