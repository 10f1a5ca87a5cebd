"""What the public sees of assessments: released values only, never drafts.

Every public output (pages, twins, API, exports) reads assessment data through this module, which
reads ``ReleasedValue`` rows only: a value reaches the public when, and as, a release froze it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from migrights.assessments import workflow
from migrights.assessments.models import Release, ReleasedValue
from migrights.lib import generations
from migrights.lib.labels import translated
from migrights.lib.memo import Latest
from migrights.reference.models import Country

_LATEST: Latest[Release | None] = Latest()


def latest_release() -> Release | None:
    """The newest release (``workflow.latest_release``) as public pages read it: looked up once per state of the
    assessments (``lib.generations``; a release is only ever added there), since a country page asks three times.
    Shared between requests: read it, never change it."""
    return _LATEST.get(generations.key("assessments"), workflow.latest_release)


def release_dict(release: Release, full: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "version": release.version,
        "date": release.created.date().isoformat(),
        "previous": release.previous.version if release.previous else None,
        "notes": release.notes or None,
        "counts": release.changelog.get("counts", {}),
        "country_years": release.changelog.get("country_years", []),
    }
    if full:
        record["changes"] = {k: release.changelog.get(k, []) for k in ("added", "changed", "removed")}
    return record


def find_release(version: str | None) -> Release | None:
    """The named release, or the latest when no version is given (None when none exists)."""
    if version:
        return Release.objects.filter(version=version).first()
    return latest_release()


def released_values(release: Release, country: str | None = None, year: int | None = None) -> QuerySet[ReleasedValue]:
    values = release.values.select_related("country", "framework")
    if country:
        values = values.filter(country__code=country.upper())
    if year:
        values = values.filter(year=year)
    return values


def released_value_dict(value: ReleasedValue, release: Release) -> dict[str, Any]:
    definition = value.framework.definition()
    indicator = definition.by_code.get(value.indicator)
    return {
        "country": value.country.code,
        "year": value.year,
        "framework": f"{value.framework.code} {value.framework.version}",
        "indicator": value.indicator,
        "category": indicator.category if indicator else None,
        "right": indicator.right if indicator else None,
        "dimension": indicator.dimension if indicator else None,
        "wording": translated(indicator.wording, indicator.translations, "wording") if indicator else None,
        "status": value.status,
        "value": value.value,
        "value_label": _label(indicator, value),
        "coders": value.coders,
        "adjudicated": value.adjudicated,
        "evidence": value.evidence,
        "release": release.version,
    }


def _label(indicator: Any, value: ReleasedValue) -> str:
    if value.status == "not-applicable":
        return "not applicable"
    if value.status == "unknown" or indicator is None:
        return "unknown" if value.status == "unknown" else ""
    level = indicator.scale.level_of(value.value)
    return translated(level.label, level.translations, "label") if level else indicator.scale.label_of(value.value)


def country_released(country: Country, on: dt.date) -> dict[str, Any] | None:
    """The country page's assessed rights: the latest release's values for the country, in the years up to
    ``on``'s."""
    release = latest_release()
    if release is None:
        return None
    found = released_values(release, country.code).filter(year__lte=on.year)
    values = [released_value_dict(v, release) for v in found]
    if not values:
        return None
    return {"release": release.version, "date": release.created.date().isoformat(), "values": values}


ANSWER_COLUMNS = (
    "release",
    "country",
    "year",
    "framework",
    "indicator",
    "category",
    "right",
    "dimension",
    "status",
    "value",
    "value_label",
    "coders",
    "adjudicated",
    "evidence",
)


def released_records(release: Release, country: str | None = None) -> list[dict[str, Any]]:
    """Flat rows for exports: evidence as one text cell (citations, URLs, excerpts separated by `; `)."""
    records = []
    for value in released_values(release, country):
        record = released_value_dict(value, release)
        record["evidence"] = "; ".join(
            e.get("citation") or e.get("url") or e.get("excerpt") or e.get("document_name") or ""
            for e in record["evidence"]
        )
        records.append({k: record[k] for k in ANSWER_COLUMNS})
    return records
