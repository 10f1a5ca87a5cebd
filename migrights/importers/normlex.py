"""ILO NORMLEX "Ratification comparative data" tables, as CSV.

The table has one row per ILO member State and one column per instrument::

    Country,Freedom_of_association_C087,...,Forced_labour_P029,...,BUSINESS_DATE
    Albania,1957,...,,...,04-06-2026
    Malaysia,,...,1958den.:1990,...,04-06-2026

- ``Country``: the ILO's name of the member State.
- Instrument columns: the header ends with the ILO id (``..._C087``, ``..._P029``); a plain
  ``C087`` or ``P029`` is accepted too. Each becomes the project code ``ILO-C087``.
- Cells: empty (not ratified), a year (ratified that year), or ``1958den.:1990`` (ratified in
  1958, denounced in 1990). NORMLEX gives years only, so every date has year precision.
  Several periods in one cell (ratified, denounced, ratified again) are read in order:
  ``1950den.:1960 1975``.
- ``BUSINESS_DATE`` (optional): the day the table was read, ``dd-mm-yyyy``; stored as
  ``stated["as_of"]`` in ISO form. It should be the same on every row.

Rows are numbered by their line in the file: the header is row 1, the first country row 2.
"""

from __future__ import annotations

import datetime as dt
import re

from migrights.importers.records import ParsedAction, ParseProblem, ParseResult
from migrights.importers.textfiles import csv_rows
from migrights.lib.dates import PartialDate

COUNTRY_COLUMN = "Country"
DATE_COLUMN = "BUSINESS_DATE"
FIRST_ILO_YEAR = 1919  # the ILO was founded in 1919: no ratification is older

# ``..._C087`` or ``C087``; ``C87`` is read as C087. Recommendations (R) are not ratified.
_INSTRUMENT_HEADER = re.compile(r"(?:^|_)([CP])(\d{1,3})$", re.IGNORECASE)
# one period: a ratification year, optionally followed by ``den.:`` and a denunciation year
_PERIOD = re.compile(r"(\d{4})(?:\s*den\.?\s*:?\s*(\d{4}))?", re.IGNORECASE)
_PERIOD_SEPARATOR = re.compile(r"[\s;,]*")
_BUSINESS_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")


def instrument_code(header: str) -> str | None:
    """The project code (``ILO-C087``) for a NORMLEX column header, or None if it names none."""
    match = _INSTRUMENT_HEADER.search(header.strip())
    if not match:
        return None
    return f"ILO-{match.group(1).upper()}{int(match.group(2)):03d}"


def parse_cell(text: str) -> list[tuple[str, int]]:
    """Read one cell into ``[("ratification", 1958), ("denunciation", 1990)]``.

    Raises ValueError with a readable reason when the cell is not a year, a
    ``YYYYden.:YYYY`` pair or a sequence of them in order.
    """
    text = text.strip()
    acts: list[tuple[str, int]] = []
    position = 0
    while position < len(text):
        if acts:
            separator = _PERIOD_SEPARATOR.match(text, position)
            position = separator.end() if separator else position
        match = _PERIOD.match(text, position)
        if not match or match.end() == position:
            raise ValueError(f"{text!r} is not a year or 'YYYYden.:YYYY' (could not read {text[position:]!r})")
        if acts and acts[-1][0] == "ratification":
            raise ValueError(f"{text!r}: a second ratification without a denunciation between")
        acts.append(("ratification", int(match.group(1))))
        if match.group(2):
            acts.append(("denunciation", int(match.group(2))))
        position = match.end()
        # a trailing digit right after a period means a malformed year such as 19580
        if position < len(text) and text[position].isdigit():
            raise ValueError(f"{text!r} is not a year or 'YYYYden.:YYYY'")
    years = [year for _, year in acts]
    if years != sorted(years):
        raise ValueError(f"{text!r}: the years are not in order")
    return acts


