"""The wide table: one row per country and year, one column per published measure. Free of Django.

For readers who work in a spreadsheet or a statistics package rather than with long tables: the index scores at
the overall, dimension, category and right levels side by side, with the rank and coverage of the overall and
dimension scores and the gaps between dimensions. Indicator values stay in the long tables (``scores``,
``answers``, ``commitments``). The same variable names serve the CSV, the XLSX sheet and the Stata file; each is
at most 32 characters of lower-case letters, digits and ``_`` (Stata's rule), and the codebook maps every name to
the level and code it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from migrights.lib.tables import neutralise, restore, write_frame_csv
from migrights.lib.vocabulary import DIMENSIONS

WIDE_NAME = "wide"
WIDE_PATH = "wide.csv"
WIDE_TITLE = "Scores by country and year (wide)"
WIDE_DESCRIPTION = (
    "One row per country and year, one column per published measure: the overall, dimension, category and right "
    "scores (0-100), the rank and coverage of the overall and dimension scores, and the gaps between dimensions. "
    "The same values as the scores and gaps tables."
)
WIDE_LEVELS = ("overall", "dimension", "category", "right")  # indicator values stay in the long tables
RANKED_LEVELS = ("overall", "dimension")  # rank and coverage get their own columns at these levels
STATA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,31}$")
STATA_LABEL_LENGTH = 80
MISSING_RULE = (
    "Empty (Stata: .) when the score is withheld because it rests on too little evidence, when the measure was not "
    "computed for that country and year, or when none of its indicators applies; never zero. The flag and the reason "
    "are in the long scores table (column flagged)."
)


@dataclass(frozen=True)
class Variable:
    """One column of the wide table and what the codebook says about it."""

    name: str  # the variable's name in every format
    label: str  # a short label (at most 80 characters: Stata's variable label)
    meaning: str  # what it holds, in a sentence
    kind: str  # Table Schema type: string, integer or number
    unit: str  # "points (0-100)", "rank", "share (0-1)", "" for identifiers
    level: str = ""  # the scores table's level, for a measure
    code: str = ""  # the scores table's code, for a measure
    measure: str = ""  # score, rank, coverage or gap


def variable_name(prefix: str, code: str) -> str:
    """``cat_nde``, ``right_nde_1``: a code made a Stata name (lower case, ``.`` and ``-`` as ``_``)."""
    name = f"{prefix}_{re.sub(r'[^a-z0-9]+', '_', code.lower()).strip('_')}" if prefix else code.lower()
    if not STATA_NAME.match(name):
        raise ValueError(f"the wide table cannot name the measure {code!r}: {name!r} is not a Stata variable name")
    return name


def _short(text: str, limit: int = STATA_LABEL_LENGTH) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


IDENTIFIERS = (
    Variable(
        "country", "Country code", "ISO 3166-1 alpha-3 code, or the documented code of a former state", "string", ""
    ),
    Variable("country_name", "Country name", "Short English name", "string", ""),
    Variable("region", "UN M49 region", "UN M49 region (Stata: a labelled number)", "string", ""),
    Variable("year", "Year", "Year the scores describe (status at the year's end)", "integer", "year"),
)


def variables(scores: pd.DataFrame, titles: Mapping[str, str], gaps: Iterable[str] = ()) -> list[Variable]:
    """The wide table's columns for an edition whose long scores table is ``scores``.

    A column for every (level, code) of the wide levels that the table holds; ``titles`` names categories and
    rights by code. Rank and coverage columns for the overall and dimension scores, then one column per gap.
    """
    present = scores.loc[scores["level"].isin(WIDE_LEVELS), ["level", "code"]].drop_duplicates()
    codes = {level: sorted(present.loc[present["level"] == level, "code"]) for level in WIDE_LEVELS}
    order = {d: n for n, d in enumerate(DIMENSIONS)}
    codes["dimension"] = sorted(codes["dimension"], key=lambda d: (order.get(d, len(order)), d))
    points = "points (0-100)"
    found: list[Variable] = list(IDENTIFIERS)
    for level in RANKED_LEVELS:
        for code in codes[level]:
            name = variable_name("", code)
            what = "Overall index score" if level == "overall" else f"{code.capitalize()} dimension score"
            found.append(Variable(name, what, f"{what}, from 0 to 100", "number", points, level, code, "score"))
    for level in RANKED_LEVELS:
        for code in codes[level]:
            what = "overall index" if level == "overall" else f"{code} dimension"
            found.append(
                Variable(
                    variable_name("rank", code),
                    f"Rank on the {what}",
                    f"Rank among the countries scored that year on the {what} (1 = highest; empty when withheld or "
                    "when too few countries are ranked)",
                    "integer",
                    "rank",
                    level,
                    code,
                    "rank",
                )
            )
            found.append(
                Variable(
                    variable_name("coverage", code),
                    f"Coverage of the {what}",
                    f"Share of the applicable indicators beneath the {what} score that were observed",
                    "number",
                    "share (0-1)",
                    level,
                    code,
                    "coverage",
                )
            )
    for level, prefix, word in (("category", "cat", "Category"), ("right", "right", "Right")):
        for code in codes[level]:
            title = titles.get(code, "")
            label = _short(f"{word} {code}" + (f": {title}" if title else ""))
            meaning = f"Score of the {word.lower()} {code}" + (f" ({title})" if title else "") + ", from 0 to 100"
            found.append(Variable(variable_name(prefix, code), label, meaning, "number", points, level, code, "score"))
    for gap in gaps:
        first, _, second = gap.partition("-")
        found.append(
            Variable(
                variable_name("gap", gap),
                f"Gap {first} minus {second}",
                f"The {first} score minus the {second} score, in points (empty when either has no score)",
                "number",
                "points",
                "",
                gap,
                "gap",
            )
        )
    names = [v.name for v in found]
    if len(set(names)) != len(names):
        raise ValueError(f"two measures share a wide-table name: {sorted({n for n in names if names.count(n) > 1})}")
    return found


def wide_frame(
    scores: pd.DataFrame,
    gaps: pd.DataFrame,
    countries: pd.DataFrame,
    titles: Mapping[str, str],
) -> tuple[pd.DataFrame, list[Variable]]:
    """The wide table (sorted by country and year) and its variables.

    ``scores`` and ``gaps`` are the edition's published long tables; ``countries`` has code, name and region.
    """
    gap_names = sorted(gaps["gap"].unique()) if len(gaps) else []
    found = variables(scores, titles, gap_names)
    keys = scores[["country", "year"]].drop_duplicates().sort_values(["country", "year"])
    index = pd.MultiIndex.from_frame(keys)
    chosen = scores[scores["level"].isin(WIDE_LEVELS)]
    columns: dict[str, Any] = {}
    by_measure: dict[str, pd.DataFrame] = {}
    for measure in ("score", "rank", "coverage"):
        wanted = [(v.level, v.code) for v in found if v.measure == measure and v.level]
        if not wanted:
            continue
        part = chosen if measure == "score" else chosen[chosen["level"].isin(RANKED_LEVELS)]
        table = part.pivot_table(
            index=["country", "year"], columns="code", values=measure, aggfunc="first", dropna=False
        )
        by_measure[measure] = table.reindex(index)
    for variable in found[len(IDENTIFIERS) :]:
        if variable.measure == "gap":
            continue
        table = by_measure[variable.measure]
        values = table[variable.code] if variable.code in table else pd.Series(np.nan, index=index)
        columns[variable.name] = values.to_numpy()
    if gap_names:
        gap_table = gaps.pivot_table(
            index=["country", "year"], columns="gap", values="value", aggfunc="first", dropna=False
        ).reindex(index)
        for variable in found:
            if variable.measure == "gap":
                columns[variable.name] = gap_table[variable.code].to_numpy()
    named = countries.set_index("code")
    frame = pd.DataFrame(
        {
            "country": keys["country"].to_numpy(),
            "country_name": keys["country"].map(named["name"]).to_numpy(),
            "region": keys["country"].map(named["region"]).to_numpy(),
            "year": keys["year"].astype("int64").to_numpy(),
            **columns,
        }
    )
    for variable in found:
        if variable.kind == "integer" and variable.name != "year":
            frame[variable.name] = pd.array(frame[variable.name], dtype="Int64")
        elif variable.kind == "number":
            frame[variable.name] = frame[variable.name].astype("float64")
    return frame.reset_index(drop=True), found


def wide_schema(found: list[Variable]) -> dict[str, Any]:
    """The wide table's Table Schema (for ``datapackage.json``)."""
    fields = []
    for variable in found:
        field: dict[str, Any] = {
            "name": variable.name,
            "title": variable.label,
            "type": variable.kind,
            "description": variable.meaning,
        }
        constraints: dict[str, Any] = {}
        if variable.name in ("country", "year"):
            constraints["required"] = True
        if variable.measure == "score":
            constraints |= {"minimum": 0, "maximum": 100}
        elif variable.measure == "coverage":
            constraints |= {"minimum": 0, "maximum": 1}
        elif variable.measure == "rank":
            constraints["minimum"] = 1
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["country", "year"],
        "foreignKeys": [{"fields": "country", "reference": {"resource": "countries", "fields": "code"}}],
    }


