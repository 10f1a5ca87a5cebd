"""UNHCR Refugee Population Statistics (R data package ``refugees``): parsing of ``population.rda``.

``population.rda`` holds one table, ``population``: one row per year (1951 on, figures at the end of the year),
country of origin and country of asylum, with UNHCR's name, UNHCR code and ISO code of each side, and one column
per population type. The observatory reads three of them, the people displaced across a border from the origin to
the country of asylum (docs/decisions.md):

- ``refugees``: refugees under UNHCR's mandate (people in refugee-like situations included; Palestine refugees under
  UNRWA's mandate are another table, ``unrwa.rda``, not read);
- ``asylum_seekers``: asylum-seekers whose claim is pending; the column has no figure above zero before
  ``ASYLUM_SEEKERS_FROM`` anywhere in the file, so earlier years are not collected (unknown), never zero;
- ``oip``: other people in need of international protection (from 2018; ``NA`` where not recorded).

Returned refugees and IDPs, IDPs, stateless persons, others of concern and host communities are not cross-border
stocks between two countries and are not read. Refugees are never added to migrant stocks: UN DESA counts them in
the stock for some countries.

What the parser keeps visible instead of papering over:
- names map through ``names/unhcr.csv``; an unknown name is a problem naming file, row and field, and a mapped code
  that contradicts the file's own ISO code is one too;
- ``Unknown`` (UNK), ``Stateless`` (XXA) and ``Tibetan`` (TIB) are not countries (an empty code in the names file):
  never a corridor, their figures counted apart in the reconciliation, as are rows whose origin is the country of
  asylum;
- UNHCR files the figures of dissolved states under a present-day code (the USSR's under RUS, Yugoslavia's under
  SRB, Czechoslovakia's under CZE); ``stand_in`` gives the observatory's state for a code and year (succession
  rules, ``countries.yaml``), so 1990 figures for RUS are the USSR's, not the Russian Federation's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrights.importers.records import ParseProblem

TABLE = "population"
POPULATIONS = {"refugees": "refugees", "asylum_seekers": "asylum_seekers", "other_in_need": "oip"}
REQUIRED = ("year", "coo_name", "coo_iso", "coa_name", "coa_iso", *POPULATIONS.values())
SIDES = (("coo_name", "coo_iso"), ("coa_name", "coa_iso"))
NOT_A_COUNTRY = {"UNK": "unknown", "XXA": "stateless"}  # any other unmapped-on-purpose name: "other"
LEFT_OUT = ("origin_unknown", "origin_stateless", "origin_other", "asylum_unknown", "same_country")
Lookup = Callable[[str], "str | None"]
StandIn = Callable[[str, int], str]


@dataclass
class UnhcrParse:
    file: str
    # (origin, asylum, year) → {refugees, asylum_seekers, other_in_need}; None: not collected or not recorded
    cells: dict[tuple[str, str, int], dict[str, int | None]] = field(default_factory=dict)
    # (year, population) → {published, corridors, origin_unknown, ...}
    totals: dict[tuple[int, str], dict[str, int]] = field(default_factory=dict)
    first_years: dict[str, int] = field(default_factory=dict)  # first year with a figure above zero, per population
    rows: int = 0
    stood_in: dict[str, int] = field(default_factory=dict)  # "RUS→SUHH" → rows read as the predecessor's
    problems: list[ParseProblem] = field(default_factory=list)


def read_table(path: Path | str) -> Any:
    """The ``population`` table of an R data file, as a DataFrame (``pyreadr``)."""
    import pyreadr  # only when a file is read

    try:
        result = pyreadr.read_r(str(path))
    except (pyreadr.custom_errors.PyreadrError, OSError, ValueError) as error:
        raise ValueError(f"not a readable R data file: {error}") from error
    if TABLE not in result:
        raise ValueError(f"no table {TABLE!r} in it (it holds {', '.join(result) or 'nothing'})")
    return result[TABLE]


def _count(value: Any) -> int | None:
    """A count; None for NA; raises ValueError on a negative or fractional number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    number = float(value)
    if number < 0 or number != int(number):
        raise ValueError(f"{value!r} is not a count")
    return int(number)


def parse_population(frame: Any, file: str, lookup: Lookup, stand_in: StandIn) -> UnhcrParse:
    """Corridor figures by origin, asylum and year, with the reconciliation of every year's total.

    ``frame``: the ``population`` table; ``lookup``: UNHCR name → code (``""``: not a country, None: unknown);
    ``stand_in(code, year)``: the observatory's state for a present-day code in that year."""
    result = UnhcrParse(file)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        result.problems += [ParseProblem(file, None, c, "required column is missing") for c in missing]
        return result
    records = frame[list(REQUIRED)].to_dict("records")
    result.rows = len(records)
    first: dict[str, int] = {}
    for record in records:
        for name, column in POPULATIONS.items():
            value = record[column]
            if isinstance(value, float) and value > 0:
                first[name] = min(first.get(name, 9999), int(record["year"]))
    result.first_years = first
    for number, record in enumerate(records, start=1):
        codes: list[str] = []
        known = True
        for name_field, iso_field in SIDES:
            name = str(record[name_field]).strip()
            code = lookup(name)
            if code is None:
                reason = f"name {name!r} is not in unhcr.csv: add it"
                result.problems.append(ParseProblem(file, number, name_field, reason))
                known = False
            elif code and code != str(record[iso_field]).strip():
                reason = f"{name!r} maps to {code} in unhcr.csv but the file's ISO code is {record[iso_field]!r}"
                result.problems.append(ParseProblem(file, number, iso_field, reason))
                known = False
            codes.append("" if code is None else code)
        try:
            year = int(record["year"])
            values = {name: _count(record[column]) for name, column in POPULATIONS.items()}
        except (TypeError, ValueError) as error:
            result.problems.append(ParseProblem(file, number, None, str(error)))
            continue
        for name in POPULATIONS:
            if year < first.get(name, 9999) and not values[name]:
                values[name] = None  # not collected that year anywhere in the file
        if not known:
            continue
        _place(result, year, codes[0], codes[1], record, values, stand_in)
    return result


def _place(
    result: UnhcrParse,
    year: int,
    origin: str,
    asylum: str,
    record: dict[str, Any],
    values: dict[str, int | None],
    stand_in: StandIn,
) -> None:
    """Add a row's figures to a corridor, or to what is left out, and to the year's totals."""
    states = [stand_in(code, year) if code else "" for code in (origin, asylum)]
    where = "corridors"
    if not origin:
        where = "origin_" + NOT_A_COUNTRY.get(str(record["coo_iso"]).strip(), "other")
    elif not asylum:
        where = "asylum_unknown"
    elif states[0] == states[1]:  # also two successors of one former state, before it dissolved
        where = "same_country"
    for name, value in values.items():
        entry = result.totals.setdefault((year, name), dict.fromkeys(("published", "corridors", *LEFT_OUT), 0))
        entry["published"] += value or 0
        entry[where] += value or 0
    if where != "corridors" or not any(values.values()):
        return
    for code, state in zip((origin, asylum), states, strict=True):
        if state != code:
            result.stood_in[f"{code}→{state}"] = result.stood_in.get(f"{code}→{state}", 0) + 1
    cell = result.cells.setdefault((states[0], states[1], year), dict.fromkeys(POPULATIONS))
    for name, value in values.items():  # two present-day codes can stand for one former state: their sum
        if value is not None:
            cell[name] = (cell[name] or 0) + value
