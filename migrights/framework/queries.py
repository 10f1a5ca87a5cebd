"""Framework data for pages and the API, and the inputs of the derived commitment indicators."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from django.conf import settings
from django.db.models import Q, Value

from migrights.framework.commitments import (
    MEMBERSHIP_UNKNOWN,
    Act,
    CommitmentData,
    Coverage,
    Span,
    country_years,
    derive_commitments,
)
from migrights.framework.lawrules import LawCell, LawData, derive_law, law_variables_of
from migrights.framework.models import Framework
from migrights.governance.models import Membership
from migrights.law.loading import declared, law_variables
from migrights.law.models import LawValue
from migrights.lib import generations
from migrights.lib.memo import Latest
from migrights.reference.models import Country, Instrument, OrganisationMembership, TreatyAction


def latest_framework(code: str = "MRF") -> Framework | None:
    """The version the observatory publishes: ``settings.FRAMEWORK_VERSION`` when it is loaded (MRF 1.0 until the
    coordinators move on; a newer version is computed on demand), else the newest loaded version (versions
    compare as numbers: 1.10 after 1.9)."""
    versions = list(Framework.objects.filter(code=code))
    for framework in versions:
        if framework.version == settings.FRAMEWORK_VERSION:
            return framework
    return max(versions, key=lambda f: tuple(int(x) for x in f.version.split(".")), default=None)


def framework_versions(code: str = "MRF") -> list[Framework]:
    """Every loaded version of the framework, oldest first (versions compare as numbers: 1.10 after 1.9)."""
    return sorted(Framework.objects.filter(code=code), key=lambda f: tuple(int(x) for x in f.version.split(".")))


def framework_version(version: str, code: str = "MRF") -> Framework | None:
    """The loaded version ``version`` of the framework (``1.1``), else None."""
    return Framework.objects.filter(code=code, version=version).first()


def unknown_version_message(version: str, code: str = "MRF") -> str:
    loaded = ", ".join(f.version for f in framework_versions(code)) or "none"
    return f"{code} {version} is not loaded (loaded: {loaded})"


def version_changes(framework: Framework) -> list[dict[str, Any]]:
    """How a version's indicators relate to its predecessor's, where they do not keep code and question (``same``):
    each changed or new indicator with its relation (reworded, split, merged, new) and the codes it comes from, and
    each indicator derived from a law dataset with its dataset and variable."""
    rows = []
    for indicator in framework.definition().indicators:
        if indicator.relation == "same" and not indicator.law_derived:
            continue
        rows.append({"code": indicator.code, "relation": indicator.relation, "from": list(indicator.predecessors)})
        rows[-1] |= law_origin(indicator) or {"dataset": None, "variable": None, "variable_title": None, "source": None}
    return rows


def law_origin(indicator: Any) -> dict[str, Any] | None:
    """Where a law-derived indicator's values come from: the dataset, its variable (with the title the dataset's
    documentation gives it) and the observatory's source record; None for any other indicator."""
    if not indicator.law_derived:
        return None
    rule = indicator.derived
    spec = law_variables().get(rule["variable"])
    return {
        "dataset": rule["dataset"],
        "variable": rule["variable"],
        "variable_title": spec.title if spec else None,
        "source": (declared().get(rule["dataset"]) or {}).get("source"),
    }


def covered_countries() -> dict[str, int | None]:
    """States (with their last year for former states) whose commitments form the series."""
    rows = Country.objects.filter(kind__in=[Country.Kind.STATE, Country.Kind.PREDECESSOR]).values_list(
        "code", "existed_until"
    )
    return dict(rows)


