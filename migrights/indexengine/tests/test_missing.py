"""Missing data: not applicable never counts against a country; unknown is excluded, carried or imputed."""

import numpy as np
import pandas as pd
import pytest

from migrights.indexengine import IndexSpec, compute
from migrights.indexengine.tests.builders import NA, answers, framework, indicator, score

TABLE = framework(indicator("A", "R1"), indicator("B", "R1"), indicator("C", "R1"))


def test_not_applicable_does_not_lower_a_score_nor_its_coverage():
    with_na = compute(answers({("FRA", 2020, "A"): 1, ("FRA", 2020, "B"): 1, ("FRA", 2020, "C"): NA}), TABLE)
    assert score(with_na, "FRA", "right", "R1") == 100
    assert score(with_na, "FRA", "right", "R1", column="coverage") == 1
    assert not score(with_na, "FRA", "right", "R1", column="flagged")


def test_unknown_is_left_out_of_the_denominator_and_lowers_coverage():
    edition = compute(answers({("FRA", 2020, "A"): 1, ("FRA", 2020, "B"): 0, ("FRA", 2020, "C"): None}), TABLE)
    assert score(edition, "FRA", "right", "R1") == 50
    assert score(edition, "FRA", "right", "R1", column="coverage") == pytest.approx(2 / 3)


def test_low_coverage_is_flagged_and_left_unranked():
    data = answers(
        {("FRA", 2020, "A"): 1, ("FRA", 2020, "B"): None, ("FRA", 2020, "C"): None}
        | {("DEU", 2020, code): 0 for code in "ABC"}
    )
    edition = compute(data, TABLE, IndexSpec(min_coverage=0.5))
    assert score(edition, "FRA", "right", "R1") == 100 and score(edition, "FRA", "right", "R1", column="flagged")
    assert np.isnan(score(edition, "FRA", "right", "R1", column="rank"))
    assert score(edition, "DEU", "right", "R1", column="rank") == 1


def test_carry_forward_fills_up_to_n_years_and_never_not_applicable():
    table = framework(indicator("A", "R1"), indicator("B", "R1"))
    values = {("FRA", 2018, "A"): 1, ("FRA", 2018, "B"): NA, ("FRA", 2021, "B"): 0}
    values |= {("FRA", year, "A"): None for year in (2019, 2020, 2021)}
    values |= {("FRA", year, "B"): None for year in (2019, 2020)}
    spec = IndexSpec(missing="carry_forward", carry_forward_years=2)
    edition = compute(answers(values), table, spec)
    assert score(edition, "FRA", "indicator", "A", 2020) == 100  # two years old
    assert np.isnan(score(edition, "FRA", "indicator", "A", 2021))  # three years old
    assert np.isnan(score(edition, "FRA", "indicator", "B", 2019))  # not applicable is not carried
    assert score(edition, "FRA", "indicator", "A", 2020, column="coverage") == 0  # coverage counts observed values


def test_group_mean_fills_from_the_countrys_group_in_the_same_year():
    table = framework(indicator("A", "R1"), indicator("B", "R1"))
    values = {("FRA", 2020, "A"): 1, ("FRA", 2020, "B"): None, ("DEU", 2020, "A"): 1, ("DEU", 2020, "B"): 1}
    values |= {("ITA", 2020, "A"): 1, ("ITA", 2020, "B"): 0, ("BRA", 2020, "A"): 0, ("BRA", 2020, "B"): 0}
    groups = pd.DataFrame({"country": ["FRA", "DEU", "ITA", "BRA"], "region": ["EU", "EU", "EU", "LA"]})
    edition = compute(answers(values), table, IndexSpec(missing="group_mean"), groups=groups)
    assert score(edition, "FRA", "indicator", "B") == 50
    assert score(edition, "FRA", "right", "R1") == 75


def test_group_mean_without_groups_is_refused():
    from migrights.indexengine import InputError

    with pytest.raises(InputError, match="groups"):
        compute(answers({("FRA", 2020, "A"): 1}), TABLE, IndexSpec(missing="group_mean"))


