"""UN DESA International Migrant Stock 2019: pure parsing of the origin x destination tables and the annex.

``migrants_by_origin_and_destination_{total,male,female}.csv`` (the official workbook's Table 1, converted to
CSV): ``Year``, ``Destination``, ``Total``, ``Other South``, ``Other North`` and one column per origin by UN name;
seven years x 283 destination rows that mix areas (countries and territories) with aggregates (the world,
development and income groups, SDG regions and subregions). ``countries_class_by_region.csv`` is the workbook's
ANNEX (the classification of each area) converted to CSV: 1 marks membership of a group.

What the parser keeps visible instead of papering over:
- aggregate rows are never areas: a destination row is an area only when the name mapping gives it a code, an
  aggregate only when the mapping declares it one (``aggregate:`` in its note); any other name is a problem;
- ``Other South`` / ``Other North`` are migrants whose origin is known only as a development group: never a
  corridor, counted in the reconciliation;
- ``..`` (not available) and ``-`` (nil) cells and empty cells hold no corridor; their counts are reported;
- an area deliberately not loaded (a mapped name with an empty code: the Channel Islands have no ISO 3166 code)
  keeps its migrants out of the corridors and in the reconciliation.

The region of an area is read from the order of the rows (an SDG region row, then its subregion rows, then their
areas), the development group from the annex (More developed regions = North, Less developed = South).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from migrights.importers.records import ParseProblem

FIRST_COLUMNS = ("Year", "Destination", "Total", "Other South", "Other North")
SEXES = ("total", "male", "female")
SDG_REGIONS = (
    "SUB-SAHARAN AFRICA",
    "NORTHERN AFRICA AND WESTERN ASIA",
    "CENTRAL AND SOUTHERN ASIA",
    "EASTERN AND SOUTH-EASTERN ASIA",
    "LATIN AMERICA AND THE CARIBBEAN",
    "OCEANIA",
    "EUROPE AND NORTHERN AMERICA",
)
SDG_HEADER = "Sustainable Development Goal (SDG) regions"
NORTH, SOUTH = "north", "south"
ANNEX_GROUPS = {"More Developed Regions": NORTH, "Less Developed Regions": SOUTH}
Lookup = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Area:
    """An area of the table (a country or territory) with the annex's classification."""

    code: str
    name: str
    sdg_region: str
    subregion: str
    development_group: str  # north / south
    least_developed: bool


