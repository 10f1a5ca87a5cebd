"""``migrights import undesa-stock DIR --output migrights/data/corridors``: the corridor stocks, derived.

The raw tables are parsed (``migrights.importers.undesa``, pure); names map through
``migrights/data/names/undesa.csv`` (an unknown name refuses the files, naming file, row and column; a row whose
note begins ``aggregate`` is an aggregate, never an area). Nothing is written when there is a problem. The derived
files are compact (only cells holding migrants) and are what the observatory commits and reads on demand:

- ``undesa-2019-stocks.csv``: origin, destination, year, total, male, female (empty: the publisher gives no split);
- ``undesa-2019-areas.csv``: the annex's classification of each area (development group, SDG region, subregion);
- ``undesa-2019-totals.csv``: per year, the publisher's world total beside the corridor sum and what separates them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from migrights.importers import unhcr
from migrights.importers.records import ParseProblem
from migrights.importers.undesa import SEXES, UndesaParse, parse_undesa
from migrights.importers.worldbank import MatrixParse, parse_matrix
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.reference.loading import ImportFailed
from migrights.reference.names import NAMES_DIR, name_map

DERIVED_DIR = EMBEDDED_DATA_DIR / "corridors"
STOCKS_FILE, AREAS_FILE, TOTALS_FILE = "undesa-2019-stocks.csv", "undesa-2019-areas.csv", "undesa-2019-totals.csv"
STOCK_COLUMNS = ("origin", "destination", "year", "total", "male", "female")
AREA_COLUMNS = ("code", "name", "development_group", "least_developed", "sdg_region", "subregion")
TOTAL_COLUMNS = ("year", "published", "corridors", "other_south", "other_north", "excluded_areas", "unexplained")
WORLDBANK_FILE = "worldbank-2017.csv"
WORLDBANK_COLUMNS = ("origin", "destination", "migrants", "remittances_usd_millions")
WORLDBANK_FILES = {
    "migration": "WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx",
    "remittances": "WB_Bilateral_Remittance_Estimates_2017.xlsx",
}
TABLE = "migrants_by_origin_and_destination_{}.csv"
ANNEX = "countries_class_by_region.csv"


@dataclass
class UndesaReport:
    areas: int
    corridors: int
    rows: int
    cells: dict[str, int]
    notes: list[str]
    written: list[Path]


def aggregates(source: str = "undesa") -> dict[str, str]:
    """Aggregate row names of a source's tables (the names file's rows whose note begins ``aggregate``)."""
    with (NAMES_DIR / f"{source}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row["note"] for row in csv.DictReader(handle) if row["note"].startswith("aggregate")}


def parse_directory(directory: Path) -> UndesaParse:
    """Parse the three tables and the annex of one release folder (``../shared/data/undesa/2019``)."""
    tables = {}
    for sex in SEXES:
        path = directory / TABLE.format(sex)
        if path.exists():
            tables[sex] = (path.read_bytes(), str(path))
    annex = directory / ANNEX
    if "total" not in tables or not annex.exists():
        missing = [p for p in (directory / TABLE.format("total"), annex) if not p.exists()]
        raise ImportFailed([ParseProblem(str(p), None, None, "file not found") for p in missing])
    return parse_undesa(tables, (annex.read_bytes(), str(annex)), name_map("undesa").lookup, aggregates())


def _write(path: Path, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def write_derived(parsed: UndesaParse, output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    stocks = [
        (origin, destination, year, v["total"], v.get("male", ""), v.get("female", ""))
        for (origin, destination, year), v in sorted(parsed.stocks.items())
    ]
    areas = [
        (a.code, a.name, a.development_group, "1" if a.least_developed else "0", a.sdg_region, a.subregion)
        for a in sorted(parsed.areas.values(), key=lambda a: a.code)
    ]
    totals = [(year, *(entry.get(c, 0) for c in TOTAL_COLUMNS[1:])) for year, entry in sorted(parsed.totals.items())]
    written = [output / STOCKS_FILE, output / AREAS_FILE, output / TOTALS_FILE]
    for path, columns, rows in zip(
        written, (STOCK_COLUMNS, AREA_COLUMNS, TOTAL_COLUMNS), (stocks, areas, totals), strict=True
    ):
        _write(path, columns, rows)
    return written


def import_undesa(directory: Path, *, output: Path | None = None) -> UndesaReport:
    """Parse a UN DESA 2019 folder; with ``output``, write the derived files there. Any problem refuses all."""
    parsed = parse_directory(directory)
    if parsed.problems:
        raise ImportFailed(parsed.problems)
    written = write_derived(parsed, output) if output is not None else []
    corridors = len({(o, d) for o, d, _y in parsed.stocks})
    return UndesaReport(len(parsed.areas), corridors, len(parsed.stocks), parsed.cells, parsed.notes, written)


def parse_worldbank(directory: Path) -> dict[str, MatrixParse]:
    """Both World Bank matrices of a folder (``../shared/data/worldbank/2017``)."""
    parsed = {}
    for kind, name in WORLDBANK_FILES.items():
        path = directory / name
        if not path.exists():
            raise ImportFailed([ParseProblem(str(path), None, None, "file not found")])
        parsed[kind] = parse_matrix(
            path.read_bytes(), str(path), kind, name_map("worldbank").lookup, aggregates("worldbank")
        )
    return parsed


def import_worldbank(directory: Path, *, output: Path | None = None) -> tuple[dict[str, MatrixParse], list[Path]]:
    """Parse both matrices; with ``output``, write ``worldbank-2017.csv`` there: per corridor (origin, destination)
    the migrants of 2017 and the remittances they send home (the sending country is the destination)."""
    parsed = parse_worldbank(directory)
    problems = [p for matrix in parsed.values() for p in matrix.problems]
    if problems:
        raise ImportFailed(problems)
    if output is None:
        return parsed, []
    migrants = parsed["migration"].cells
    remittances = {(receiving, sending): v for (sending, receiving), v in parsed["remittances"].cells.items()}
    rows = [
        (
            origin,
            destination,
            int(migrants[key]) if key in migrants else "",
            f"{remittances[key]:.3f}" if key in remittances else "",
        )
        for key in sorted(set(migrants) | set(remittances))
        for origin, destination in [key]
    ]
    output.mkdir(parents=True, exist_ok=True)
    _write(output / WORLDBANK_FILE, WORLDBANK_COLUMNS, rows)
    return parsed, [output / WORLDBANK_FILE]


# ---- UNHCR refugee statistics (R data package ``refugees``) -------------------------------------------------------

UNHCR_FILE, UNHCR_TOTALS_FILE = "unhcr-refugees.csv", "unhcr-totals.csv"
UNHCR_COLUMNS = ("origin", "destination", "year", "refugees", "asylum_seekers", "other_in_need")
UNHCR_TOTAL_COLUMNS = ("year", "population", "published", "corridors", *unhcr.LEFT_OUT)
UNHCR_TABLE = "population.rda"
UNHCR_CHECK = "demographics.rda"  # UNHCR's own totals by population type for the latest year


@dataclass
class UnhcrReport:
    corridors: int
    rows: int
    read: int
    first_years: dict[str, int]
    stood_in: dict[str, int]
    notes: list[str]
    changes: dict[str, dict[str, int]]  # file → added / removed / changed rows against what is there
    written: list[Path]
    dry_run: bool


def succession_stand_in() -> Callable[[str, int], str]:
    """``(code, year)`` → the state a present-day code stands for in that year, by the succession rules of
    ``countries.yaml``: a successor of a state that dissolved (two successors or more) stands for it up to and
    including the last year it existed (RUS in 1990: the USSR; SRB in 1995: Serbia and Montenegro, in 1990:
    Yugoslavia). A state another one joined (Germany, Yemen) continues: its code stays."""
    from migrights.lib.yamlfiles import load_yaml

    before: dict[str, tuple[str, int]] = {}
    for entry in load_yaml(EMBEDDED_DATA_DIR / "countries.yaml"):
        successors = entry.get("successors") or []
        if len(successors) >= 2 and entry.get("existed_until"):
            for successor in successors:
                before[successor] = (entry["code"], int(entry["existed_until"]))

    def stand_in(code: str, year: int) -> str:
        seen = {code}
        while code in before and year <= before[code][1] and before[code][0] not in seen:
            code = before[code][0]
            seen.add(code)
        return code

    return stand_in


def _read_unhcr(path: Path) -> object:
    try:
        return unhcr.read_table(path)
    except ValueError as error:
        raise ImportFailed([ParseProblem(str(path), None, None, str(error))]) from None


def parse_unhcr(directory: Path) -> unhcr.UnhcrParse:
    """Parse ``population.rda`` of a release folder (``../shared/data/unhcr/2025.12.1``)."""
    path = directory / UNHCR_TABLE
    if not path.exists():
        raise ImportFailed([ParseProblem(str(path), None, None, "file not found")])
    return unhcr.parse_population(_read_unhcr(path), str(path), name_map("unhcr").lookup, succession_stand_in())


def _unhcr_rows(parsed: unhcr.UnhcrParse) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    def text(value: int | None) -> object:
        return "" if value is None else value

    cells = [
        (origin, destination, year, *(text(v[name]) for name in unhcr.POPULATIONS))
        for (origin, destination, year), v in sorted(parsed.cells.items())
    ]
    totals = [
        (year, population, *(entry[c] for c in UNHCR_TOTAL_COLUMNS[2:]))
        for (year, population), entry in sorted(parsed.totals.items())
        if year >= parsed.first_years.get(population, 9999)  # none before a population was first counted
    ]
    return cells, totals


def _check_against_demographics(directory: Path, parsed: unhcr.UnhcrParse) -> list[str]:
    """The latest year's totals beside ``demographics.rda``'s, UNHCR's own totals by population type."""
    path = directory / UNHCR_CHECK
    if not path.exists():
        return [f"{UNHCR_CHECK} not found: the latest year is not checked against UNHCR's totals by type"]
    import pyreadr

    table = pyreadr.read_r(str(path))["demographics"]
    notes = []
    for year in sorted({int(y) for y in table["year"]}):
        sums = table[table["year"] == year].groupby("pop_type")["total"].sum()
        for population, pop_type in (("refugees", "REF"), ("asylum_seekers", "ASY"), ("other_in_need", "OIP")):
            ours = parsed.totals.get((year, population), {}).get("published", 0)
            theirs = int(sums.get(pop_type, 0))
            verdict = "equal" if ours == theirs else f"differ by {ours - theirs:,}"
            notes.append(f"{year} {population}: {ours:,} in {UNHCR_TABLE}, {theirs:,} in {UNHCR_CHECK} ({verdict})")
    return notes


