"""An MRF 1.1 edition: law-derived protection values flow into the index, an expert's released answer comes first,
the coverage rule decides what is published, and everything computed on MRF 1.0 stays as it was."""

from __future__ import annotations

import pandas as pd
import pytest
from django.contrib.auth.models import User

from migrights.assessments.models import Release, ReleasedValue
from migrights.framework.models import Framework
from migrights.framework.queries import commitment_answers, latest_framework, law_answers
from migrights.indexengine import answers_categorical, compute
from migrights.reference.models import Country
from migrights.scores.editions import current_edition, edition_label, engine_answers, observatory_spec, store

pytestmark = pytest.mark.django_db


def _framework(version: str) -> Framework:
    return Framework.objects.get(code="MRF", version=version)


def _release(values: list[tuple[str, int, str, str, str, float | None]]) -> Release:
    """A release holding ``values`` (framework version, year, indicator, country, status, value)."""
    release = Release.objects.create(version="2026.9", created_by=User.objects.create(username="dana"))
    for version, year, indicator, country, status, value in values:
        ReleasedValue.objects.create(
            release=release,
            country=Country.objects.get(code=country),
            year=year,
            framework=_framework(version),
            indicator=indicator,
            status=status,
            value=value,
            coders=1,
        )
    return release


def _cells(answers, country: str, year: int, indicator: str) -> list[tuple[str, float]]:
    rows = answers[(answers.country == country) & (answers.year == year) & (answers.indicator == indicator)]
    return sorted(zip(rows.coder, rows.value, strict=True))


def test_an_experts_released_answer_takes_precedence_over_the_dataset():
    release = _release(
        [
            ("1.0", 2022, "NAT.2.P3", "DEU", "value", 10.0),  # a 1.0 answer, same question in 1.1: carried over
            ("1.0", 2021, "NAT.2.P3", "DEU", "unknown", None),  # an expert without evidence leaves the dataset's 8
            ("1.0", 2022, "NAT.1.P2", "DEU", "value", 100.0),  # split in 1.1: not the same question, not carried
            ("1.1", 2022, "NAT.2.P5", "DEU", "value", 0.0),  # 1.1's own answer over GLOBALCIT's 50 (A06b_cat 2)
            ("1.1", 2022, "NAT.1.P5", "DEU", "not-applicable", None),
        ]
    )
    answers = engine_answers(_framework("1.1"), release)
    assert _cells(answers, "DEU", 2022, "NAT.2.P3") == [("release", 10.0)]
    assert _cells(answers, "DEU", 2021, "NAT.2.P3") == [("derived", 8.0)]  # DEU,A06a_yrs_cat,2020,2023,2024,8
    assert _cells(answers, "DEU", 2022, "NAT.2.P5") == [("release", 0.0)]
    assert _cells(answers, "DEU", 2022, "NAT.1.P2") == []
    assert _cells(answers, "DEU", 2022, "NAT.1.P3") == [("derived", 1.0)]  # DEU,A03b_bin,2020,2023,2024,1
    na = answers[(answers.country == "DEU") & (answers.year == 2022) & (answers.indicator == "NAT.1.P5")]
    assert list(na.coder) == ["release"] and na.not_applicable.all()
    # and in the scores: (15 - 10) / 15 on the goalposts 0-15, lower is better
    deu = answers[answers.country == "DEU"]
    scores = compute(deu, _framework("1.1").definition().indicator_table(), observatory_spec(), uncertainty=0).scores
    row = scores[(scores.year == 2022) & (scores.level == "indicator") & (scores.code == "NAT.2.P3")]
    assert row.score.iloc[0] == pytest.approx(100 / 3, abs=1e-3)


def _fra_scores(drop: tuple[str, ...] = (), add: list[tuple] | None = None):
    framework = _framework("1.1")
    years = {"FRA": [2021, 2022]}
    commitments = commitment_answers(framework, ["FRA"])
    commitments = commitments[commitments.year.isin(years["FRA"])]
    law = law_answers(framework, years)[list(commitments.columns)]
    law = law[~law.indicator.isin(drop)]
    frames = [commitments, law]
    if add:
        frames.append(pd.DataFrame(add, columns=list(commitments.columns)))
    answers = pd.concat(frames, ignore_index=True)
    result = compute(answers, framework.definition().indicator_table(), observatory_spec(), uncertainty=0).scores
    return result[(result.year == 2022)].set_index(["level", "code"])


def test_the_coverage_rule_decides_which_derived_scores_are_published():
    # FRA 2022, right NAT.2: NAT.2.P3 (5 years) and NAT.2.P5 (no renunciation) derived, NAT.2.C1 (party to the
    # 1954 Convention) from the treaty data; NAT.2.P1, P2 and P4 wait for experts: 3 of 6, exactly half
    scores = _fra_scores()
    nat2 = scores.loc[("right", "NAT.2")]
    assert nat2.coverage == pytest.approx(0.5) and not nat2.flagged
    assert nat2.score == pytest.approx((100 * 10 / 15 + 100 + 100) / 3, abs=1e-3)
    # the protection dimension rests on 4 of 104 indicators: computed, flagged, never published
    assert scores.loc[("dimension", "protection")].flagged
    # one value fewer and the right falls below half: flagged
    below = _fra_scores(drop=("NAT.2.P5",)).loc[("right", "NAT.2")]
    assert below.coverage == pytest.approx(2 / 6) and below.flagged
    # an expert's answer brings it back
    answered = _fra_scores(drop=("NAT.2.P5",), add=[("FRA", 2022, "NAT.2.P1", "release", 100.0, False)])
    assert answered.loc[("right", "NAT.2")].coverage == pytest.approx(0.5)
    assert not answered.loc[("right", "NAT.2")].flagged


def test_framework_10_results_are_unchanged(settings):
    mrf10, mrf11 = _framework("1.0"), _framework("1.1")
    assert latest_framework() == mrf10  # 1.1 is loaded, but the observatory publishes 1.0 until told otherwise
    public = current_edition()
    assert public.framework == mrf10 and public.label == "commitments"
    # 1.0 declares no law rule: its inputs are the commitments alone, as before
    answers = engine_answers(mrf10, None)
    assert answers.equals(answers_categorical(commitment_answers(mrf10).assign(year=lambda f: f.year.astype(int))))
    assert law_answers(mrf10, {"DEU": [2022]}).empty
    # a 1.1 edition is stored beside the public one, never instead of it
    deu = engine_answers(mrf11, None).query("country == 'DEU'")
    result = compute(deu, mrf11.definition().indicator_table(), observatory_spec(), uncertainty=0)
    stored = store(result, mrf11, None, edition_label(mrf11, None))
    assert stored.label == "commitments (MRF 1.1)"
    assert current_edition() == public and current_edition(framework_version="1.1") == stored
    settings.FRAMEWORK_VERSION = "1.1"
    assert latest_framework() == mrf11
    assert current_edition() == stored  # switching the published version switches the public edition
