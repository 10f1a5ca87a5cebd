"""Corridors from the database's governance records: memberships (governance), treaty knowledge (framework's
three states) and bilateral labour agreements (law), joined to the committed stock files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from migrights.corridors import coverage as cov
from migrights.corridors.stocks import (
    SOURCE_KEY,
    UNHCR_SOURCE_KEY,
    WORLDBANK_SOURCE_KEY,
    area_table,
    refugee_pairs,
    refugee_table,
    refugee_totals,
    stock_table,
    stock_years,
    totals_table,
    worldbank_pairs,
    worldbank_table,
)
from migrights.framework.queries import commitment_data
from migrights.law.models import Agreement
from migrights.lib import generations
from migrights.lib.memo import Latest, one_copy_each
from migrights.lib.tables import plain_records
from migrights.reference.models import Country, Source

REFUGEE_COLUMNS = ("refugees", "asylum_seekers", "other_in_need")  # UNHCR, beside the stock, never added to it
CORRIDOR_COLUMNS = ("origin", "destination", "year", "total", "male", "female", *REFUGEE_COLUMNS, *cov.KINDS)
REFUGEE_SERIES_COLUMNS = ("origin", "destination", "year", *REFUGEE_COLUMNS)
REFUGEE_TOTAL_COLUMNS = (
    "year",
    "population",
    "published",
    "corridors",
    "origin_unknown",
    "origin_stateless",
    "origin_other",
    "asylum_unknown",
    "same_country",
)
SHARE_COLUMNS = (
    "year",
    "group",
    "kind",
    "migrants",
    "covered",
    "not_covered",
    "unknown",
    "share_covered",
    "share_not_covered",
    "share_unknown",
)


@dataclass(frozen=True)
class CoverageState:
    """The coverage table with the governance it was computed from, and where each corridor's rows are (positions
    in the table by pair, by origin and by destination): a page reads its rows without scanning the table."""

    table: pd.DataFrame
    governance: cov.Governance
    pairs: dict[tuple[str, str], np.ndarray]
    origins: dict[str, np.ndarray]
    destinations: dict[str, np.ndarray]

    def rows(self, positions: np.ndarray | None) -> pd.DataFrame:
        return self.table.iloc[positions if positions is not None else []]


_COVERAGE: Latest[CoverageState] = Latest()


def governance(areas: list[str], years: list[int], today: dt.date | None = None) -> cov.Governance:
    """Memberships, agreements, treaty knowledge and predecessor stand-ins for the areas and years."""
    states = dict(Country.objects.filter(code__in=areas).values_list("code", "kind"))
    predecessors = list(
        Country.objects.filter(kind=Country.Kind.PREDECESSOR, successors__code__in=areas)
        .distinct()
        .prefetch_related("successors")
    )
    wanted = sorted(set(states) | {p.code for p in predecessors})
    data = commitment_data(wanted, today)
    stand_in: dict[tuple[str, int], str] = {}
    for predecessor in predecessors:
        for successor in predecessor.successors.all():
            own = data.years.get(successor.code)
            for year in years:
                if year <= (predecessor.existed_until or 0) and own is not None and year < own.start:
                    stand_in[successor.code, year] = predecessor.code
    for (area, year), code in list(
        stand_in.items()
    ):  # Serbia in 1990: Serbia and Montenegro did not exist, Yugoslavia did
        seen = {area}
        while (code, year) in stand_in and code not in seen:
            seen.add(code)
            code = stand_in[code, year]
        stand_in[area, year] = code
    knowledge = {
        (code, instrument, year): data.knowledge(code, instrument, cov.reference_day(year))
        for code in wanted
        if states.get(code, Country.Kind.PREDECESSOR) in (Country.Kind.STATE, Country.Kind.PREDECESSOR)
        for instrument in cov.INSTRUMENTS
        for year in years
    }
    agreements = [
        (a, b, signed.first.year if signed else None)
        for a, b, signed in Agreement.objects.filter(dataset="bla").values_list(
            "party_a__code", "party_b__code", "signed"
        )
    ]
    return cov.Governance(data.memberships, agreements, knowledge, stand_in)


def _state_key(today: dt.date) -> tuple[Any, ...]:
    """What the coverage depends on: the generations of the treaty actions, memberships and agreements, and the
    day."""
    return (today, generations.key("reference", "governance", "law"))


def coverage_state(today: dt.date | None = None) -> CoverageState:
    """The coverage of every corridor and stock year, the governance behind it and the corridors' positions, built
    once per state of the governance records."""
    today = today or dt.date.today()

    def build() -> CoverageState:
        stocks = stock_table()
        areas = sorted(set(stocks["origin"].unique()) | set(stocks["destination"].unique()))
        records = governance(areas, stock_years(), today)
        table = cov.corridor_coverage(stocks, records, sides=True)
        origin, destination = table["origin"].astype(str), table["destination"].astype(str)
        pairs = {key: np.asarray(v) for key, v in table.groupby([origin, destination], sort=False).indices.items()}
        origins = {key: np.asarray(v) for key, v in table.groupby(origin, sort=False).indices.items()}
        destinations = {key: np.asarray(v) for key, v in table.groupby(destination, sort=False).indices.items()}
        return CoverageState(table, records, pairs, origins, destinations)

    return _COVERAGE.get(_state_key(today), build)


def coverage_table(today: dt.date | None = None) -> pd.DataFrame:
    """Every corridor and stock year with its coverage (both sides of every instrument too), built once per
    state of the governance records."""
    return coverage_state(today).table


class LazyRows(Sequence[dict[str, Any]]):
    """Rows of a table as records, built by ``records`` only for the rows asked for (a page)."""

    def __init__(self, table: pd.DataFrame, records: Callable[[pd.DataFrame], list[dict[str, Any]]]) -> None:
        self.table = table
        self.records = records

    def __len__(self) -> int:
        return len(self.table)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.records(self.table.iloc[index])
        return self.records(self.table.iloc[[index]])[0]


def rows_as_corridors(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Corridor records of rows of the coverage table."""
    columns = [rows[name].tolist() for name in rows.columns]  # column by column: fast on a few rows
    return [_record(dict(zip(rows.columns, values, strict=True))) for values in zip(*columns, strict=True)]


