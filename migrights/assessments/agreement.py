"""Inter-coder agreement: Krippendorff's alpha (the ``krippendorff`` package), per indicator and per assessment.

Per indicator, the units are the country-years two or more experts coded; the level of
measurement follows the scale (binary: nominal, ordinal: ordinal, numeric and percentage:
interval). Per assessment, the units are its indicators and answers are compared as categories
(nominal), since indicators of different scales cannot share a distance. ``not applicable`` and
``unknown`` count as categories of their own in nominal comparisons and as missing otherwise.
Alpha is undefined (None) without at least two coders on one unit, or without any variation.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import krippendorff
import numpy as np

from migrights.assessments.models import Answer, Assessment

LEVELS = {"binary": "nominal", "ordinal": "ordinal", "numeric": "interval", "percentage": "interval"}
STATUS_CODES = {Answer.Status.NOT_APPLICABLE: -1e9, Answer.Status.UNKNOWN: -2e9}


def alpha(matrix: np.ndarray, level: str) -> float | None:
    """Alpha of a coders-by-units matrix (NaN = not coded), or None where it is undefined."""
    paired = np.sum(~np.isnan(matrix), axis=0) >= 2
    if not paired.any():
        return None
    used = matrix[:, paired]
    values = used[~np.isnan(used)]
    if len(np.unique(values)) < 2:
        return None
    try:
        result = float(krippendorff.alpha(reliability_data=used, level_of_measurement=level))
    except (ValueError, ZeroDivisionError):
        return None
    return None if math.isnan(result) else round(result, 4)


def _value(answer: Answer, nominal: bool) -> float:
    if answer.status == Answer.Status.VALUE:
        return float(answer.value)
    return STATUS_CODES[answer.status] if nominal else math.nan


def assessment_alpha(assessment: Assessment) -> dict[str, Any]:
    answers = list(Answer.objects.filter(assessment=assessment).select_related("indicator"))
    coders = sorted({a.coder_id for a in answers})
    units = sorted({a.indicator.code for a in answers})
    matrix = np.full((len(coders), len(units)), np.nan)
    for a in answers:
        matrix[coders.index(a.coder_id), units.index(a.indicator.code)] = _value(a, nominal=True)
    return {"coders": len(coders), "units": len(units), "alpha": alpha(matrix, "nominal") if coders else None}


def indicator_alphas(framework_id: int) -> dict[str, dict[str, Any]]:
    """Per indicator of a framework: alpha over every country-year with two or more coders."""
    by_indicator: dict[str, list[Answer]] = defaultdict(list)
    for a in Answer.objects.filter(assessment__framework_id=framework_id).select_related("indicator"):
        by_indicator[a.indicator.code].append(a)
    result = {}
    for code, answers in by_indicator.items():
        kind = answers[0].indicator.scale["kind"]
        level = LEVELS[kind]
        coders = sorted({a.coder_id for a in answers})
        units = sorted({a.assessment_id for a in answers})
        matrix = np.full((len(coders), len(units)), np.nan)
        for a in answers:
            matrix[coders.index(a.coder_id), units.index(a.assessment_id)] = _value(a, level == "nominal")
        paired = int(np.sum(np.sum(~np.isnan(matrix), axis=0) >= 2))
        result[code] = {"level": level, "units": paired, "alpha": alpha(matrix, level)}
    return result
