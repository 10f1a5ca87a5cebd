"""Full recompute of the index on a SYNTHETIC panel (benchmarks/panel.py), at 1x, 2x and 4x its size.

Targets: 200 countries x 40 years x 300 indicators x 3 coders (7.2 million answers) in under 10 s and 4 GB peak
memory, time linear in size (issue 4); the engine within 5x the CPU of a one-pass numpy floor, ahead of polars and
DuckDB, at most 3 GB peak at 4x (issue 17).

Every tool starts from the same answers DataFrame and the framework table, and computes the default spec. The
DataFrame is read from Parquet with its text columns as categoricals (``read_dictionary``), the compact form the
observatory hands the engine (``answers_categorical``) and ``read_answers_csv`` gives; ``--text`` reads them as
text columns instead (the form every figure before 2026-12-04 used). Arrow's memory pool then gives back the
buffers the read freed (``release_unused``: 1.2 GB at 4x that would otherwise stay resident, used by no tool):

- ``engine``: ``compute(answers, framework)``, the whole edition (checks, every level's scores, coverage, flags,
  ranks, year-on-year changes, the scores table of every country-year and code).
- ``floor``: the same scores in one pass per step and nothing else: text codes by ``pd.factorize`` (then one lookup
  per distinct text), coders combined and not-applicable majorities by ``np.bincount``, normalisation, the levels
  by ``np.bincount`` over (country-year, code), the overall ranks by one argsort; no checks, no coverage, flags or
  changes, the output as bare arrays. A floor, not an index engine.
- ``polars`` and ``duckdb`` (if installed: they are not dependencies of the observatory; ``pip install polars
  duckdb`` to compare): the same scores as group-by means level after level, in their own engines and threads,
  from the same DataFrame (the conversion counted), each level a table, the overall ranked.
- ``pandas`` (``--pandas``): the same as groupby-means, for the record (slow: 4x takes minutes).

Each (scale, tool) runs in a fresh process that reads the panel from a Parquet file written beforehand, so its peak
memory (``ru_maxrss``) is that tool's: the input data plus what the tool needs. CPU is ``process_time`` (every
thread of the process); with ``--repeat N`` each tool runs N times, in turns, and its least CPU is shown (this
machine is shared: CPU time moves by a third between runs). The overall scores of every tool are compared with
the engine's.
Run: PYTHONPATH=. .venv/bin/python benchmarks/indexengine_recompute.py [--scales 1,2,4] [--tools ...] [--pandas]
[--text]
(``BENCH_COUNTRIES=20`` in the environment for a quick try on a tenth of the panel.)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from panel import synthetic_answers, synthetic_framework

from migrights.indexengine import compute
from migrights.indexengine.answers import TEXT_COLUMNS
from migrights.indexengine.framework import Tree

COUNTRIES, YEARS, INDICATORS, CODERS = int(os.environ.get("BENCH_COUNTRIES", 200)), 40, 300, 3
TOOLS = ("engine", "floor", "polars", "duckdb")


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux: kilobytes


def resident_gb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**3


def indicator_table(framework: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator with what the normalisation and the levels read (the framework is 300 rows: read in
    Python, outside every tool's timing)."""
    tree = Tree.from_table(framework)
    return pd.DataFrame(
        {
            "indicator": list(tree.indicators),
            "right": [tree.rights[r] for r in tree.right_of],
            "category": [tree.categories[tree.category_of[r]] for r in tree.right_of],
            "dimension": [tree.dimensions[d] for d in tree.dimension_of],
            "kind": tree.kind,
            "low": tree.low,
            "high": tree.high,
            "reverse": tree.reverse,
        }
    )


# ---- the one-pass numpy floor ---------------------------------------------------------------------------------