def _business_date(text: str) -> dt.date:
    match = _BUSINESS_DATE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date written dd-mm-yyyy")
    day, month, year = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def parse_normlex_csv(text: str, file: str = "<csv>") -> dict[str, ParseResult]:
    """Parse a NORMLEX comparative table: one :class:`ParseResult` per instrument column.

    The mapping is keyed by project instrument code (``ILO-C087``) in column order. Problems
    with one cell go to that column's result. Problems that concern the whole file or a
    whole row (an unknown header, a bad ``BUSINESS_DATE``, a row of the wrong length, a
    missing country name) are added to *every* result, so that no result looks clean when
    its file is not. Raises ValueError when there is no ``Country`` column or no instrument
    column at all: then nothing in the file can be read.
    """
    lines = csv_rows(text.removeprefix("\ufeff"), file)
    if not lines:
        raise ValueError(f"{file}: the file is empty")
    header = [cell.strip() for cell in lines[0][1]]

    file_problems: list[ParseProblem] = []

    def file_problem(row: int | None, column: str | None, reason: str) -> None:
        file_problems.append(ParseProblem(file, row, column, reason))

    country_index: int | None = None
    date_index: int | None = None
    columns: dict[int, str] = {}  # header position -> instrument code
    results: dict[str, ParseResult] = {}
    for index, name in enumerate(header):
        if name.casefold() == COUNTRY_COLUMN.casefold():
            if country_index is None:
                country_index = index
            else:
                file_problem(1, name, "a second Country column: ignored")
            continue
        if name.upper() == DATE_COLUMN:
            if date_index is None:
                date_index = index
            else:
                file_problem(1, name, "a second BUSINESS_DATE column: ignored")
            continue
        code = instrument_code(name)
        if code is None:
            if name:
                reason = (
                    "unknown column header: not Country, BUSINESS_DATE or a header ending"
                    " in an ILO Convention or Protocol id (C087, P029...)"
                )
            else:
                reason = "empty column header"
            file_problem(1, name or f"#{index + 1}", f"{reason}; the column is not read")
            continue
        if code in results:
            file_problem(1, name, f"a second column for {code}: ignored")
            continue
        columns[index] = code
        results[code] = ParseResult(file=file, stated={"column": name})

    if country_index is None:
        raise ValueError(f"{file}: no {COUNTRY_COLUMN!r} column in the header {header!r}")
    if not columns:
        raise ValueError(f"{file}: no instrument column (..._C087, P029...) in {header!r}")

    as_of: dt.date | None = None
    as_of_text: str | None = None
    seen: dict[str, int] = {}  # country -> the row it was first read on
    rows: list[tuple[int, str, list[str]]] = []
    for first_line, record in lines[1:]:
        if not any(cell.strip() for cell in record):
            continue  # a blank line
        if len(record) != len(header):
            file_problem(
                first_line,
                None,
                f"the row has {len(record)} cells, the header {len(header)}: the row is not read",
            )
            continue
        country = " ".join(record[country_index].split())
        if not country:
            file_problem(first_line, header[country_index], "no country name: the row is not read")
            continue
        if country in seen:
            file_problem(
                first_line,
                header[country_index],
                f"{country!r} is already on row {seen[country]}: this row is not read",
            )
            continue
        seen[country] = first_line
        if date_index is not None:
            cell = record[date_index].strip()
            try:
                day = _business_date(cell)
            except ValueError as error:
                file_problem(first_line, header[date_index], str(error))
            else:
                if as_of is None:
                    as_of, as_of_text = day, cell
                elif day != as_of:
                    file_problem(
                        first_line,
                        header[date_index],
                        f"{cell!r} differs from {as_of_text!r} on the rows above",
                    )
        rows.append((first_line, country, record))

    latest_year = (as_of or dt.date.today()).year
    for first_line, country, record in rows:
        for index, code in columns.items():
            result = results[code]
            cell = record[index].strip()
            if not cell:
                continue
            try:
                acts = parse_cell(cell)
            except ValueError as error:
                result.problem(first_line, header[index], str(error))
                continue
            bad_years = [y for _, y in acts if not FIRST_ILO_YEAR <= y <= latest_year]
            if bad_years:
                result.problem(
                    first_line,
                    header[index],
                    f"{cell!r}: year {bad_years[0]} is outside {FIRST_ILO_YEAR}-{latest_year}",
                )
                continue
            for action, year in acts:
                result.actions.append(
                    ParsedAction(
                        participant=country,
                        action=action,
                        date=PartialDate.year(year),
                        location=f"row {first_line}",
                    )
                )

    for result in results.values():
        result.problems[:0] = file_problems
        if as_of is not None:
            result.stated["as_of"] = as_of.isoformat()
        result.stated["rows"] = len(rows)
    return results