def _changes(path: Path, rows: list[tuple[object, ...]], key_width: int) -> dict[str, int]:
    """Rows added, removed and changed against the file already at ``path`` (all added when there is none)."""
    new = {tuple(map(str, row[:key_width])): tuple(map(str, row[key_width:])) for row in rows}
    old: dict[tuple[str, ...], tuple[str, ...]] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            old = {tuple(row[:key_width]): tuple(row[key_width:]) for row in reader}
    return {
        "added": len(new.keys() - old.keys()),
        "removed": len(old.keys() - new.keys()),
        "changed": sum(1 for k in new.keys() & old.keys() if new[k] != old[k]),
    }


def import_unhcr(directory: Path, *, output: Path | None = None, dry_run: bool = False) -> UnhcrReport:
    """Parse UNHCR's ``population.rda``; with ``output``, write ``unhcr-refugees.csv`` and ``unhcr-totals.csv``
    there, both or neither (written beside, then moved into place). Any problem refuses all; ``dry_run`` reports
    what would change and writes nothing."""
    parsed = parse_unhcr(directory)
    if parsed.problems:
        raise ImportFailed(parsed.problems)
    cells, totals = _unhcr_rows(parsed)
    notes = [
        f"{year} {population}: {entry['published']:,} in the file; {entry['corridors']:,} in corridors between "
        f"countries; left out: " + ", ".join(f"{c.replace('_', ' ')} {entry[c]:,}" for c in unhcr.LEFT_OUT if entry[c])
        for (year, population), entry in sorted(parsed.totals.items())
        if year in (1990, 2000, 2010, 2019, 2024, 2025) and entry["published"]
    ]
    notes += _check_against_demographics(directory, parsed)
    changes: dict[str, dict[str, int]] = {}
    written: list[Path] = []
    if output is not None:
        targets = {UNHCR_FILE: (cells, UNHCR_COLUMNS, 3), UNHCR_TOTALS_FILE: (totals, UNHCR_TOTAL_COLUMNS, 2)}
        changes = {name: _changes(output / name, rows, width) for name, (rows, _c, width) in targets.items()}
        if not dry_run:
            output.mkdir(parents=True, exist_ok=True)
            staged = []
            try:
                for name, (rows, columns, _width) in targets.items():
                    temporary = output / f".{name}.partial"
                    _write(temporary, columns, rows)
                    staged.append((temporary, output / name))
                for temporary, target in staged:
                    temporary.replace(target)
                    written.append(target)
            finally:
                for temporary, _target in staged:
                    temporary.unlink(missing_ok=True)
    corridors = len({(o, d) for o, d, _y in parsed.cells})
    return UnhcrReport(
        corridors, len(parsed.cells), parsed.rows, parsed.first_years, parsed.stood_in, notes, changes, written, dry_run
    )
