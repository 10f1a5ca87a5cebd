"""What a visitor can map, rank and compare: index scores of the current edition and core treaties ratified.

``measure_rows(measure, year)`` gives one row per country and year with its value, interval, rank and rank
interval. Scores come from the current edition (``scores.editions.current_edition``) as published: a flagged
score (below the spec's coverage) is withheld (``scores.publication``) and listed without a value; a year and
code with fewer ranked countries than the spec's ``min_ranked`` has values but no ranks. The treaty count is
derived from the treaty actions with the project's status rule (``lib.status``) on 31 December of each year
(today for the running year), over the years each state is covered (``framework.commitments.country_years``).
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd
from django.utils.translation import gettext_lazy as _

from migrights.framework.commitments import FIRST_YEAR, Act, CommitmentData, reference_day
from migrights.lib.charts import shape_key
from migrights.lib.labels import lazy_label
from migrights.lib.memo import Latest
from migrights.lib.status import status_on, takes_effect
from migrights.lib.vocabulary import DIMENSION_LABELS, DIMENSIONS, OVERALL

# The nine core international human rights instruments OHCHR lists (its "core instruments" page).
CORE_TREATIES = ("ICERD", "ICCPR", "ICESCR", "CEDAW", "CAT", "CRC", "ICRMW", "CRPD", "CPED")
TREATIES = "core-treaties"
SCORE_DOMAIN = (0.0, 100.0)
ROW_FIELDS = (
    "country",
    "m49",
    "name",
    "region",
    "year",
    "value",
    "low",
    "high",
    "coverage",
    "rank",
    "rank_low",
    "rank_high",
    "flagged",
)


@dataclass(frozen=True)
class Measure:
    key: str  # in addresses: ?measure=commitment
    label: str
    kind: str  # "score" (0-100, from the edition) or "count" (core treaties)
    level: str | None = None  # the edition's level and code of a score
    code: str | None = None
    edition: Any = field(default=None, compare=False, repr=False)  # the edition a score is read from

    @cached_property
    def frame(self) -> pd.DataFrame:
        """Its rows of every year, looked up once per ``Measure`` (``measures()`` makes them afresh per request)."""
        return _treaty_frame() if self.kind == "count" else _score_frame(self)

    @property
    def domain(self) -> tuple[float, float]:
        return (0.0, float(len(CORE_TREATIES))) if self.kind == "count" else SCORE_DOMAIN

    @property
    def value_format(self) -> str:
        return "d" if self.kind == "count" else ".1f"

    @property
    def group(self) -> str:
        return {"overall": "index", "dimension": "index", "category": "category"}.get(self.level or "", "treaties")

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": str(self.label), "kind": self.kind, "level": self.level, "code": self.code}


def measures() -> list[Measure]:
    """Overall, each dimension, each category of the current edition's framework, then core treaties ratified."""
    from migrights.scores.editions import current_edition

    return measures_of(current_edition())


def measures_of(edition: Any) -> list[Measure]:
    """``measures()`` of a given edition (None: no edition, no category)."""
    found = [Measure(OVERALL, _("Overall score"), "score", "overall", OVERALL, edition)]
    found += [Measure(d, lazy_label(DIMENSION_LABELS, d), "score", "dimension", d, edition) for d in DIMENSIONS]
    if edition is not None:
        # category titles are the framework's own words (data, in English)
        from migrights.scores.queries import category_titles

        found += [
            Measure(code, title, "score", "category", code, edition) for code, title in category_titles(edition).items()
        ]
    found.append(Measure(TREATIES, _("UN core human rights treaties ratified"), "count"))
    return found


def find_measure(key: str | None, choices: Sequence[Measure] | None = None) -> Measure | None:
    """The measure of ``key`` among ``choices`` (a page's ``measures()``; by default the current ones)."""
    return next((m for m in (measures() if choices is None else choices) if m.key == key), None)


def default_measure(choices: Sequence[Measure] | None = None) -> Measure:
    """The overall score where it has ranked values in its latest year, else the first dimension that has,
    else treaties ratified: the map and rankings never open on an empty or unranked field."""
    choices = measures() if choices is None else choices
    for key in (OVERALL, *DIMENSIONS):
        measure = find_measure(key, choices)
        if measure is not None and has_ranked_values(measure):
            return measure
    return find_measure(TREATIES, choices)  # type: ignore[return-value]


def has_ranked_values(measure: Measure) -> bool:
    """Whether the measure ranks countries in the latest year it has values in."""
    found = years(measure)
    if not found:
        return False
    frame = measure.frame
    return bool(frame.loc[frame["year"] == found[-1], "rank"].notna().any())


def min_ranked(measure: Measure) -> int:
    """The fewest ranked countries for which the measure's edition gives ranks (its spec's ``min_ranked``)."""
    if measure.edition is None:
        return 0
    return int(measure.edition.manifest.get("spec", {}).get("min_ranked") or 0)


def countries() -> dict[str, dict[str, str]]:
    """Code → m49, name, region of every state and former state."""
    from migrights.reference.models import Country

    rows = Country.objects.filter(kind__in=[Country.Kind.STATE, Country.Kind.PREDECESSOR]).values_list(
        "code", "m49", "name", "region"
    )
    return {code: {"m49": m49, "name": name, "region": region} for code, m49, name, region in rows}


def regions() -> list[str]:
    """The UN regions of the states, as the Country table names them."""
    return sorted({row["region"] for row in countries().values() if row["region"]})


# ---- scores ----------------------------------------------------------------------------------------------


