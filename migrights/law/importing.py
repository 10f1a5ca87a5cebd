"""``migrights import globalcit FILE`` and ``migrights import bla FORMATION CODING``.

The raw files are parsed (``migrights.importers.globalcit`` / ``.bla``, pure), the dataset's country names are
mapped through ``migrights/data/names/globalcit.csv`` / ``bla.csv`` (an unknown name refuses the file), and the
rows go through the project's one loader (``reference.importing``): every bad cell is reported with file, row,
column and reason and nothing is written; ``--dry-run`` shows what would change. ``--output`` also writes the
compact derived file that the observatory commits under ``migrights/data/law/`` and loads at first start.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from migrights.importers.bla import parse_bla
from migrights.importers.globalcit import parse_globalcit
from migrights.importers.records import ParseProblem
from migrights.law.loading import AGREEMENTS, LAW_VALUES, agreement_provisions, declared, law_variables
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.reference.importing import (
    FileRead,
    ImportReport,
    dataset_source,
    file_checksum,
    load_rows,
    write_derived,
)
from migrights.reference.loading import ImportFailed, RowSchema
from migrights.reference.models import Country
from migrights.reference.names import NAMES_DIR, name_map, normalise_name

GLOBALCIT_DATASET = "globalcit"
BLA_DATASET = "bla"
DERIVED_DIR = EMBEDDED_DATA_DIR / "law"
SOURCES_FILE = EMBEDDED_DATA_DIR / "sources" / "law.yaml"
Rows = list[tuple[int | str, dict[str, str]]]


@dataclass(frozen=True)
class PeriodName:
    code: str
    first: int | None
    last: int | None


@cache
def period_names(source: str) -> dict[str, list[PeriodName]]:
    """A names file whose rows may hold for some years only (``from``, ``to``): Yugoslavia before and after 1992."""
    names: dict[str, list[PeriodName]] = {}
    with (NAMES_DIR / f"{source}.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            first, last = (int(row[k]) if row.get(k) else None for k in ("from", "to"))
            names.setdefault(normalise_name(row["name"]), []).append(PeriodName(row["code"].strip(), first, last))
    return names


def code_in_year(source: str, name: str, year: int | None) -> str | None:
    """The code a name stands for in ``year`` (None: unmapped, or several codes and the year unknown)."""
    entries = period_names(source).get(normalise_name(name), [])
    fitting = [
        e
        for e in entries
        if year is None or ((e.first is None or e.first <= year) and (e.last is None or year <= e.last))
    ]
    return fitting[0].code if len(fitting) == 1 else None


def globalcit_rows(content: bytes, file: str, source_key: str) -> tuple[Rows, list[ParseProblem], Any]:
    """Loader rows of a GLOBALCIT country-year file, name-mapping problems included."""
    parsed = parse_globalcit(content, file, law_variables(), declared()["globalcit"].get("carried_forward"))
    names = name_map("globalcit")
    problems = list(parsed.problems)
    rows: Rows = []
    unmapped: set[str] = set()
    for run in parsed.runs:
        code = names.lookup(run.country)
        if not code:
            if run.country not in unmapped:
                unmapped.add(run.country)
                reason = f"name {run.country!r} ({run.iso3}) is not in {names.file.name}: add it"
                problems.append(ParseProblem(file, run.row, "country", reason))
            continue
        rows.append(
            (
                run.row,
                {
                    "country": code,
                    "variable": run.variable,
                    "year_from": str(run.year_from),
                    "year_to": str(run.year_to),
                    "carried_to": str(run.carried_to or ""),
                    "value": run.value,
                    "source": source_key,
                },
            )
        )
    return rows, problems, parsed


def _import_dataset(
    schema: RowSchema,
    dataset: str,
    path: Path,
    content: bytes,
    rows_of: Callable[[str], tuple[Rows, list[ParseProblem], Any]],
    *,
    dry_run: bool,
    allow_removals: bool,
    output: Path | None,
) -> tuple[ImportReport, Any]:
    """The steps every law dataset's import shares: its source (the declared one when ``content`` is the file it
    describes, else a new one citing the file), its rows (``rows_of(source key)``: rows, problems, parsed file)
    through the one loader, what was not loaded, and the derived file when ``output`` is given."""
    started = timezone.now()
    source = dataset_source(declared()[dataset]["source"], SOURCES_FILE, file_checksum(content), path.name)
    rows, problems, parsed = rows_of(source.key)
    report = load_rows(
        schema,
        schema.kind,
        dataset,
        FileRead(path, content, rows, problems, started),
        dry_run=dry_run,
        source=source,
        run_kind=dataset,
        allow_removals=allow_removals,
    )
    report.not_loaded = [str(p) for p in parsed.not_loaded]
    if output is not None:
        write_derived(schema, rows, output)
    return report, parsed


def import_globalcit(
    path: Path, *, dry_run: bool = False, allow_removals: bool = False, output: Path | None = None
) -> ImportReport:
    """Import a GLOBALCIT country-year CSV as the ``globalcit`` dataset (replacing the previous one)."""
    content = path.read_bytes()
    report, parsed = _import_dataset(
        LAW_VALUES,
        GLOBALCIT_DATASET,
        path,
        content,
        lambda source_key: globalcit_rows(content, str(path), source_key),
        dry_run=dry_run,
        allow_removals=allow_removals,
        output=output,
    )
    report.rows_read = parsed.rows_read
    report.notes = parsed.notes
    return report


def bla_rows(
    formation: bytes, formation_file: str, coding: bytes, coding_file: str, source_key: str
) -> tuple[Rows, list[ParseProblem], Any]:
    """Loader rows of the agreements files; a name unmapped (or mapped to a state that did not exist then) is a
    problem naming the row."""
    parsed = parse_bla(formation, formation_file, coding, coding_file, agreement_provisions())
    problems = list(parsed.problems)
    existed = dict(Country.objects.values_list("code", "existed_until"))
    rows: Rows = []
    for agreement in parsed.agreements:
        codes = {}
        for column, name in (("countryA", agreement.name_a), ("countryB", agreement.name_b)):
            code = code_in_year("bla", name, agreement.year)
            if not code:
                reason = f"name {name!r} is not in bla.csv" + (
                    f" for the year {agreement.year}" if agreement.year else " (or it needs a known year)"
                )
                problems.append(ParseProblem(formation_file, agreement.row, column, reason + ": add it"))
            elif agreement.year and existed.get(code) and agreement.year > existed[code]:
                reason = f"{name!r} is {code}, which no longer existed in {agreement.year}: fix bla.csv"
                problems.append(ParseProblem(formation_file, agreement.row, column, reason))
            codes[column] = code or ""
        rows.append(
            (
                agreement.row,
                {
                    "key": str(agreement.treaty_id),
                    "party_a": codes["countryA"],
                    "party_b": codes["countryB"],
                    "name_a": agreement.name_a,
                    "name_b": agreement.name_b,
                    "signed": agreement.signed.iso() if agreement.signed else "",
                    "ratified": agreement.ratified.iso() if agreement.ratified else "",
                    "listed_in": agreement.listed_in,
                    "title": agreement.title,
                    "coded": "true" if agreement.coded else "false",
                    "provisions": ";".join(agreement.provisions),
                    "note": agreement.note,
                    "source": source_key,
                },
            )
        )
    return rows, problems, parsed


def import_bla(
    formation_path: Path,
    coding_path: Path,
    *,
    dry_run: bool = False,
    allow_removals: bool = False,
    output: Path | None = None,
) -> ImportReport:
    """Import the agreements (formation file) with their coded texts (coding file) as the ``bla`` dataset."""
    formation, coding = formation_path.read_bytes(), coding_path.read_bytes()
    report, _parsed = _import_dataset(
        AGREEMENTS,
        BLA_DATASET,
        formation_path,
        formation,
        lambda source_key: bla_rows(formation, str(formation_path), coding, str(coding_path), source_key),
        dry_run=dry_run,
        allow_removals=allow_removals,
        output=output,
    )
    return report


__all__ = ["ImportFailed", "code_in_year", "import_bla", "import_globalcit", "write_derived"]
