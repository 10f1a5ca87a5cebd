"""Monte Carlo uncertainty and Sobol' sensitivity on a SYNTHETIC panel (benchmarks/panel.py), against a numpy floor.

Targets: 1,000 Monte Carlo draws over 200 countries x 40 years x 100 indicators in under 60 s (issue 4); the
engine's Monte Carlo within 1.2x the CPU of a plain vectorised numpy version of the same draws, with the same
outputs (issue 17). Every choice is uncertain: weights (+-25 %), aggregation (arithmetic or geometric), missing
data (exclude or carry forward 1 year) and coders (3 per cell, 32 bootstrap replicates).

The floor (``floor_monte_carlo`` below) takes the same draws as the engine (the design's choices, the coders'
bootstrap replicates and the imputation, all numpy already: ``design``, ``_CoderReplicates``, ``impute``) and
does the rest in straight numpy, without the engine's objects or threads: the runs of each (replicate, missing
rule, aggregation) group weighted and summed over the hierarchy together (one array per level, runs x codes x
country-years), all their ranks from one argsort, the quantiles from one sort per block of values, then the same
SALib analysis. Both are timed in CPU seconds (every thread counted) in this one process; the intervals and the
sensitivity table of the two are compared value by value.
Run: PYTHONPATH=. .venv/bin/python benchmarks/indexengine_uncertainty.py [--draws 1000]
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from panel import synthetic_answers, synthetic_framework

from migrights.indexengine import IndexSpec
from migrights.indexengine.aggregate import aggregation_power
from migrights.indexengine.engine import (
    DECIMALS,
    Prepared,
    flags,
    prepare,
    rank_countries,
    score_levels,
    small_fields_unranked,
)
from migrights.indexengine.missing import impute
from migrights.indexengine.uncertainty import (
    AGGREGATED_LEVELS,
    INTERVAL_DECIMALS,
    QUANTILES,
    _CoderReplicates,
    _pick,
    _sensitivity,
    design,
    monte_carlo,
)

SPEC = {
    "name": "benchmark",
    "uncertainty": {
        "seed": 1,
        "weight_bounds": 0.25,
        "aggregations": ["geometric"],
        "missing": ["carry_forward"],
        "resample_coders": True,
    },
}
BATCH = 16  # runs aggregated and ranked together


def _transform(children: np.ndarray, power: float, offset: float) -> tuple:
    """(present, x or log(x + shift) or (x + shift)^p with 0 where missing, where x + shift <= 0 or None, shift)."""
    present = ~np.isnan(children)
    shift = offset if power <= 0 else 0.0
    if power == 1:
        return present, np.where(present, children, 0.0), None, shift
    shifted = np.where(present, children + shift, 1.0)
    zero = None
    if power <= 0:
        zero = present & (shifted <= 0)
        shifted = np.where(zero, 1.0, shifted)
    with np.errstate(over="ignore"):
        transformed = np.where(present, np.log(shifted) if power == 0 else shifted**power, 0.0)
    return present, transformed, zero, shift


def _segment_mean(transform: tuple, parent: np.ndarray, n_parents: int, weight: np.ndarray, power: float) -> np.ndarray:
    """Power means of each parent's children for a batch of runs: children transformed (runs or 1, children, units),
    weight (runs, children) → (runs, parents, units). Children are summed in their order within each parent."""
    present, transformed, zero, shift = transform
    runs, units = weight.shape[0], transformed.shape[2]
    numerator, denominator = np.zeros((runs, n_parents, units)), np.zeros((runs, n_parents, units))
    zeros = np.zeros((runs, n_parents, units)) if zero is not None else None
    for p in range(n_parents):
        members = np.flatnonzero(parent == p)  # in their order
        if not len(members):
            continue
        w = weight[:, members, None]
        np.add.reduce(transformed[:, members] * w, axis=1, out=numerator[:, p])
        np.add.reduce(present[:, members] * w, axis=1, out=denominator[:, p])
        if zeros is not None:
            np.add.reduce(zero[:, members] & (w > 0), axis=1, out=zeros[:, p])
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        mean = numerator / denominator
        if power == 0:
            mean = np.exp(mean)
        elif power != 1:
            mean = mean ** (1.0 / power)
    if shift:
        mean = mean - shift
    if zeros is not None:
        mean = np.where(zeros > 0, 0.0, mean)
    return np.where(denominator > 0, mean, np.nan)


def _min_ranks(values: np.ndarray) -> np.ndarray:
    """Rank 1 = highest along axis 0, ties sharing the lowest rank, NaN unranked."""
    flat = np.ascontiguousarray(-values.reshape(values.shape[0], -1).T)  # one row per column
    order = np.argsort(flat, axis=1)
    ordered = np.take_along_axis(flat, order, axis=1)
    new = np.ones(flat.shape, dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.maximum.accumulate(np.where(new, np.arange(1, flat.shape[1] + 1, dtype=np.float64), 0.0), axis=1)
    ranks = np.empty_like(flat)
    np.put_along_axis(ranks, order, first, axis=1)
    ranks[np.isnan(flat)] = np.nan
    return ranks.T.reshape(values.shape)


def _quantile_rows(runs: np.ndarray, repeats: np.ndarray | None) -> list[np.ndarray]:
    """5 %, 50 %, 95 % of each column of runs (rows stand for ``repeats`` runs each), NaN ignored, inverted CDF:
    the value at position ceil(q n) - 1 of the n sorted values present, or the first whose cumulative count of
    runs reaches ceil(q n)."""
    n_rows = len(runs)
    out = [np.full(runs.shape[1], np.nan) for _ in QUANTILES]
    for start in range(0, runs.shape[1], 16384):
        block = np.ascontiguousarray(runs[:, start : start + 16384].T)  # values x runs
        done = slice(start, start + len(block))
        missing = np.isnan(block)
        if repeats is None and not missing.any():
            positions = [min(max(math.ceil(q * n_rows) - 1, 0), n_rows - 1) for q in QUANTILES]
            parted = np.partition(block, sorted(set(positions)), axis=1)
            for values, position in zip(out, positions, strict=True):
                values[done] = parted[:, position]
        elif repeats is None:
            ordered = np.sort(block, axis=1)
            total = (n_rows - missing.sum(axis=1)).astype(np.float64)
            for values, q in zip(out, QUANTILES, strict=True):
                position = np.clip(np.ceil(q * total) - 1, 0, n_rows - 1).astype(np.int64)
                values[done] = np.where(total > 0, np.take_along_axis(ordered, position[:, None], axis=1)[:, 0], np.nan)
        else:
            order = np.argsort(block, axis=1)
            ordered = np.take_along_axis(block, order, axis=1)
            cumulative = np.cumsum(np.where(np.isnan(ordered), 0.0, repeats.astype(np.float64)[order]), axis=1)
            total = cumulative[:, -1]
            for values, q in zip(out, QUANTILES, strict=True):
                position = np.minimum((cumulative < np.ceil(q * total)[:, None] - 1e-9).sum(axis=1), n_rows - 1)
                values[done] = np.where(total > 0, np.take_along_axis(ordered, position[:, None], axis=1)[:, 0], np.nan)
    return out


def floor_monte_carlo(prepared: Prepared, nominal: dict, ranks: dict, draws: int) -> tuple[dict, object]:
    """The engine's Monte Carlo in straight numpy (see the module's docstring): intervals and sensitivity."""
    spec, tree = prepared.spec, prepared.tree
    uncertain = spec.uncertainty
    assert spec.rank_ties == "min", "the floor ranks with ties at the minimum (the default)"
    assert uncertain.parameters == ("weights", "aggregation", "missing", "coders"), "the floor draws every choice"
    problem, sample = design(prepared, draws)
    n_runs = len(sample)
    n_weights = len(prepared.weights.flat())
    factors = 1 - uncertain.weight_bounds + 2 * uncertain.weight_bounds * sample[:, :n_weights]
    aggregations = (spec.aggregation, *uncertain.aggregations)
    missing_rules = (spec.missing, *uncertain.missing)
    aggregation_of = _pick(sample[:, n_weights], len(aggregations))
    missing_of = _pick(sample[:, n_weights + 1], len(missing_rules))
    replicate_of = _pick(sample[:, n_weights + 2], uncertain.coder_replicates)
    weights = prepared.weights.flat() * factors  # (runs, every code's weight)
    cuts = np.cumsum([len(tree.indicators), len(tree.rights), len(tree.categories)])
    w_indicator, w_right, w_category, w_dimension = np.split(weights, cuts, axis=1)
    right_dims, category_dims = tree.right_dimensions, tree.category_dimensions
    in_overall = np.array([d in spec.overall_dimensions for d in tree.dimensions], dtype=np.float64)
    n_countries = len(prepared.panel.countries)
    units = np.flatnonzero(prepared.panel.present.ravel())
    flagged = np.hstack([flags(prepared, level) for level in AGGREGATED_LEVELS])
    widths = [nominal[level].shape[1] for level in AGGREGATED_LEVELS]
    edges = np.concatenate(([0], np.cumsum(widths)))
    targets = ("overall", *tree.dimensions)
    target_columns = [edges[3], *(edges[2] + n for n in range(len(tree.dimensions)))]
    nominal_ranks = np.hstack([ranks[level] for level in AGGREGATED_LEVELS])[units][:, target_columns]
    scores_out = np.empty((n_runs, len(units) * edges[-1]), np.float32)
    ranks_out = np.empty_like(scores_out)
    pairs = Counter(zip(replicate_of.tolist(), missing_of.tolist(), strict=True))
    n_indicators = len(tree.indicators)
    indicator_scores = np.empty((len(pairs), len(units) * n_indicators), np.float32)
    indicator_ranks = np.empty_like(indicator_scores)
    indicator_flagged = flags(prepared, "indicator")
    shifts = np.zeros((len(targets), n_runs))
    replicates = _CoderReplicates(prepared)
    for pair, (replicate, missing) in enumerate(pairs):
        filled = impute(replicates.cube(replicate), missing_rules[missing], prepared.context)
        filled = filled.reshape(prepared.n_units, -1)
        rounded = np.round(filled, DECIMALS)
        indicator_scores[pair] = rounded[units].ravel()
        masked = np.where(indicator_flagged, np.nan, rounded)
        indicator_ranks[pair] = _min_ranks(masked.reshape(n_countries, -1)).reshape(masked.shape)[units].ravel()
        children = np.ascontiguousarray(filled.T)[None]  # (1, indicators, country-years)
        in_pair = (replicate_of == replicate) & (missing_of == missing)
        offset = spec.mean_offset
        for method, aggregation in enumerate(aggregations):
            power = {level: aggregation_power(aggregation.method(level)) for level in AGGREGATED_LEVELS}
            runs = np.flatnonzero(in_pair & (aggregation_of == method))
            indicators = _transform(children, power["right"], offset) if len(runs) else None
            for batch in np.array_split(runs, max(1, math.ceil(len(runs) / BATCH))):
                if not len(batch):
                    continue
                wi, wr, wc = w_indicator[batch], w_right[batch], w_category[batch]
                right = _segment_mean(indicators, tree.right_of, len(tree.rights), wi, power["right"])
                right_dim = _segment_mean(
                    indicators, tree.indicator_to_right_dimension, len(right_dims), wi, power["right"]
                )
                category = _segment_mean(
                    _transform(right, power["category"], offset),
                    tree.category_of,
                    len(tree.categories),
                    wr,
                    power["category"],
                )
                category_dim = _segment_mean(
                    _transform(right_dim, power["category"], offset),
                    tree.right_dimension_to_category_dimension,
                    len(category_dims),
                    wr[:, right_dims[:, 0]],
                    power["category"],
                )
                dimension = _segment_mean(
                    _transform(category_dim, power["dimension"], offset),
                    category_dims[:, 1],
                    len(tree.dimensions),
                    wc[:, category_dims[:, 0]],
                    power["dimension"],
                )
                overall = _segment_mean(
                    _transform(dimension, power["overall"], offset),
                    np.zeros(len(tree.dimensions), np.int64),
                    1,
                    w_dimension[batch] * in_overall,
                    power["overall"],
                )
                # (runs, country-years, codes of every level), rounded as published
                scores = np.round(np.concatenate([right, category, dimension, overall], axis=1), DECIMALS)
                scores = scores.transpose(0, 2, 1)
                for n, level_scores in enumerate(scores):
                    scores_out[batch[n]] = level_scores[units].ravel()  # level by level below
                ranked = np.where(flagged, np.nan, scores).reshape(len(batch), n_countries, -1)
                ranked = _min_ranks(ranked.transpose(1, 0, 2)).transpose(1, 0, 2).reshape(scores.shape)[:, units]
                ranks_out[batch] = ranked.reshape(len(batch), -1)
                moved = np.abs(ranked[:, :, target_columns] - nominal_ranks)
                counted = np.sum(~np.isnan(moved), axis=1)
                with np.errstate(invalid="ignore", divide="ignore"):
                    shifts[:, batch] = np.where(counted > 0, np.nansum(moved, axis=1) / counted, np.nan).T
    intervals = {}
    blocks = {
        level: (
            scores_out.reshape(n_runs, len(units), -1)[:, :, edges[n] : edges[n + 1]].reshape(n_runs, -1),
            ranks_out.reshape(n_runs, len(units), -1)[:, :, edges[n] : edges[n + 1]].reshape(n_runs, -1),
            None,
        )
        for n, level in enumerate(AGGREGATED_LEVELS)
    }
    blocks["indicator"] = (indicator_scores, indicator_ranks, np.array(list(pairs.values())))
    for level, (level_scores, level_ranks, repeats) in blocks.items():
        width = nominal[level].shape[1]
        columns = {}
        low, median, high = _quantile_rows(level_scores, repeats)
        rank_low, _, rank_high = _quantile_rows(level_ranks, repeats)
        names = ("score_low", "score_median", "score_high", "rank_low", "rank_high")
        for name, values in zip(names, (low, median, high, rank_low, rank_high), strict=True):
            column = np.full((prepared.n_units, width), np.nan)
            column[units] = values.reshape(len(units), width)
            columns[name] = np.round(column, INTERVAL_DECIMALS)
        intervals[level] = columns
    return intervals, _sensitivity(problem, shifts, targets, uncertain.seed)


def _largest_difference(engine: dict, floor: dict) -> float:
    worst = 0.0
    for level, columns in engine.items():
        for name, values in columns.items():
            other = floor[level][name]
            if not np.array_equal(np.isnan(values), np.isnan(other)):
                return math.inf
            worst = max(worst, float(np.nanmax(np.abs(values - other), initial=0.0)))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--countries", type=int, default=200)
    args = parser.parse_args()
    framework = synthetic_framework(100)
    answers = synthetic_answers(framework, n_countries=args.countries, n_years=40, n_coders=3)
    spec = IndexSpec.from_dict(SPEC)
    print(
        f"SYNTHETIC panel: {args.countries} countries x 40 years x 100 indicators x 3 coders = {len(answers):,} answers"
    )
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"load average at the start: {' '.join(load)}")
    prepared = prepare(answers, framework, spec)
    nominal = score_levels(prepared, prepared.normalised, spec.missing, spec.aggregation, prepared.weights)
    n_countries = len(prepared.panel.countries)
    ranks = {
        level: small_fields_unranked(
            rank_countries(np.where(flags(prepared, level), np.nan, scores), n_countries, spec.rank_ties),
            n_countries,
            spec.min_ranked,
        )
        for level, scores in nominal.items()
    }
    from SALib.analyze.sobol import analyze  # noqa: F401  (SALib and scipy imported before either is timed)

    timings = {}
    for name, run in (
        ("engine", lambda: monte_carlo(prepared, nominal, ranks, args.draws)),
        ("floor", lambda: floor_monte_carlo(prepared, nominal, ranks, args.draws)),
    ):
        cpu, wall = time.process_time(), time.perf_counter()
        timings[name] = (run(), time.process_time() - cpu, time.perf_counter() - wall)
    (result, engine_cpu, engine_wall), ((intervals, sensitivity), floor_cpu, floor_wall) = (
        timings["engine"],
        timings["floor"],
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(
        f"{result.draws} model runs, seed {spec.uncertainty.seed}; peak memory of the process {peak:.2f} GB\n"
        f"  engine monte_carlo: {engine_cpu:.1f} s CPU ({engine_wall:.1f} s wall, threads), "
        f"{engine_cpu / result.draws * 1000:.1f} ms CPU a run\n"
        f"  numpy floor:        {floor_cpu:.1f} s CPU ({floor_wall:.1f} s wall, one thread), "
        f"{floor_cpu / result.draws * 1000:.1f} ms CPU a run\n"
        f"  engine / floor: {engine_cpu / floor_cpu:.2f}x CPU, {engine_wall / floor_wall:.2f}x wall (target: 1.2x)"
    )
    interval_difference = _largest_difference(result.intervals, intervals)
    columns = ["first_order", "first_order_conf", "total", "total_conf"]
    sensitivity_difference = float(
        np.nanmax(np.abs(result.sensitivity[columns].to_numpy(float) - sensitivity[columns].to_numpy(float)))
    )
    same = interval_difference <= 1e-12 and sensitivity_difference <= 1e-12
    print(
        f"  same outputs: {'yes' if same else 'NO'} (largest difference: intervals {interval_difference:.3g}, "
        f"Sobol' indices {sensitivity_difference:.3g}; tolerance 1e-12)"
    )
    print("Sobol' indices of the mean absolute rank shift (total effect, first order):")
    table = result.sensitivity.pivot(index="parameter", columns="target", values=["total", "first_order"])
    print(table.round(3).to_string())


if __name__ == "__main__":
    main()