def _score_frame(measure: Measure) -> pd.DataFrame:
    """The measure's edition's rows of it, renamed to the row fields (kept with the edition's derived tables)."""
    edition = measure.edition
    if edition is None:
        return pd.DataFrame(columns=["country", "year", "value", "flagged"])

    def select() -> pd.DataFrame:
        table = edition.table()
        frame = table[(table["level"] == measure.level) & (table["code"] == measure.code)]
        frame = frame.rename(columns={"score": "value", "score_low": "low", "score_high": "high"})
        frame["flagged"] = frame["flagged"].astype(bool)
        return frame[
            ["country", "year", "value", "low", "high", "coverage", "rank", "rank_low", "rank_high", "flagged"]
        ].reset_index(drop=True)

    return edition.derived(("measure", str(measure.level), str(measure.code)), select)


# ---- core treaties ratified --------------------------------------------------------------------------------

# Per process, rebuilt when the treaty actions, countries, memberships or the day change (``lib.memo``).
_TREATY_COUNTS: Latest[pd.DataFrame] = Latest()


def party_years(acts: Sequence[Act], years: range, today: dt.date | None = None) -> set[int]:
    """The years on whose reference day (31 December, or today) the acts make the state a party.

    The status only changes on the days acts take effect, so it is computed once per such day and looked up.
    """
    if not acts:
        return set()
    changes = sorted({takes_effect(act) for act in acts})
    party = [status_on(acts, day).status == "party" for day in changes]
    found = set()
    for year in years:
        index = bisect_right(changes, reference_day(year, today)) - 1
        if index >= 0 and party[index]:
            found.add(year)
    return found


def treaty_counts(data: CommitmentData, today: dt.date | None = None) -> pd.DataFrame:
    """Country, year, value (core treaties the state is party to), rank among that year's states (ties shared)."""
    rows = []
    for country, years in data.years.items():
        per_year = dict.fromkeys(years, 0)
        for treaty in CORE_TREATIES:
            for year in party_years(data.acts.get((country, treaty), ()), years, today):
                per_year[year] += 1
        rows.extend((country, year, count) for year, count in per_year.items())
    frame = pd.DataFrame(rows, columns=["country", "year", "value"])
    frame["rank"] = frame.groupby("year")["value"].rank(method="min", ascending=False)
    return frame


def _treaty_frame() -> pd.DataFrame:
    from migrights.framework.queries import commitment_data_cached, commitment_data_key

    key = commitment_data_key()

    def build() -> pd.DataFrame:
        frame = treaty_counts(commitment_data_cached(key))
        for column in ("low", "high", "coverage", "rank_low", "rank_high"):
            frame[column] = math.nan
        frame["flagged"] = False
        return frame

    return _TREATY_COUNTS.get(key, build)


def core_treaty_status(codes: Sequence[str], year: int) -> dict[str, dict[str, dict[str, Any]]]:
    """Country → treaty → {status, since} on the year's reference day."""
    from migrights.framework.queries import commitment_data_cached

    data = commitment_data_cached()
    on = reference_day(year)
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for code in codes:
        result[code] = {}
        for treaty in CORE_TREATIES:
            found = status_on(data.acts.get((code, treaty), ()), on)
            result[code][treaty] = {"status": found.status, "since": str(found.since) if found.since else None}
    return result


# ---- rows ------------------------------------------------------------------------------------------------


def years(measure: Measure) -> list[int]:
    """The years the measure has values in, oldest first."""
    frame = measure.frame
    return sorted(int(y) for y in frame.loc[frame["value"].notna(), "year"].unique())


def latest_year() -> int:
    """The last year of the map's slider: this year (its values are those of today)."""
    return dt.date.today().year


def year_range() -> range:
    return range(FIRST_YEAR, latest_year() + 1)


def _number(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 1e9 else value


def measure_rows(
    measure: Measure, year: int | None = None, country_codes: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """One row per country (and year, when no year is given), best rank first, then unranked by name.

    Rows with a value, and withheld rows (flagged: ``value`` None) where something was observed (coverage > 0).
    """
    frame = measure.frame
    if year is not None:
        frame = frame[frame["year"] == year]
    if country_codes is not None:
        frame = frame[frame["country"].isin(list(country_codes))]
    frame = frame[frame["value"].notna() | (frame["flagged"] & (frame["coverage"] > 0))]
    known = countries()
    rows = []
    for record in frame.to_dict(orient="records"):
        info = known.get(record["country"])
        if info is None:
            continue
        row = {field: _number(record.get(field)) for field in ROW_FIELDS}
        row.update(country=record["country"], m49=info["m49"], name=info["name"], region=info["region"])
        row["flagged"] = bool(record["flagged"])
        rows.append(row)
    rows.sort(key=lambda r: (r["year"], r["rank"] is None, r["rank"] or 0, r["name"]))
    return rows


def series_for_map(measure: Measure) -> list[dict[str, Any]]:
    """Per country, its years and published values (withheld ones left out): the compact form the map flattens."""
    frame = measure.frame
    frame = frame[frame["value"].notna() & ~frame["flagged"]]
    known = countries()
    series = []
    for code, rows in frame.groupby("country", sort=True):
        info = known.get(str(code))
        if info is None or not shape_key(str(code), info["m49"]):
            continue
        rounded = rows["value"].round(0 if measure.kind == "count" else 1)
        series.append(
            {
                "country": str(code),
                "m49": info["m49"],
                "name": info["name"],
                "year": [int(y) for y in rows["year"]],
                "value": [_number(v) for v in rounded],
            }
        )
    return series
