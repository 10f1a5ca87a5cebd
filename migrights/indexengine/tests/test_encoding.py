"""Encoding the answers: the integer codes and the scale checks equal a row-by-row reading, whatever the column types
and the row order (properties over seeded random tables)."""

import math

import numpy as np
import pandas as pd
import pytest

from migrights.indexengine.answers import _scale_problems, encode_answers
from migrights.indexengine.framework import Tree
from migrights.indexengine.problems import InputError
from migrights.indexengine.tests.builders import framework, indicator

SCALES = ("binary", "ordinal:0|1|2|3", "ordinal:-1|0|0.5|1", "numeric", "percentage")


def random_framework(rng: np.random.Generator, n: int = 12) -> pd.DataFrame:
    rows = []
    for k in range(n):
        scale = SCALES[int(rng.integers(len(SCALES)))]
        low, high = (0.0, 100.0) if scale == "percentage" else ((-5.0, 5.0) if k % 4 == 0 else (math.nan, math.nan))
        rows.append(indicator(f"I{k:02d}", scale=scale, low=low, high=high))
    return framework(*rows)


def random_answers(rng: np.random.Generator, table: pd.DataFrame, n: int = 400) -> pd.DataFrame:
    countries = np.array(["FRA", "DEU", "PHL", "MEX", "ZAF"])
    coders = np.array(["b", "a", "c"])
    keys = {
        (c, y, i, d)
        for c, y, i, d in zip(
            rng.choice(countries, n),
            rng.integers(2000, 2006, n),
            rng.choice(table["indicator"], n),
            rng.choice(coders, n),
            strict=True,
        )
    }
    rows = sorted(keys)
    values = rng.choice([0.0, 1.0, 2.0, 3.0, 0.5, -1.0, -0.0, 7.0, 150.0, np.nan, np.inf], len(rows))
    return pd.DataFrame(
        {
            "country": [r[0] for r in rows],
            "year": np.array([r[1] for r in rows], dtype=np.int64),
            "indicator": [r[2] for r in rows],
            "coder": [r[3] for r in rows],
            "value": values,
        }
    )


def naive_scale_problems(answers: pd.DataFrame, tree: Tree) -> set[tuple[int, str]]:
    """Row by row: (row, reason start) of every value off its indicator's levels or outside its min and max."""
    found = set()
    for row, (code, value) in enumerate(zip(answers["indicator"], answers["value"], strict=True)):
        if math.isnan(value):
            continue
        n = tree.indicators.index(code)
        kind, levels = tree.kind[n], tree.levels[n]
        if not math.isfinite(value):
            found.add((row, "value is not a finite number"))
        if kind in ("binary", "ordinal") and value not in levels:
            found.add((row, "value is not one of"))
        low, high = tree.low[n], tree.high[n]
        if kind in ("numeric", "percentage") and (
            (not math.isnan(low) and value < low) or (not math.isnan(high) and value > high)
        ):
            found.add((row, "value is outside"))
    return found


@pytest.mark.parametrize("seed", range(8))
def test_scale_checks_equal_a_row_by_row_reading(seed):
    rng = np.random.default_rng(seed)
    table = random_framework(rng)
    tree = Tree.from_table(table)
    answers = random_answers(rng, table, n=30)  # fewer bad rows of a kind than a check lists one by one
    indicator_codes = np.array([tree.indicators.index(code) for code in answers["indicator"]])
    problems = _scale_problems(
        answers["value"].to_numpy(),
        indicator_codes,
        tree,
        np.arange(len(answers)),
        "answers",
        np.zeros(len(answers), bool),
    )
    reasons = ("value is not a finite number", "value is not one of", "value is outside")
    found = {(p.row, next(r for r in reasons if p.reason.startswith(r))) for p in problems}
    assert found == naive_scale_problems(answers, tree)


@pytest.mark.parametrize("seed", range(6))
def test_codes_do_not_depend_on_row_order_or_column_types(seed):
    rng = np.random.default_rng(100 + seed)
    table = random_framework(rng)
    tree = Tree.from_table(table)
    answers = random_answers(rng, table)
    answers["value"] = 0.0  # on every scale: a level of binary and of both ordinal scales, within every min and max
    panel = encode_answers(answers, tree)
    # row by row: cell = (country * years + year) * indicators + indicator, countries sorted
    countries = sorted(set(answers["country"]))
    first = answers["year"].min()
    years = answers["year"].max() - first + 1
    expected = [
        ((countries.index(c) * years + (y - first)) * len(tree.indicators) + tree.indicators.index(i))
        for c, y, i in zip(answers["country"], answers["year"], answers["indicator"], strict=True)
    ]
    assert panel.cell.tolist() == expected
    shuffled = answers.sample(frac=1.0, random_state=seed)
    as_categories = shuffled.astype({"country": "category", "indicator": "category", "coder": "category"})
    as_categories["indicator"] = (
        as_categories["indicator"]
        .cat.add_categories(["unused"])
        .cat.reorder_categories(["unused", *reversed(as_categories["indicator"].cat.categories)])
    )
    # a filtered table's categoricals keep categories no row has: they are no countries or coders of the panel
    as_categories["country"] = as_categories["country"].cat.add_categories(["AAA", "ZZZ"])
    as_categories["coder"] = as_categories["coder"].cat.add_categories(["0-unused"])
    as_objects = shuffled.astype({"country": object, "indicator": object, "coder": object})
    for other in (shuffled, as_categories, as_objects):
        encoded = encode_answers(other, tree)
        assert encoded.digest == panel.digest
        assert sorted(encoded.cell.tolist()) == sorted(expected)
        assert encoded.countries == panel.countries


def test_unknown_and_missing_indicators_are_named_at_their_rows():
    tree = Tree.from_table(framework(indicator("I1"), indicator("I2")))
    answers = pd.DataFrame(
        {
            "country": ["FRA", "FRA", "DEU", "DEU"],
            "year": [2020, 2020, 2020, 2020],
            "indicator": pd.Series(["I2", "X9", None, "I1"], dtype="str"),
            "coder": ["a", "a", "a", "a"],
            "value": [1.0, 1.0, 0.0, 0.0],
        }
    )
    with pytest.raises(InputError) as error:
        encode_answers(answers, tree)
    assert [(p.row, p.column) for p in error.value.problems] == [(1, "indicator"), (2, "indicator")]
    assert "indicator not in the framework (X9" in str(error.value)


def test_chunked_checks_and_digest_equal_one_pass(monkeypatch):
    from migrights.indexengine import answers as module

    rng = np.random.default_rng(5)
    table = random_framework(rng)
    tree = Tree.from_table(table)
    answers = random_answers(rng, table, n=300)
    answers["value"] = 0.0
    answers["adjudicated"] = rng.random(len(answers)) < 0.3
    whole = encode_answers(answers, tree)
    bad = answers.assign(value=rng.choice([0.0, 0.5, 150.0, np.inf, np.nan], len(answers)))
    with pytest.raises(InputError) as one_pass:
        encode_answers(bad, tree)
    monkeypatch.setattr(module, "CHUNK", 7)
    assert encode_answers(answers, tree).digest == whole.digest
    with pytest.raises(InputError) as chunked:
        encode_answers(bad, tree)
    assert chunked.value.problems == one_pass.value.problems
