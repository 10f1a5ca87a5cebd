"""The package's rows, read from the database through the same functions as the API and the exports.

A package belongs to an *edition of the data*: a published release (its released answers and the scores
computed on them), or the commitments edition (derived treaty commitments only, before or beside releases).
Drafts never appear: answers come from ``assessments.public``, which reads released values only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import reduce
from typing import Any

import pandas as pd
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from migrights.assessments.models import Release, ReleasedValue
from migrights.assessments.public import find_release, released_records
from migrights.corridors.queries import coverage_download_frame, download_frame
from migrights.framework.models import Framework
from migrights.framework.queries import (
    commitment_answers,
    commitment_records,
    framework_version,
    indicator_dict,
    latest_framework,
    unknown_version_message,
)
from migrights.governance.models import GovernanceBody, Membership, Milestone
from migrights.governance.queries import body_dict, membership_dict
from migrights.law import queries as law_queries
from migrights.law.models import Agreement, LawValue
from migrights.lib import generations
from migrights.lib.tables import plain_records
from migrights.lib.version import code_digest
from migrights.opendata.package import BY_NAME, PackageInfo
from migrights.opendata.wide import Variable, wide_frame
from migrights.reference.exports import treaty_action_dicts
from migrights.reference.models import Country, Instrument, Provision, Source, TreatyAction, Vote
from migrights.reference.queries import country_dict, instrument_dict, source_dict
from migrights.scores.editions import COMMITMENTS_LABEL, compute_edition, current_edition, editions_of
from migrights.scores.models import Edition
from migrights.scores.queries import edition_dict, score_records

LATEST = "latest"
LAW_DESCRIPTION = (
    "Citizenship law (GLOBALCIT), bilateral labour agreements (Chilton and Woda) and the obligation-law gaps "
    "between them and the treaties come from published datasets, each under its own licence and citation (given "
    "with their tables)."
)


class UnknownEdition(LookupError):
    """No release (or edition) of that name."""


@dataclass(frozen=True)
class DataEdition:
    """What one package holds: a release's data, or the commitments edition."""

    label: str  # the release version, or "commitments"
    release: Release | None
    scores: Edition | None  # the index edition computed on it (None only before any scores exist)

    @property
    def framework(self) -> Framework | None:
        return self.scores.framework if self.scores is not None else latest_framework()

    @property
    def cache_key(self) -> str:
        """A folder name: a release never changes; the commitments edition changes with its inputs."""
        if self.release is not None:
            return self.release.version
        if self.scores is None:
            return COMMITMENTS_LABEL
        basis = f"{self.scores.inputs_hash}|{self.scores.spec_hash}|{self.scores.created.isoformat()}"
        return f"{COMMITMENTS_LABEL}-{hashlib.sha256(basis.encode()).hexdigest()[:16]}"


def resolve(version: str | None = None) -> DataEdition:
    """``None`` or ``latest``: the newest release, else the commitments edition; ``commitments``; a release.

    Raises UnknownEdition for a release that does not exist.
    """
    if version == COMMITMENTS_LABEL:
        return DataEdition(COMMITMENTS_LABEL, None, current_edition_without_release())
    release = find_release(None if version in (None, LATEST) else version)
    if release is None:
        if version not in (None, LATEST):
            raise UnknownEdition(f"no release {version}")
        return DataEdition(COMMITMENTS_LABEL, None, current_edition_without_release())
    scores = current_edition(release.version)
    if scores is None and latest_framework() is not None:
        # a release's edition is computed when it is published; compute it here if that step was missed
        scores = compute_edition(release)
    return DataEdition(release.version, release, scores)


def current_edition_without_release() -> Edition | None:
    """The published framework's commitments edition (never one computed on another MRF version beside it)."""
    return editions_of().filter(release=None).first()


def published_editions() -> list[DataEdition]:
    """Every release, newest first, then the commitments edition: what /data/ offers."""
    from migrights.assessments.workflow import _version_key

    releases = sorted(Release.objects.all(), key=lambda r: _version_key(r.version), reverse=True)
    return [resolve(r.version) for r in releases] + [resolve(COMMITMENTS_LABEL)]


# --- the tables -----------------------------------------------------------------------------


def country_rows() -> list[dict[str, Any]]:
    return [country_dict(c) for c in Country.objects.order_by("code")]