def commitment_data(countries: list[str] | None = None, today: dt.date | None = None) -> CommitmentData:
    """Load acts and memberships once; a country's series starts at its first sign of statehood."""
    covered = covered_countries()
    wanted = set(countries) if countries is not None else set(covered)
    acts: dict[tuple[str, str], list[Act]] = defaultdict(list)
    first_year: dict[str, int] = {}
    for row in TreatyAction.objects.filter(country__code__in=wanted).values_list(
        "country__code", "instrument__code", "action", "date", "effective", "reservation", "declaration", "articles"
    ):
        country, instrument, action, date, effective, reservation, declaration, articles = row
        acts[(country, instrument)].append(
            Act(action, date, effective, reservation, declaration, tuple(a for a in articles.split(";") if a))
        )
        first_year[country] = min(first_year.get(country, 9999), date.first.year)
    members = list(
        Membership.objects.filter(country__code__in=wanted, role=Membership.Role.MEMBER).select_related(
            "body", "country"
        )
    )
    for m in members:
        if m.start is not None:
            first_year[m.country.code] = min(first_year.get(m.country.code, 9999), m.start.first.year)
    for code, admitted in Country.objects.filter(code__in=wanted).values_list("code", "un_member_since"):
        if admitted:
            first_year[code] = min(first_year.get(code, 9999), admitted)
    memberships: dict[str, list[Span]] = defaultdict(list)
    for m in members:
        # an unknown start counts from the body's start, never before the country existed
        body_start = m.body.initiated or m.body.formalised
        if m.start is not None:
            start = m.start.first
        elif body_start is not None:
            start = max(body_start.first, dt.date(first_year.get(m.country.code, 1990), 1, 1))
        else:
            continue
        memberships[m.country.code].append(Span(m.body.slug, m.body.kind, start, m.end.first if m.end else None))
    firsts = {c: first_year.get(c, 1990) for c in wanted}
    coverage, eligibility = instrument_coverage(wanted)
    return CommitmentData(
        acts, memberships, country_years(firsts, {c: covered.get(c) for c in wanted}, today), coverage, eligibility
    )


def instrument_coverage(countries: set[str] | None = None) -> tuple[dict[str, Coverage], dict[str, list[Span]]]:
    """Each ratifiable instrument's completeness and eligibility, and the spans of the organisations
    (and governance bodies) its ``open_to`` names, per country (a blank start: since before the series)."""
    coverage = {
        code: Coverage(as_of, open_to or None, frozenset(c for c in closed.split(";") if c))
        for code, as_of, open_to, closed in Instrument.objects.filter(ratifiable=True).values_list(
            "code", "complete_as_of", "open_to", "closed_to"
        )
    }
    groups = {c.open_to for c in coverage.values() if c.open_to}
    spans: dict[str, list[Span]] = defaultdict(list)
    members = OrganisationMembership.objects.filter(organisation__in=groups).values_list(
        "organisation", "country__code", "start", "end", "known"
    )
    bodies = Membership.objects.filter(
        body__slug__in=groups, role__in=[Membership.Role.MEMBER, Membership.Role.ASSOCIATE]
    ).values_list("body__slug", "country__code", "start", "end", Value(True))
    for group, country, start, end, known in [*members, *bodies]:
        if countries is not None and country not in countries:
            continue
        kind = "eligibility" if known else MEMBERSHIP_UNKNOWN
        spans[country].append(Span(group, kind, start.first if start else dt.date.min, end.first if end else None))
    return coverage, dict(spans)


# Per process, rebuilt when their inputs change; requests running side by side share one build and never see one
# half made (``lib.memo``). Every state's commitment inputs (treaty actions, memberships, coverage): the treaty
# counts, the instrument pages and the derived commitments read them. Every state's derived commitments: an
# edition's computation and each of its download files read the same table (half a second of CPU; about 11 MB).
_COMMITMENT_DATA: Latest[CommitmentData] = Latest()
_ALL_COMMITMENTS: Latest[pd.DataFrame] = Latest()


def commitment_data_key() -> tuple[Any, ...]:
    """Changes whenever the treaty actions, countries, memberships (their scopes' generations) or the day do (the
    running year counts up to today)."""
    return (generations.key("reference", "governance"), dt.date.today())


def commitment_data_cached(key: tuple[Any, ...] | None = None) -> CommitmentData:
    """``commitment_data()`` for every state, loaded once per process and per state of its inputs (shared: callers
    must not change it)."""
    return _COMMITMENT_DATA.get(commitment_data_key() if key is None else key, lambda: commitment_data())


def commitment_answers(framework: Framework, countries: list[str] | None = None) -> pd.DataFrame:
    """The derived commitment values of ``framework`` for every covered country and year (a copy: callers may
    change it)."""
    definition = framework.definition()
    if countries is not None:
        return derive_commitments(definition.indicators, commitment_data(countries), countries)
    # the treaty actions, countries, instruments, memberships and the framework as they are now; the running year
    # counts up to today
    state = (framework.pk, framework.checksum, generations.key("reference", "governance", "framework"), dt.date.today())
    frame = _ALL_COMMITMENTS.get(
        state, lambda: derive_commitments(definition.indicators, commitment_data_cached(), None)
    )
    return frame.copy()


