"""Dates with an explicit precision: a ratification known only by its year stays a year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]
PRECISIONS: tuple[Precision, ...] = ("day", "month", "year")

_ISO_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a day, a month or a year.

    ``first`` is the first day of the period; ``precision`` says how much of it is known.
    Ordering compares the first day, then the precision.
    """

    first: dt.date
    precision: Precision = "day"

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        if self.precision != "day" and self.first.day != 1:
            raise ValueError("a month or year date starts on day 1")
        if self.precision == "year" and self.first.month != 1:
            raise ValueError("a year date starts in January")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; the form gives the precision."""
        match = _ISO_FORM.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        if day:
            return cls(dt.date(int(year), int(month), int(day)), "day")
        if month:
            return cls(dt.date(int(year), int(month), 1), "month")
        return cls(dt.date(int(year), 1, 1), "year")

    @classmethod
    def parse_un(cls, text: str) -> PartialDate:
        """Read the UN Treaty Collection style ``5 Jun 2007`` (also ``05 Jun 2007``)."""
        parts = text.strip().split()
        if len(parts) != 3 or parts[1][:3].lower() not in _MONTHS:
            raise ValueError(f"{text!r} is not a date written like '5 Jun 2007'")
        day, month, year = int(parts[0]), _MONTHS[parts[1][:3].lower()], int(parts[2])
        return cls(dt.date(year, month, day), "day")

    @classmethod
    def year(cls, year: int) -> PartialDate:
        return cls(dt.date(year, 1, 1), "year")

    @property
    def last(self) -> dt.date:
        """The last day of the period: the earliest day on which the act is certainly done."""
        if self.precision == "day":
            return self.first
        if self.precision == "month":
            return self.first.replace(day=calendar.monthrange(self.first.year, self.first.month)[1])
        return self.first.replace(month=12, day=31)

    def iso(self) -> str:
        """ISO 8601 truncated to the precision: ``2007-06-05``, ``2007-06`` or ``2007``."""
        if self.precision == "day":
            return self.first.isoformat()
        if self.precision == "month":
            return self.first.strftime("%Y-%m")
        return f"{self.first.year:04d}"

    def __str__(self) -> str:
        return self.iso()


def parse_on(value: str | None) -> dt.date:
    """The ``?on=YYYY-MM-DD`` of pages and API (default: today); ValueError names the bad value."""
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"on={value!r} is not a date written YYYY-MM-DD") from None
