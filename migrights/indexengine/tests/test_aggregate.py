"""Weights and means, by property and by hand computation."""

import math
import re

import numpy as np
import pytest

from migrights.indexengine import IndexSpec, compute
from migrights.indexengine.aggregate import Links, power_mean
from migrights.indexengine.problems import InputError
from migrights.indexengine.tests.builders import answers, framework, indicator, score


def mean(values, weights, power, offset=0.0):
    links = Links(np.zeros(len(values), dtype=np.int64), np.array(weights, dtype=float), 1)
    return power_mean(np.array([values], dtype=float), links, power, offset)[0, 0]


def test_weighted_means_equal_hand_computations():
    values, weights = [20.0, 50.0, 80.0], [1.0, 2.0, 3.0]
    assert mean(values, weights, 1) == pytest.approx((20 + 100 + 240) / 6)
    assert mean(values, weights, 0) == pytest.approx(math.exp((math.log(20) + 2 * math.log(50) + 3 * math.log(80)) / 6))
    assert mean(values, weights, -1) == pytest.approx(6 / (1 / 20 + 2 / 50 + 3 / 80))
    assert mean(values, weights, 2) == pytest.approx(math.sqrt((400 + 2 * 2500 + 3 * 6400) / 6))


def test_geometric_mean_with_a_zero_uses_the_offset():
    assert mean([0.0, 100.0], [1, 1], 0, offset=1.0) == pytest.approx(math.sqrt(1 * 101) - 1)
    assert mean([0.0, 100.0], [1, 1], 0, offset=0.0) == 0
    assert mean([0.0, 100.0], [1, 1], -1, offset=0.0) == 0


def test_means_are_ordered_harmonic_geometric_arithmetic():
    values = [10.0, 40.0, 90.0]
    assert mean(values, [1, 1, 1], -1) < mean(values, [1, 1, 1], 0) < mean(values, [1, 1, 1], 1)


def test_missing_children_leave_the_denominator():
    assert mean([20.0, np.nan, 80.0], [1, 5, 1], 1) == 50
    assert np.isnan(mean([np.nan, np.nan], [1, 1], 1))


def test_equal_weights_on_identical_indicators_are_invariant_to_their_number():
    results = []
    for count in (1, 2, 5):
        codes = [f"A{n}" for n in range(count)]
        table = framework(*(indicator(code, "R1") for code in codes), indicator("B", "R2"))
        values = {("FRA", 2020, code): 1 for code in codes} | {("FRA", 2020, "B"): 0}
        results.append(score(compute(answers(values), table), "FRA", "category", "C1"))
    assert results == [50, 50, 50]


def test_framework_and_user_weights():
    table = framework(indicator("A", "R1", weight=3), indicator("B", "R1", weight=1))
    data = answers({("FRA", 2020, "A"): 1, ("FRA", 2020, "B"): 0})
    assert score(compute(data, table), "FRA", "right", "R1") == 50
    assert score(compute(data, table, IndexSpec(weights="framework")), "FRA", "right", "R1") == 75
    user = IndexSpec.from_dict({"weights": "user", "user_weights": {"B": 4}})
    assert score(compute(data, table, user), "FRA", "right", "R1") == 20


def test_framework_weights_count_at_every_level_by_hand():
    """Indicators standing alone carry their weight into the category; rights and categories their own."""
    table = framework(
        indicator("A", None, "C1", weight=3),  # its own right, weight 3
        indicator("B", None, "C1", weight=1),
        indicator("D", "R2", "C2", right_weight=2, category_weight=3),
        indicator("E", "R2", "C2"),  # R2's weight is declared once, on D's row
        indicator("F", "R3", "C2"),
    )
    values = {"A": 1, "B": 0, "D": 1, "E": 0, "F": 1}
    data = answers({("FRA", 2020, code): value for code, value in values.items()})
    edition = compute(data, table, IndexSpec(weights="framework"))
    c1 = (3 * 100 + 1 * 0) / 4  # 75: equal weights would give 50
    c2 = (2 * 50 + 1 * 100) / 3  # R2 = 50 weighs 2, R3 = 100 weighs 1
    assert score(edition, "FRA", "category", "C1") == pytest.approx(c1)
    assert score(edition, "FRA", "category", "C2") == pytest.approx(c2)
    assert score(edition, "FRA", "dimension", "protection") == pytest.approx((1 * c1 + 3 * c2) / 4)
    equal = compute(data, table)
    assert score(equal, "FRA", "category", "C1") == 50
    assert score(equal, "FRA", "dimension", "protection") == (50 + 75) / 2


def test_a_right_or_category_weight_is_declared_once():
    table = framework(
        indicator("D", "R2", "C2", right_weight=2),
        indicator("E", "R2", "C2", right_weight=3),
        indicator("F", "R3", "C2", category_weight=1),
        indicator("G", "R4", "C2", category_weight=2),
    )
    with pytest.raises(InputError) as error:
        compute(answers({("FRA", 2020, "D"): 1}), table, IndexSpec(weights="framework"))
    message = str(error.value)
    assert "right R2 has weight 2" in message and "category C2 has weight 1" in message