def test_a_score_to_which_too_few_indicators_apply_is_flagged_and_left_unranked():
    # Kosovo's case: most indicators are not applicable (it cannot join the treaties they read)
    data = answers(
        {("XKX", 2020, "A"): 1, ("XKX", 2020, "B"): NA, ("XKX", 2020, "C"): NA}
        | {("DEU", 2020, code): 0 for code in "ABC"}
    )
    old = compute(data, TABLE)
    assert not score(old, "XKX", "right", "R1", column="flagged")  # the default keeps the old behaviour
    assert score(old, "XKX", "right", "R1", column="rank") == 1
    edition = compute(data, TABLE, IndexSpec(min_applicable=0.5))
    assert score(edition, "XKX", "right", "R1") == 100 and score(edition, "XKX", "right", "R1", column="coverage") == 1
    assert score(edition, "XKX", "right", "R1", column="flagged")
    assert np.isnan(score(edition, "XKX", "right", "R1", column="rank"))
    assert score(edition, "DEU", "right", "R1", column="rank") == 1
    assert not score(edition, "DEU", "right", "R1", column="flagged")


def test_an_overall_score_missing_one_of_its_dimensions_is_flagged():
    # a release that codes protection but not implementation: the mean of two dimensions is not "overall"
    table = framework(
        indicator("C1", category="K", dimension="commitment"),
        indicator("P1", category="K", dimension="protection"),
        indicator("P2", category="K", dimension="protection"),
        indicator("I1", category="K", dimension="implementation"),
    )
    values = {("FRA", 2020, "C1"): 1, ("FRA", 2020, "P1"): 1, ("FRA", 2020, "P2"): 0, ("FRA", 2020, "I1"): None}
    values |= {("DEU", 2020, code): 1 for code in ("C1", "P1", "P2", "I1")}
    edition = compute(answers(values), table, IndexSpec(min_coverage=0.5))
    assert score(edition, "FRA", "overall", "overall", column="coverage") == 0.75  # enough indicators...
    assert score(edition, "FRA", "dimension", "implementation", column="flagged")  # ...but no practice
    assert score(edition, "FRA", "overall", "overall", column="flagged")
    assert np.isnan(score(edition, "FRA", "overall", "overall", column="rank"))
    assert not score(edition, "DEU", "overall", "overall", column="flagged")
    only_two = compute(
        answers(values), table, IndexSpec(min_coverage=0.5, overall_dimensions=("commitment", "protection"))
    )
    assert not score(only_two, "FRA", "overall", "overall", column="flagged")  # a spec may define overall otherwise


def test_a_coverage_equal_to_the_minimum_is_enough_and_just_below_it_is_not():
    # FRA observes 2 of 4 indicators (coverage 0.5), ITA 1 of 4 (0.25): the minimum is inclusive
    table = framework(*(indicator(code, "R1") for code in "ABCD"))
    values = {("FRA", 2020, "A"): 1, ("FRA", 2020, "B"): 0, ("FRA", 2020, "C"): None, ("FRA", 2020, "D"): None}
    values |= {("ITA", 2020, "A"): 1, ("ITA", 2020, "B"): None, ("ITA", 2020, "C"): None, ("ITA", 2020, "D"): None}
    edition = compute(answers(values), table, IndexSpec(min_coverage=0.5))
    assert score(edition, "FRA", "right", "R1", column="coverage") == 0.5
    assert not score(edition, "FRA", "right", "R1", column="flagged")
    assert score(edition, "FRA", "right", "R1", column="rank") == 1
    assert score(edition, "ITA", "right", "R1", column="flagged")
    lower = compute(answers(values), table, IndexSpec(min_coverage=0.25))
    assert not score(lower, "ITA", "right", "R1", column="flagged")


