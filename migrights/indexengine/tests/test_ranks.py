"""The engine's ranks: the same numbers as scipy's ``rankdata``, without importing scipy.stats on a command's path."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import rankdata

from migrights.indexengine.ranks import RANK_METHODS, rank_columns


@pytest.mark.parametrize("method", RANK_METHODS)
def test_ranks_equal_scipy_with_ties_and_nan(method):
    rng = np.random.default_rng(7)
    for trial in range(200):
        shape = (int(rng.integers(0, 25)), int(rng.integers(0, 5)))
        values = rng.integers(0, 4 if trial % 2 else 50, shape).astype(float)  # many ties, or few
        values[rng.random(shape) < 0.3] = np.nan
        if trial % 5 == 0 and shape[1]:
            values[:, 0] = np.nan  # a column with nothing to rank
        if trial % 7 == 0:
            values[values == 0] = -0.0  # -0.0 ties with 0.0, as in scipy
        expected = rankdata(values, method=method, axis=0, nan_policy="omit")
        assert np.array_equal(rank_columns(values, method), expected, equal_nan=True), (values, method)


def test_ranks_of_a_vector_a_cube_and_infinities():
    assert list(rank_columns(np.array([30.0, 10.0, 20.0, 10.0]), "min")) == [4, 1, 3, 1]
    assert list(rank_columns(np.array([30.0, 10.0, 20.0, 10.0]), "max")) == [4, 2, 3, 2]
    assert list(rank_columns(np.array([30.0, 10.0, 20.0, 10.0]), "dense")) == [3, 1, 2, 1]
    assert list(rank_columns(np.array([np.inf, -np.inf, np.nan, 0.0]), "average"))[:2] == [3, 1]
    cube = np.random.default_rng(3).integers(0, 3, (6, 4, 5)).astype(float)
    expected = rankdata(cube, method="average", axis=0, nan_policy="omit")
    assert np.array_equal(rank_columns(cube, "average"), expected)
    with pytest.raises(ValueError, match="unknown rank method 'ordinal'"):
        rank_columns(cube, "ordinal")


def test_importing_the_engine_and_computing_leave_scipy_stats_unimported():
    script = (
        "import sys, numpy as np, pandas as pd\n"
        "from migrights.indexengine import IndexSpec, compute\n"
        "from migrights.indexengine.tests.builders import answers, framework, indicator\n"
        "table = framework(indicator('I1', scale='numeric'), indicator('I2'))\n"
        "rows = [('FRA', 2020, 'I1', 'a', 3.0), ('DEU', 2020, 'I1', 'a', 5.0), ('FRA', 2020, 'I2', 'a', 1.0)]\n"
        "compute(answers(rows), table, IndexSpec(normalisation='rank', rank_ties='average'))\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root)
    assert result.stdout.strip() == "False"
