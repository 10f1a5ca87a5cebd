"""Monte Carlo over the choices a spec declares uncertain, and variance-based sensitivity (SALib).

One design serves both. The uncertain choices are the inputs of a Saltelli design for first-order
and total Sobol' indices (the layout ``SALib.analyze.sobol`` reads, without second-order terms),
built on pseudo-random rather than Sobol'-sequence base matrices (see ``design``): every weight
(factor uniform in [1 - b, 1 + b], the weights forming one group), the aggregation (uniform over
the nominal method and the alternatives), the missing-data rule (likewise) and the coders'
bootstrap replicate (uniform over ``coder_replicates`` replicates). With G groups and base size N
the design has N (G + 2) rows, each a complete set of choices whose marginal distribution is the
declared one; the model is run once per row. Intervals (5 %, 50 %, 95 % quantiles, inverted-CDF
definition: each bound is a value some run gave) are taken over all runs, in single precision;
first-order and total Sobol' indices of each group (``SALib.analyze.sobol``) are taken for each
target: the mean absolute shift of the countries' ranks from the nominal ranks, over all
country-years, of the overall score and of each dimension.

Runs are grouped by (coders' replicate, missing-data rule), the choices that change indicator
scores: each group imputes once and then aggregates its runs' weights and means.
"""

from __future__ import annotations

import math
import os
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from migrights.indexengine.aggregate import Children
from migrights.indexengine.coders import ADJUDICATED, KNOWN, adjudicated_rows, resample_coders
from migrights.indexengine.engine import (
    DECIMALS,
    OVERALL,
    SENSITIVITY_COLUMNS,
    UNCERTAINTY_COLUMNS,
    Prepared,
    aggregate_levels,
    flags,
    rank_countries,
)
from migrights.indexengine.missing import impute

QUANTILES = (0.05, 0.5, 0.95)
QUANTILE_CHUNK = 16384
RANK_BATCH = 16  # runs ranked in one sort (memory: runs x country-years x codes)
INTERVAL_DECIMALS = 4
AGGREGATED_LEVELS = ("right", "category", "dimension", OVERALL)


@dataclass
class MonteCarloResult:
    intervals: dict[str, dict[str, np.ndarray]]  # level → column → (country-years, codes)
    sensitivity: pd.DataFrame
    draws: int


def design(prepared: Prepared, draws: int) -> tuple[dict, np.ndarray]:
    """The SALib problem and its Saltelli sample: rows = model runs, columns uniform in [0, 1).

    Rows come in blocks of G + 2 per base row i: A_i, then A_i with group g's columns taken from
    B_i (g = 1..G), then B_i, the order ``SALib.analyze.sobol`` expects. A and B are pseudo-random
    (seeded): the scrambled Sobol' sequence of ``SALib.sample.sobol`` gives every dimension the
    same top bit up to a flip, so a two-way choice read from it would always agree (or always
    disagree) between A and B and its effect could not be seen.
    """
    uncertain = prepared.spec.uncertainty
    names, groups = [], []
    for parameter in uncertain.parameters:
        if parameter == "weights":
            count = len(prepared.weights.flat())
            names += [f"weight {n}" for n in range(count)]
            groups += ["weights"] * count
        else:
            names.append(parameter)
            groups.append(parameter)
    problem = {"num_vars": len(names), "names": names, "groups": groups, "bounds": [[0.0, 1.0]] * len(names)}
    base = max(2, math.ceil(draws / (len(uncertain.parameters) + 2)))
    rng = np.random.default_rng(uncertain.seed)
    a, b = rng.random((base, len(names))), rng.random((base, len(names)))
    blocks = [a]
    for parameter in uncertain.parameters:
        crossed = a.copy()
        columns = [n for n, group in enumerate(groups) if group == parameter]
        crossed[:, columns] = b[:, columns]
        blocks.append(crossed)
    blocks.append(b)
    return problem, np.stack(blocks, axis=1).reshape(-1, len(names))


def _pick(u: np.ndarray, count: int) -> np.ndarray:
    return np.minimum((u * count).astype(np.int64), count - 1)


