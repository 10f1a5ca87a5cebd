"""Combining coders: mean, median, adjudicated first, and not-applicable by majority."""

import numpy as np
import pytest

from migrights.indexengine import IndexSpec, compute
from migrights.indexengine.coders import KNOWN, NOT_APPLICABLE, UNKNOWN, cell_status
from migrights.indexengine.tests.builders import NA, answers, framework, indicator, score

TABLE = framework(indicator("O", "R1", scale="ordinal:0|1|2|3|4"))


def coded(*values, adjudicated=None):
    data = answers([("FRA", 2020, "O", f"c{n}", value) for n, value in enumerate(values)])
    if adjudicated is not None:
        data["adjudicated"] = adjudicated
    return data


def test_mean_and_median():
    assert score(compute(coded(0, 1, 4), TABLE), "FRA", "indicator", "O") == pytest.approx(125 / 3)
    assert score(compute(coded(0, 1, 4), TABLE, IndexSpec(coders="median")), "FRA", "indicator", "O") == 25
    assert score(compute(coded(0, 1, 3, 4), TABLE, IndexSpec(coders="median")), "FRA", "indicator", "O") == 50


def test_adjudicated_value_first_else_the_fallback_rule():
    spec = IndexSpec(coders="adjudicated", coders_fallback="median")
    assert score(compute(coded(0, 1, 4, adjudicated=[False, False, True]), TABLE, spec), "FRA", "indicator", "O") == 100
    assert score(compute(coded(0, 1, 4, adjudicated=[False] * 3), TABLE, spec), "FRA", "indicator", "O") == 25
    assert score(compute(coded(0, 1, 4), TABLE, spec), "FRA", "indicator", "O") == 25


def test_a_cell_is_not_applicable_only_when_most_coders_say_so():
    cell = np.zeros(3, dtype=np.int64)
    assert cell_status(cell, np.array([np.nan, np.nan, 1.0]), np.array([True, True, False]), 1)[0] == NOT_APPLICABLE
    assert cell_status(cell[:2], np.array([np.nan, 1.0]), np.array([True, False]), 1)[0] == KNOWN
    assert cell_status(cell[:1], np.array([np.nan]), np.array([False]), 1)[0] == UNKNOWN
    assert np.isnan(score(compute(coded(NA, NA, 2), TABLE), "FRA", "indicator", "O"))
