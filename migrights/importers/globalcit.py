"""GLOBALCIT Citizenship Law Dataset, country-year file: pure parsing into runs of equal values.

The file has one row per country and year (the law in force on 1 January) and, per mode, ``<mode>_bin`` (the
law provides it) and ``<mode>_cat`` (GLOBALCIT's category code). Only the variables the observatory declares
(``migrights/data/law/variables.yaml``) are read, and of them only the codes whose meaning a read document
confirms; any other code is reported as not loaded and stays unknown. ``NA`` is missing, never zero.

Values are returned as runs (country, variable, first year, last year, value): law changes rarely, so the 13,065
rows of v3.1 become about 2,500 runs. A year the dataset declares carried forward (v3.1's 2024) is not an
observation: where its value equals the year before's, the run records it in ``carried_to``; where it differs,
the dataset cannot have copied it, and it is kept as an observation (reported).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from migrights.importers.records import ParseProblem
from migrights.importers.textfiles import UnreadableFile, csv_rows, decode_text

KEYS = ("iso3", "country", "year")
MISSING = "NA"
MAX_YEARS = 100  # a residence requirement longer than this is a typing error


@dataclass(frozen=True)
class VariableSpec:
    """What a variable means: its confirmed codes (category or 0/1), or ``numeric`` (a count of years)."""

    name: str
    title: str
    codes: Mapping[str, str] = field(default_factory=dict)
    numeric: bool = False


@dataclass(frozen=True)
class LawRun:
    """One value of one variable for one country over consecutive observed years."""

    country: str  # the dataset's country name
    iso3: str  # the dataset's code, as written
    variable: str
    year_from: int
    year_to: int
    value: str
    carried_to: int | None = None  # a later year the dataset repeats the value for, without observing it
    row: int = 0  # the file row of the first year


@dataclass
class LawParse:
    file: str
    runs: list[LawRun] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    not_loaded: list[ParseProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the import should say (carried-forward checks)
    rows_read: int = 0


def _cell_problem(spec: VariableSpec, value: str) -> str | None:
    """Why a cell cannot be a value of the variable (a malformed cell), or None."""
    if spec.numeric:
        if not value.isdigit() or not 0 < int(value) <= MAX_YEARS:
            return f"{value!r} is not a number of years (1-{MAX_YEARS}) or NA"
        return None
    if spec.name.endswith("_bin") and value not in ("0", "1"):
        return f"{value!r} is not 0, 1 or NA"
    if not value.lstrip("-").isdigit():
        return f"{value!r} is not a category code or NA"
    return None


def parse_globalcit(
    content: bytes, file: str, variables: Mapping[str, VariableSpec], carried_forward: int | None = None
) -> LawParse:
    """Read the country-year CSV: runs of the declared variables, problems (refuse the file), codes not loaded."""
    result = LawParse(file)
    try:
        lines = csv_rows(decode_text(content, file), file)
    except UnreadableFile as error:
        result.problems.append(error.problem)
        return result
    if not lines:
        result.problems.append(ParseProblem(file, 1, None, "the file is empty: expected a header row"))
        return result
    header = [h.strip() for h in lines[0][1]]
    missing = [c for c in (*KEYS, *variables) if c not in header]
    for column in missing:
        result.problems.append(ParseProblem(file, 1, column, "required column is missing"))
    if missing:
        return result
    index = {name: header.index(name) for name in (*KEYS, *variables)}
    # (country, variable) → {year: (value, row)}
    series: dict[tuple[str, str, str], dict[int, tuple[str, int]]] = defaultdict(dict)
    seen: dict[tuple[str, int], int] = {}
    unconfirmed: Counter[tuple[str, str]] = Counter()
    first_unconfirmed: dict[tuple[str, str], int] = {}
    for line, cells in lines[1:]:
        if not any(c.strip() for c in cells):
            continue
        result.rows_read += 1
        if len(cells) != len(header):
            result.problems.append(ParseProblem(file, line, None, f"{len(cells)} cells for {len(header)} columns"))
            continue
        iso3, country, year_text = (cells[index[k]].strip() for k in KEYS)
        if not year_text.isdigit():
            result.problems.append(ParseProblem(file, line, "year", f"{year_text!r} is not a year"))
            continue
        year = int(year_text)
        if not country:
            result.problems.append(ParseProblem(file, line, "country", "a country name is required"))
            continue
        if (country, year) in seen:
            result.problems.append(
                ParseProblem(file, line, None, f"repeats row {seen[country, year]} ({country} {year})")
            )
            continue
        seen[country, year] = line
        for name, spec in variables.items():
            value = cells[index[name]].strip()
            if value in (MISSING, ""):
                continue
            reason = _cell_problem(spec, value)
            if reason:
                result.problems.append(ParseProblem(file, line, name, reason))
                continue
            if not spec.numeric and value not in spec.codes:
                unconfirmed[name, value] += 1
                first_unconfirmed.setdefault((name, value), line)
                continue
            series[country, iso3, name][year] = (value, line)
    for (name, value), count in sorted(unconfirmed.items()):
        result.not_loaded.append(
            ParseProblem(
                file,
                first_unconfirmed[name, value],
                name,
                f"code {value!r} ({count} cells, first here): no document read confirms its meaning; left unknown",
            )
        )
    for (country, iso3, name), by_year in sorted(series.items()):
        result.runs.extend(_runs(country, iso3, name, by_year, carried_forward, result))
    return result


def _runs(
    country: str,
    iso3: str,
    variable: str,
    by_year: dict[int, tuple[str, int]],
    carried_forward: int | None,
    result: LawParse,
) -> list[LawRun]:
    """Consecutive observed years with the same value, then the carried-forward year."""
    carried = by_year.get(carried_forward) if carried_forward is not None else None
    observed = {y: v for y, v in by_year.items() if y != carried_forward}
    runs: list[LawRun] = []
    for year in sorted(observed):
        value, row = observed[year]
        last = runs[-1] if runs else None
        if last is not None and last.value == value and last.year_to == year - 1:
            runs[-1] = LawRun(country, iso3, variable, last.year_from, year, value, row=last.row)
        else:
            runs.append(LawRun(country, iso3, variable, year, year, value, row=row))
    if carried is not None and carried_forward is not None:
        value, row = carried
        last = runs[-1] if runs else None
        if last is not None and last.year_to == carried_forward - 1 and last.value == value:
            runs[-1] = LawRun(country, iso3, variable, last.year_from, last.year_to, value, carried_forward, last.row)
        else:
            before = last.value if last is not None and last.year_to == carried_forward - 1 else "none"
            result.notes.append(
                f"{country} {variable}: {carried_forward} reads {value!r} where {carried_forward - 1} reads "
                f"{before!r}: not a copy, kept as a {carried_forward} observation"
            )
            runs.append(LawRun(country, iso3, variable, carried_forward, carried_forward, value, row=row))
    return runs
