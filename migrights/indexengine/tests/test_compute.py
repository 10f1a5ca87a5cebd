"""The edition end to end: ranks with ties, gaps, changes, replay."""

import numpy as np
import pandas as pd
import pytest

from migrights.indexengine import SCORE_COLUMNS, UNCERTAINTY_COLUMNS, IndexSpec, InputError, compute
from migrights.indexengine.tests.builders import answers, framework, indicator, score

TABLE = framework(
    indicator("K1", "R1", "C1", "commitment"),
    indicator("P1", "R1", "C1", "protection"),
    indicator("I1", "R2", "C1", "implementation"),
)


def panel(values):
    """{country: (K1, P1, I1)} for 2020."""
    return answers(
        {(c, 2020, code): v for c, row in values.items() for code, v in zip(("K1", "P1", "I1"), row, strict=True)}
    )


def test_scores_table_has_the_contract_columns_and_every_level():
    edition = compute(panel({"FRA": (1, 1, 0)}), TABLE)
    assert tuple(edition.scores.columns) == (*SCORE_COLUMNS, *UNCERTAINTY_COLUMNS)  # intervals NaN: no draws
    assert edition.scores["score_low"].isna().all()
    assert set(edition.scores["level"]) == {"indicator", "right", "category", "dimension", "overall"}


def test_ranks_with_ties():
    edition = compute(panel({"FRA": (1, 1, 1), "DEU": (1, 1, 1), "ITA": (0, 0, 0), "ESP": (1, 1, 0)}), TABLE)
    ranks = {c: score(edition, c, "overall", "overall", column="rank") for c in ("FRA", "DEU", "ESP", "ITA")}
    assert ranks == {"FRA": 1, "DEU": 1, "ESP": 3, "ITA": 4}
    dense = compute(panel({"FRA": (1, 1, 1), "DEU": (1, 1, 1), "ITA": (0, 0, 0)}), TABLE, IndexSpec(rank_ties="dense"))
    assert score(dense, "ITA", "overall", "overall", column="rank") == 2
    average = compute(panel({"FRA": (1, 1, 1), "DEU": (1, 1, 1)}), TABLE, IndexSpec(rank_ties="average"))
    assert score(average, "FRA", "overall", "overall", column="rank") == 1.5


def test_gaps_between_dimensions():
    edition = compute(panel({"FRA": (1, 1, 0)}), TABLE)
    gaps = edition.gaps.set_index("gap")["value"]
    assert gaps["commitment-protection"] == 0 and gaps["protection-implementation"] == 100


def test_change_since_previous_year_and_release():
    data = answers({("FRA", year, code): v for year, v in ((2019, 0), (2020, 1)) for code in ("K1", "P1", "I1")})
    first = compute(data, TABLE)
    assert score(first, "FRA", "overall", "overall", 2020, column="change_year") == 100
    assert np.isnan(score(first, "FRA", "overall", "overall", 2019, column="change_year"))
    revised = data.copy()
    revised.loc[(revised["year"] == 2020) & (revised["indicator"] == "I1"), "value"] = 0.0
    second = compute(revised, TABLE, previous=first.scores)
    assert score(second, "FRA", "overall", "overall", 2020, column="change_release") == pytest.approx(-100 / 3)
    assert score(second, "FRA", "overall", "overall", 2019, column="change_release") == 0


def test_same_spec_same_inputs_same_edition_whatever_the_row_order():
    data = panel({"FRA": (1, 1, 0), "DEU": (0, 1, 1), "ITA": (1, 0, 0)})
    first = compute(data, TABLE)
    shuffled = compute(data.sample(frac=1, random_state=4).reset_index(drop=True), TABLE)
    pd.testing.assert_frame_equal(first.scores, shuffled.scores)
    assert first.inputs_hash == shuffled.inputs_hash and first.spec_hash == shuffled.spec_hash
    changed = data.copy()
    changed.loc[0, "value"] = 0.0
    assert compute(changed, TABLE).inputs_hash != first.inputs_hash
    assert first.manifest()["spec"] == IndexSpec().to_dict()


def test_answers_outside_the_framework_or_scale_are_refused_with_rows():
    data = answers({("FRA", 2020, "P1"): 2, ("FRA", 2020, "XX"): 1})
    with pytest.raises(InputError) as caught:
        compute(data, TABLE)
    assert {(p.row, p.column) for p in caught.value.problems} == {(0, "value"), (1, "indicator")}


def test_a_second_answer_of_the_same_coder_is_refused():
    data = answers([("FRA", 2020, "P1", "c1", 1), ("FRA", 2020, "P1", "c1", 0)])
    with pytest.raises(InputError, match="second answer"):
        compute(data, TABLE)


def test_categorical_columns_give_the_same_edition():
    data = panel({"FRA": (1, 1, 0), "DEU": (0, 1, 1)})
    categorical = data.astype({"country": "category", "indicator": "category", "coder": "category"})
    first, second = compute(data, TABLE), compute(categorical, TABLE)
    pd.testing.assert_frame_equal(first.scores, second.scores)
    assert first.inputs_hash == second.inputs_hash


def test_a_field_smaller_than_min_ranked_has_no_ranks():
    answers = panel({"FRA": (1, 1, 1), "DEU": (1, 0, 1), "ITA": (0, 0, 0)})
    small = compute(answers, TABLE, IndexSpec(min_ranked=4), uncertainty=8)
    overall = small.scores[small.scores["level"] == "overall"]
    assert overall["rank"].isna().all() and overall["rank_low"].isna().all() and overall["score"].notna().all()
    enough = compute(answers, TABLE, IndexSpec(min_ranked=3))
    assert score(enough, "FRA", "overall", "overall", column="rank") == 1
