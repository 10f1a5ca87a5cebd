"""Protection indicators derived from a published dataset of national law (``derived: {rule: law}``): pure, no Django.

A framework year is the law in force on 31 December; a law dataset's row for year Y is the law in force on
1 January of Y (GLOBALCIT, ``data/law/variables.yaml``). So the value of a framework year Y is read from the
dataset's row for Y + 1, the law as the year ended (a change in force from 1 January Y + 1 is thus counted one
day early, any other change of the year on time). Three states of knowledge are kept apart: a code mapped to a level
gives that level; a code the rule does not map, a missing cell or a year the dataset does not hold is unknown (NaN:
missing for the engine, never zero). A year the dataset carries forward without observing it (GLOBALCIT v3.1's
2024, a copy of 2023) is marked ``carried_forward`` and goes to the engine as unknown: it is not an observation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from migrights.framework.definition import IndicatorDef

YEAR_OFFSET = 1  # framework year Y (31 December) ← the dataset's year Y + 1 (1 January)
LAW_CODER = "derived"
PROVENANCE_COLUMNS = ("law_value", "carried_forward", "variable", "code", "dataset_year", "source")


@dataclass(frozen=True)
class LawCell:
    """One variable's code for one country in one dataset year, as the dataset writes it."""

    code: str
    carried: bool = False  # the dataset repeats an earlier year's value for this year without observing it
    source: str = ""


# (country, variable) → dataset year → cell
LawData = Mapping[tuple[str, str], Mapping[int, LawCell]]


@dataclass(frozen=True)
class LawDerived:
    """A law rule's value for one country-year, with the cell it rests on."""

    value: float  # NaN: unknown
    carried_forward: bool = False
    variable: str = ""
    code: str = ""
    dataset_year: int | None = None
    source: str = ""

    @property
    def engine_value(self) -> float:
        """What the index engine reads: unknown for a carried-forward year."""
        return math.nan if self.carried_forward else self.value


def derive_law_value(
    rule: Mapping[str, object], country: str, year: int, data: LawData, low: float | None, high: float | None
) -> LawDerived:
    """One ``law`` rule's value for one country and framework year: the first ``case`` whose variable holds one of
    its codes, else the rule's variable mapped through ``levels`` (or read as a ``number`` within ``low``..``high``)."""
    dataset_year = year + YEAR_OFFSET

    def cell(variable: object) -> LawCell | None:
        return data.get((country, str(variable)), {}).get(dataset_year)

    for case in rule.get("cases") or ():  # type: ignore[attr-defined]
        found = cell(case["variable"])
        if found is not None and found.code in {str(c) for c in case["codes"]}:
            return LawDerived(
                float(case["value"]), found.carried, str(case["variable"]), found.code, dataset_year, found.source
            )
    variable = str(rule["variable"])
    found = cell(variable)
    if found is None:
        return LawDerived(math.nan)
    if rule.get("number"):
        value = float(found.code)
        value = max(value, low) if low is not None else value
        value = min(value, high) if high is not None else value
    else:
        levels = {str(k): float(v) for k, v in (rule.get("levels") or {}).items()}  # type: ignore[attr-defined]
        value = levels.get(found.code, math.nan)  # a code without a confirmed level stays unknown
    return LawDerived(value, found.carried, variable, found.code, dataset_year, found.source)


def derive_law(indicators: Iterable[IndicatorDef], data: LawData, years: Mapping[str, Iterable[int]]) -> pd.DataFrame:
    """Every law-derived indicator for the given country-years, as answers by the coder ``derived``, with the cell
    each rests on (``PROVENANCE_COLUMNS``). Only known values and carried-forward years are listed (a missing row
    is unknown to the engine); ``value`` is NaN for a carried-forward year, whose ``law_value`` keeps the copy."""
    derived = [i for i in indicators if i.law_derived]
    rows = []
    for country, country_years in years.items():
        for year in country_years:
            for indicator in derived:
                result = derive_law_value(
                    indicator.derived or {}, country, year, data, indicator.scale.min, indicator.scale.max
                )
                if math.isnan(result.value):
                    continue
                rows.append(
                    (
                        country,
                        year,
                        indicator.code,
                        LAW_CODER,
                        result.engine_value,
                        False,
                        result.value,
                        result.carried_forward,
                        result.variable,
                        result.code,
                        result.dataset_year,
                        result.source,
                    )
                )
    columns = ["country", "year", "indicator", "coder", "value", "not_applicable", *PROVENANCE_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


def law_variables_of(indicators: Iterable[IndicatorDef]) -> dict[str, set[str]]:
    """Dataset → the variables the law rules of ``indicators`` read."""
    wanted: dict[str, set[str]] = {}
    for indicator in indicators:
        if indicator.law_derived:
            rule = indicator.derived or {}
            names = {str(rule["variable"]), *(str(c["variable"]) for c in rule.get("cases") or ())}
            wanted.setdefault(str(rule["dataset"]), set()).update(names)
    return wanted