def test_a_share_of_applicable_indicators_equal_to_the_minimum_is_enough():
    # XKX: 2 of 4 indicators apply (share 0.5); SRB: 1 of 4 (0.25)
    table = framework(*(indicator(code, "R1") for code in "ABCD"))
    values = {("XKX", 2020, "A"): 1, ("XKX", 2020, "B"): 1, ("XKX", 2020, "C"): NA, ("XKX", 2020, "D"): NA}
    values |= {("SRB", 2020, "A"): 1, ("SRB", 2020, "B"): NA, ("SRB", 2020, "C"): NA, ("SRB", 2020, "D"): NA}
    edition = compute(answers(values), table, IndexSpec(min_applicable=0.5))
    assert not score(edition, "XKX", "right", "R1", column="flagged")
    assert score(edition, "SRB", "right", "R1", column="flagged")


def test_a_not_applicable_cell_after_an_observed_value_is_never_filled():
    table = framework(indicator("A", "R1"), indicator("B", "R1"))
    values = {("FRA", 2019, "A"): 1, ("FRA", 2019, "B"): 1, ("FRA", 2020, "A"): NA, ("FRA", 2020, "B"): 0}
    for spec in (IndexSpec(missing="carry_forward"), IndexSpec()):
        edition = compute(answers(values), table, spec)
        assert np.isnan(score(edition, "FRA", "indicator", "A"))
        assert score(edition, "FRA", "right", "R1") == 0  # B alone: A not applicable, not carried


def test_carry_forward_counts_the_years_since_the_last_observed_value():
    table = framework(indicator("A", "R1"), indicator("B", "R1"))
    values = {("FRA", year, "B"): 1 for year in (2017, 2018, 2019, 2020)}
    values |= {("FRA", 2017, "A"): None, ("FRA", 2018, "A"): 0, ("FRA", 2019, "A"): None, ("FRA", 2020, "A"): None}
    edition = compute(answers(values), table, IndexSpec(missing="carry_forward", carry_forward_years=1))
    assert score(edition, "FRA", "indicator", "A", 2019) == 0  # one year old
    assert np.isnan(score(edition, "FRA", "indicator", "A", 2020))  # two years old
    assert np.isnan(score(edition, "FRA", "indicator", "A", 2017))  # nothing before


def context(status, groups):
    from migrights.indexengine.missing import MissingContext

    status = np.asarray(status, dtype=np.int8).reshape(len(groups), 1, 1)
    present = np.ones(status.shape[:2], dtype=bool)
    return MissingContext(status, present, group_of_country=np.asarray(groups, dtype=np.int64))


def test_group_mean_fills_from_the_observed_countries_of_the_group_only():
    from migrights.indexengine.coders import KNOWN, UNKNOWN
    from migrights.indexengine.missing import group_mean

    # countries 0-2 in group 0 (one unknown), 3 in group 1 alone and unknown, 4 in no group and unknown
    cube = np.array([np.nan, 1.0, 0.5, np.nan, np.nan]).reshape(5, 1, 1)
    status = [UNKNOWN, KNOWN, KNOWN, UNKNOWN, UNKNOWN]
    filled = group_mean(cube, context(status, [0, 0, 0, 1, -1])).ravel()
    assert filled[:3].tolist() == [0.75, 1.0, 0.5]
    assert np.isnan(filled[3]) and np.isnan(filled[4])  # nobody observed in group 1; no group, no mean
    one_group = group_mean(cube, context(status, [0, 0, 0, 0, 0])).ravel()
    assert one_group.tolist() == [0.75, 1.0, 0.5, 0.75, 0.75]
    one_observed = group_mean(cube, context(status, [0, 0, 1, 1, -1])).ravel()
    assert one_observed[0] == 1.0 and one_observed[3] == 0.5  # a group of one observed country gives its value
    assert np.isnan(one_observed[4])  # never the mean of another group
    empty = np.zeros((0, 1, 1))
    assert group_mean(empty, context([], [])).shape == (0, 1, 1)


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_group_mean_without_any_observed_country_is_unknown_without_warnings():
    from migrights.indexengine.coders import UNKNOWN
    from migrights.indexengine.missing import MissingContext, group_mean

    cube = np.full((2, 1, 1), np.nan)
    assert np.isnan(group_mean(cube, context([UNKNOWN, UNKNOWN], [0, 0]))).all()
    with pytest.raises(ValueError, match=r"^the group_mean missing-data rule needs the countries' groups$"):
        group_mean(cube, MissingContext(np.zeros((2, 1, 1), dtype=np.int8), np.ones((2, 1), dtype=bool)))