def instrument_rows() -> list[dict[str, Any]]:
    return [instrument_dict(i) for i in Instrument.objects.select_related("parent").order_by("code")]


def treaty_action_rows(country: str | None = None, instrument: str | None = None) -> list[dict[str, Any]]:
    """Every act, as ``export treaty-actions`` orders them, with the API's fields (and the source's key)."""
    return treaty_action_dicts(instrument=instrument, country=country)


def body_rows() -> list[dict[str, Any]]:
    return [body_dict(b, full=True) for b in GovernanceBody.objects.order_by("slug")]


def membership_rows(country: str | None = None, body: str | None = None) -> list[dict[str, Any]]:
    memberships = Membership.objects.select_related("body", "country", "source").order_by(
        "body__slug", "role", "country__code", "organisation", "start"
    )
    if country:
        memberships = memberships.filter(country__code=country.upper())
    if body:
        memberships = memberships.filter(body__slug=body.lower())
    return [membership_dict(m, with_body=True) for m in memberships]


def indicator_row(framework: Framework, indicator: Any) -> dict[str, Any]:
    """An indicator as the API gives it, flattened to one row."""
    record = indicator_dict(indicator)
    scale = record.pop("scale")
    maps_from = record.pop("maps_from")
    return {
        **record,
        "framework": f"{framework.code} {framework.version}",
        "scale": scale["kind"],
        "levels": [f"{level['value']:g}={level['label']}" for level in scale["levels"]],
        "unit": scale["unit"],
        "min": scale["min"],
        "max": scale["max"],
        "provisions": [" ".join(filter(None, (p["instrument"], p.get("article")))) for p in record["provisions"]],
        "derived": record["derived"] is not None,
        "maps_from": maps_from["relation"],
        "predecessors": maps_from["codes"],
    }


def indicator_rows(edition: DataEdition) -> list[dict[str, Any]]:
    """The edition's framework, and any other framework a released answer of the edition uses."""
    frameworks: list[Framework] = [edition.framework] if edition.framework is not None else []
    if edition.release is not None:
        used = ReleasedValue.objects.filter(release=edition.release).values_list("framework", flat=True).distinct()
        frameworks += [f for f in Framework.objects.filter(pk__in=used) if f not in frameworks]
    return [indicator_row(f, i) for f in frameworks for i in f.definition().indicators]


def answer_rows(edition: DataEdition, country: str | None = None) -> list[dict[str, Any]]:
    return released_records(edition.release, country) if edition.release is not None else []


def commitment_rows(
    edition: DataEdition, country: str | None = None, year: int | None = None, indicator: str | None = None
) -> list[dict[str, Any]]:
    framework = edition.framework
    if framework is None:
        return []
    return commitment_records(framework, [country.upper()] if country else None, year, indicator)


def score_rows(
    edition: DataEdition, country: str | None = None, year: int | None = None, level: str | None = None
) -> list[dict[str, Any]]:
    return score_records(edition.scores, country, year, level) if edition.scores is not None else []


def framework_score_rows(
    version: str, release: str | None, country: str | None = None, year: int | None = None, level: str | None = None
) -> list[dict[str, Any]]:
    """The scores of the edition computed on another loaded MRF version (``1.1``) than the published one: of the
    release named (``commitments``: none), else of the latest release that has one, else its commitments edition.

    Raises UnknownEdition for a version not loaded, or one no edition was computed on."""
    if framework_version(version) is None:
        raise UnknownEdition(unknown_version_message(version))
    if release == COMMITMENTS_LABEL:
        scores = editions_of(version).filter(release=None).first()
    else:
        scores = current_edition(None if release in (None, LATEST) else release, framework_version=version)
    if scores is None:
        raise UnknownEdition(
            f"no scores of MRF {version} have been computed (`migrights compute --framework-version {version}`)"
        )
    return score_records(scores, country, year, level)


def gap_rows(edition: DataEdition) -> list[dict[str, Any]]:
    return edition.scores.table("gaps").to_dict(orient="records") if edition.scores is not None else []


def law_value_rows() -> list[dict[str, Any]]:
    """Citizenship-law values, one row per run of years (the API's ``/law`` without a year)."""
    return law_queries.law_records()


