"""The framework as the engine sees it: one row per indicator, checked, and the tree built from it.

Columns: ``indicator, right, category, dimension, scale, direction, weight, min, max`` and the
optional ``right_weight, category_weight``. ``right`` may be empty (the indicator stands alone and
is its own right); ``scale`` is ``binary``,
``ordinal:V1|V2|...`` (the level values, lowest first or in any order), ``numeric`` or
``percentage`` (numeric with goalposts 0 and 100); ``direction`` is ``+`` or ``-``; ``min`` and
``max`` are the goalposts of a numeric indicator, NaN unless given. ``weight`` is the indicator's
weight within its right; ``right_weight`` the right's within its category and ``category_weight``
the category's within its dimension (blank: 1, and the same on every row of the right or category).
An indicator that is its own right carries its ``weight`` into the category unless its row gives a
``right_weight``: the framework's weights count at every level (docs/decisions.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from migrights.indexengine.problems import InputError, Problem
from migrights.indexengine.words import DIMENSIONS, FRAMEWORK_COLUMNS

COLUMNS = FRAMEWORK_COLUMNS  # the framework table, one row per indicator
REQUIRED_CSV_COLUMNS = ("indicator", "category", "dimension", "scale", "direction", "weight")
SCALE_KINDS = ("binary", "ordinal", "numeric", "percentage")


def parse_scale(text: str) -> tuple[str, tuple[float, ...]]:
    """``(kind, level values)`` of a scale string; ValueError says why it is not one."""
    kind, _, levels_text = str(text).strip().partition(":")
    if kind == "binary" and not levels_text:
        return kind, (0.0, 1.0)
    if kind in ("numeric", "percentage") and not levels_text:
        return kind, ()
    if kind == "ordinal":
        try:
            levels = tuple(float(level) for level in levels_text.split("|"))
        except ValueError:
            raise ValueError(f"ordinal levels {levels_text!r} are not numbers separated by |") from None
        if len(levels) < 2 or len(set(levels)) != len(levels) or not all(map(math.isfinite, levels)):
            raise ValueError(f"ordinal needs two or more distinct finite level values, not {levels_text!r}")
        return kind, levels
    raise ValueError(f"scale {text!r} is not binary, ordinal:V1|V2|..., numeric or percentage")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def _weight(record: dict, column: str, problem: Callable[[str, str], None]) -> float:
    """A weight cell: NaN when blank, the number when it is one of 0 or more, NaN and a problem otherwise."""
    if _blank(record.get(column)):
        return math.nan
    try:
        weight = float(record[column])
    except (TypeError, ValueError):
        weight = math.nan
    if not math.isfinite(weight) or weight < 0:
        problem(column, f"{record[column]!r} is not a number of 0 or more")
        return math.nan
    return weight


def _same_weight(
    seen: dict[str, tuple[float, int]], key: str, weight: float, row: int, what: str, problem: Callable[..., None]
) -> None:
    """A right's or category's weight is declared once: the same on every row that gives one."""
    if math.isnan(weight):
        return
    earlier = seen.setdefault(key, (weight, row))
    if earlier[0] != weight:
        problem(f"{what}_weight", f"{what} {key} has weight {earlier[0]:g} on row {earlier[1]}, not {weight:g}")


def check_framework(table: pd.DataFrame, where: str = "framework", first_row: int = 0) -> pd.DataFrame:
    """The framework table cleaned (types, defaults); InputError listing every problem otherwise.

    ``first_row`` is the number reported for the table's first row (2 for a CSV file with a header).
    """
    missing = [column for column in REQUIRED_CSV_COLUMNS if column not in table.columns]
    if missing:
        raise InputError(Problem(where, 1, column, "required column is missing") for column in missing)
    problems: list[Problem] = []
    rows = []
    seen: dict[str, int] = {}
    category_of_right: dict[str, tuple[str, int]] = {}
    right_weights: dict[str, tuple[float, int]] = {}
    category_weights: dict[str, tuple[float, int]] = {}
    for position, record in enumerate(table.to_dict("records")):
        row = position + first_row

        def problem(column: str, reason: str, row: int = row) -> None:
            problems.append(Problem(where, row, column, reason))

        code = "" if _blank(record.get("indicator")) else str(record["indicator"]).strip()
        if not code:
            problem("indicator", "empty indicator code")
        elif code in seen:
            problem("indicator", f"indicator {code} is already defined on row {seen[code]}")
        else:
            seen[code] = row
        right = "" if _blank(record.get("right")) else str(record["right"]).strip()
        category = "" if _blank(record.get("category")) else str(record["category"]).strip()
        if not category:
            problem("category", "empty category")
        right_key = right or code
        if right and category:
            earlier = category_of_right.setdefault(right_key, (category, row))
            if earlier[0] != category:
                problem("category", f"right {right} is in category {earlier[0]} on row {earlier[1]}, not {category}")
        dimension = str(record.get("dimension", "")).strip()
        if dimension not in DIMENSIONS:
            problem("dimension", f"{dimension!r} is not one of {', '.join(DIMENSIONS)}")
        scale = str(record.get("scale", "")).strip()
        try:
            kind, levels = parse_scale(scale)
        except ValueError as error:
            problem("scale", str(error))
            kind, levels = "", ()
        direction = str(record.get("direction", "")).strip()
        if direction not in ("+", "-"):
            problem("direction", f"{direction!r} is not + or -")
        weight = _weight(record, "weight", problem)
        weight = 1.0 if math.isnan(weight) else weight
        right_weight = _weight(record, "right_weight", problem)
        if math.isnan(right_weight) and not right:
            right_weight = weight  # the indicator is its own right: its weight is the right's
        _same_weight(right_weights, right_key, right_weight, row, "right", problem)
        category_weight = _weight(record, "category_weight", problem)
        _same_weight(category_weights, category, category_weight, row, "category", problem)
        bounds = {}
        for column in ("min", "max"):
            bounds[column] = math.nan
            if not _blank(record.get(column)):
                try:
                    bounds[column] = float(record[column])
                except (TypeError, ValueError):
                    problem(column, f"{record[column]!r} is not a number")
        if kind == "percentage":
            bounds["min"] = 0.0 if math.isnan(bounds["min"]) else bounds["min"]
            bounds["max"] = 100.0 if math.isnan(bounds["max"]) else bounds["max"]
        if not math.isnan(bounds["min"]) and not math.isnan(bounds["max"]) and bounds["min"] >= bounds["max"]:
            problem("max", f"max {bounds['max']:g} is not above min {bounds['min']:g}")
        if kind in ("binary", "ordinal") and not (math.isnan(bounds["min"]) and math.isnan(bounds["max"])):
            problem("min", f"{kind} indicators take their bounds from their levels, not min/max")
        rows.append(
            {
                "indicator": code,
                "right": right or None,
                "category": category,
                "dimension": dimension,
                "scale": scale if kind != "ordinal" else "ordinal:" + "|".join(f"{v:g}" for v in levels),
                "direction": direction,
                "weight": weight,
                "min": bounds["min"],
                "max": bounds["max"],
                "right_weight": right_weight,
                "category_weight": category_weight,
            }
        )
    if not rows:
        problems.append(Problem(where, first_row, "indicator", "the framework has no indicator"))
    if problems:
        raise InputError(problems)
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    # a weight declared on one row of a right or category holds for all its rows; 1 where none is
    rights = table["right"].fillna(table["indicator"])
    for column, key in (("right_weight", rights), ("category_weight", table["category"])):
        declared = table[column].groupby(key).transform("first")
        table[column] = declared.fillna(1.0).astype(np.float64)
    return table


def read_framework_csv(path: str | Path) -> pd.DataFrame:
    """A researcher's framework CSV (columns as ``check_framework`` wants), checked; InputError otherwise."""
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputError([Problem(str(path), 1, "-", f"cannot read the file as CSV: {error}")]) from None
    table.columns = [str(column).strip() for column in table.columns]
    return check_framework(table, where=str(path), first_row=2)