class _CoderReplicates:
    """Normalised cubes of bootstrap replicates of the coders' answers, made on first use."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        panel, spec = prepared.panel, prepared.spec
        keep = np.ones(len(panel.cell), dtype=bool)
        rule = spec.coders
        if rule == ADJUDICATED:
            if panel.adjudicated is not None:
                keep = adjudicated_rows(panel.cell, panel.adjudicated, panel.n_cells)
            rule = spec.coders_fallback
        cell, value = panel.cell[keep], panel.value[keep]
        known = ~np.isnan(value)
        order = np.argsort(cell[known], kind="stable")  # once: every replicate draws within these groups
        self.cell, self.value, self.rule = cell[known][order], value[known][order], rule
        self.cache: dict[int, np.ndarray] = {}

    def cube(self, replicate: int) -> np.ndarray:
        if replicate not in self.cache:
            prepared = self.prepared
            rng = np.random.default_rng([prepared.spec.uncertainty.seed, replicate])
            values = resample_coders(self.cell, self.value, prepared.panel.n_cells, self.rule, rng)
            values[prepared.status.ravel() != KNOWN] = np.nan
            self.cache[replicate] = prepared.normalise(values)
        return self.cache[replicate]


def _quantiles(runs: np.ndarray, quantiles: tuple[float, ...], repeats: np.ndarray | None = None) -> list[np.ndarray]:
    """Quantiles of each column of ``runs`` (runs x values), ignoring NaN, inverted-CDF definition:
    the smallest value whose cumulative share of runs reaches q. ``repeats`` counts the runs each
    row stands for (default one each)."""
    n_runs, n_values = runs.shape
    result = [np.full(n_values, np.nan) for _ in quantiles]
    weights = np.ones(n_runs) if repeats is None else np.asarray(repeats, dtype=np.float64)
    for start in range(0, n_values, QUANTILE_CHUNK):  # bounded temporary memory
        chunk = np.ascontiguousarray(runs[:, start : start + QUANTILE_CHUNK].T)  # values x runs
        missing = np.isnan(chunk)
        if repeats is None and not missing.any():
            # every run has a value: the quantiles sit at fixed positions, a partition finds them
            positions = [int(np.clip(math.ceil(q * n_runs) - 1, 0, n_runs - 1)) for q in quantiles]
            parted = np.partition(chunk, sorted(set(positions)), axis=1)
            for values, position in zip(result, positions, strict=True):
                values[start : start + len(chunk)] = parted[:, position]
            continue
        if repeats is None:
            # one run each: the quantile of the k values present sits at position ceil(q k) - 1 of the sorted row
            ordered = np.sort(chunk, axis=1)  # NaN sorts last
            total = (n_runs - missing.sum(axis=1)).astype(np.float64)
            for values, q in zip(result, quantiles, strict=True):
                position = np.clip(np.ceil(q * total) - 1, 0, n_runs - 1).astype(np.int64)
                value = np.take_along_axis(ordered, position[:, None], axis=1)[:, 0]
                values[start : start + len(chunk)] = np.where(total > 0, value, np.nan)
            continue
        order = np.argsort(chunk, axis=1)  # NaN sorts last
        ordered = np.take_along_axis(chunk, order, axis=1)
        cumulative = np.cumsum(np.where(np.isnan(ordered), 0.0, weights[order]), axis=1)
        total = cumulative[:, -1]
        for values, q in zip(result, quantiles, strict=True):
            position = np.minimum((cumulative < np.ceil(q * total)[:, None] - 1e-9).sum(axis=1), n_runs - 1)
            value = np.take_along_axis(ordered, position[:, None], axis=1)[:, 0]
            values[start : start + len(chunk)] = np.where(total > 0, value, np.nan)
    return result


def monte_carlo(
    prepared: Prepared,
    nominal: dict[str, np.ndarray],
    ranks: dict[str, np.ndarray],
    draws: int,
    workers: int | None = None,
) -> MonteCarloResult:
    """Run the design; intervals for every score and rank, Sobol' indices of every uncertain choice."""
    spec = prepared.spec
    uncertain = spec.uncertainty
    if not uncertain.parameters:
        intervals = {
            level: {
                "score_low": scores,
                "score_median": scores,
                "score_high": scores,
                "rank_low": ranks[level],
                "rank_high": ranks[level],
            }
            for level, scores in nominal.items()
        }
        return MonteCarloResult(intervals, pd.DataFrame(columns=SENSITIVITY_COLUMNS), 0)

    problem, sample = design(prepared, draws)
    n_runs = len(sample)
    columns = iter(range(sample.shape[1]))
    choice: dict[str, np.ndarray] = {}
    for parameter in uncertain.parameters:
        if parameter == "weights":
            count = len(prepared.weights.flat())
            cut = [next(columns) for _ in range(count)]
            choice["weights"] = 1 - uncertain.weight_bounds + 2 * uncertain.weight_bounds * sample[:, cut]
        else:
            choice[parameter] = sample[:, next(columns)]
    aggregations = (spec.aggregation, *uncertain.aggregations)
    missing_rules = (spec.missing, *uncertain.missing)
    aggregation_of = (
        _pick(choice["aggregation"], len(aggregations)) if "aggregation" in choice else np.zeros(n_runs, int)
    )
    missing_of = _pick(choice["missing"], len(missing_rules)) if "missing" in choice else np.zeros(n_runs, int)
    replicate_of = _pick(choice["coders"], uncertain.coder_replicates) if "coders" in choice else np.full(n_runs, -1)
    replicates = _CoderReplicates(prepared)
    n_countries = len(prepared.panel.countries)
    units = np.flatnonzero(prepared.panel.present.ravel())
    flagged = {level: flags(prepared, level) for level in nominal}
    # one row per (present country-year, code), one column per run: quantiles then read rows
    widths = [nominal[level].shape[1] for level in AGGREGATED_LEVELS]
    flagged_aggregated = np.hstack([flagged[level] for level in AGGREGATED_LEVELS])
    # one row per run, one column per (present country-year, code) of every aggregated level
    run_scores = {
        level: np.empty((n_runs, len(units) * nominal[level].shape[1]), np.float32) for level in AGGREGATED_LEVELS
    }
    run_ranks = {level: np.empty_like(run_scores[level]) for level in AGGREGATED_LEVELS}
    edges = np.concatenate(([0], np.cumsum(widths)))
    pairs = Counter(zip(replicate_of.tolist(), missing_of.tolist(), strict=True))
    indicator_scores = np.empty((len(pairs), len(units) * nominal["indicator"].shape[1]), np.float32)
    indicator_ranks = np.empty_like(indicator_scores)
    targets = ("overall", *prepared.tree.dimensions)
    overall_column = sum(widths[:3])  # the overall score follows rights, categories and dimensions
    dimension_columns = [sum(widths[:2]) + n for n in range(len(targets) - 1)]
    nominal_aggregated = np.hstack([ranks[level] for level in AGGREGATED_LEVELS])[units]
    target_columns = [overall_column, *dimension_columns]
    shifts = np.zeros((len(targets), n_runs))
    base_weights = prepared.weights.flat()

    def run_pair(pair_number: int, replicate: int, missing: int) -> None:
        """Every run sharing a coders' replicate and a missing-data rule: impute once, aggregate each."""
        cube = prepared.normalised if replicate < 0 else replicates.cube(replicate)
        filled = impute(cube, missing_rules[missing], prepared.context).reshape(prepared.n_units, -1)
        rounded = np.round(filled, DECIMALS)
        indicator_scores[pair_number] = rounded[units].ravel()
        indicator_ranks[pair_number] = rank_countries(
            np.where(flagged["indicator"], np.nan, rounded), n_countries, spec.rank_ties
        )[units].ravel()
        children = Children(filled)
        runs = np.flatnonzero((replicate_of == replicate) & (missing_of == missing))
        for batch in np.array_split(runs, math.ceil(len(runs) / RANK_BATCH)):
            scores = np.empty((len(batch), prepared.n_units, flagged_aggregated.shape[1]))
            for n, run in enumerate(batch):
                weights = prepared.weights
                if "weights" in choice:
                    weights = weights.with_flat(base_weights * choice["weights"][run])
                levels = aggregate_levels(prepared, children, aggregations[aggregation_of[run]], weights)
                scores[n] = np.hstack([levels[level] for level in AGGREGATED_LEVELS])
                for level in AGGREGATED_LEVELS:
                    run_scores[level][run] = levels[level][units].ravel()
            # the batch's ranks in one sort: countries down the first axis, every run, year and code across
            np.copyto(scores, np.nan, where=flagged_aggregated)
            by_country = scores.reshape(len(batch), n_countries, -1).transpose(1, 0, 2)
            ranked = rank_countries(by_country, n_countries, spec.rank_ties).transpose(1, 0, 2)
            ranked = ranked.reshape(scores.shape)[:, units]  # (runs, present country-years, codes)
            for n, run in enumerate(batch):
                for m, level in enumerate(AGGREGATED_LEVELS):
                    run_ranks[level][run] = ranked[n, :, edges[m] : edges[m + 1]].ravel()
            # mean absolute rank shift per target and run; a target with no ranked country gives NaN
            # (computed by hand: warnings filters are process-wide and these runs are threads)
            moved = np.abs(ranked[:, :, target_columns] - nominal_aggregated[:, target_columns])
            counted = np.sum(~np.isnan(moved), axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                shifts[:, batch] = np.where(counted > 0, np.nansum(moved, axis=1) / counted, np.nan).T

    # numpy releases the GIL in sorts, products and large element-wise steps: threads use the
    # cores; each run writes its own rows, so the order of execution does not change any result
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        jobs = [pool.submit(run_pair, n, replicate, missing) for n, (replicate, missing) in enumerate(pairs)]
        for job in jobs:
            job.result()

    intervals = {}
    for level in AGGREGATED_LEVELS:
        intervals[level] = _interval_columns(run_scores.pop(level), run_ranks.pop(level), units, nominal[level].shape)
    repeats = np.array(list(pairs.values()))
    intervals["indicator"] = _interval_columns(
        indicator_scores, indicator_ranks, units, nominal["indicator"].shape, repeats
    )
    return MonteCarloResult(intervals, _sensitivity(problem, shifts, targets, uncertain.seed), n_runs)


def _interval_columns(
    scores: np.ndarray,
    ranks: np.ndarray,
    units: np.ndarray,
    shape: tuple[int, ...],
    repeats: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Quantile columns (country-years, codes) from runs (runs, present country-years x codes)."""
    columns = {name: np.full(shape, np.nan) for name in UNCERTAINTY_COLUMNS}
    low, median, high = _quantiles(scores, QUANTILES, repeats)
    rank_low, _, rank_high = _quantiles(ranks, QUANTILES, repeats)
    for name, values in zip(UNCERTAINTY_COLUMNS, (low, median, high, rank_low, rank_high), strict=True):
        columns[name][units] = values.reshape(len(units), shape[1])
    # runs are kept in single precision: publish the digits that carry meaning
    return {name: np.round(values, INTERVAL_DECIMALS) for name, values in columns.items()}


def _sensitivity(problem: dict, shifts: np.ndarray, targets: tuple[str, ...], seed: int) -> pd.DataFrame:
    """First-order and total Sobol' indices of each uncertain choice, per target; 0 where nothing varies."""
    from SALib.analyze.sobol import analyze as sobol_analyze  # imported here: it loads scipy.stats (a second)

    rows = []
    parameters = list(dict.fromkeys(problem["groups"]))
    for target, output in zip(targets, shifts, strict=True):
        output = np.nan_to_num(output)
        if np.ptp(output) == 0:
            indices = dict.fromkeys(("S1", "S1_conf", "ST", "ST_conf"), np.zeros(len(parameters)))
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                indices = sobol_analyze(problem, output, calc_second_order=False, seed=seed)
        for n, parameter in enumerate(parameters):
            rows.append(
                {
                    "target": target,
                    "parameter": parameter,
                    "first_order": float(indices["S1"][n]),
                    "first_order_conf": float(indices["S1_conf"][n]),
                    "total": float(indices["ST"][n]),
                    "total_conf": float(indices["ST_conf"][n]),
                }
            )
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)


CENTRAL_LEVELS = ("dimension", OVERALL)
CENTRAL_TOLERANCE = 10.0  # points on the 0-100 scale
CONTAINMENT_SLACK = 1e-3  # published scores and intervals are rounded to a thousandth of a point


def centrality(scores: pd.DataFrame, tolerance: float = CENTRAL_TOLERANCE) -> dict[str, int]:
    """Where published scores sit among their draws: what the methodology page states and a test checks.

    ``scores`` is an edition's scores table with its ``UNCERTAINTY_COLUMNS`` (an empty dict without
    them). Over every scored row: ``rows``, and ``outside`` those whose score lies outside its
    interval. Over the dimension and overall scores: ``central_rows``; ``near_median`` those within
    ``tolerance`` points of their draws' median; ``fixed`` those no alternative moves (interval of
    width 0); ``at_edge`` the others whose score is at or beyond the 5th or 95th percentile.
    """
    if "score_low" not in scores or "score_median" not in scores:
        return {}
    scored = scores[scores["score"].notna() & scores["score_low"].notna()]
    score, low, high = (scored[column].to_numpy(dtype=np.float64) for column in ("score", "score_low", "score_high"))
    outside = (score < low - CONTAINMENT_SLACK) | (score > high + CONTAINMENT_SLACK)
    central = scored[scored["level"].astype(str).isin(CENTRAL_LEVELS)]
    score, low, median, high = (
        central[column].to_numpy(dtype=np.float64) for column in ("score", "score_low", "score_median", "score_high")
    )
    fixed = high - low <= CONTAINMENT_SLACK
    at_edge = ~fixed & ((score <= low + CONTAINMENT_SLACK) | (score >= high - CONTAINMENT_SLACK))
    return {
        "rows": len(scored),
        "outside": int(outside.sum()),
        "central_rows": len(central),
        "near_median": int((np.abs(median - score) <= tolerance).sum()),
        "fixed": int(fixed.sum()),
        "at_edge": int(at_edge.sum()),
    }