def test_aggregation_is_chosen_per_level():
    table = framework(indicator("A", "R1"), indicator("B", "R1"), indicator("C", "R2"))
    data = answers({("FRA", 2020, "A"): 1, ("FRA", 2020, "B"): 0, ("FRA", 2020, "C"): 1})
    spec = IndexSpec.from_dict({"aggregation": {"right": "geometric", "category": "harmonic"}})
    right = math.sqrt(101) - 1
    assert score(compute(data, table, spec), "FRA", "right", "R1") == pytest.approx(right)
    category = 2 / (1 / (right + 1) + 1 / 101) - 1
    assert score(compute(data, table, spec), "FRA", "category", "C1") == pytest.approx(category)


def test_dimensions_aggregate_categories_within_the_dimension_and_overall_the_chosen_dimensions():
    table = framework(
        indicator("P1", "R1", "C1", "protection"),
        indicator("I1", "R1", "C1", "implementation"),
        indicator("P2", "R2", "C2", "protection"),
        indicator("K1", "R3", "C2", "commitment"),
    )
    data = answers({("FRA", 2020, "P1"): 1, ("FRA", 2020, "I1"): 0, ("FRA", 2020, "P2"): 0, ("FRA", 2020, "K1"): 1})
    edition = compute(data, table)
    assert score(edition, "FRA", "dimension", "protection") == 50
    assert score(edition, "FRA", "dimension", "implementation") == 0
    assert score(edition, "FRA", "overall", "overall") == pytest.approx(50)
    two = compute(data, table, IndexSpec(overall_dimensions=("protection", "implementation")))
    assert score(two, "FRA", "overall", "overall") == 25


def test_named_and_generalised_means_and_their_refusals():
    from migrights.indexengine.aggregate import aggregation_power

    assert [aggregation_power(n) for n in ("arithmetic", "geometric", "harmonic")] == [1.0, 0.0, -1.0]
    assert aggregation_power("generalised:2") == 2.0 and aggregation_power("generalised:-0.5") == -0.5
    known = "known: arithmetic, geometric, harmonic, generalised:P"
    for name in ("generalised:", "generalised:two", "power:2", "median", "2"):
        with pytest.raises(ValueError, match=f"unknown aggregation '{re.escape(name)}'; {known}"):
            aggregation_power(name)


def test_weights_of_a_level_by_method():
    from migrights.indexengine.aggregate import level_weights

    assert level_weights(["a", "b"], "framework").tolist() == [1.0, 1.0]
    assert level_weights(["a", "b"], "framework", framework_weights=np.array([2, 1])).tolist() == [2.0, 1.0]
    assert level_weights(["a", "b"], "user", user_weights={"b": 3}).tolist() == [1.0, 3.0]
    with pytest.raises(ValueError, match="unknown weights method 'random'; known: equal, framework, user"):
        level_weights(["a"], "random")


def test_the_default_offsets_of_a_mean_and_of_a_named_aggregator():
    from migrights.indexengine.aggregate import aggregator

    values, weights = np.array([[0.0, 100.0]]), Links(np.zeros(2, dtype=np.int64), np.ones(2), 1)
    assert power_mean(values, weights, 0)[0, 0] == 0  # the bare mean: no offset
    assert aggregator("geometric")(values, weights)[0, 0] == pytest.approx(math.sqrt(1 * 101) - 1)  # offset 1


def test_a_zero_child_forces_only_its_own_parent_to_zero():
    # children 0 and 1 belong to parent A, children 2 and 3 to parent B; child 0 is zero
    values = np.array([[0.0, 100.0, 20.0, 80.0]])
    weights = Links(np.array([0, 0, 1, 1]), np.ones(4), 2)
    for power in (0, -1):
        parents = power_mean(values, weights, power, offset=0.0)[0]
        assert parents[0] == 0
        assert parents[1] == pytest.approx(mean([20.0, 80.0], [1, 1], power))
    # a positive power below 1: a zero child counts as zero and does not force the parent
    assert mean([0.0, 100.0], [1, 1], 0.5) == pytest.approx(((0 + 10) / 2) ** 2)


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_missing_children_and_zeros_leave_no_trace_in_any_mean_and_raise_no_warning():
    from migrights.indexengine.aggregate import Children

    for power in (1, 0, -1, 2, 0.5):
        assert mean([np.nan, 50.0, 80.0], [1, 1, 1], power) == pytest.approx(mean([50.0, 80.0], [1, 1], power))
        assert np.isnan(mean([np.nan, np.nan], [1, 1], power))  # no child present: no score
    for power in (0, -1):
        assert mean([0.0, 50.0], [1, 1], power) == 0
    # the transforms kept per power never serve another power
    children = Children(np.array([[20.0, 50.0, 80.0]]))
    for power in (1, 0, -1, 2, 1, 0):
        expected = mean([20.0, 50.0, 80.0], [1, 2, 3], power, offset=1.0)
        weights = Links(np.zeros(3, dtype=np.int64), np.array([1.0, 2.0, 3.0]), 1)
        assert power_mean(children, weights, power, offset=1.0)[0, 0] == pytest.approx(expected)
