"""Scores and the methodology as the API and pages give them."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from migrights.scores.models import Edition

NUMERIC = ("score", "coverage", "rank", "change_year", "change_release", "score_low", "score_median", "score_high")


def edition_dict(edition: Edition) -> dict[str, Any]:
    return {
        "edition": edition.label,
        "release": edition.release.version if edition.release else None,
        "framework": str(edition.framework),
        "computed": edition.created.isoformat(timespec="seconds"),
        "spec_hash": edition.spec_hash,
        "inputs_hash": edition.inputs_hash,
        "seed": edition.manifest.get("seed"),
        "draws": edition.manifest.get("draws"),
    }


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def score_records(
    edition: Edition,
    country: str | None = None,
    year: int | None = None,
    level: str | tuple[str, ...] | None = None,
    code: str | None = None,
) -> list[dict[str, Any]]:
    table = edition.country_table(country.upper()) if country else edition.table()
    mask = pd.Series(True, index=table.index)
    if year is not None:
        mask &= table["year"] == year
    if level:
        mask &= table["level"].isin([level] if isinstance(level, str) else level)
    if code:
        mask &= table["code"] == code
    rows = table[mask]
    return [{k: _clean(v) for k, v in row.items()} for row in rows.to_dict(orient="records")]


def country_scores(country: Any, on: Any) -> dict[str, Any] | None:
    """The country page's index section: scores by dimension over the years, categories in the latest year."""
    from migrights.scores.editions import current_edition

    edition = current_edition()
    if edition is None:
        return None
    records = score_records(edition, country.code, level=("overall", "dimension", "category"))
    if not records:
        return None
    scored = [r for r in records if r["score"] is not None]
    latest = max((r["year"] for r in scored), default=None)
    series: dict[int, dict[str, Any]] = {}
    for r in records:
        if r["level"] in ("dimension", "overall"):
            series.setdefault(r["year"], {"year": r["year"]})[r["code"]] = r["score"]
    return {
        **edition_dict(edition),
        "latest_year": latest,
        "latest": [r for r in records if r["year"] == latest and r["level"] in ("overall", "dimension", "category")],
        "series": [series[y] for y in sorted(series, reverse=True)],
    }