def column_arrays(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """A coverage table's columns as numpy arrays (nullable counts as floats, missing as NaN), for ``records_at``;
    a text column holds one string object per distinct code (a few hundred, not one per row)."""
    return {name: _column_array(table[name]) for name in table.columns}


def _column_array(column: pd.Series) -> np.ndarray:
    if isinstance(column.dtype, pd.Int64Dtype):
        return column.to_numpy(dtype="float64", na_value=np.nan)
    values = column.to_numpy()
    return np.array(one_copy_each(values.tolist()), dtype=object) if values.dtype == object else values


def records_at(columns: dict[str, np.ndarray], positions: np.ndarray) -> list[dict[str, Any]]:
    """``rows_as_corridors`` of the rows at ``positions``, from ``column_arrays``: no table is sliced."""
    names = list(columns)
    values = [columns[name][positions].tolist() for name in names]
    return [_record(dict(zip(names, row, strict=True))) for row in zip(*values, strict=True)]


_SIDES = {cov.COVERED: "bound", cov.NOT_COVERED: "not-bound", cov.UNKNOWN: "unknown"}


def _record(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "origin": row["origin"],
        "destination": row["destination"],
        "year": int(row["year"]),
        "migrants": {
            "total": int(row["total"]),
            "male": None if pd.isna(row["male"]) else int(row["male"]),
            "female": None if pd.isna(row["female"]) else int(row["female"]),
        },
        "coverage": {kind: cov.STATE_NAMES[int(row[kind])] for kind in cov.KINDS},
        "instruments": {
            instrument: {
                "origin": _SIDES[int(row[f"{instrument}:origin"])],
                "destination": _SIDES[int(row[f"{instrument}:destination"])],
            }
            for instrument in cov.INSTRUMENTS
        },
        "source": SOURCE_KEY,
        # a separate estimate (World Bank/KNOMAD, 2017): never added to or compared with the UN DESA stock
        "worldbank_2017": worldbank_pairs().get((row["origin"], row["destination"])),
        "refugees": refugee_record(row["origin"], row["destination"], int(row["year"])),
    }


def refugee_record(origin: str, destination: str, year: int) -> dict[str, Any]:
    """UNHCR's figures for a corridor at the end of ``year``: refugees under UNHCR's mandate, asylum-seekers and
    other people in need of international protection, each null where UNHCR records none for the pair (unknown,
    not zero). A separate series: never part of, or added to, the migrant stock."""
    figures = refugee_pairs().get((origin, destination, year)) or (None,) * len(REFUGEE_COLUMNS)
    return {"as_of": f"{year}-12-31", **dict(zip(REFUGEE_COLUMNS, figures, strict=True)), "source": UNHCR_SOURCE_KEY}


def corridor_records(origin: str | None = None, destination: str | None = None, year: int | None = None) -> LazyRows:
    """Corridors, largest first within a year: the stock by sex and, per kind, covered / not-covered / unknown;
    for each instrument also each side's own state (``bound``, ``not-bound``, ``unknown``). Records are built
    for the rows read (slice it: a page)."""
    table = coverage_table()
    if origin:
        table = table[table["origin"] == origin]
    if destination:
        table = table[table["destination"] == destination]
    if year is not None:
        table = table[table["year"] == year]
    table = table.sort_values(["year", "total", "origin", "destination"], ascending=[False, False, True, True])
    return LazyRows(table, rows_as_corridors)


def coverage_records(year: int | None = None, by: str = "world") -> list[dict[str, Any]]:
    """Shares of migrants by kind of coverage, per year and group (``by``: world, development-group, region)."""
    table = coverage_table()
    if year is not None:
        table = table[table["year"] == year]
    shares = cov.coverage_shares(table, area_table(), by)
    return plain_records(shares)


def reconciliation() -> list[dict[str, Any]]:
    """Per year, the publisher's world total beside the corridor sum and what separates them."""
    return [{k: int(v) for k, v in row.items()} for row in totals_table().to_dict("records")]


def source_meta() -> list[dict[str, Any]]:
    return [
        {"key": source.key, "title": source.title, "licence": source.licence, "citation": source.citation}
        for source in Source.objects.filter(key__in=(SOURCE_KEY, WORLDBANK_SOURCE_KEY, UNHCR_SOURCE_KEY)).order_by(
            "key"
        )
    ]


def kind_titles() -> dict[str, str]:
    return dict(cov.KIND_TITLES)


def corridor_frame(origin: str | None = None, destination: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Corridors as a table (``CORRIDOR_COLUMNS``, coverage states as words), largest first within a year."""
    table = coverage_table()
    if origin:
        table = table[table["origin"] == origin]
    if destination:
        table = table[table["destination"] == destination]
    if year is not None:
        table = table[table["year"] == year]
    table = table.sort_values(["year", "total", "origin", "destination"], ascending=[False, False, True, True])
    columns = [c for c in CORRIDOR_COLUMNS if c not in REFUGEE_COLUMNS]
    frame = table[columns].reset_index(drop=True).copy()
    frame = frame.merge(refugee_table(), on=["origin", "destination", "year"], how="left")[list(CORRIDOR_COLUMNS)]
    for kind in cov.KINDS:
        frame[kind] = _state_names(frame[kind])
    frame["origin"] = frame["origin"].astype(str)
    frame["destination"] = frame["destination"].astype(str)
    return frame


def _state_names(states: pd.Series) -> pd.Series:
    """Coverage states (1/0/-1) as their words (``STATE_NAMES``), looked up by position in one array: the same
    column as ``states.map(STATE_NAMES)``, a third of its CPU."""
    low, high = min(cov.STATE_NAMES), max(cov.STATE_NAMES)
    values = states.to_numpy()
    if values.dtype.kind not in "iu" or (len(values) and (values.min() < low or values.max() > high)):
        return states.map(cov.STATE_NAMES)
    names = np.array([cov.STATE_NAMES.get(state) for state in range(low, high + 1)], dtype=object)
    return pd.Series(pd.array(names[values.astype(np.intp) - low], dtype="str"), index=states.index)


def refugee_frame(origin: str | None = None, destination: str | None = None, year: int | None = None) -> pd.DataFrame:
    """UNHCR's annual series by origin and country of asylum (``REFUGEE_SERIES_COLUMNS``, ``<NA>``: not collected
    or not recorded), newest first, largest first within a year."""
    table = refugee_table()
    if origin:
        table = table[table["origin"] == origin]
    if destination:
        table = table[table["destination"] == destination]
    if year is not None:
        table = table[table["year"] == year]
    table = table.sort_values(
        ["year", "refugees", "origin", "destination"], ascending=[False, False, True, True], na_position="last"
    )
    return table[list(REFUGEE_SERIES_COLUMNS)].reset_index(drop=True)


def refugee_years() -> list[int]:
    return sorted(int(y) for y in refugee_table()["year"].unique())


def refugee_reconciliation(year: int | None = None) -> list[dict[str, Any]]:
    """Per year and population, UNHCR's total in the file beside the corridors' sum and what they leave out."""
    table = refugee_totals()
    if year is not None:
        table = table[table["year"] == year]
    return plain_records(table[list(REFUGEE_TOTAL_COLUMNS)])


DOWNLOAD_COLUMNS = (
    "origin",
    "destination",
    "year",
    "total",
    "male",
    "female",
    *REFUGEE_COLUMNS,
    "worldbank_migrants_2017",
    "worldbank_remittances_usd_millions_2017",
    *cov.KINDS,
)


def download_frame() -> pd.DataFrame:
    """Every corridor and stock year for the open-data package: the stock by sex, UNHCR's figures, the World
    Bank/KNOMAD 2017 estimate for the pair (the same on every year of a corridor) and the coverage per kind."""
    frame = corridor_frame()
    # the matrix joined on the pair (a pair given twice: its last row, as ``worldbank_pairs``), in the corridors' order
    matrix = worldbank_table().drop_duplicates(["origin", "destination"], keep="last")
    found = frame[["origin", "destination"]].merge(matrix, on=["origin", "destination"], how="left", sort=False)
    frame["worldbank_migrants_2017"] = found["migrants"].astype("Int64").array
    frame["worldbank_remittances_usd_millions_2017"] = found["remittances_usd_millions"].astype("Float64").array
    return frame[list(DOWNLOAD_COLUMNS)]


def coverage_download_frame() -> pd.DataFrame:
    """The shares of migrants covered, by every grouping (``by``: world, development-group, region), every year."""
    frames = [
        pd.DataFrame.from_records(coverage_records(None, by), columns=list(SHARE_COLUMNS)).assign(by=by)
        for by in cov.GROUPINGS
    ]
    return pd.concat(frames, ignore_index=True)[["by", *SHARE_COLUMNS]]
