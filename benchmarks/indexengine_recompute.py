"""Full recompute of the index on a SYNTHETIC panel (benchmarks/panel.py), at 1x, 2x and 4x its size.

Targets (issue 4): 200 countries x 40 years x 300 indicators x 3 coders (7.2 million answers) in
under 10 s and 4 GB peak memory; time linear in size; within 10x of one numpy pass over the answer
array; faster than a plain pandas groupby implementation of the default spec.

Each measurement runs in a fresh process so that its peak memory (``ru_maxrss``) is its own.
Run: PYTHONPATH=. .venv/bin/python benchmarks/indexengine_recompute.py [--scales 1,2,4]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from panel import synthetic_answers, synthetic_framework

from migrights.indexengine import compute
from migrights.indexengine.answers import encode_answers
from migrights.indexengine.framework import Tree

COUNTRIES, YEARS, INDICATORS, CODERS = 200, 40, 300, 3


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux: kilobytes


def pandas_default_spec(answers: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    """The default spec as analysts write it today: groupby-mean level after level."""
    cells = answers.groupby(["country", "year", "indicator"], sort=False)["value"].mean().reset_index()
    cells = cells.merge(framework, on="indicator")
    kind = cells["scale"].str.partition(":")[0]
    levels = cells["scale"].str.partition(":")[2].str.split("|")
    low = levels.map(lambda v: float(min(map(float, v))) if isinstance(v, list) and v != [""] else np.nan)
    high = levels.map(lambda v: float(max(map(float, v))) if isinstance(v, list) and v != [""] else np.nan)
    low = low.where(kind != "binary", 0.0).where(kind != "percentage", cells["min"])
    high = high.where(kind != "binary", 1.0).where(kind != "percentage", cells["max"])
    numeric = kind == "numeric"
    by_indicator = cells.groupby("indicator")["value"]
    low = low.where(~numeric, by_indicator.transform("min"))
    high = high.where(~numeric, by_indicator.transform("max"))
    score = ((cells["value"] - low) / (high - low) * 100).clip(0, 100)
    cells["score"] = score.where(cells["direction"] == "+", 100 - score)
    cells["right"] = cells["right"].fillna(cells["indicator"])
    keys = ["country", "year"]
    right = cells.groupby([*keys, "right", "category"], sort=False)["score"].mean().reset_index()
    category = right.groupby([*keys, "category"], sort=False)["score"].mean()
    right_dim = cells.groupby([*keys, "right", "category", "dimension"], sort=False)["score"].mean().reset_index()
    category_dim = right_dim.groupby([*keys, "category", "dimension"], sort=False)["score"].mean().reset_index()
    dimension = category_dim.groupby([*keys, "dimension"], sort=False)["score"].mean().reset_index()
    overall = dimension.groupby(keys, sort=False)["score"].mean().reset_index()
    overall["rank"] = overall.groupby("year")["score"].rank(method="min", ascending=False)
    del category
    return overall


def measure(scale: int, baseline: bool) -> dict:
    framework = synthetic_framework(INDICATORS)
    answers = synthetic_answers(framework, n_countries=COUNTRIES * scale, n_years=YEARS, n_coders=CODERS)
    before = peak_gb()
    start = time.perf_counter()
    edition = compute(answers, framework)
    engine = time.perf_counter() - start
    result = {"scale": scale, "answers": len(answers), "engine_s": engine, "rows_out": len(edition.scores)}
    result["peak_gb"] = peak_gb()
    result["peak_before_gb"] = before
    start = time.perf_counter()
    panel = encode_answers(answers, Tree.from_table(framework))
    result["encode_s"] = time.perf_counter() - start  # checks + text codes to integers, part of engine_s
    start = time.perf_counter()
    for _ in range(5):
        np.bincount(panel.cell, weights=panel.value, minlength=panel.n_cells)
    result["one_pass_s"] = (time.perf_counter() - start) / 5
    if baseline:
        start = time.perf_counter()
        overall = pandas_default_spec(answers, framework)
        result["pandas_s"] = time.perf_counter() - start
        ours = edition.scores[edition.scores["level"] == "overall"].astype({"country": str})
        merged = ours.merge(overall.astype({"country": str}), on=["country", "year"], suffixes=("", "_pandas"))
        result["max_abs_diff_vs_pandas"] = float((merged["score"] - merged["score_pandas"]).abs().max())
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,2,4")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, baseline=True)))
        return
    print(f"SYNTHETIC panel: {COUNTRIES} countries x {YEARS} years x {INDICATORS} indicators x {CODERS} coders at 1x")
    print("scale  answers     engine_s  per_M_answers_s  peak_GB  one_pass_s  engine/one_pass  pandas_s  pandas/engine")
    for scale in map(int, args.scales.split(",")):
        output = subprocess.run(
            [sys.executable, __file__, "--one", str(scale)], capture_output=True, text=True, check=True
        ).stdout
        r = json.loads(output.strip().splitlines()[-1])
        print(
            f"{r['scale']:>4}x  {r['answers']:>10,}  {r['engine_s']:>8.2f}  {r['engine_s'] / r['answers'] * 1e6:>15.3f}"
            f"  {r['peak_gb']:>7.2f}  {r['one_pass_s']:>10.3f}  {r['engine_s'] / r['one_pass_s']:>15.1f}"
            f"  {r['pandas_s']:>8.2f}  {r['pandas_s'] / r['engine_s']:>13.2f}"
        )
        core = r["engine_s"] - r["encode_s"]
        print(
            f"       of which checking and encoding the answers {r['encode_s']:.2f} s; the rest {core:.2f} s"
            f" = {core / r['one_pass_s']:.0f} x one pass; peak before compute {r['peak_before_gb']:.2f} GB;"
            f" overall score vs pandas max |diff| {r['max_abs_diff_vs_pandas']:.2g} (pandas has no"
            " not-applicable majority rule)"
        )


if __name__ == "__main__":
    main()