def write_wide_csv(frame: pd.DataFrame, handle: IO[str]) -> None:
    """The wide table as CSV: numbers as numbers, text neutralised against formulas, missing as empty."""
    out = frame.copy()
    for name in ("country", "country_name", "region"):
        out[name] = out[name].map(lambda value: neutralise(value) if isinstance(value, str) else value)
    write_frame_csv(out, handle)


def read_wide_csv(path: Path | IO[Any], schema: dict[str, Any]) -> pd.DataFrame:
    """The wide table read back with its schema's types (integers ``Int64``, numbers ``float64``, text restored)."""
    text = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    frame = pd.DataFrame(index=text.index)
    for field in schema["fields"]:
        cells = text[field["name"]]
        if field["type"] == "integer":
            frame[field["name"]] = pd.to_numeric(cells).astype("Int64")
        elif field["type"] == "number":
            frame[field["name"]] = pd.to_numeric(cells).astype("float64")
        else:
            frame[field["name"]] = cells.map(lambda value: restore(value) if isinstance(value, str) else value)
    return frame


def write_stata(frame: pd.DataFrame, labels: Mapping[str, str], path: Path, data_label: str) -> None:
    """The wide table as a Stata 14+ ``.dta`` (format 118, Unicode): variable labels (``labels``, by name), the
    region as a labelled number (value labels), integers and numbers as numbers, missing as ``.``."""
    out = frame.copy()
    regions = sorted(r for r in out["region"].dropna().unique())
    out["region"] = pd.Categorical(out["region"], categories=regions)
    for name in out.columns:
        if str(out[name].dtype) == "Int64":
            out[name] = out[name].astype("float64")  # Stata integers have no missing value: . in a double
        elif name != "region" and not pd.api.types.is_numeric_dtype(out[name]):
            out[name] = out[name].fillna("").astype(object)
    out.to_stata(
        path,
        write_index=False,
        version=118,
        data_label=_short(data_label),
        variable_labels={name: _short(label) for name, label in labels.items() if name in out.columns},
    )