@dataclass
class UndesaParse:
    files: tuple[str, ...]
    areas: dict[str, Area] = field(default_factory=dict)
    # (origin, destination, year) → {total, male, female}; only cells holding a number above zero
    stocks: dict[tuple[str, str, int], dict[str, int]] = field(default_factory=dict)
    # year → {published world total, other_south, other_north, corridors, excluded_areas}
    totals: dict[int, dict[str, int]] = field(default_factory=dict)
    cells: dict[str, int] = field(default_factory=dict)  # not available / nil / empty cell counts
    problems: list[ParseProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _read_csv(content: bytes, file: str, problems: list[ParseProblem]) -> object | None:
    import pandas as pd  # only when a file is read

    try:
        return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8")
    except (ValueError, UnicodeDecodeError) as error:
        problems.append(ParseProblem(file, None, None, f"not a readable CSV file: {error}"))
        return None


def _number(text: str) -> int | None:
    """A count; None for ``..`` / ``-`` / empty (no corridor); raises ValueError on anything else."""
    text = text.strip().replace(" ", "").replace(",", "")
    if text in ("", "..", "-"):
        return None
    value = int(text)
    if value < 0:
        raise ValueError("negative")
    return value


def parse_classification(
    content: bytes, file: str, lookup: Lookup, aggregates: Mapping[str, str], problems: list[ParseProblem]
) -> dict[str, tuple[str, bool]]:
    """code → (development group, least developed) from the annex; every area must be in exactly one group."""
    frame = _read_csv(content, file, problems)
    if frame is None:
        return {}
    missing = [c for c in ("Destination", *ANNEX_GROUPS, "Least developed countries") if c not in frame.columns]
    if missing:
        problems += [ParseProblem(file, None, c, "required column is missing") for c in missing]
        return {}
    groups: dict[str, tuple[str, bool]] = {}
    for number, record in enumerate(frame.to_dict("records"), start=2):
        name = record["Destination"].strip()
        if name in aggregates:
            continue
        code = lookup(name)
        if code is None:
            problems.append(ParseProblem(file, number, "Destination", f"name {name!r} is not in undesa.csv: add it"))
            continue
        if not code:
            continue
        marked = [group for column, group in ANNEX_GROUPS.items() if record[column].strip() in ("1", "1.0")]
        if len(marked) != 1:
            reason = "an area belongs to exactly one development group (More or Less Developed Regions)"
            problems.append(ParseProblem(file, number, "More Developed Regions", reason))
            continue
        groups[code] = (marked[0], record["Least developed countries"].strip() in ("1", "1.0"))
    return groups


def parse_undesa(
    tables: Mapping[str, tuple[bytes, str]],
    classification: tuple[bytes, str],
    lookup: Lookup,
    aggregates: Mapping[str, str],
) -> UndesaParse:
    """Corridor stocks by sex, the areas with their classification and the reconciliation with the publisher's
    totals. ``tables``: sex → (content, file); ``total`` is required. ``lookup``: UN name → code (``""``:
    deliberately not loaded, None: unknown); ``aggregates``: aggregate row names → their level."""
    result = UndesaParse(tuple(file for _content, file in tables.values()))
    if "total" not in tables:
        result.problems.append(ParseProblem("", None, None, "the total table is required"))
        return result
    groups = parse_classification(*classification, lookup, aggregates, result.problems)
    counts = {"not available (..)": 0, "nil (-)": 0, "empty": 0}
    for sex in SEXES:
        if sex not in tables:
            continue
        content, file = tables[sex]
        frame = _read_csv(content, file, result.problems)
        if frame is None:
            continue
        columns = list(frame.columns)
        if tuple(columns[:5]) != FIRST_COLUMNS:
            reason = f"the first columns read {columns[:5]}, not {list(FIRST_COLUMNS)}"
            result.problems.append(ParseProblem(file, 1, None, reason))
            continue
        origins: dict[str, str] = {}
        left_out: list[str] = []
        for column in columns[5:]:
            code = lookup(column)
            if code is None:
                reason = f"origin {column!r} is not in undesa.csv: add it"
                result.problems.append(ParseProblem(file, 1, column, reason))
            elif code:
                origins[column] = code
            else:
                left_out.append(column)
        sdg_region = subregion = ""
        after_sdg_header = False
        for number, record in enumerate(frame.to_dict("records"), start=2):
            name = record["Destination"].strip()
            try:
                year = int(record["Year"])
            except ValueError:
                result.problems.append(ParseProblem(file, number, "Year", f"{record['Year']!r} is not a year"))
                continue
            if name in aggregates:
                if name == SDG_HEADER:
                    after_sdg_header = True
                elif name in SDG_REGIONS and after_sdg_header:
                    sdg_region, subregion = name, name
                elif after_sdg_header:
                    subregion = name
                if name == "WORLD":
                    after_sdg_header = False
                    if sex == "total":
                        _world_total(record, number, file, year, result)
                continue
            destination = lookup(name)
            if destination is None:
                result.problems.append(
                    ParseProblem(file, number, "Destination", f"name {name!r} is not in undesa.csv: add it")
                )
                continue
            if not destination:
                if sex == "total":
                    # its migrants from known origins (the group-only origins are in the world row's Other columns)
                    excluded = sum(_cell(record, c, number, file, result) or 0 for c in origins)
                    result.totals.setdefault(year, {}).setdefault("excluded_areas", 0)
                    result.totals[year]["excluded_areas"] += excluded
                continue
            if sex == "total" and destination not in result.areas:
                if destination not in groups:
                    reason = f"{name!r} has no development group in the annex ({classification[1]})"
                    result.problems.append(ParseProblem(file, number, "Destination", reason))
                    continue
                group, least = groups[destination]
                result.areas[destination] = Area(destination, name, sdg_region, subregion, group, least)
            if sex == "total":
                from_left_out = sum(_cell(record, column, number, file, result) or 0 for column in left_out)
                result.totals.setdefault(year, {}).setdefault("excluded_areas", 0)
                result.totals[year]["excluded_areas"] += from_left_out
            for column, origin in origins.items():
                text = record[column].strip()
                if text in ("..", "-", ""):
                    if sex == "total":
                        counts[{"..": "not available (..)", "-": "nil (-)", "": "empty"}[text]] += 1
                    continue
                value = _cell(record, column, number, file, result)
                if value is None or value == 0 or origin == destination:
                    continue
                key = (origin, destination, year)
                if sex == "total":
                    result.stocks[key] = {"total": value}
                elif key in result.stocks:
                    result.stocks[key][sex] = value
    result.cells = counts
    if not result.problems:
        _reconcile(result)
    return result


def _cell(record: Mapping[str, str], column: str, number: int, file: str, result: UndesaParse) -> int | None:
    try:
        return _number(record[column])
    except ValueError:
        result.problems.append(ParseProblem(file, number, column, f"{record[column]!r} is not a count"))
        return None


def _world_total(record: Mapping[str, str], number: int, file: str, year: int, result: UndesaParse) -> None:
    entry = result.totals.setdefault(year, {})
    for column, key in (("Total", "published"), ("Other South", "other_south"), ("Other North", "other_north")):
        entry[key] = _cell(record, column, number, file, result) or 0


def _reconcile(result: UndesaParse) -> None:
    """The corridor sum beside the publisher's world total, per year, and what separates them."""
    for (_origin, _destination, year), values in result.stocks.items():
        entry = result.totals.setdefault(year, {})
        entry["corridors"] = entry.get("corridors", 0) + values["total"]
    for year, entry in sorted(result.totals.items()):
        entry.setdefault("excluded_areas", 0)
        entry["unexplained"] = entry.get("published", 0) - entry.get("corridors", 0) - entry["other_south"]
        entry["unexplained"] -= entry["other_north"] + entry["excluded_areas"]
        result.notes.append(
            f"{year}: published world total {entry.get('published', 0):,}; corridors between areas "
            f"{entry.get('corridors', 0):,}; origin known only as a group (Other South {entry['other_south']:,}, "
            f"Other North {entry['other_north']:,}); in areas without an ISO code {entry['excluded_areas']:,}; "
            f"remainder {entry['unexplained']:,}"
        )
