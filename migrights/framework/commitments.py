"""Commitment indicators computed from treaty actions and memberships: pure, no Django.

A commitment value is the state of affairs on 31 December of the year (or today, for the
current year): the same status rule as every page (``migrights.lib.status``). Three states of
knowledge are never merged (docs/framework-methodology.md): 1 when a fact says so; 0 only when the
instrument's data is complete on that day and holds no act making the state bound; otherwise
unknown (NaN, not "not applicable": the engine counts it as missing). A state that cannot become
party (not a member of the organisation whose members may join, or a state the depositary does not
accept) gets not applicable, as does a reservation question for a state that is not a party.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from migrights.framework.definition import IndicatorDef
from migrights.lib.dates import PartialDate
from migrights.lib.status import StatusOn, StatusTimeline, complete_on, takes_effect
from migrights.lib.vocabulary import CONSENT_ACTIONS

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


@dataclass(frozen=True)
class Coverage:
    """What the data of one instrument can say (instruments.yaml ``completeness``, ``open_to``, ``closed_to``).

    ``complete_as_of``: the day up to which a state without an act is known not to be bound (None:
    partial data, never known). ``open_to``: the organisation or body whose members may join (None:
    every state); ``closed_to``: states the depositary does not accept.
    """

    complete_as_of: dt.date | None = None
    open_to: str | None = None
    closed_to: frozenset[str] = frozenset()

    def complete_on(self, on: dt.date) -> bool:
        return complete_on(self.complete_as_of, on)


COMPLETE = Coverage(complete_as_of=dt.date.max)  # for data built without declarations (tests of the rules)

# the kind of an eligibility span whose membership no read source establishes: the state may or may not
# have been able to join, so its status is unknown (never "cannot be party", never "not bound")
MEMBERSHIP_UNKNOWN = "membership-unknown"

NOT_APPLICABLE = None  # derive_value's answer for a question that does not apply
UNKNOWN = float("nan")


@dataclass
class CommitmentData:
    """What the rules read: acts per (country, instrument), memberships per country, years per country,
    and per instrument its coverage with the spans of the organisations whose members may join it."""

    acts: Mapping[tuple[str, str], Sequence[Act]]
    memberships: Mapping[str, Sequence[Span]]
    years: Mapping[str, range]
    coverage: Mapping[str, Coverage] = field(default_factory=dict)
    eligibility: Mapping[str, Sequence[Span]] = field(default_factory=dict)  # country → organisation spans
    # each (country, instrument)'s acts sorted once, its status on any day found by bisection (``status``)
    _timelines: dict[tuple[str, str], StatusTimeline] = field(default_factory=dict, init=False, repr=False)
    # ``change_days``: each country's, and those of a country without any act or span (built whole, then published
    # with one assignment: the data are shared by the requests a threaded server runs at once)
    _change_days: tuple[dict[str, list[dt.date]], list[dt.date]] | None = field(default=None, init=False, repr=False)

    def timeline(self, country: str, instrument: str) -> StatusTimeline:
        key = (country, instrument)
        found = self._timelines.get(key)
        if found is None:
            found = self._timelines[key] = StatusTimeline(self.acts.get(key, ()))
        return found

    def status(self, country: str, instrument: str, on: dt.date) -> StatusOn:
        """``status_on`` of the country's acts on the instrument on ``on``."""
        return self.timeline(country, instrument).on(on)

    def change_days(self, country: str) -> list[dt.date]:
        """Every day, sorted, from which something the rules read of ``country`` may be otherwise: the first day of
        each of its acts and the day each takes effect, the start and end of each of its memberships and
        eligibility spans, and the first day after each instrument's data stops being complete. Each rule compares
        a day ``on`` with these alone (``x <= on``, ``on < x``), so two days with the same of them on or before
        each give every rule the same value (``derive_commitments`` derives a year only where one fell since the
        year before)."""
        if self._change_days is None:
            common = {
                dt.date(c.complete_as_of.year + 1, 1, 1)
                for c in self.coverage.values()
                if c.complete_as_of is not None and c.complete_as_of.year < dt.MAXYEAR
            }
            days: dict[str, set[dt.date]] = defaultdict(lambda: set(common))
            for (code, _), acts in self.acts.items():
                days[code].update(day for act in acts for day in (act.date.first, takes_effect(act)))
            for spans in (self.memberships, self.eligibility):
                for code, held in spans.items():
                    days[code].update(day for span in held for day in (span.start, span.end) if day is not None)
            self._change_days = ({code: sorted(found) for code, found in days.items()}, sorted(common))
        by_country, common_only = self._change_days
        return by_country.get(country, common_only)

    def coverage_of(self, instrument: str) -> Coverage:
        return self.coverage.get(instrument, COMPLETE)

    def eligible(self, country: str, instrument: str, on: dt.date) -> bool | None:
        """Whether the state could be party on ``on``: an act on or before that day proves it; otherwise
        it must not be refused by the depositary and, where the instrument is open to an organisation's
        members only, it must be a member on that day. None: unknown, because the state's membership
        of that organisation was not established from a read source (a span of kind ``MEMBERSHIP_UNKNOWN``)."""
        first = self.timeline(country, instrument).first
        if first is not None and first <= on:  # an act on or before that day
            return True
        coverage = self.coverage_of(instrument)
        if country in coverage.closed_to:
            return False
        if coverage.open_to is None:
            return True
        holding = {s.kind for s in self.eligibility.get(country, ()) if s.body == coverage.open_to and s.holds_on(on)}
        if holding - {MEMBERSHIP_UNKNOWN}:
            return True
        return None if holding else False

    def knowledge(self, country: str, instrument: str, on: dt.date) -> str:
        """``party`` / ``signatory`` / ``denounced`` / ``none`` when known, else ``unknown`` or ``not-applicable``.

        A party is a party whatever the completeness; any other status is known only where the data
        is complete on ``on`` (a signatory on partial data may have ratified unrecorded).
        """
        status = self.status(country, instrument, on).status
        if status == "party":
            return status
        eligible = self.eligible(country, instrument, on)
        if eligible is None:
            return "unknown"
        if not eligible:
            return "not-applicable"
        return status if self.coverage_of(instrument).complete_on(on) else "unknown"


