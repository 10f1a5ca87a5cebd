"""Step 2: combine several coders' answers to one value per cell (country, year, indicator).

Every function here works on the answer rows as arrays: ``cell`` (integer cell index),
``value`` (float, NaN when the coder gave no value) and the number of cells; they return one
float per cell, NaN where no coder gave a value.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

KNOWN, UNKNOWN, NOT_APPLICABLE = np.int8(1), np.int8(0), np.int8(2)


def coder_mean(cell: np.ndarray, value: np.ndarray, n_cells: int) -> np.ndarray:
    """Arithmetic mean of the coders' values in each cell."""
    known = ~np.isnan(value)
    cell, value = cell[known], value[known]
    total = np.bincount(cell, weights=value, minlength=n_cells)
    count = np.bincount(cell, minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / count


def coder_median(cell: np.ndarray, value: np.ndarray, n_cells: int) -> np.ndarray:
    """Median of the coders' values in each cell (mean of the two middle values for an even count)."""
    known = ~np.isnan(value)
    cell, value = cell[known], value[known]
    order = np.lexsort((value, cell))
    cell, value = cell[order], value[order]
    count = np.bincount(cell, minlength=n_cells)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    has = count > 0
    low = start[has] + (count[has] - 1) // 2
    high = start[has] + count[has] // 2
    result = np.full(n_cells, np.nan)
    result[has] = (value[low] + value[high]) / 2
    return result


CODER_RULES: dict[str, Callable[[np.ndarray, np.ndarray, int], np.ndarray]] = {
    "mean": coder_mean,
    "median": coder_median,
}
"""Rules a spec names in ``coders`` (and ``coders_fallback``); ``adjudicated`` is a filter in front of them."""

ADJUDICATED = "adjudicated"


def adjudicated_rows(cell: np.ndarray, adjudicated: np.ndarray, n_cells: int) -> np.ndarray:
    """Rows to keep under "adjudicated first": a cell's adjudicated rows when it has any, else all its rows."""
    has_adjudicated = np.bincount(cell[adjudicated], minlength=n_cells) > 0
    return adjudicated | ~has_adjudicated[cell]


def cell_status(cell: np.ndarray, value: np.ndarray, not_applicable: np.ndarray, n_cells: int) -> np.ndarray:
    """KNOWN, NOT_APPLICABLE or UNKNOWN per cell.

    A cell is not applicable when more coders said so than gave a value; it is known when at
    least one coder gave a value (and they are not outnumbered); otherwise (no answer, or only
    "unknown") it is unknown.
    """
    n_values = np.bincount(cell, weights=~np.isnan(value), minlength=n_cells)
    n_not_applicable = np.bincount(cell, weights=not_applicable, minlength=n_cells)
    status = np.full(n_cells, UNKNOWN, dtype=np.int8)
    status[n_values > 0] = KNOWN
    status[n_not_applicable > n_values] = NOT_APPLICABLE
    return status


def combine_coders(
    cell: np.ndarray,
    value: np.ndarray,
    not_applicable: np.ndarray,
    n_cells: int,
    rule: str = "mean",
    *,
    adjudicated: np.ndarray | None = None,
    fallback: str = "mean",
) -> tuple[np.ndarray, np.ndarray]:
    """One value and one status per cell from the coders' answer rows.

    ``rule`` is a name in ``CODER_RULES`` or ``"adjudicated"``: take a cell's adjudicated rows when
    it has any (the ``adjudicated`` flags), and combine the rows left by ``fallback``. Values of
    cells that are not applicable are NaN.
    """
    if rule == ADJUDICATED:
        if adjudicated is not None and adjudicated.any():
            keep = adjudicated_rows(cell, adjudicated, n_cells)
            cell, value, not_applicable = cell[keep], value[keep], not_applicable[keep]
        rule = fallback
    values = CODER_RULES[rule](cell, value, n_cells)
    status = cell_status(cell, value, not_applicable, n_cells)
    values[status != KNOWN] = np.nan
    return values, status


def resample_coders(
    cell: np.ndarray, value: np.ndarray, n_cells: int, rule: str, rng: np.random.Generator
) -> np.ndarray:
    """One bootstrap replicate: each cell's known values redrawn with replacement, then combined by ``rule``.

    A cell with one coder keeps its value; a cell with k coders gets k draws among them. The rows
    must be the known values only, sorted by cell.
    """
    count = np.bincount(cell, minlength=n_cells)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    picked = start[cell] + (rng.random(len(cell)) * count[cell]).astype(np.int64)
    return CODER_RULES[rule](cell, value[picked], n_cells)