def numpy_floor(answers: pd.DataFrame, framework: pd.DataFrame) -> dict[str, np.ndarray]:
    tree = Tree.from_table(framework)
    n_ind = len(tree.indicators)
    country, countries = pd.factorize(answers["country"], sort=True)
    codes, texts = pd.factorize(answers["indicator"])
    indicator = pd.Index(tree.indicators).get_indexer(texts)[codes]
    year = answers["year"].to_numpy()
    first = int(year.min())
    n_years = int(year.max()) - first + 1
    n_units = len(countries) * n_years
    cell = (country * n_years + (year - first)) * n_ind + indicator
    value = answers["value"].to_numpy()
    known = ~np.isnan(value)
    n_cells = n_units * n_ind
    total = np.bincount(cell, weights=np.where(known, value, 0.0), minlength=n_cells)
    count = np.bincount(cell, weights=known, minlength=n_cells)
    not_applicable = np.bincount(cell, weights=answers["not_applicable"].to_numpy(), minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where((count > 0) & (not_applicable <= count), total / count, np.nan).reshape(n_units, n_ind)
        numeric = tree.kind == "numeric"
        low = np.where(numeric, np.nanmin(mean, axis=0), tree.low)
        high = np.where(numeric, np.nanmax(mean, axis=0), tree.high)
        span = high - low
        score = np.clip(np.where(span > 0, (mean - low) / np.where(span > 0, span, 1.0) * 100, 50.0), 0, 100)
    score = np.where(tree.reverse, 100 - score, score)

    def mean_by(values: np.ndarray, parent: np.ndarray, n_parents: int) -> np.ndarray:
        """(units, children) → (units, parents): mean of the children present."""
        present = ~np.isnan(values)
        key = (np.arange(values.shape[0])[:, None] * n_parents + parent[None, :]).ravel()
        sums = np.bincount(key, weights=np.where(present, values, 0.0).ravel(), minlength=values.shape[0] * n_parents)
        counts = np.bincount(key, weights=present.ravel(), minlength=values.shape[0] * n_parents)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (sums / counts).reshape(values.shape[0], n_parents)

    right = mean_by(score, tree.right_of, len(tree.rights))
    category = mean_by(right, tree.category_of, len(tree.categories))
    right_dim = mean_by(score, tree.indicator_to_right_dimension, len(tree.right_dimensions))
    category_dim = mean_by(right_dim, tree.right_dimension_to_category_dimension, len(tree.category_dimensions))
    dimension = mean_by(category_dim, tree.category_dimensions[:, 1], len(tree.dimensions))
    overall = mean_by(dimension, np.zeros(len(tree.dimensions), np.int64), 1)[:, 0]
    by_year = -overall.reshape(len(countries), n_years)  # ranks among the countries of each year, ties at the minimum
    order = np.argsort(by_year, axis=0)
    ordered = np.take_along_axis(by_year, order, axis=0)
    new = np.ones(ordered.shape, bool)
    new[1:] = ordered[1:] != ordered[:-1]
    first_rank = np.maximum.accumulate(np.where(new, np.arange(1, len(countries) + 1)[:, None], 0), axis=0)
    rank = np.empty(by_year.shape)
    np.put_along_axis(rank, order, first_rank.astype(float), axis=0)
    rank[np.isnan(by_year)] = np.nan
    units = np.arange(n_units)
    return {
        "country": np.asarray(countries)[units // n_years],
        "year": first + units % n_years,
        "overall": overall,
        "rank": rank.ravel(),
        "levels": (score, right, category, dimension),
    }


# ---- polars, DuckDB, pandas: group-by means level after level ----------------------------------------------------


def with_polars(answers: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    import polars as pl

    table = pl.from_pandas(answers)
    indicators = pl.from_pandas(indicator_table(framework))
    cells = (
        table.group_by("country", "year", "indicator")
        .agg(
            pl.col("value").fill_nan(None).mean().alias("value"),
            pl.col("value").fill_nan(None).count().alias("known"),
            pl.col("not_applicable").sum().alias("na"),
        )
        .filter((pl.col("known") > 0) & (pl.col("na") <= pl.col("known")))
        .with_columns(pl.col("indicator").cast(pl.String))  # a categorical from pandas: joined as text
        .join(indicators, on="indicator")
    )
    numeric = pl.col("kind") == "numeric"
    low = pl.when(numeric).then(pl.col("value").min().over("indicator")).otherwise(pl.col("low"))
    high = pl.when(numeric).then(pl.col("value").max().over("indicator")).otherwise(pl.col("high"))
    span = high - low
    scaled = pl.when(span > 0).then(((pl.col("value") - low) / span * 100).clip(0, 100)).otherwise(50.0)
    cells = cells.with_columns(pl.when(pl.col("reverse")).then(100 - scaled).otherwise(scaled).alias("score"))
    keys = ["country", "year"]
    right = cells.group_by(*keys, "right", "category").agg(pl.col("score").mean())
    right.group_by(*keys, "category").agg(pl.col("score").mean())  # category scores (a level of the output)
    right_dim = cells.group_by(*keys, "right", "category", "dimension").agg(pl.col("score").mean())
    category_dim = right_dim.group_by(*keys, "category", "dimension").agg(pl.col("score").mean())
    dimension = category_dim.group_by(*keys, "dimension").agg(pl.col("score").mean())
    overall = dimension.group_by(keys).agg(pl.col("score").mean())
    overall = overall.with_columns(pl.col("score").rank("min", descending=True).over("year").alias("rank"))
    return overall.to_pandas()


def with_duckdb(answers: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    import duckdb

    connection = duckdb.connect()
    connection.register("answers", answers)
    connection.register("indicators", indicator_table(framework).rename(columns={"right": "rgt"}))  # RIGHT: a keyword
    connection.execute(
        """
        create temp table cells as
        with combined as (
            select country, year, indicator, avg(nullif(value, 'NaN'::double)) as value,
                   count(nullif(value, 'NaN'::double)) as known, sum(not_applicable::int) as na
            from answers group by all
        ), kept as (
            select c.*, i.rgt, i.category, i.dimension, i.kind, i.reverse,
                   case when i.kind = 'numeric' then min(c.value) over (partition by c.indicator) else i.low end as lo,
                   case when i.kind = 'numeric' then max(c.value) over (partition by c.indicator) else i.high end as hi
            from combined c join indicators i using (indicator)
            where known > 0 and na <= known
        ), scaled as (
            select *, case when hi - lo > 0 then least(greatest((value - lo) / (hi - lo) * 100, 0), 100)
                           else 50.0 end as s
            from kept
        )
        select country, year, indicator, rgt, category, dimension,
               case when reverse then 100 - s else s end as score
        from scaled
        """
    )
    connection.execute(
        "create temp table rights as select country, year, rgt, category, avg(score) as score from cells group by all"
    )
    connection.execute(
        "create temp table categories as select country, year, category, avg(score) from rights group by all"
    )
    return connection.execute(
        """
        with right_dim as (
            select country, year, rgt, category, dimension, avg(score) as score from cells group by all
        ), category_dim as (
            select country, year, category, dimension, avg(score) as score from right_dim group by all
        ), dimensions as (
            select country, year, dimension, avg(score) as score from category_dim group by all
        ), overall as (
            select country, year, avg(score) as score from dimensions group by all
        )
        select *, rank() over (partition by year order by score desc) as rank from overall
        """
    ).df()


def with_pandas(answers: pd.DataFrame, framework: pd.DataFrame) -> pd.DataFrame:
    indicators = indicator_table(framework)
    grouped = answers.assign(known=answers["value"].notna()).groupby(["country", "year", "indicator"], sort=False)
    cells = grouped.agg(value=("value", "mean"), known=("known", "sum"), na=("not_applicable", "sum")).reset_index()
    cells = cells[(cells["known"] > 0) & (cells["na"] <= cells["known"])].merge(indicators, on="indicator")
    numeric = cells["kind"] == "numeric"
    by_indicator = cells.groupby("indicator")["value"]
    low = cells["low"].where(~numeric, by_indicator.transform("min"))
    high = cells["high"].where(~numeric, by_indicator.transform("max"))
    span = high - low
    scaled = ((cells["value"] - low) / span.where(span > 0, 1.0) * 100).clip(0, 100).where(span > 0, 50.0)
    cells["score"] = scaled.where(~cells["reverse"], 100 - scaled)
    keys = ["country", "year"]
    right = cells.groupby([*keys, "right", "category"], sort=False)["score"].mean().reset_index()
    right.groupby([*keys, "category"], sort=False)["score"].mean()
    right_dim = cells.groupby([*keys, "right", "category", "dimension"], sort=False)["score"].mean().reset_index()
    category_dim = right_dim.groupby([*keys, "category", "dimension"], sort=False)["score"].mean().reset_index()
    dimension = category_dim.groupby([*keys, "dimension"], sort=False)["score"].mean().reset_index()
    overall = dimension.groupby(keys, sort=False)["score"].mean().reset_index()
    overall["rank"] = overall.groupby("year")["score"].rank(method="min", ascending=False)
    return overall


# ---- measuring ---------------------------------------------------------------------------------------------------


def make_panel(scale: int, path: Path) -> None:
    framework = synthetic_framework(INDICATORS)
    answers = synthetic_answers(framework, n_countries=COUNTRIES * scale, n_years=YEARS, n_coders=CODERS)
    answers.to_parquet(path, index=False)


def measure(scale: int, tool: str, path: Path, text: bool = False) -> dict:
    import pyarrow

    framework = synthetic_framework(INDICATORS)
    answers = pd.read_parquet(path) if text else pd.read_parquet(path, read_dictionary=list(TEXT_COLUMNS))
    pyarrow.default_memory_pool().release_unused()
    result = {"scale": scale, "tool": tool, "answers": len(answers), "input_gb": resident_gb()}
    run = {
        "engine": lambda: compute(answers, framework),
        "floor": lambda: numpy_floor(answers, framework),
        "polars": lambda: with_polars(answers, framework),
        "duckdb": lambda: with_duckdb(answers, framework),
        "pandas": lambda: with_pandas(answers, framework),
    }[tool]
    cpu, wall = time.process_time(), time.perf_counter()
    output = run()
    result["cpu_s"], result["wall_s"] = time.process_time() - cpu, time.perf_counter() - wall
    result["peak_gb"] = peak_gb()
    if tool == "engine":
        scores = output.scores
        overall = scores[scores["level"] == "overall"]
        frame = pd.DataFrame(
            {"country": overall["country"].astype(str), "year": overall["year"], "score": overall["score"]}
        )
        result["rows_out"] = len(scores)
    elif tool == "floor":
        frame = pd.DataFrame({"country": output["country"], "year": output["year"], "score": output["overall"]})
        frame = frame.dropna()
    else:
        frame = output[["country", "year", "score"]].astype({"country": str, "year": np.int64})
    frame.sort_values(["country", "year"]).to_parquet(path.with_suffix(f".{tool}.overall.parquet"), index=False)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,2,4")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--pandas", action="store_true", help="also time pandas groupby-means (slow)")
    parser.add_argument("--repeat", type=int, default=1, help="fresh processes per tool; the least CPU is kept")
    parser.add_argument("--text", action="store_true", help="read the text columns as text, not categoricals")
    parser.add_argument("--make", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make_panel(int(args.make[0]), Path(args.make[1]))
        return
    if args.one:
        print(json.dumps(measure(int(args.one[0]), args.one[1], Path(args.one[2]), args.text)))
        return
    tools = [t for t in args.tools.split(",") if t]
    if args.pandas:
        tools.append("pandas")
    for tool in ("polars", "duckdb"):
        if tool in tools and importlib.util.find_spec(tool) is None:
            print(f"{tool} is not installed: left out (pip install {tool} to compare; not an observatory dependency)")
            tools.remove(tool)
    print(f"SYNTHETIC panel: {COUNTRIES} countries x {YEARS} years x {INDICATORS} indicators x {CODERS} coders at 1x")
    print(f"input: text columns as {'text' if args.text else 'categoricals'}")
    print(f"load average at the start: {Path('/proc/loadavg').read_text().split()[:3]} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        for scale in map(int, args.scales.split(",")):
            path = Path(folder) / f"panel-{scale}x.parquet"
            subprocess.run([sys.executable, __file__, "--make", str(scale), str(path)], check=True)
            results = {}
            for _ in range(args.repeat):  # tools take turns, so a burst of load from elsewhere hits them all
                for tool in tools:
                    output = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--one",
                            str(scale),
                            tool,
                            str(path),
                            *(["--text"] if args.text else []),
                        ],
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout
                    result = json.loads(output.strip().splitlines()[-1])
                    if tool not in results or result["cpu_s"] < results[tool]["cpu_s"]:
                        results[tool] = result
            engine = pd.read_parquet(path.with_suffix(".engine.overall.parquet"))
            floor = results.get("floor", {}).get("cpu_s")
            print(
                f"{scale}x: {results[tools[0]]['answers']:,} answers; "
                f"the input DataFrame {results[tools[0]]['input_gb']:.2f} GB resident"
            )
            print("  tool      CPU s   wall s   peak GB   CPU / floor   CPU / engine   overall vs engine max |diff|")
            for tool, r in results.items():
                other = pd.read_parquet(path.with_suffix(f".{tool}.overall.parquet"))
                merged = engine.merge(other, on=["country", "year"], suffixes=("", "_other"))
                difference = float((merged["score"] - merged["score_other"]).abs().max()) if len(merged) else np.nan
                matched = f"{difference:.1e} ({len(merged):,} of {len(engine):,} rows)"
                ratio = f"{r['cpu_s'] / floor:>11.1f}x" if floor else f"{'-':>12}"
                print(
                    f"  {tool:<8} {r['cpu_s']:>6.2f}   {r['wall_s']:>6.2f}   {r['peak_gb']:>7.2f}   {ratio}"
                    f"   {r['cpu_s'] / results['engine']['cpu_s']:>11.2f}x   {matched}"
                )


if __name__ == "__main__":
    main()
