"""The index edition: ``compute(answers, framework, spec) -> Edition``, its tables and files.

Steps (each a function of its own module, methods chosen by name from the spec): the engine prepares and
scores every level (``engine``); this module adds ranks, changes and, optionally, uncertainty and sensitivity
(``uncertainty``), and writes SCORES.csv and the manifest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from migrights.indexengine.answers import CHUNK, Panel
from migrights.indexengine.cells import neutralised_frame
from migrights.indexengine.engine import (
    DECIMALS,
    ENGINE_VERSION,
    LEVELS,
    SENSITIVITY_COLUMNS,
    UNCERTAINTY_COLUMNS,
    Prepared,
    _change_year,
    flags,
    prepare,
    rank_countries,
    score_levels,
    small_fields_unranked,
)
from migrights.indexengine.framework import COLUMNS
from migrights.indexengine.spec import IndexSpec
from migrights.indexengine.uncertainty import monte_carlo
from migrights.indexengine.words import GAPS


@dataclass
class Edition:
    """One computed edition: scores, gaps, and what is needed to replay it.

    ``scores`` has one row per country-year and code of every level (columns ``SCORE_COLUMNS``, then
    ``UNCERTAINTY_COLUMNS``, NaN when no Monte Carlo ran); ``gaps`` one row per country-year and gap.
    """

    scores: pd.DataFrame
    gaps: pd.DataFrame
    spec: IndexSpec
    spec_hash: str
    inputs_hash: str
    seed: int | None = None
    draws: int = 0
    sensitivity: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SENSITIVITY_COLUMNS))
    engine_version: str = ENGINE_VERSION

    def manifest(self) -> dict[str, Any]:
        """What to store beside the scores to replay them: the spec, the hashes, the seed, the draws run."""
        return {
            "engine_version": self.engine_version,
            "spec": self.spec.to_dict(),
            "spec_hash": self.spec_hash,
            "inputs_hash": self.inputs_hash,
            "seed": self.seed,
            "draws": self.draws,
        }


def inputs_hash(panel: Panel, framework: pd.DataFrame, groups: pd.DataFrame | None) -> str:
    """SHA-256 of the answers (order-independent), the framework table and the groups table."""
    digest = hashlib.sha256(panel.digest.encode())
    digest.update(framework.reindex(columns=list(COLUMNS)).to_csv(index=False).encode())
    if groups is not None:
        digest.update(groups.sort_values(list(groups.columns)).to_csv(index=False).encode())
    return "sha256:" + digest.hexdigest()


def compute(
    answers: pd.DataFrame,
    framework: pd.DataFrame,
    spec: IndexSpec | None = None,
    *,
    groups: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
    uncertainty: int | None = None,
) -> Edition:
    """Compute an edition of the index.

    ``groups``: table ``country`` → group columns (needed by the ``group_mean`` rule).
    ``previous``: a previous edition's ``scores``, for ``change_release``.
    ``uncertainty``: Monte Carlo model runs (default: the spec's ``uncertainty.draws``; 0 = none).
    Raises InputError (located problems) for inputs or a spec the engine refuses.
    """
    spec = spec or IndexSpec()
    prepared = prepare(answers, framework, spec, groups)
    nominal = score_levels(prepared, prepared.normalised, spec.missing, spec.aggregation, prepared.weights)
    n_countries = len(prepared.panel.countries)
    ranks = {}
    for level, scores in nominal.items():
        ranked = rank_countries(np.where(flags(prepared, level), np.nan, scores), n_countries, spec.rank_ties)
        ranks[level] = small_fields_unranked(ranked, n_countries, spec.min_ranked)
    draws = spec.uncertainty.draws if uncertainty is None else uncertainty
    intervals: dict[str, dict[str, np.ndarray]] = {}
    sensitivity = pd.DataFrame(columns=SENSITIVITY_COLUMNS)
    ran = 0
    if draws > 0:
        result = monte_carlo(prepared, nominal, ranks, draws)
        intervals, sensitivity, ran = result.intervals, result.sensitivity, result.draws
    prepared = replace(prepared, panel=prepared.panel.without_answers())  # the answer rows are no longer read
    scores = _scores_table(prepared, nominal, ranks, intervals)
    if previous is not None:
        scores["change_release"] = _change_release(scores, previous)
    return Edition(
        scores=scores,
        gaps=_gaps_table(prepared, nominal["dimension"]),
        spec=spec,
        spec_hash=spec.hash(),
        inputs_hash=inputs_hash(prepared.panel, framework, groups),
        seed=spec.uncertainty.seed if draws > 0 else None,
        draws=ran,
        sensitivity=sensitivity,
    )


def _unit_columns(prepared: Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Index of the present country-years, with their country code and year."""
    panel = prepared.panel
    units = np.flatnonzero(panel.present.ravel())
    return units, units // len(panel.years), panel.years[units % len(panel.years)]


def _scores_table(
    prepared: Prepared,
    nominal: dict[str, np.ndarray],
    ranks: dict[str, np.ndarray],
    intervals: dict[str, dict[str, np.ndarray]],
) -> pd.DataFrame:
    units, country, year = _unit_columns(prepared)
    all_codes = list(dict.fromkeys(code for level in LEVELS for code in prepared.codes[level]))
    code_number = {code: n for n, code in enumerate(all_codes)}
    n_countries = len(prepared.panel.countries)
    sizes = [len(units) * len(prepared.codes[level]) for level in LEVELS]
    n_rows = sum(sizes)
    # every column allocated once at its full length and filled level by level: no row objects, no concatenation;
    # the categorical columns' codes in the integer type pandas keeps them in (not converted afterwards)
    columns: dict[str, np.ndarray] = {
        "country": np.empty(n_rows, _code_type(n_countries)),
        "year": np.empty(n_rows, year.dtype),
        "level": np.empty(n_rows, _code_type(len(LEVELS))),
        "code": np.empty(n_rows, _code_type(len(all_codes))),
        **{name: np.empty(n_rows) for name in ("score", "coverage", "rank", "change_year")},
        "change_release": np.full(n_rows, np.nan),
        "flagged": np.empty(n_rows, bool),
        **{name: np.full(n_rows, np.nan) for name in UNCERTAINTY_COLUMNS},
    }
    start = 0
    for level_number, (level, size) in enumerate(zip(LEVELS, sizes, strict=True)):
        part = slice(start, start + size)
        start += size
        codes = np.array([code_number[c] for c in prepared.codes[level]], dtype=columns["code"].dtype)
        n = len(codes)
        columns["country"][part] = np.repeat(country, n)
        columns["year"][part] = np.repeat(year, n)
        columns["level"][part] = level_number
        columns["code"][part] = np.tile(codes, len(units))
        columns["score"][part] = nominal[level][units].ravel()
        columns["coverage"][part] = prepared.coverage[level][units].ravel()
        columns["rank"][part] = ranks[level][units].ravel()
        columns["change_year"][part] = _change_year(nominal[level], n_countries)[units].ravel()
        columns["flagged"][part] = flags(prepared, level)[units].ravel()
        # the interval columns are always there (NaN when no Monte Carlo ran); a rank interval only beside a rank
        for name, values in intervals.get(level, {}).items():
            columns[name][part] = values[units].ravel()
    unranked = np.isnan(columns["rank"])
    for name in ("rank_low", "rank_high"):
        columns[name][unranked] = np.nan
    table: dict[str, object] = dict(columns)
    table["country"] = pd.Categorical.from_codes(columns["country"], categories=list(prepared.panel.countries))
    table["level"] = pd.Categorical.from_codes(columns["level"], categories=list(LEVELS))
    table["code"] = pd.Categorical.from_codes(columns["code"], categories=all_codes)
    if prepared.spec.rank_ties != "average":  # whole ranks: integers with missing values (pandas' Int64)
        for name in ("rank", "rank_low", "rank_high"):
            table[name] = _whole_in_place(columns[name])
    return pd.DataFrame(table, copy=False)


def _code_type(n_categories: int) -> type[np.signedinteger]:
    """The integer type pandas keeps a categorical's codes in for ``n_categories`` (so ``from_codes`` copies none)."""
    return next(t for t in (np.int8, np.int16, np.int32) if n_categories < np.iinfo(t).max) if n_categories else np.int8


def _whole_in_place(values: np.ndarray) -> pd.arrays.IntegerArray:
    """Whole numbers stored as floats (NaN missing) as pandas' Int64, the float column's memory reused for the
    integers a chunk at a time (no second column of 8 bytes a row)."""
    missing = np.isnan(values)
    whole = values.view(np.int64)
    for start in range(0, len(values), CHUNK):
        part = slice(start, start + CHUNK)
        whole[part] = np.where(missing[part], 0, values[part])  # the chunk is read whole before it is written
    return pd.arrays.IntegerArray(whole, missing)


def _change_release(scores: pd.DataFrame, previous: pd.DataFrame) -> np.ndarray:
    """Score minus the previous edition's score of the same country, year, level and code."""
    keys = ["country", "year", "level", "code"]
    earlier = previous[[*keys, "score"]].astype({"country": str, "level": str, "code": str, "year": np.int64})
    current = scores[keys].astype({"country": str, "level": str, "code": str})
    matched = current.merge(earlier.drop_duplicates(keys), on=keys, how="left")["score"].to_numpy(dtype=np.float64)
    return np.round(scores["score"].to_numpy(dtype=np.float64) - matched, DECIMALS)


def _gaps_table(prepared: Prepared, dimension_scores: np.ndarray) -> pd.DataFrame:
    """Gaps between dimensions per country-year: commitment - protection, protection - implementation."""
    units, country, year = _unit_columns(prepared)
    dimensions = prepared.tree.dimensions
    frames = []
    for name, first, second in GAPS:
        if first in dimensions and second in dimensions:
            gap = dimension_scores[units, dimensions.index(first)] - dimension_scores[units, dimensions.index(second)]
            frames.append(
                pd.DataFrame(
                    {
                        "country": np.asarray(prepared.panel.countries, dtype=object)[country],
                        "year": year,
                        "gap": name,
                        "value": np.round(gap, DECIMALS),
                    }
                )
            )
    if not frames:
        return pd.DataFrame(columns=["country", "year", "gap", "value"])
    return pd.concat(frames, ignore_index=True)


def write_scores_csv(edition: Edition, path: str) -> None:
    """Write ``SCORES.csv``: the columns of the command line's output (see ``docs/cli.md``)."""
    columns = ["country", "year", "level", "code", "score", "coverage", "rank"]
    if edition.draws > 0:
        columns += ["score_low", "score_median", "score_high", "rank_low", "rank_high"]
    neutralised_frame(edition.scores[columns]).to_csv(path, index=False, lineterminator="\n")


def manifest_json(edition: Edition) -> str:
    return json.dumps(edition.manifest(), indent=1, sort_keys=True) + "\n"
