"""Located input problems: one line each, ``FILE:ROW:COLUMN: reason``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in an input: where (file, row, column) and why.

    ``row`` is the line number in the file (the header is line 1) for CSV files, the line of the
    field for YAML files, and the DataFrame row position (from 0) for in-memory tables.
    """

    file: str
    row: int | str
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.reason}"


class InputError(ValueError):
    """Inputs (answers, framework, spec, groups) the engine refuses; ``problems`` lists every one found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


MAX_PROBLEMS_PER_CHECK = 20  # a broken column of a million rows should not print a million lines


def located(file: str, rows: Iterable[int], column: str, reason: str, total: int | None = None) -> list[Problem]:
    """Problems for the first rows breaking one check, plus one line counting the rest."""
    rows = list(rows)
    total = len(rows) if total is None else total
    problems = [Problem(file, row, column, reason) for row in rows[:MAX_PROBLEMS_PER_CHECK]]
    if total > MAX_PROBLEMS_PER_CHECK:
        problems.append(
            Problem(
                file,
                rows[MAX_PROBLEMS_PER_CHECK],
                column,
                f"{reason} (and {total - MAX_PROBLEMS_PER_CHECK - 1} more rows)",
            )
        )
    return problems
