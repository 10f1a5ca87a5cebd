"""Commitment indicators computed from treaty actions and memberships: pure, no Django.

A commitment value is the state of affairs on 31 December of the year (or today, for the
current year): the same status rule as every page (``migrights.lib.status``). Values are 1 or 0,
or not applicable (a reservation question for a state that is not a party).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from migrights.framework.definition import IndicatorDef
from migrights.importers.records import CONSENT_ACTIONS
from migrights.lib.dates import PartialDate
from migrights.lib.status import status_on, takes_effect

FIRST_YEAR = 1990
DERIVED_CODER = "derived"
COLUMNS = ("country", "year", "indicator", "coder", "value", "not_applicable")


@dataclass(frozen=True)
class Act:
    action: str
    date: PartialDate
    effective: PartialDate | None = None
    reservation: bool = False
    declaration: bool = False
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    """A membership of a body (by its slug and kind), counted from the first day of its start."""

    body: str
    kind: str
    start: dt.date
    end: dt.date | None = None

    def holds_on(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or self.end > on)


@dataclass
class CommitmentData:
    """What the rules read: acts per (country, instrument), memberships per country, years per country."""

    acts: Mapping[tuple[str, str], Sequence[Act]]
    memberships: Mapping[str, Sequence[Span]]
    years: Mapping[str, range]


def reference_day(year: int, today: dt.date | None = None) -> dt.date:
    """31 December of the year, or today while the year is running."""
    today = today or dt.date.today()
    return min(dt.date(year, 12, 31), today)


def _article_matches(act: Act, article: str | None) -> bool:
    return article is None or str(article) in act.articles


def derive_value(rule: Mapping[str, object], country: str, on: dt.date, data: CommitmentData) -> float | None:
    """One rule's value for one country on one day; ``None`` means not applicable."""
    kind = rule["rule"]

    def status(instrument: object) -> str:
        return status_on(data.acts.get((country, str(instrument)), ()), on).status

    if kind == "party":
        return float(status(rule["instrument"]) == "party")
    if kind == "party-any":
        return float(any(status(code) == "party" for code in rule["instruments"]))  # type: ignore[union-attr]
    if kind == "signed":
        return float(status(rule["instrument"]) in ("party", "signatory"))
    acts = data.acts.get((country, str(rule.get("instrument"))), ())
    if kind == "procedure":
        if status(rule["instrument"]) != "party":
            return 0.0
        accepted = (
            a
            for a in acts
            if a.action == "procedure-acceptance"
            and takes_effect(a) <= on
            and _article_matches(a, str(rule["article"]))
        )
        return float(any(True for _ in accepted))
    if kind == "reservation":
        if status(rule["instrument"]) != "party":
            return None
        article = rule.get("article")
        limited = (
            a
            for a in acts
            if a.reservation
            and (a.action in CONSENT_ACTIONS or a.action == "signature")
            and takes_effect(a) <= on
            and _article_matches(a, None if article is None else str(article))
        )
        return float(any(True for _ in limited))
    spans = data.memberships.get(country, ())
    if kind == "member":
        return float(any(s.body == rule["body"] and s.holds_on(on) for s in spans))
    if kind == "member-kind":
        return float(any(s.kind == rule["body_kind"] and s.holds_on(on) for s in spans))
    raise ValueError(f"unknown derivation rule {kind!r}")


def derive_commitments(
    indicators: Iterable[IndicatorDef],
    data: CommitmentData,
    countries: Iterable[str] | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Every derived indicator for every country and year, as answers by the coder ``derived``."""
    derived = [i for i in indicators if i.derived is not None]
    rows: list[tuple[str, int, str, float, bool]] = []
    for country in countries if countries is not None else sorted(data.years):
        for year in data.years.get(country, ()):
            on = reference_day(year, today)
            for indicator in derived:
                value = derive_value(indicator.derived or {}, country, on, data)
                rows.append((country, year, indicator.code, np.nan if value is None else value, value is None))
    frame = pd.DataFrame(rows, columns=["country", "year", "indicator", "value", "not_applicable"])
    frame.insert(3, "coder", DERIVED_CODER)
    return frame


def country_years(
    first_years: Mapping[str, int], last_years: Mapping[str, int | None], today: dt.date | None = None
) -> dict[str, range]:
    """Years each country is covered: from its first year (never before 1990) to its last or this year."""
    this_year = (today or dt.date.today()).year
    return {
        country: range(max(FIRST_YEAR, first), min(this_year, last_years.get(country) or this_year) + 1)
        for country, first in first_years.items()
    }
