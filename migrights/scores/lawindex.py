"""For one country-year, each protection indicator a framework derives from a law dataset (MRF 1.1): the dataset's
value and the expert's released answer side by side, each with its source, and which of them the index uses.

An expert's released value or "not applicable" takes precedence (``editions.with_precedence``); a carried-forward
year of the dataset is shown, marked, and not used. Constant queries per page: the frameworks, the law values of
the country and year, the latest release, its values for these indicators.
"""

from __future__ import annotations

import math
from typing import Any

from migrights.assessments.models import ReleasedValue
from migrights.assessments.public import latest_release
from migrights.framework.definition import FrameworkDefinition
from migrights.framework.lawrules import YEAR_OFFSET
from migrights.framework.models import Framework
from migrights.framework.queries import framework_versions, law_answers
from migrights.lib import generations
from migrights.lib.labels import translated
from migrights.lib.memo import Latest
from migrights.reference.models import Country

USED_EXPERT, USED_DATASET, USED_NONE = "expert", "dataset", "none"


def law_framework(code: str = "MRF") -> Framework | None:
    """The newest loaded version of the framework that derives indicators from law datasets (MRF 1.1), if any."""
    versions = framework_versions(code)
    return next((f for f in reversed(versions) if any(i.law_derived for i in f.definition().indicators)), None)


def _expert_values(definition: FrameworkDefinition, framework: Framework, country: str, year: int) -> dict[str, Any]:
    """The latest release's answers for the derived indicators: the framework's own, else its predecessor's under the
    same question (``maps_from`` same or reworded)."""
    release = latest_release()
    if release is None:
        return {}
    codes = {i.code: i for i in definition.indicators if i.law_derived}
    names = {(framework.pk, code): code for code in codes}
    if framework.predecessor_id is not None:
        for code, indicator in codes.items():
            if indicator.relation in ("same", "reworded"):
                names.update({(framework.predecessor_id, old): code for old in indicator.predecessors})
    rows = ReleasedValue.objects.filter(
        release=release,
        country__code=country,
        year=year,
        indicator__in=sorted({old for _, old in names}),
        framework_id__in={pk for pk, _ in names},
    ).values_list("framework_id", "indicator", "status", "value")
    found: dict[str, Any] = {}
    for framework_id, indicator, status, value in sorted(rows, key=lambda r: r[0] != framework.pk):
        code = names.get((framework_id, indicator))
        if code is not None and code not in found:  # the framework's own answer first
            found[code] = {"release": release.version, "status": status, "value": value}
    return found


_LAW_ANSWERS: Latest[tuple[Framework | None, dict[str, dict[str, Any]]]] = Latest()


def _law_answers(year: int) -> tuple[Framework | None, dict[str, dict[str, Any]]]:
    """The framework that derives indicators from law datasets (``law_framework``) and every country's values it
    derives for ``year`` (``law_answers``' rows by country and indicator), once per state of the frameworks, the law
    data and the countries and per year (some 750 rows, shared between requests: read them, never change them)."""

    def build() -> tuple[Framework | None, dict[str, dict[str, Any]]]:
        framework = law_framework()
        if framework is None:
            return None, {}
        codes = Country.objects.order_by("code").values_list("code", flat=True)
        by_country: dict[str, dict[str, Any]] = {}
        for row in law_answers(framework, {code: [year] for code in codes}).itertuples():
            by_country.setdefault(row.country, {})[row.indicator] = row
        return framework, by_country

    return _LAW_ANSWERS.get((generations.key("framework", "law", "reference"), year), build)


def law_indicators(country: str, law_year: int) -> dict[str, Any] | None:
    """The derived indicators of the framework year whose law the dataset's 1 January ``law_year`` gives (the year
    before), for ``country``; None when no loaded framework derives from law datasets."""
    year = law_year - YEAR_OFFSET
    framework, answers = _law_answers(year)
    if framework is None:
        return None
    definition = framework.definition()
    derived = answers.get(country, {})
    experts = _expert_values(definition, framework, country, year)
    rows = []
    for indicator in definition.indicators:
        if not indicator.law_derived:
            continue
        law = derived.get(indicator.code)
        expert = experts.get(indicator.code)
        expert_counts = expert is not None and (expert["status"] == "not-applicable" or expert["value"] is not None)
        law_counts = law is not None and not math.isnan(law.value)
        rows.append(
            {
                "indicator": indicator.code,
                "wording": translated(indicator.wording, indicator.translations, "wording"),
                "dataset_value": None if law is None else law.law_value,
                "dataset_label": None if law is None else indicator.scale.label_of(law.law_value),
                "variable": law.variable if law is not None else indicator.derived["variable"],  # type: ignore[index]
                "code": None if law is None else law.code,
                "dataset_year": None if law is None else int(law.dataset_year),
                "carried_forward": bool(law is not None and law.carried_forward),
                "source": None if law is None else law.source,
                "expert_status": None if expert is None else expert["status"],
                "expert_value": None if expert is None else expert["value"],
                "expert_label": None
                if expert is None or expert["value"] is None
                else indicator.scale.label_of(expert["value"]),
                "release": None if expert is None else expert["release"],
                "used": USED_EXPERT if expert_counts else USED_DATASET if law_counts else USED_NONE,
            }
        )
    return {"framework": str(framework), "year": year, "rows": rows}
