"""What every parser returns: actions named as the publisher names them, and problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from migrights.lib.dates import PartialDate
from migrights.lib.vocabulary import ACTIONS


@dataclass(frozen=True)
class ParsedAction:
    """One act of one participant on one instrument, as the source states it."""

    participant: str  # the publisher's name, footnote markers removed
    action: str  # one of ACTIONS
    date: PartialDate
    effective: PartialDate | None = None
    reservation: bool = False
    declaration: bool = False
    articles: tuple[str, ...] = ()
    note: str = ""
    location: str = ""  # where in the file: "row 12", "end-note 5"

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r}")


@dataclass(frozen=True)
class ParseProblem:
    """A row or cell the parser could not read: reported, never skipped silently."""

    file: str
    row: int | str | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if isinstance(self.row, int):
            where.append(f"row {self.row}")
        elif self.row:
            where.append(str(self.row))  # a parser's own location, e.g. "end-note 5"
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}"


@dataclass
class ParseResult:
    """Everything read from one file."""

    file: str
    actions: list[ParsedAction] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    # facts the page states about itself, used as checks (e.g. {"parties": 116})
    stated: dict[str, int | str] = field(default_factory=dict)
    # rows read and deliberately not loaded (the publisher gives too little for a fact): the
    # import goes on and reports each, where a problem refuses the whole file
    not_loaded: list[ParseProblem] = field(default_factory=list)

    def problem(self, row: int | str | None, column: str | None, reason: str) -> None:
        self.problems.append(ParseProblem(self.file, row, column, reason))

    def skip(self, row: int | str | None, column: str | None, reason: str) -> None:
        self.not_loaded.append(ParseProblem(self.file, row, column, reason))
