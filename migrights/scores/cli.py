"""``migrights compute``: an index from files (framework, answers, spec) to SCORES.csv, or the observatory's own.

With files, only the engine and the framework reader run (no Django); without, the observatory's database is
recomputed (``scores.service``, which sets Django up).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from migrights.indexengine.answers import read_answers_csv
from migrights.indexengine.edition import Edition, compute, manifest_json, write_scores_csv
from migrights.indexengine.framework import read_framework_csv
from migrights.indexengine.problems import InputError, Problem
from migrights.indexengine.spec import IndexSpec
from migrights.lib.files import atomic_write

FrameworkOption = Annotated[
    Path | None,
    typer.Option(
        "--framework",
        help="Framework YAML, or CSV: indicator,category,dimension,scale,direction,weight[,right,min,max].",
    ),
]
AnswersOption = Annotated[
    Path | None,
    typer.Option("--answers", help="CSV: country,year,indicator,coder,value (NA = not applicable, empty = unknown)."),
]
SpecOption = Annotated[Path | None, typer.Option("--spec", help="Index spec YAML (default: the default spec).")]
OutputOption = Annotated[Path | None, typer.Option("--output", help="SCORES.csv to write.")]
UncertaintyOption = Annotated[
    int | None, typer.Option("--uncertainty", min=0, help="Monte Carlo runs over the spec's uncertain choices.")
]
SeedOption = Annotated[int | None, typer.Option("--seed", min=0, help="Seed of the Monte Carlo (default: the spec's).")]
FrameworkVersionOption = Annotated[
    str | None,
    typer.Option(
        "--framework-version",
        help="Without --framework: compute the observatory's edition on this loaded MRF version (e.g. 1.1), "
        "stored beside the public one.",
    ),
]


def _fail(lines: list[str]) -> typer.Exit:
    for line in lines:
        typer.echo(line, err=True)
    return typer.Exit(code=1)


def read_framework_file(path: Path) -> pd.DataFrame:
    """The framework table from a framework YAML (the observatory's format) or a researcher's CSV."""
    if not path.is_file():
        raise InputError([Problem(str(path), 0, "-", "file not found")])
    if path.suffix.lower() in (".yaml", ".yml"):
        from migrights.framework.definition import load_framework
        from migrights.lib.yamlfiles import DataFileError

        try:
            return load_framework(path, require_translations=False).indicator_table()
        except DataFileError as error:
            problems = []
            for line in str(error).splitlines():  # "PATH: location: reason", located by the framework module
                location, _, reason = line.removeprefix(f"{path}: ").removeprefix(f"{path}:").partition(": ")
                problems.append(Problem(str(path), "-", location or "-", reason or line))
            raise InputError(problems) from None
    return read_framework_csv(path)


def read_groups_csv(path: Path, column: str) -> pd.DataFrame:
    """Country groups for the group-mean rule: a CSV with ``country`` and ``column``."""
    if not path.is_file():
        raise InputError([Problem(str(path), 0, "-", "groups file not found")])
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [name for name in ("country", column) if name not in table.columns]
    if missing:
        raise InputError(Problem(str(path), 1, name, "required column is missing") for name in missing)
    return table


def compute_files(
    framework: Path, answers: Path, spec_path: Path | None, uncertainty: int | None, seed: int | None
) -> Edition:
    """Read and check every input file, then compute; InputError lists every located problem."""
    spec = IndexSpec.from_yaml(spec_path) if spec_path else IndexSpec()
    if seed is not None:
        spec = spec.replace(uncertainty=dataclasses.replace(spec.uncertainty, seed=seed))
    table = read_framework_file(framework)
    if not answers.is_file():
        raise InputError([Problem(str(answers), 0, "-", "file not found")])
    answer_table = read_answers_csv(answers, table)
    groups = None
    if "group_mean" in {spec.missing, *spec.uncertainty.missing}:
        if not spec.groups_file:
            raise InputError([Problem(str(spec_path or "spec"), 0, "groups_file", "group_mean needs groups_file")])
        groups = read_groups_csv((spec_path.parent if spec_path else Path()) / spec.groups_file, spec.group_column)
    return compute(answer_table, table, spec, groups=groups, uncertainty=uncertainty)


def compute_command(
    framework: FrameworkOption = None,
    answers: AnswersOption = None,
    spec: SpecOption = None,
    output: OutputOption = None,
    uncertainty: UncertaintyOption = None,
    seed: SeedOption = None,
    framework_version: FrameworkVersionOption = None,
) -> None:
    """Compute an index from files (or, without --framework and --answers, from the database).

    Writes SCORES.csv (country,year,level,code,score,coverage,rank, plus score_low,score_high,
    rank_low,rank_high with --uncertainty) and, beside it, NAME.edition.json with the spec, the
    hashes of spec and inputs, and the seed. A bad file or spec writes nothing and exits 1 with one
    line per problem: FILE:ROW:COLUMN: reason.
    """
    if framework is None and answers is None:
        from migrights.scores.service import compute_in_database  # sets Django up: only when it is needed

        try:
            index_spec = IndexSpec.from_yaml(spec) if spec else None
        except InputError as error:
            raise _fail([str(p) for p in error.problems]) from None
        compute_in_database(
            index_spec, uncertainty=uncertainty, seed=seed, output=output, framework_version=framework_version
        )
        return
    if framework_version is not None:
        raise _fail(["error: --framework-version computes from the database; give a framework file with --framework"])
    if framework is None or answers is None:
        raise _fail(["error: give both --framework and --answers"])
    if output is None:
        raise _fail(["error: give --output SCORES.csv"])
    try:
        edition = compute_files(framework, answers, spec, uncertainty, seed)
    except InputError as error:
        raise _fail([str(p) for p in error.problems]) from None
    manifest = output.with_name(output.stem + ".edition.json")
    atomic_write(output, lambda path: write_scores_csv(edition, str(path)))
    atomic_write(manifest, lambda path: path.write_text(manifest_json(edition), encoding="utf-8"))
    typer.echo(f"{len(edition.scores)} scores written to {output}; spec and hashes in {manifest.name}", err=True)
