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
from dataclasses import dataclass
from pathlib import Path

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
