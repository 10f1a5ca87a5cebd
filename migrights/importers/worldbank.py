"""World Bank / KNOMAD bilateral matrices 2017 (April 2018 version): pure parsing of one matrix sheet.

``WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx`` (sheet ``Bilateral_Migration_2017``: destination across,
origin down) and ``WB_Bilateral_Remittance_Estimates_2017.xlsx`` (sheet ``Bilateral_Remittances_2017``: receiving
across, sending down, US$ millions). Row 1 is a title, row 2 the header; the country rows follow, then the
aggregates (``Other North``, ``Other South``, ``World``) and notes. Each file carries an extra sheet added by the
repository that redistributed it: it is not read.

Names map through ``names/worldbank.csv``: a row whose note begins ``aggregate`` is never a country; an unknown
name is a problem naming file, row and column. Only cells above zero are kept; the publisher's world total is
returned beside the sum of the kept cells.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from migrights.importers.records import ParseProblem

SHEETS = {"migration": "Bilateral_Migration_2017", "remittances": "Bilateral_Remittances_2017"}
WORLD = ("world",)


@dataclass
class MatrixParse:
    file: str
    # (row country, column country) → value; for migration (origin, destination), for remittances
    # (sending, receiving)
    cells: dict[tuple[str, str], float] = field(default_factory=dict)
    published_total: float | None = None
    left_out: float = 0.0  # cells in aggregate rows or columns other than the world total, and unmapped areas
    problems: list[ParseProblem] = field(default_factory=list)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_matrix(
    content: bytes, file: str, kind: str, lookup: Callable[[str], str | None], aggregates: Mapping[str, str]
) -> MatrixParse:
    """One matrix sheet; ``kind``: ``migration`` or ``remittances``."""
    import openpyxl  # only when a file is read

    result = MatrixParse(file)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book[SHEETS[kind]]
    except (KeyError, OSError, ValueError) as error:
        result.problems.append(ParseProblem(file, None, None, f"no sheet {SHEETS.get(kind)!r} to read: {error}"))
        return result
    rows = list(sheet.iter_rows(values_only=True))
    if len(rows) < 3:
        result.problems.append(ParseProblem(file, None, None, "the sheet has no header row"))
        return result
    header = rows[1]
    columns: dict[int, str] = {}
    world_column = None
    for index, name in enumerate(header[1:], start=1):
        if name is None:
            continue
        text = str(name).strip()
        if text.casefold() in WORLD:
            world_column = index
        code = lookup(text)
        if code is None:
            reason = f"name {text!r} is not in worldbank.csv: add it"
            result.problems.append(ParseProblem(file, 2, _column_letter(index), reason))
        elif code:
            columns[index] = code
    for number, row in enumerate(rows[2:], start=3):
        label = row[0]
        if label is None or not isinstance(label, str) or len(label) > 60 or label.strip().endswith(":"):
            continue  # blank rows and notes
        name = label.strip()
        code = lookup(name)
        if code is None:
            result.problems.append(ParseProblem(file, number, "A", f"name {name!r} is not in worldbank.csv: add it"))
            continue
        if name.casefold() in WORLD and world_column is not None:
            total = row[world_column] if world_column < len(row) else None
            result.published_total = float(total) if isinstance(total, (int, float)) else None
            continue
        for index in range(1, len(row)):
            value = row[index]
            if value is None or (isinstance(value, str) and value.strip() in ("", "-")):
                continue  # empty or nil
            if not isinstance(value, (int, float)):
                reason = f"{value!r} is not a number"
                result.problems.append(ParseProblem(file, number, _column_letter(index), reason))
                continue
            if index == world_column or value <= 0:
                continue
            if not code or index not in columns:
                result.left_out += float(value)
                continue
            if columns[index] != code:
                result.cells[code, columns[index]] = float(value)
    if result.published_total is None:
        result.problems.append(ParseProblem(file, None, None, "no World row with a world total"))
    return result
