"""A small example builder for the engine's tests: frameworks and answers in a few lines."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from migrights.indexengine.framework import COLUMNS


def indicator(
    code: str,
    right: str | None = None,
    category: str = "C1",
    dimension: str = "protection",
    scale: str = "binary",
    direction: str = "+",
    weight: float = 1.0,
    low: float = math.nan,
    high: float = math.nan,
    right_weight: float = math.nan,
    category_weight: float = math.nan,
) -> dict:
    """One framework row; the right defaults to standing alone; NaN weights of rights and categories are blank."""
    return {
        "indicator": code,
        "right": right,
        "category": category,
        "dimension": dimension,
        "scale": scale,
        "direction": direction,
        "weight": weight,
        "min": low,
        "max": high,
        "right_weight": right_weight,
        "category_weight": category_weight,
    }


def framework(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(COLUMNS))


NA = "NA"  # a not-applicable answer in ``answers`` below; None is unknown


def answers(values: Mapping[tuple[str, int, str], object] | Iterable[tuple], coder: str = "c1") -> pd.DataFrame:
    """Answers from ``{(country, year, indicator): value}`` (one coder) or ``(country, year, indicator, coder, value)``
    tuples; a value of ``NA`` is not applicable, ``None`` unknown."""
    rows = [(*key, coder, value) for key, value in values.items()] if isinstance(values, Mapping) else list(values)
    return pd.DataFrame(
        {
            "country": [r[0] for r in rows],
            "year": np.array([r[1] for r in rows], dtype=np.int64),
            "indicator": [r[2] for r in rows],
            "coder": [r[3] for r in rows],
            "value": [np.nan if r[4] is None or r[4] == NA else float(r[4]) for r in rows],
            "not_applicable": [r[4] == NA for r in rows],
        }
    )


def score(edition, country: str, level: str, code: str, year: int = 2020, column: str = "score") -> float:
    """One value of an edition's scores table."""
    table = edition.scores
    row = table[
        (table["country"] == country) & (table["year"] == year) & (table["level"] == level) & (table["code"] == code)
    ]
    assert len(row) == 1, f"{len(row)} rows for {country} {year} {level} {code}"
    value = row[column].iloc[0]
    return math.nan if pd.isna(value) else float(value)
