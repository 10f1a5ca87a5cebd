"""Krippendorff's alpha reported per assessment and per indicator."""

from __future__ import annotations

import numpy as np
import pytest

from migrights.assessments.agreement import alpha, assessment_alpha, indicator_alphas
from migrights.assessments.tests.builders import answer_all, build_cast

pytestmark = pytest.mark.django_db


def test_perfect_agreement_is_one_and_a_single_coder_is_undefined():
    assert alpha(np.array([[0, 1, 1, 0], [0, 1, 1, 0]], dtype=float), "nominal") == 1.0
    assert alpha(np.array([[0, 1, 1, 0]], dtype=float), "nominal") is None


def test_systematic_disagreement_is_below_zero():
    assert alpha(np.array([[0, 1, 0, 1], [1, 0, 1, 0]], dtype=float), "nominal") < 0


def test_alpha_of_two_experts_on_one_assessment():
    cast = build_cast()
    answer_all(cast.expert, cast.assessment, labour_law="Partial")
    answer_all(cast.second_expert, cast.assessment, labour_law="Full")
    report = assessment_alpha(cast.assessment)
    assert report["coders"] == 2 and report["units"] == 3
    assert report["alpha"] is not None and report["alpha"] < 1
    per_indicator = indicator_alphas(cast.assessment.framework_id)
    assert per_indicator["LAB.1.P2"]["level"] == "ordinal" and per_indicator["LAB.1.P2"]["units"] == 1
    assert per_indicator["LAB.1.I1"]["level"] == "interval"
    assert per_indicator["LAB.1.P1"]["alpha"] is None  # both said yes: no variation, alpha undefined
