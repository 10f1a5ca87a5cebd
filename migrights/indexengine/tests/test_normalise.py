"""Normalisation, by property: bounds, direction, declared levels, goalposts."""

import numpy as np
import pytest

from migrights.indexengine import compute
from migrights.indexengine.normalise import NUMERIC_METHODS, normalise
from migrights.indexengine.tests.builders import answers, framework, indicator, score


def column(values, kind="numeric", low=np.nan, high=np.nan, reverse=False, method="minmax"):
    matrix = np.array(values, dtype=float)[:, None]
    return normalise(matrix, np.array([kind]), np.array([low]), np.array([high]), np.array([reverse]), method)[:, 0]


def test_minmax_hits_its_bounds():
    result = column([3.0, 7.0, 5.0, 11.0, np.nan])
    assert np.nanmin(result) == 0 and np.nanmax(result) == 100
    assert result[2] == pytest.approx(25.0) and np.isnan(result[4])


@pytest.mark.parametrize("method", sorted(NUMERIC_METHODS))
def test_reversing_direction_swaps_extremes(method):
    values = [1.0, 4.0, 9.0, 16.0]
    low, high = (0.0, 20.0) if method == "goalposts" else (np.nan, np.nan)
    forward = column(values, low=low, high=high, method=method)
    backward = column(values, low=low, high=high, method=method, reverse=True)
    assert np.argmax(forward) == np.argmin(backward) and np.argmin(forward) == np.argmax(backward)
    np.testing.assert_allclose(forward + backward, 100.0)


@pytest.mark.parametrize("method", sorted(NUMERIC_METHODS))
def test_every_method_stays_on_0_to_100_and_keeps_order(method):
    values = np.random.default_rng(3).normal(50, 20, 200)
    result = column(values, low=-100.0, high=200.0, method=method)
    assert result.min() >= 0 and result.max() <= 100
    assert (np.diff(result[np.argsort(values)]) >= -1e-12).all()


def test_binary_and_ordinal_use_their_declared_levels():
    assert list(column([0, 1, 0.5], kind="binary", low=0, high=1)) == [0, 100, 50]
    assert list(column([1, 2, 3, 5], kind="ordinal", low=1, high=5)) == [0, 25, 50, 100]


def test_goalposts_clip_and_percentage_uses_0_and_100():
    assert list(column([-5, 10, 30], low=0, high=20, method="goalposts")) == [0, 50, 100]
    assert list(column([0, 37.5, 100], kind="percentage", low=0, high=100)) == [0, 37.5, 100]


def test_a_constant_numeric_indicator_sits_at_the_midpoint():
    assert list(column([4.0, 4.0, 4.0])) == [50, 50, 50]


def test_rank_is_a_percentile_with_ties_averaged():
    assert list(column([10, 20, 20, 30], method="rank")) == pytest.approx([0, 50, 50, 100])


def test_numeric_indicators_are_pooled_over_years():
    table = framework(indicator("N", scale="numeric"))
    edition = compute(answers({("FRA", 2019, "N"): 10, ("FRA", 2020, "N"): 30, ("DEU", 2020, "N"): 20}), table)
    assert score(edition, "FRA", "indicator", "N", 2019) == 0
    assert score(edition, "DEU", "indicator", "N", 2020) == 50
    assert score(edition, "FRA", "indicator", "N", 2020) == 100
