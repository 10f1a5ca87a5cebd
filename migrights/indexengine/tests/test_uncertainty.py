"""Monte Carlo and sensitivity: intervals, seeds, and zero sensitivity for choices with no effect."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from migrights.indexengine import UNCERTAINTY_COLUMNS, IndexSpec, compute
from migrights.indexengine.tests.builders import answers, framework, indicator

TABLE = framework(
    indicator("P1", "R1", "C1", "protection"),
    indicator("P2", "R1", "C1", "protection"),
    indicator("P3", "R2", "C2", "protection"),
    indicator("I1", "R3", "C2", "implementation", scale="ordinal:0|1|2"),
)


def sample_answers(countries=8, seed=5):
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(countries):
        for code in ("P1", "P2", "P3", "I1"):
            for coder in ("a", "b"):
                value = int(rng.integers(0, 3 if code == "I1" else 2))
                rows.append((f"C{c:02d}", 2020, code, coder, value))
    return answers(rows)


def spec(**uncertainty):
    return IndexSpec.from_dict({"uncertainty": {"seed": 11, **uncertainty}})


def test_intervals_surround_the_median_and_ranks_get_intervals():
    edition = compute(sample_answers(), TABLE, spec(weight_bounds=0.5, resample_coders=True), uncertainty=60)
    scores = edition.scores.dropna(subset=["score"])
    assert set(UNCERTAINTY_COLUMNS) <= set(scores.columns)
    assert (scores["score_low"] <= scores["score_median"] + 1e-9).all()
    assert (scores["score_median"] <= scores["score_high"] + 1e-9).all()
    ranked = scores.dropna(subset=["rank"])
    assert (ranked["rank_low"] <= ranked["rank_high"]).all() and edition.draws >= 60 and edition.seed == 11


def test_the_same_seed_replays_and_another_seed_differs():
    data, chosen = sample_answers(), spec(weight_bounds=0.5, aggregations=["geometric"], resample_coders=True)
    first, second = compute(data, TABLE, chosen, uncertainty=40), compute(data, TABLE, chosen, uncertainty=40)
    pd.testing.assert_frame_equal(first.scores, second.scores)
    pd.testing.assert_frame_equal(first.sensitivity, second.sensitivity)
    # the same choices drawn from another seed: other draws, so other intervals (the scores themselves stay)
    reseeded = chosen.replace(uncertainty=dataclasses.replace(chosen.uncertainty, seed=12))
    other = compute(data, TABLE, reseeded, uncertainty=40)
    assert other.seed == 12 and other.draws == first.draws > 0 and other.spec_hash != first.spec_hash
    pd.testing.assert_series_equal(other.scores["score"], first.scores["score"])
    bounds = ["score_low", "score_median", "score_high"]
    assert not np.allclose(other.scores[bounds].to_numpy(float), first.scores[bounds].to_numpy(float), equal_nan=True)
    assert not other.sensitivity.equals(first.sensitivity)


def test_a_choice_with_no_effect_has_zero_sensitivity():
    # missing-data alternatives cannot matter when nothing is missing; weights do matter
    chosen = spec(weight_bounds=0.9, missing=["carry_forward"], aggregations=["harmonic"])
    edition = compute(sample_answers(), TABLE, chosen, uncertainty=200)
    table = edition.sensitivity.set_index(["target", "parameter"])
    assert table.loc[("overall", "missing"), "total"] == 0 and table.loc[("overall", "missing"), "first_order"] == 0
    assert table.loc[("overall", "aggregation"), "total"] > 0


def test_coders_who_agree_give_no_coder_uncertainty():
    data = sample_answers()
    data["value"] = data.groupby(["country", "indicator"])["value"].transform("first")
    edition = compute(data, TABLE, spec(resample_coders=True, weight_bounds=0.3), uncertainty=40)
    table = edition.sensitivity.set_index(["target", "parameter"])
    assert table.loc[("overall", "coders"), "total"] == 0
    indicators = edition.scores[edition.scores["level"] == "indicator"]
    assert (indicators["score_low"] == indicators["score_high"]).all()


def test_nothing_uncertain_gives_intervals_equal_to_the_scores():
    edition = compute(sample_answers(), TABLE, uncertainty=10)
    scores = edition.scores
    assert edition.draws == 0 and edition.sensitivity.empty
    np.testing.assert_array_equal(scores["score_low"], scores["score"])
    assert scores["rank_high"].equals(scores["rank"])


@pytest.mark.parametrize("parameter", ["weights", "aggregation", "missing", "coders"])
def test_sensitivity_lists_each_declared_choice_per_target(parameter):
    declared = {
        "weights": {"weight_bounds": 0.2},
        "aggregation": {"aggregations": ["geometric"]},
        "missing": {"missing": ["carry_forward"]},
        "coders": {"resample_coders": True},
    }[parameter]
    edition = compute(sample_answers(), TABLE, spec(**declared), uncertainty=12)
    assert set(edition.sensitivity["parameter"]) == {parameter}
    assert set(edition.sensitivity["target"]) == {"overall", "protection", "implementation"}
