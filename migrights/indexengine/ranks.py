"""Ranks within columns, NaN left unranked: the engine's one ranking, for country ranks and percentile normalisation.

``rank_columns(values, method)`` gives the same numbers as ``scipy.stats.rankdata(values, method=method, axis=0,
nan_policy="omit")`` (a test checks it, ties and NaN included) without importing ``scipy.stats``, which costs
about a second of every command's start, and ranks every column at once: one sort of the whole array, where
scipy's NaN handling ranks column by column.
"""

from __future__ import annotations

import numpy as np

RANK_METHODS = ("min", "max", "average", "dense")
"""How tied values share ranks: ``min`` (1, 2, 2, 4), ``max`` (1, 3, 3, 4), ``average`` (1, 2.5, 2.5, 4), ``dense``
(1, 2, 2, 3)."""


def rank_columns(values: np.ndarray, method: str = "average") -> np.ndarray:
    """Rank of each value within its column (axis 0), 1 = the smallest; NaN stays NaN and takes no rank."""
    if method not in RANK_METHODS:
        raise ValueError(f"unknown rank method {method!r}; known: {', '.join(RANK_METHODS)}")
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        return rank_columns(values[:, None], method)[:, 0]
    columns = int(np.prod(values.shape[1:]))
    rows = np.ascontiguousarray(values.reshape(values.shape[0], columns).T)  # one row per column: sorts run along rows
    n = rows.shape[1]
    result = np.full(rows.shape, np.nan)
    if n == 0 or rows.shape[0] == 0:
        return result.T.reshape(values.shape)
    order = np.argsort(rows, axis=1)  # NaN sorts last, so it never splits a run of tied values
    ordered = np.take_along_axis(rows, order, axis=1)
    starts = np.empty(rows.shape, dtype=bool)  # a value unlike the one before it starts a run of ties
    starts[:, 0] = True
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=starts[:, 1:])
    if method == "dense":
        ranked = np.cumsum(starts, axis=1, dtype=np.float64)
    else:
        position = np.arange(1, n + 1, dtype=np.float64)
        first = np.maximum.accumulate(np.where(starts, position, 0.0), axis=1)
        if method == "min":
            ranked = first
        else:
            ends = np.empty_like(starts)  # the last value of a run: the next one starts another
            ends[:, -1] = True
            ends[:, :-1] = starts[:, 1:]
            last = np.minimum.accumulate(np.where(ends, position, float(n))[:, ::-1], axis=1)[:, ::-1]
            ranked = last if method == "max" else (first + last) / 2
    np.put_along_axis(result, order, ranked, axis=1)
    result[np.isnan(rows)] = np.nan
    return np.ascontiguousarray(result.T).reshape(values.shape)
