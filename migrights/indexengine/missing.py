"""Step 4: treat unknown values. Not applicable values are never filled and never count against a country.

Every rule takes the normalised scores as a cube (countries x years x indicators, NaN where no
value), the cell status cube and the country-years present, and returns the cube with the unknown
cells it can fill filled. Whatever stays NaN is left out of the denominator when aggregating
(``exclude``), and the coverage reported is always that of observed values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from migrights.indexengine.coders import UNKNOWN


@dataclass(frozen=True)
class MissingContext:
    """What the rules may use besides the scores: the spec's parameters and the country groups."""

    status: np.ndarray  # (countries, years, indicators) int8: KNOWN, UNKNOWN, NOT_APPLICABLE
    present: np.ndarray  # (countries, years) bool: the country-year is in the answers
    carry_forward_years: int = 1
    group_of_country: np.ndarray | None = None  # (countries,) int group code, -1 when the country has none


def _fillable(cube: np.ndarray, context: MissingContext) -> np.ndarray:
    return (context.status == UNKNOWN) & context.present[:, :, None] & np.isnan(cube)


def exclude(cube: np.ndarray, context: MissingContext) -> np.ndarray:
    """Fill nothing: unknown values leave the denominator (the default)."""
    return cube


def carry_forward(cube: np.ndarray, context: MissingContext) -> np.ndarray:
    """Last observed value of the same country and indicator, if at most ``carry_forward_years`` old."""
    n_years = cube.shape[1]
    year_index = np.arange(n_years, dtype=np.int32)[None, :, None]
    observed = ~np.isnan(cube)
    last_seen = np.maximum.accumulate(np.where(observed, year_index, -1), axis=1)
    carried = np.take_along_axis(cube, np.maximum(last_seen, 0), axis=1)
    recent = (last_seen >= 0) & (year_index - last_seen <= context.carry_forward_years)
    return np.where(_fillable(cube, context) & recent, carried, cube)


def group_mean(cube: np.ndarray, context: MissingContext) -> np.ndarray:
    """Mean of the same indicator and year over the observed countries of the country's group."""
    if context.group_of_country is None:
        raise ValueError("the group_mean missing-data rule needs the countries' groups")
    group = context.group_of_country
    n_groups = int(group.max()) + 1 if len(group) else 0
    if n_groups == 0:
        return cube
    member = np.zeros((n_groups, len(group)))
    member[group[group >= 0], np.flatnonzero(group >= 0)] = 1.0
    observed = ~np.isnan(cube)
    flat_values = np.where(observed, cube, 0.0).reshape(len(group), -1)
    total = member @ flat_values
    count = member @ observed.reshape(len(group), -1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(count > 0, total / count, np.nan)
    filled = np.full_like(cube, np.nan)
    has_group = group >= 0
    filled[has_group] = means[group[has_group]].reshape((-1, *cube.shape[1:]))
    return np.where(_fillable(cube, context), filled, cube)


MISSING_RULES: dict[str, Callable[[np.ndarray, MissingContext], np.ndarray]] = {
    "exclude": exclude,
    "carry_forward": carry_forward,
    "group_mean": group_mean,
}
"""Rules a spec names in ``missing`` (and in ``uncertainty.missing``)."""


def impute(cube: np.ndarray, rule: str, context: MissingContext) -> np.ndarray:
    return MISSING_RULES[rule](cube, context)
