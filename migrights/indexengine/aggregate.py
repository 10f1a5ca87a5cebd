"""Steps 5 and 6: weights, and the means that aggregate children into their parent.

A level is aggregated by segment sums: the children scores (country-years x children, NaN where
missing), weighted, are summed over each parent's children (``Links``: each child's parent and
weight, the children of a parent taken together in one ``np.add.reduceat``). Missing children leave
the denominator, so the weights of the children present are renormalised within each parent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

WEIGHT_METHODS = ("equal", "framework", "user")
"""Values a spec names in ``weights``."""


def level_weights(
    codes: Sequence[str],
    method: str,
    *,
    framework_weights: np.ndarray | None = None,
    user_weights: Mapping[str, float] | None = None,
) -> np.ndarray:
    """Weights of one level's codes.

    ``equal``: 1 each. ``framework``: the framework's weights of the level's codes
    (``framework_weights``, 1 each where the framework declares none, as for dimensions). ``user``:
    the spec's mapping, 1 for codes it does not name.
    """
    if method == "equal":
        return np.ones(len(codes))
    if method == "framework":
        return np.ones(len(codes)) if framework_weights is None else np.asarray(framework_weights, dtype=np.float64)
    if method == "user":
        mapping = user_weights or {}
        return np.array([float(mapping.get(code, 1.0)) for code in codes])
    raise ValueError(f"unknown weights method {method!r}; known: {', '.join(WEIGHT_METHODS)}")


@dataclass(frozen=True, eq=False)
class Links:
    """A level's children and parents: each child's parent and weight (a sparse weighted membership)."""

    parent: np.ndarray  # (children,) int: the parent of each child
    weight: np.ndarray  # (children,) float: its weight in that parent
    n_parents: int

    @cached_property
    def _groups(self) -> list[tuple[int, np.ndarray]]:
        """Each parent with children, and its children in their order."""
        order = np.argsort(self.parent, kind="stable")
        bounds = np.searchsorted(self.parent[order], np.arange(self.n_parents + 1))
        return [(p, order[bounds[p] : bounds[p + 1]]) for p in range(self.n_parents) if bounds[p + 1] > bounds[p]]

    def total(self, columns: np.ndarray, weighted: bool = True) -> np.ndarray:
        """(parents, rows): the sum over each parent's children of ``columns`` (children, rows), times their weights
        (or of the values alone), 0 for a parent without children. A parent's children are added in their order,
        whole rows at a time: no (rows x children x parents) product, and the same sums whatever the machine."""
        sums = np.zeros((self.n_parents, columns.shape[1]))
        for parent, children in self._groups:
            block = columns[children]
            if weighted:
                block = block * self.weight[children][:, None]
            np.add.reduce(block, axis=0, out=sums[parent])
        return sums


class Children:
    """Children scores (country-years x children, NaN where missing) with their transforms kept.

    The Monte Carlo aggregates the same children under many weightings; the element-wise
    transforms (x, log x, x^p) are computed once per power and reused. They are kept one row per
    child (children x country-years), the layout in which a parent's children are summed row by row.
    """

    def __init__(self, values: np.ndarray) -> None:
        self.columns = np.ascontiguousarray(np.asarray(values, dtype=np.float64).T)
        self.present = ~np.isnan(self.columns)
        self.present_weight = self.present.astype(np.float64)
        self._transforms: dict[tuple[float, float], tuple[np.ndarray, np.ndarray | None]] = {}

    def transformed(self, power: float, shift: float) -> tuple[np.ndarray, np.ndarray | None]:
        """``x``, ``log(x + shift)`` or ``(x + shift)^p``, 0 where missing; and where ``x + shift <= 0`` (p <= 0);
        (children, country-years)."""
        key = (power, shift)
        if key not in self._transforms:
            if power == 1:
                self._transforms[key] = (np.where(self.present, self.columns, 0.0), None)
            else:
                shifted = np.where(self.present, self.columns + shift, 1.0)
                zero = self.present & (shifted <= 0) if power <= 0 else None
                if zero is not None:
                    shifted = np.where(zero, 1.0, shifted)
                with np.errstate(over="ignore"):
                    transformed = np.log(shifted) if power == 0 else shifted**power
                self._transforms[key] = (np.where(self.present, transformed, 0.0), zero)
        return self._transforms[key]


def power_mean(values: np.ndarray | Children, links: Links, power: float, offset: float = 0.0) -> np.ndarray:
    """Weighted generalised (power) mean of each parent's children present: (country-years, parents) from the
    children's scores (country-years, children).

    ``M_p = (sum w x^p / sum w)^(1/p)``, with ``p = 0`` the geometric mean ``exp(sum w log x / sum w)``.
    For ``p <= 0`` the mean is taken of ``x + offset`` and ``offset`` subtracted again, so that a
    zero child does not force the parent to zero; with ``offset = 0`` a zero child gives 0 (the
    limit of the mean).
    """
    children = values if isinstance(values, Children) else Children(values)
    denominator = links.total(children.present_weight)
    shift = offset if power <= 0 else 0.0
    transformed, zero = children.transformed(power, shift)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        mean = links.total(transformed) / denominator
        if power == 0:
            mean = np.exp(mean)
        elif power != 1:
            mean = mean ** (1.0 / power)
    if shift:
        mean = mean - shift
    if zero is not None and zero.any():
        mean = np.where(links.total(zero & (links.weight > 0), weighted=False) > 0, 0.0, mean)
    return np.where(denominator > 0, mean, np.nan).T  # (country-years, parents)


AGGREGATIONS: dict[str, float] = {"arithmetic": 1.0, "geometric": 0.0, "harmonic": -1.0}
"""Named means a spec gives per level; ``generalised:P`` is the power mean of order P."""


def aggregation_power(name: str) -> float:
    """The power of a named mean: ``arithmetic`` 1, ``geometric`` 0, ``harmonic`` -1, ``generalised:P`` P."""
    if name in AGGREGATIONS:
        return AGGREGATIONS[name]
    prefix, _, power = name.partition(":")
    if prefix == "generalised" and power:
        try:
            return float(power)
        except ValueError:
            pass
    raise ValueError(f"unknown aggregation {name!r}; known: {', '.join(AGGREGATIONS)}, generalised:P (P a number)")


def aggregator(name: str, offset: float = 1.0) -> Callable[[np.ndarray | Children, Links], np.ndarray]:
    """The function ``(children scores, links) -> parent scores`` for a named mean."""
    power = aggregation_power(name)
    return lambda values, links: power_mean(values, links, power, offset)