@dataclass(frozen=True, eq=False)
class Tree:
    """The framework's aggregation tree, as codes and integer links.

    Published levels: indicator → right → category, and indicator → dimension → overall. A
    dimension score aggregates categories restricted to the dimension, each of which aggregates
    rights restricted to the dimension ("right x dimension" and "category x dimension" nodes), so
    rights and categories keep their own aggregation method in both trees.
    """

    indicators: tuple[str, ...]
    rights: tuple[str, ...]
    categories: tuple[str, ...]
    dimensions: tuple[str, ...]
    right_of: np.ndarray  # (indicators,) index into rights
    category_of: np.ndarray  # (rights,) index into categories
    dimension_of: np.ndarray  # (indicators,) index into dimensions
    framework_weights: np.ndarray  # (indicators,)
    right_weights: np.ndarray  # (rights,) the framework's weight of each right within its category
    category_weights: np.ndarray  # (categories,) the framework's weight of each category within its dimension
    kind: np.ndarray  # (indicators,) scale kind
    low: np.ndarray  # (indicators,) lowest level or lower goalpost (NaN if none)
    high: np.ndarray
    reverse: np.ndarray  # (indicators,) bool: direction is -
    levels: tuple[tuple[float, ...], ...]

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> Tree:
        indicators = tuple(table["indicator"])
        rights_column = [r if isinstance(r, str) and r else i for r, i in zip(table["right"], indicators, strict=True)]
        rights = tuple(dict.fromkeys(rights_column))
        categories = tuple(dict.fromkeys(table["category"]))
        dimensions = tuple(d for d in DIMENSIONS if d in set(table["dimension"]))
        right_index = {code: n for n, code in enumerate(rights)}
        category_of = np.zeros(len(rights), dtype=np.int64)
        right_weights, category_weights = np.ones(len(rights)), np.ones(len(categories))
        declared = zip(rights_column, table["category"], table["right_weight"], table["category_weight"], strict=True)
        for right, category, right_weight, category_weight in declared:
            category_of[right_index[right]] = categories.index(category)
            right_weights[right_index[right]] = right_weight
            category_weights[categories.index(category)] = category_weight
        parsed = [parse_scale(scale) for scale in table["scale"]]
        kind = np.array([k for k, _ in parsed])
        low = np.array([min(levels) if levels else m for (_, levels), m in zip(parsed, table["min"], strict=True)])
        high = np.array([max(levels) if levels else m for (_, levels), m in zip(parsed, table["max"], strict=True)])
        return cls(
            indicators=indicators,
            rights=rights,
            categories=categories,
            dimensions=dimensions,
            right_of=np.array([right_index[r] for r in rights_column], dtype=np.int64),
            category_of=category_of,
            dimension_of=np.array([dimensions.index(d) for d in table["dimension"]], dtype=np.int64),
            framework_weights=table["weight"].to_numpy(dtype=np.float64),
            right_weights=right_weights,
            category_weights=category_weights,
            kind=kind,
            low=low.astype(np.float64),
            high=high.astype(np.float64),
            reverse=(table["direction"] == "-").to_numpy(),
            levels=tuple(levels for _, levels in parsed),
        )

    @cached_property
    def right_dimensions(self) -> np.ndarray:
        """(right x dimension nodes, 2): the (right, dimension) pairs that have indicators."""
        return np.unique(np.stack([self.right_of, self.dimension_of], axis=1), axis=0)

    @cached_property
    def category_dimensions(self) -> np.ndarray:
        """(category x dimension nodes, 2): the (category, dimension) pairs that have indicators."""
        pairs = np.stack([self.category_of[self.right_dimensions[:, 0]], self.right_dimensions[:, 1]], axis=1)
        return np.unique(pairs, axis=0)

    @cached_property
    def indicator_to_right_dimension(self) -> np.ndarray:
        """(indicators,) index of each indicator's "right x dimension" node."""
        return _positions(self.right_dimensions, np.stack([self.right_of, self.dimension_of], axis=1))

    @cached_property
    def right_dimension_to_category_dimension(self) -> np.ndarray:
        """(right x dimension nodes,) index of each node's "category x dimension" node."""
        pairs = np.stack([self.category_of[self.right_dimensions[:, 0]], self.right_dimensions[:, 1]], axis=1)
        return _positions(self.category_dimensions, pairs)


def _positions(pairs: np.ndarray, of: np.ndarray) -> np.ndarray:
    """Position in ``pairs`` of each row of ``of`` (both (n, 2) integer arrays)."""
    lookup = {tuple(pair): n for n, pair in enumerate(pairs.tolist())}
    return np.array([lookup[tuple(pair)] for pair in of.tolist()], dtype=np.int64)