def agreement_rows() -> list[dict[str, Any]]:
    # the agreement's own columns and the parties' codes and source's key ``agreement_record`` reads: not every
    # column of two countries and a source per agreement
    own = [f.name for f in Agreement._meta.concrete_fields]
    agreements = law_queries.agreements().only(*own, "party_a__code", "party_b__code", "source__key")
    return [law_queries.agreement_record(a) for a in agreements]


def law_gap_rows() -> list[dict[str, Any]]:
    """Every obligation-law comparison for every country and year the law data covers (all states, unknown too)."""
    return law_queries.gap_records()


# the facts that cite a source: treaty actions, memberships, milestones, votes, countries, instruments, provisions,
# governance bodies (through their sources), law values and agreements
CITING = (
    TreatyAction,
    Membership,
    Milestone,
    Vote,
    Country,
    Instrument,
    Provision,
    GovernanceBody.sources.through,
    LawValue,
    Agreement,
)


def _facts_citing() -> Any:
    """How many facts cite the source, as one expression of the source query (a counting subquery per model)."""
    counts = [
        Coalesce(
            Subquery(
                model.objects.filter(source=OuterRef("pk"))
                .order_by()
                .values("source")
                .annotate(n=Count("*"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )
        for model in CITING
    ]
    return reduce(operator.add, counts)


def source_rows() -> list[dict[str, Any]]:
    """Every source with its citation, dates, licence, kept file's checksum and how many facts cite it."""
    return [
        {
            **source_dict(s),
            "citation": s.citation or None,
            "url": s.url or None,
            "published": s.published.iso() if s.published else None,
            "licence": s.licence or None,
            "checksum": s.checksum or None,
            "facts": s.facts,
        }
        for s in Source.objects.annotate(facts=_facts_citing()).order_by("key")
    ]


TABLE_ROWS: dict[str, Callable[[DataEdition], list[dict[str, Any]]]] = {
    "countries": lambda edition: country_rows(),
    "instruments": lambda edition: instrument_rows(),
    "treaty_actions": lambda edition: treaty_action_rows(),
    "governance_bodies": lambda edition: body_rows(),
    "memberships": lambda edition: membership_rows(),
    "indicators": indicator_rows,
    "answers": answer_rows,
    "commitments": commitment_rows,
    "scores": score_rows,
    "gaps": gap_rows,
    "law_values": lambda edition: law_value_rows(),
    "agreements": lambda edition: agreement_rows(),
    "law_gaps": lambda edition: law_gap_rows(),
    "corridors": lambda edition: plain_records(download_frame()),
    "corridor_coverage": lambda edition: plain_records(coverage_download_frame()),
    "sources": lambda edition: source_rows(),
}
assert set(TABLE_ROWS) == set(BY_NAME), "every table of the package has its rows"


def table_rows(name: str, edition: DataEdition) -> list[dict[str, Any]]:
    return TABLE_ROWS[name](edition)


# --- the long tables as DataFrames, for the package (hundreds of thousands of rows: no dictionary per row) ------


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=list(BY_NAME[name].columns))


def commitment_frame(edition: DataEdition) -> pd.DataFrame:
    """The commitments table as ``commitment_rows`` gives it (value empty when not applicable or unknown)."""
    framework = edition.framework
    if framework is None:
        return _empty("commitments")
    frame = commitment_answers(framework)
    not_applicable = frame["not_applicable"].astype(bool)
    return pd.DataFrame(
        {
            "country": frame["country"].to_numpy(),
            "year": frame["year"].astype("int64").to_numpy(),
            "indicator": frame["indicator"].to_numpy(),
            "value": frame["value"].astype("float64").where(~not_applicable).to_numpy(),
            "not_applicable": not_applicable.to_numpy(),
        },
        copy=False,  # the arrays are this table's own
    )


TABLE_FRAMES: dict[str, Callable[[DataEdition], pd.DataFrame]] = {
    "scores": lambda edition: edition.scores.table() if edition.scores is not None else _empty("scores"),
    "gaps": lambda edition: edition.scores.table("gaps") if edition.scores is not None else _empty("gaps"),
    "commitments": commitment_frame,
    # the corridors do not depend on the edition: the committed stock files and the governance records
    "corridors": lambda edition: download_frame(),
    "corridor_coverage": lambda edition: coverage_download_frame(),
}


def package_tables(
    edition: DataEdition, without: Collection[str] = ()
) -> dict[str, list[dict[str, Any]] | pd.DataFrame]:
    """Every table of the package but those ``without`` (their files kept: ``SHARED_TABLES``): the long ones as
    DataFrames, the others as the API's rows."""
    return {
        name: TABLE_FRAMES[name](edition) if name in TABLE_FRAMES else rows(edition)
        for name, rows in TABLE_ROWS.items()
        if name not in without
    }


# The tables whose rows are the data as it is now whatever the edition (the commitments: for every edition of one
# framework), so that every edition built on the same state of the data has the same files of them: the downloads keep
# these files and write them anew only when that state changes (``shared_state``). Not the sources nor the countries,
# whose rows the package itself reads (its descriptor, the wide table), nor the indicators (a release adds the
# frameworks its answers use).
SHARED_TABLES = (
    "instruments",
    "treaty_actions",
    "governance_bodies",
    "memberships",
    "commitments",
    "law_values",
    "agreements",
    "law_gaps",
    "corridors",
    "corridor_coverage",
)
# what those rows are read from: every scope of public data but the editions' scores and the releases
SHARED_SCOPES = ("reference", "governance", "law", "documents", "framework")


def shared_state(edition: DataEdition) -> str:
    """What the shared tables' rows rest on for this edition, as one hash: the state of the data
    (``lib.generations``), today's date (commitments and corridors are derived up to it), the edition's framework
    (its commitment rules) and the observatory's code (a new version never reuses files an older one wrote)."""
    framework = edition.framework
    basis = "|".join(
        (
            code_digest(),
            generations.key(*SHARED_SCOPES),
            dt.date.today().isoformat(),
            f"{framework.pk}:{framework.checksum}" if framework is not None else "",
        )
    )
    return hashlib.sha256(basis.encode()).hexdigest()[:24]


def measure_titles(edition: DataEdition) -> dict[str, str]:
    """The titles of the edition's framework's categories and rights, by code."""
    framework = edition.framework
    if framework is None:
        return {}
    definition = framework.definition()
    return {c.code: c.title for c in definition.categories} | {
        r.code: r.title for c in definition.categories for r in c.rights
    }


def wide_table(
    edition: DataEdition, tables: dict[str, list[dict[str, Any]] | pd.DataFrame]
) -> tuple[pd.DataFrame, list[Variable]] | None:
    """The wide table of the edition (None before any scores exist), from the package's tables."""
    if edition.scores is None:
        return None
    countries = pd.DataFrame(list(tables["countries"]), columns=["code", "name", "region"])
    scores, gaps = tables["scores"], tables["gaps"]
    assert isinstance(scores, pd.DataFrame) and isinstance(gaps, pd.DataFrame)
    return wide_frame(scores, gaps, countries, measure_titles(edition))


def package_info(edition: DataEdition, sources: list[dict[str, Any]] | None = None) -> PackageInfo:
    if edition.release is not None:
        title = f"Migrant Rights Observatory data, release {edition.release.version}"
        description = (
            f"Release {edition.release.version} of the Migrant Rights Observatory: released assessment answers "
            "with their evidence, the index scores and gaps computed on them, the derived treaty commitments, "
            "and the reference data (countries, instruments, treaty actions, governance bodies, memberships, "
            "indicators, sources) as of the release's first download. " + LAW_DESCRIPTION
        )
        created = edition.release.created
    else:
        title = "Migrant Rights Observatory data, commitments edition"
        description = (
            "The Migrant Rights Observatory's data before or beside assessment releases: treaty commitments "
            "derived from treaty actions and memberships for every country and year from 1990, the scores they "
            "support (the commitment dimension; overall scores are withheld because they would rest on "
            "commitments alone), and the reference data. The answers table holds released values only and is "
            "empty here. " + LAW_DESCRIPTION
        )
        created = edition.scores.created if edition.scores is not None else None
    return PackageInfo(
        label=edition.label,
        title=title,
        description=description,
        created=(created or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        sources=tuple(sources if sources is not None else source_rows()),
        release=edition.release.version if edition.release else None,
        edition=edition_dict(edition.scores) if edition.scores is not None else {},
        spec=edition.scores.manifest.get("spec", {}) if edition.scores is not None else {},
        law=law_queries.codebook(),
    )
