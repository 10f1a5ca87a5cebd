"""Monte Carlo uncertainty and Sobol' sensitivity on a SYNTHETIC panel (benchmarks/panel.py).

Target (issue 4): 1,000 Monte Carlo draws over 200 countries x 40 years x 100 indicators in under
60 s. Every choice is uncertain: weights (+-25 %), aggregation (arithmetic or geometric), missing
data (exclude or carry forward 1 year) and coders (3 per cell, 32 bootstrap replicates).
Run: PYTHONPATH=. .venv/bin/python benchmarks/indexengine_uncertainty.py [--draws 1000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from panel import synthetic_answers, synthetic_framework

from migrights.indexengine import IndexSpec, compute

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--countries", type=int, default=200)
    args = parser.parse_args()
    framework = synthetic_framework(100)
    answers = synthetic_answers(framework, n_countries=args.countries, n_years=40, n_coders=3)
    spec = IndexSpec.from_dict(SPEC)
    start = time.perf_counter()
    compute(answers, framework, spec)
    nominal = time.perf_counter() - start
    start = time.perf_counter()
    edition = compute(answers, framework, spec, uncertainty=args.draws)
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(
        f"SYNTHETIC panel: {args.countries} countries x 40 years x 100 indicators x 3 coders = {len(answers):,} answers"
    )
    print(
        f"{edition.draws} model runs: {total:.1f} s in all ({nominal:.1f} s of it the nominal edition), "
        f"{(total - nominal) / edition.draws * 1000:.1f} ms a run; peak memory {peak:.2f} GB; seed {edition.seed}"
    )
    print("Sobol' indices of the mean absolute rank shift (total effect, first order):")
    table = edition.sensitivity.pivot(index="parameter", columns="target", values=["total", "first_order"])
    print(table.round(3).to_string())


if __name__ == "__main__":
    main()