def law_data(wanted: dict[str, set[str]], countries: Iterable[str] | None = None) -> LawData:
    """The law values the rules read, per (country, variable) and dataset year (runs expanded, carried years marked)."""
    cells: dict[tuple[str, str], dict[int, LawCell]] = defaultdict(dict)
    query = Q()
    for dataset, variables in wanted.items():
        query |= Q(dataset=dataset, variable__in=sorted(variables))
    if not query:
        return cells
    rows = LawValue.objects.filter(query)
    if countries is not None:
        rows = rows.filter(country__code__in=list(countries))
    for country, variable, first, last, carried_to, code, source in rows.values_list(
        "country__code", "variable", "year_from", "year_to", "carried_to", "value", "source__key"
    ):
        years = cells[(country, variable)]
        for year in range(first, last + 1):
            years[year] = LawCell(code, False, source)
        for year in range(last + 1, (carried_to or last) + 1):
            years[year] = LawCell(code, True, source)
    return cells


def law_answers(framework: Framework, years: Mapping[str, Iterable[int]]) -> pd.DataFrame:
    """The protection values of ``framework`` derived from law datasets for the given country-years, with the
    cell each rests on (empty for a framework without ``law`` rules, such as MRF 1.0)."""
    indicators = framework.definition().indicators
    wanted = law_variables_of(indicators)
    return derive_law(indicators, law_data(wanted, years) if wanted else {}, years)


def commitment_records(
    framework: Framework, countries: list[str] | None = None, year: int | None = None, indicator: str | None = None
) -> list[dict[str, Any]]:
    """Derived commitment values as the API and the export give them (value None when not applicable or unknown)."""
    frame = commitment_answers(framework, countries)
    if year is not None:
        frame = frame[frame.year == year]
    if indicator:
        frame = frame[frame.indicator == indicator]
    return [
        {
            "country": r.country,
            "year": int(r.year),
            "indicator": r.indicator,
            "value": None if r.not_applicable or r.value != r.value else float(r.value),
            "not_applicable": bool(r.not_applicable),
            "unknown": bool(not r.not_applicable and r.value != r.value),
        }
        for r in frame.itertuples()
    ]


def indicator_dict(indicator: Any) -> dict[str, Any]:
    """An indicator of a framework definition as the API and the twins give it."""
    return {
        "code": indicator.code,
        "category": indicator.category,
        "right": indicator.right,
        "wording": indicator.wording,
        "guidance": indicator.guidance,
        "dimension": indicator.dimension,
        "type": indicator.type,
        "groups": list(indicator.groups),
        "scale": {
            "kind": indicator.scale.kind,
            "levels": [
                {"value": lv.value, "label": lv.label, "meaning": lv.meaning or None} for lv in indicator.scale.levels
            ],
            "unit": indicator.scale.unit or None,
            "min": indicator.scale.min,
            "max": indicator.scale.max,
        },
        "direction": indicator.direction,
        "weight": indicator.weight,
        "provisions": list(indicator.provisions),
        "evidence_required": indicator.evidence_required,
        "evidence_kinds": list(indicator.evidence_kinds),
        "derived": indicator.derived,
        "maps_from": {"relation": indicator.relation, "codes": list(indicator.predecessors)},
    }


def framework_dict(framework: Framework, full: bool = False) -> dict[str, Any]:
    definition = framework.definition()
    record: dict[str, Any] = {
        "code": framework.code,
        "version": framework.version,
        "title": framework.title,
        "published": framework.published,
        "predecessor": framework.predecessor.version if framework.predecessor else None,
        "licence": framework.licence or None,
        "checksum": framework.checksum,
        "counts": definition.counts(),
    }
    if full:
        record["description"] = framework.description or None
        record["dropped"] = list(definition.dropped)
        record["categories"] = [
            {
                "code": c.code,
                "title": c.title,
                "description": c.description or None,
                "rights": [
                    {
                        "code": r.code,
                        "title": r.title,
                        "description": r.description or None,
                        "provisions": list(r.provisions),
                        "indicators": [indicator_dict(i) for i in r.indicators],
                    }
                    for r in c.rights
                ],
            }
            for c in definition.categories
        ]
    return record