def test_both_minimums_apply_together():
    table = framework(*(indicator(code, "R1") for code in "ABCD"))
    values = {("FRA", 2020, "A"): 1, ("FRA", 2020, "B"): None, ("FRA", 2020, "C"): None, ("FRA", 2020, "D"): None}
    values |= {("DEU", 2020, code): 1 for code in "ABCD"}
    edition = compute(answers(values), table, IndexSpec(min_coverage=0.5, min_applicable=0.25))
    assert score(edition, "FRA", "right", "R1", column="flagged")  # every indicator applies; too few observed
    assert not score(edition, "DEU", "right", "R1", column="flagged")


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_score_to_which_nothing_applies_is_not_flagged_and_computes_without_warnings():
    table = framework(indicator("A", "R1"), indicator("B", "R1"), indicator("C", "R2"))
    values = {("FRA", 2020, "A"): NA, ("FRA", 2020, "B"): NA, ("FRA", 2020, "C"): 1}
    edition = compute(answers(values), table, IndexSpec(min_applicable=0.5))
    assert np.isnan(score(edition, "FRA", "right", "R1"))
    assert np.isnan(score(edition, "FRA", "right", "R1", column="coverage"))
    assert not score(edition, "FRA", "right", "R1", column="flagged")  # nothing to score is not a doubtful score
    assert not score(edition, "FRA", "right", "R2", column="flagged")


def test_an_overall_score_to_which_too_few_indicators_apply_is_flagged_though_no_dimension_is():
    # protection: nothing applies (no score, not flagged); commitment and implementation: half apply (enough)
    table = framework(
        *(indicator(f"C{i}", category="K", dimension="commitment") for i in (1, 2)),
        *(indicator(f"P{i}", category="K", dimension="protection") for i in (1, 2)),
        *(indicator(f"I{i}", category="K", dimension="implementation") for i in (1, 2)),
    )
    values = {("FRA", 2020, "C1"): 1, ("FRA", 2020, "C2"): NA, ("FRA", 2020, "P1"): NA, ("FRA", 2020, "P2"): NA}
    values |= {("FRA", 2020, "I1"): 1, ("FRA", 2020, "I2"): NA}
    edition = compute(answers(values), table, IndexSpec(min_applicable=0.5))
    for dimension in ("commitment", "protection", "implementation"):
        assert not score(edition, "FRA", "dimension", dimension, column="flagged")
    assert score(edition, "FRA", "overall", "overall", column="flagged")  # 2 of 6 indicators apply


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_an_overall_score_none_of_whose_dimensions_the_framework_has_is_unknown_and_computes_without_warnings():
    table = framework(indicator("P1", "R1"), indicator("P2", "R1"))  # protection only; the overall counts commitment
    values = {("FRA", 2020, "P1"): 1, ("FRA", 2020, "P2"): NA}
    edition = compute(answers(values), table, IndexSpec(min_applicable=0.5, overall_dimensions=("commitment",)))
    assert score(edition, "FRA", "right", "R1") == 100  # half of R1 applies: enough
    assert not score(edition, "FRA", "right", "R1", column="flagged")
    assert np.isnan(score(edition, "FRA", "overall", "overall"))
    assert np.isnan(score(edition, "FRA", "overall", "overall", column="coverage"))
    assert not score(edition, "FRA", "overall", "overall", column="flagged")  # nothing to score, not a doubtful score