def reference_day(year: int, today: dt.date | None = None) -> dt.date:
    """31 December of the year, or today while the year is running."""
    today = today or dt.date.today()
    return min(dt.date(year, 12, 31), today)


def _article_matches(act: Act, article: str | None) -> bool:
    return article is None or str(article) in act.articles


def _from_known(known: str, yes: tuple[str, ...]) -> float | None:
    if known == "not-applicable":
        return NOT_APPLICABLE
    if known == "unknown":
        return UNKNOWN
    return float(known in yes)


def derive_value(rule: Mapping[str, object], country: str, on: dt.date, data: CommitmentData) -> float | None:
    """One rule's value for one country on one day: 1.0, 0.0, NaN (unknown) or ``None`` (not applicable)."""
    kind = rule["rule"]

    def known(instrument: object) -> str:
        return data.knowledge(country, str(instrument), on)

    if kind == "party":
        return _from_known(known(rule["instrument"]), ("party",))
    if kind == "party-any":
        states = [known(code) for code in rule["instruments"]]  # type: ignore[union-attr]
        if "party" in states:
            return 1.0
        applicable = [s for s in states if s != "not-applicable"]
        if not applicable:
            return NOT_APPLICABLE
        return UNKNOWN if "unknown" in applicable else 0.0
    if kind == "signed":
        # a signature is a fact whatever the completeness
        status = data.status(country, str(rule["instrument"]), on).status
        if status == "signatory":
            return 1.0
        return _from_known(known(rule["instrument"]), ("party", "signatory"))
    instrument = str(rule.get("instrument"))
    acts = data.acts.get((country, instrument), ())
    complete = data.coverage_of(instrument).complete_on(on)
    if kind == "procedure":
        state = known(instrument)
        if state != "party":
            return _from_known(state, ())
        accepted = any(
            a.action == "procedure-acceptance" and takes_effect(a) <= on and _article_matches(a, str(rule["article"]))
            for a in acts
        )
        return 1.0 if accepted else (0.0 if complete else UNKNOWN)
    if kind == "reservation":
        state = known(instrument)
        if state == "unknown":
            return UNKNOWN  # a party with unrecorded acts, or not a party: cannot tell
        if state != "party":
            return NOT_APPLICABLE
        article = rule.get("article")
        limited = any(
            a.reservation
            and (a.action in CONSENT_ACTIONS or a.action == "signature")
            and takes_effect(a) <= on
            and _article_matches(a, None if article is None else str(article))
            for a in acts
        )
        return 1.0 if limited else (0.0 if complete else UNKNOWN)
    # memberships of governance bodies are read from the bodies' own member lists, taken as complete
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
    derived = [i for i in indicators if i.treaty_derived]
    # the columns built whole (one Python tuple per row costs a third of the derivation): a row per country, year
    # and indicator, in that order
    keys: list[tuple[str, int]] = []
    values: list[float] = []
    not_applicable: list[bool] = []
    for country in countries if countries is not None else sorted(data.years):
        changes = data.change_days(country)
        counted = -1  # how many of them fell on or before the year derived last
        cells: list[float] = []
        missing: list[bool] = []
        for year in data.years.get(country, ()):
            on = reference_day(year, today)
            fell = bisect_right(changes, on)
            if fell != counted:  # else every value is the year before's (``change_days``)
                counted = fell
                found = [derive_value(indicator.derived or {}, country, on, data) for indicator in derived]
                # None: not applicable; NaN: unknown (missing, counted against coverage)
                cells = [np.nan if value is None else value for value in found]
                missing = [value is None for value in found]
            keys.append((country, year))
            values += cells
            not_applicable += missing
    if not keys or not derived:
        return pd.DataFrame(columns=list(COLUMNS))
    width = len(derived)
    return pd.DataFrame(
        {
            "country": np.repeat(np.array([c for c, _ in keys], dtype=object), width),
            "year": np.repeat(np.array([y for _, y in keys], dtype="int64"), width),
            "indicator": np.tile(np.array([i.code for i in derived], dtype=object), len(keys)),
            "coder": DERIVED_CODER,
            "value": np.array(values, dtype="float64"),
            "not_applicable": np.array(not_applicable, dtype=bool),
        },
        columns=list(COLUMNS),
    )


def country_years(
    first_years: Mapping[str, int], last_years: Mapping[str, int | None], today: dt.date | None = None
) -> dict[str, range]:
    """Years each country is covered: from its first year (never before 1990) to its last or this year."""
    this_year = (today or dt.date.today()).year
    return {
        country: range(max(FIRST_YEAR, first), min(this_year, last_years.get(country) or this_year) + 1)
        for country, first in first_years.items()
    }
