"""Row schemas of the law datasets for the one loader, and what their variables mean.

The derived files (``migrights/data/law/*.csv``) and the importers of the raw files both end in these schemas:
every cell is checked (file, row, column, reason) and the rows are loaded atomically, replacing what the same
dataset held before.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.models import Q

from migrights.importers.globalcit import VariableSpec
from migrights.law.models import Agreement, LawValue
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.lib.yamlfiles import load_yaml
from migrights.reference.loading import (
    CellError,
    Lookups,
    RowErrors,
    RowSchema,
    collect_cells,
    read_bool,
    read_date,
    read_ref,
    read_text,
)

VARIABLES_FILE = EMBEDDED_DATA_DIR / "law" / "variables.yaml"


@cache
def declared() -> dict[str, Any]:
    """The variables file as read (what each dataset variable and code means, and the documents that say so)."""
    return load_yaml(VARIABLES_FILE)


def law_variables() -> dict[str, VariableSpec]:
    """GLOBALCIT variables the observatory loads, with their confirmed codes."""
    return {
        name: VariableSpec(
            name, entry["title"], {str(k): v for k, v in (entry.get("codes") or {}).items()}, bool(entry.get("numeric"))
        )
        for name, entry in declared()["globalcit"]["variables"].items()
    }


def agreement_provisions() -> dict[str, str]:
    """Coded provisions of the agreements dataset: variable → its label (the dataset's codebook)."""
    return dict(declared()["bla"]["provisions"])


def meaning(variable: str, value: str, variables: dict[str, VariableSpec] | None = None) -> str:
    """What a value of a variable means, in words (``variables``: ``law_variables()``, read once for many values)."""
    spec = (variables if variables is not None else law_variables())[variable]
    if spec.numeric:
        return f"{value} years"
    return spec.codes.get(value, "")


def whole_dataset(rows: list[dict[str, Any]]) -> Q:
    """A new file of a law dataset replaces everything the dataset held (it is one table)."""
    return Q()


def _read_year(row: dict[str, str], column: str, required: bool = True) -> int | None:
    value = (row.get(column) or "").strip()
    if not value:
        if required:
            raise CellError(column, "a year is required")
        return None
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise CellError(column, f"{value!r} is not a year")
    return int(value)


def _read_law_value(row: dict[str, str], lookups: Lookups) -> dict[str, Any]:
    variables = law_variables()
    values = collect_cells(
        {
            "country": lambda: read_ref(row, "country", lookups.countries, "country code"),
            "variable": lambda: read_ref(row, "variable", variables, "law variable"),
            "year_from": lambda: _read_year(row, "year_from"),
            "year_to": lambda: _read_year(row, "year_to"),
            "carried_to": lambda: _read_year(row, "carried_to", required=False),
            "value": lambda: read_text(row, "value", 10, required=True),
            "source": lambda: read_ref(row, "source", lookups.sources, "source key"),
        }
    )
    spec: VariableSpec = values["variable"]
    values["variable"] = spec.name
    errors = []
    if spec.numeric and not values["value"].isdigit():
        errors.append(CellError("value", f"{values['value']!r} is not a number of years"))
    elif not spec.numeric and values["value"] not in spec.codes:
        confirmed = ", ".join(spec.codes)
        errors.append(CellError("value", f"{values['value']!r} has no confirmed meaning for {spec.name} ({confirmed})"))
    if values["year_to"] < values["year_from"]:
        errors.append(CellError("year_to", "ends before it starts"))
    if values["carried_to"] is not None and values["carried_to"] <= values["year_to"]:
        errors.append(CellError("carried_to", "a carried-forward year comes after the observed years"))
    if errors:
        raise RowErrors(errors)
    return values


LAW_VALUES = RowSchema(
    kind="law-values",
    model=LawValue,
    columns=("country", "variable", "year_from", "year_to", "carried_to", "value", "source"),
    required=("country", "variable", "year_from", "year_to", "value", "source"),
    read=_read_law_value,
    key=lambda v: (v["country"].code, v["variable"], v["year_from"]),
    label=lambda v: v["variable"],
)


def _read_agreement(row: dict[str, str], lookups: Lookups) -> dict[str, Any]:
    values = collect_cells(
        {
            "key": lambda: read_text(row, "key", 40, required=True),
            "party_a": lambda: read_ref(row, "party_a", lookups.countries, "country code"),
            "party_b": lambda: read_ref(row, "party_b", lookups.countries, "country code"),
            "name_a": lambda: read_text(row, "name_a", 120, required=True),
            "name_b": lambda: read_text(row, "name_b", 120, required=True),
            "signed": lambda: read_date(row, "signed", required=False),
            "ratified": lambda: read_date(row, "ratified", required=False),
            "listed_in": lambda: read_text(row, "listed_in", 40),
            "title": lambda: read_text(row, "title", 2000),
            "coded": lambda: read_bool(row, "coded"),
            "provisions": lambda: read_text(row, "provisions", 2000),
            "note": lambda: read_text(row, "note", 2000),
            "source": lambda: read_ref(row, "source", lookups.sources, "source key"),
        }
    )
    known = agreement_provisions()
    listed = [p for p in values["provisions"].split(";") if p]
    errors = [CellError("provisions", f"unknown provision {p!r}") for p in listed if p not in known]
    if listed and not values["coded"]:
        errors.append(CellError("provisions", "only an agreement whose text was coded has provisions"))
    if values["party_a"] == values["party_b"]:
        errors.append(CellError("party_b", "an agreement needs two different parties"))
    if errors:
        raise RowErrors(errors)
    return values


AGREEMENTS = RowSchema(
    kind="agreements",
    model=Agreement,
    columns=(
        "key",
        "party_a",
        "party_b",
        "name_a",
        "name_b",
        "signed",
        "ratified",
        "listed_in",
        "title",
        "coded",
        "provisions",
        "note",
        "source",
    ),
    required=("key", "party_a", "party_b", "name_a", "name_b", "source"),
    read=_read_agreement,
    key=lambda v: (v["key"],),
    label=lambda v: "agreements",
)
