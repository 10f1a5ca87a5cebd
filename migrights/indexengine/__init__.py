"""The index engine: pure functions from answers, framework and spec to scores (no Django).

Inputs (see ``answers`` and ``framework`` for the exact columns):

- **answers**: a long DataFrame ``country, year, indicator, coder, value`` with optional
  ``not_applicable`` and ``adjudicated`` booleans. ``value`` is a float; NaN with
  ``not_applicable`` True means "not applicable", NaN otherwise means "unknown".
  ``read_answers_csv`` reads ``ANSWERS.csv`` (``NA`` = not applicable, empty = unknown).
- **framework**: one row per indicator, ``indicator, right, category, dimension, scale,
  direction, weight, min, max``; ``read_framework_csv`` reads a researcher's CSV.
- **spec**: an ``IndexSpec`` (defaults = the default spec), ``IndexSpec.from_yaml``.

``compute(answers, framework, spec, groups=..., previous=..., uncertainty=N)`` returns an
``Edition`` (scores, gaps, sensitivity, spec and hashes); ``write_scores_csv`` writes SCORES.csv.
The method is documented for auditors in ``docs/methodology.md``.
"""

from migrights.indexengine.aggregate import AGGREGATIONS, WEIGHT_METHODS
from migrights.indexengine.answers import answers_categorical, read_answers_csv
from migrights.indexengine.coders import CODER_RULES
from migrights.indexengine.edition import Edition, compute, write_scores_csv
from migrights.indexengine.engine import LEVELS, SCORE_COLUMNS, SENSITIVITY_COLUMNS, UNCERTAINTY_COLUMNS
from migrights.indexengine.framework import DIMENSIONS, check_framework, read_framework_csv
from migrights.indexengine.missing import MISSING_RULES
from migrights.indexengine.normalise import NUMERIC_METHODS
from migrights.indexengine.problems import InputError, Problem
from migrights.indexengine.spec import Aggregation, IndexSpec, SpecError, Uncertainty

__all__ = [
    "AGGREGATIONS",
    "CODER_RULES",
    "DIMENSIONS",
    "LEVELS",
    "MISSING_RULES",
    "NUMERIC_METHODS",
    "SCORE_COLUMNS",
    "SENSITIVITY_COLUMNS",
    "UNCERTAINTY_COLUMNS",
    "WEIGHT_METHODS",
    "Aggregation",
    "Edition",
    "IndexSpec",
    "InputError",
    "Problem",
    "SpecError",
    "Uncertainty",
    "answers_categorical",
    "check_framework",
    "compute",
    "read_answers_csv",
    "read_framework_csv",
    "write_scores_csv",
]
