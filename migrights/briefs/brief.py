"""What a country's policy brief says, gathered from the registry, the governance data and the current edition.

``gather`` reads the database; the helpers before it are pure (plain rows in, plain rows out) and tested alone.
Labels are translated when ``gather`` runs, so call it inside ``translation.override(language)``.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from migrights.briefs import narrative
from migrights.briefs.narrative import translated
from migrights.lib.dates import PartialDate
from migrights.lib.labels import label
from migrights.lib.vocabulary import (
    ACTION_LABELS,
    DIMENSIONS,
    GAP_LABELS,
    MEASURE_LABELS,
    OVERALL,
    ROLE_LABELS,
    STATUS_LABELS,
)
from migrights.reference.countries import localized_country_name

PEER_COUNT = 5

# The instruments a brief lists, by group; regional instruments are added where the country has acted on them.
COMMITMENT_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "core",
        gettext_noop("Core UN human rights treaties"),
        (
            "ICERD",
            "ICESCR",
            "ICESCR-OP",
            "ICCPR",
            "ICCPR-OP1",
            "ICCPR-OP2",
            "CEDAW",
            "CEDAW-OP",
            "CAT",
            "OPCAT",
            "CRC",
            "CRC-OPAC",
            "CRC-OPSC",
            "CRC-OPIC",
            "ICRMW",
            "CRPD",
            "CRPD-OP",
            "CPED",
        ),
    ),
    (
        "ilo",
        gettext_noop("ILO conventions on migrant workers"),
        ("ILO-C097", "ILO-C143", "ILO-C118", "ILO-C157", "ILO-C181", "ILO-C189"),
    ),
    (
        "protection",
        gettext_noop("Refugees, statelessness and trafficking"),
        ("CSR51", "PSR67", "CSSP54", "CRS61", "UNTOC-TIP", "UNTOC-SOM"),
    ),
)
REGIONAL_GROUP = gettext_noop("Regional instruments the country has acted on")

# Instrument short titles as the registry spells them (English), marked here so that briefs can translate them.
INSTRUMENT_TITLES = (
    gettext_noop("Convention on Racial Discrimination"),
    gettext_noop("Covenant on Economic, Social and Cultural Rights"),
    gettext_noop("ICESCR Optional Protocol"),
    gettext_noop("Covenant on Civil and Political Rights"),
    gettext_noop("ICCPR First Optional Protocol"),
    gettext_noop("ICCPR Second Optional Protocol"),
    gettext_noop("Convention on Discrimination against Women"),
    gettext_noop("CEDAW Optional Protocol"),
    gettext_noop("Convention against Torture"),
    gettext_noop("Optional Protocol to the Convention against Torture"),
    gettext_noop("Convention on the Rights of the Child"),
    gettext_noop("CRC Protocol on children in armed conflict"),
    gettext_noop("CRC Protocol on the sale of children"),
    gettext_noop("CRC Protocol on a communications procedure"),
    gettext_noop("Migrant Workers Convention"),
    gettext_noop("Convention on the Rights of Persons with Disabilities"),
    gettext_noop("CRPD Optional Protocol"),
    gettext_noop("Convention on Enforced Disappearance"),
    gettext_noop("1951 Refugee Convention"),
    gettext_noop("1967 Refugee Protocol"),
    gettext_noop("1954 Statelessness Convention"),
    gettext_noop("1961 Statelessness Convention"),
    gettext_noop("Trafficking in Persons Protocol"),
    gettext_noop("Smuggling of Migrants Protocol"),
    gettext_noop("Migration for Employment Convention"),
    gettext_noop("Migrant Workers (Supplementary Provisions) Convention"),
    gettext_noop("Private Employment Agencies Convention"),
    gettext_noop("Domestic Workers Convention"),
    gettext_noop("Equality of Treatment (Social Security) Convention"),
    gettext_noop("Maintenance of Social Security Rights Convention"),
    gettext_noop("European Convention on Human Rights"),
    gettext_noop("European Social Charter (1961)"),
    gettext_noop("European Social Charter (revised, 1996)"),
    gettext_noop("European Convention on Migrant Workers"),
    gettext_noop("CoE Trafficking Convention"),
    gettext_noop("American Convention on Human Rights"),
    gettext_noop("African Charter on Human and Peoples' Rights"),
    gettext_noop("OAU Refugee Convention"),
    gettext_noop("Kampala Convention"),
    gettext_noop("African Children's Charter"),
    gettext_noop("Arab Charter on Human Rights"),
    gettext_noop("ECOWAS Free Movement Protocol"),
    gettext_noop("SADC Protocol on Movement of Persons"),
    gettext_noop("EAC Common Market Protocol"),
    gettext_noop("AU Free Movement Protocol"),
    gettext_noop("MERCOSUR Residence Agreement"),
)

# UN M49 subregions as the registry spells them (the regions' names are in ``lib.vocabulary``).
SUBREGION_NAMES = (
    gettext_noop("Australia and New Zealand"),
    gettext_noop("Caribbean"),
    gettext_noop("Central America"),
    gettext_noop("Central Asia"),
    gettext_noop("Eastern Africa"),
    gettext_noop("Eastern Asia"),
    gettext_noop("Eastern Europe"),
    gettext_noop("Melanesia"),
    gettext_noop("Micronesia"),
    gettext_noop("Middle Africa"),
    gettext_noop("Northern Africa"),
    gettext_noop("Northern America"),
    gettext_noop("Northern Europe"),
    gettext_noop("Polynesia"),
    gettext_noop("South America"),
    gettext_noop("South-eastern Asia"),
    gettext_noop("Southern Africa"),
    gettext_noop("Southern Asia"),
    gettext_noop("Southern Europe"),
    gettext_noop("Western Africa"),
    gettext_noop("Western Asia"),
    gettext_noop("Western Europe"),
)

# The framework's categories (MRF 1.0), by code.
CATEGORY_TITLES = {
    "NDE": gettext_noop("Non-discrimination and equality"),
    "LIF": gettext_noop("Life and safety in migration"),
    "DET": gettext_noop("Liberty and security of person (immigration detention)"),
    "JUS": gettext_noop("Due process and access to justice"),
    "NRF": gettext_noop("Non-refoulement"),
    "ASY": gettext_noop("Asylum"),
    "EXP": gettext_noop("Expulsion"),
    "PER": gettext_noop("Legal personhood and identity documents"),
    "NAT": gettext_noop("Nationality and statelessness"),
    "FAM": gettext_noop("Family life and family reunification"),
    "LAB": gettext_noop("Work and labour rights"),
    "SOC": gettext_noop("Social security"),
    "HEA": gettext_noop("Health"),
    "EDU": gettext_noop("Education"),
    "HOU": gettext_noop("Housing and an adequate standard of living"),
    "CHI": gettext_noop("Migrant children"),
    "WOM": gettext_noop("Migrant women"),
    "TIP": gettext_noop("Victims of trafficking and smuggled migrants"),
    "DOM": gettext_noop("Migrant domestic workers"),
    "FRE": gettext_noop("Freedoms of thought, expression, assembly and association"),
    "PAR": gettext_noop("Political and civic participation"),
    "GOV": gettext_noop("Commitments and migration governance"),
}


class UnknownCountry(LookupError):
    """No country in the registry has this code."""


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def commitment_row(row: dict[str, Any]) -> dict[str, Any]:
    """One instrument of ``reference.queries.country_commitments`` as a brief lists it."""
    binding = [a for a in row["actions"] if a["action"] not in ("signature", "procedure-acceptance")]
    consent = binding[-1] if binding else None
    signature = next((a for a in row["actions"] if a["action"] == "signature"), None)
    return {
        "code": row["instrument"],
        "title": translated(row["short_title"]),
        "status": row["status"],
        "status_label": label(STATUS_LABELS, row["status"]),
        "since": row["since"],
        "how": _(ACTION_LABELS.get(consent["action"], consent["action"])) if consent and row["since"] else "",
        "signed": signature["date"] if signature else None,
        "reservation": row["reservation"],
        "verified": row["verified"],
    }


def group_commitments(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The brief's commitment tables: the fixed global groups, then the regional instruments acted on."""
    by_code = {row["instrument"]: row for row in rows}
    groups = []
    for key, title, codes in COMMITMENT_GROUPS:
        members = [commitment_row(by_code[code]) for code in codes if code in by_code]
        groups.append(
            {
                "key": key,
                "title": _(title),
                "rows": members,
                "parties": sum(1 for r in members if r["status"] == "party"),
            }
        )
    regional = [commitment_row(row) for row in rows if row["scope"] == "regional" and row["actions"]]
    if regional:
        groups.append(
            {
                "key": "regional",
                "title": _(REGIONAL_GROUP),
                "rows": regional,
                "parties": sum(1 for r in regional if r["status"] == "party"),
            }
        )
    return groups


def median_or_none(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def nearest_peers(code: str, scores: dict[str, float | None], limit: int = PEER_COUNT) -> list[str]:
    """The ``limit`` other countries whose score is closest to ``code``'s (ties by code); unscored ones last."""
    own = scores.get(code)
    others = [c for c in scores if c != code]

    def distance(other: str) -> tuple[int, float, str]:
        value = scores[other]
        if own is None or value is None:
            return (1, 0.0, other)
        return (0, abs(value - own), other)

    return sorted(others, key=distance)[:limit]


def largest_gaps(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gap rows (``gap``, ``value``) with a value, the largest in size first."""
    present = [r for r in rows if _number(r.get("value")) is not None]
    return sorted(present, key=lambda r: (-abs(float(r["value"])), r["gap"]))


def trend_rows(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dimension and overall scores over the years as ``charts.trend`` rows (withheld scores have none)."""
    rows = []
    for r in sorted(records, key=lambda r: (r["code"], r["year"])):
        if r["level"] not in ("dimension", "overall") or r["score"] is None:
            continue
        rows.append(
            {
                "year": int(r["year"]),
                "series": label(MEASURE_LABELS, r["code"]),
                "value": r["score"],
                "low": r.get("score_low"),
                "high": r.get("score_high"),
            }
        )
    return rows


def in_two_columns(items: Sequence[Any]) -> list[tuple[Any, Any]]:
    """Rows of two for a table read down the first column, then the second (``None`` fills the last)."""
    half = (len(items) + 1) // 2
    first, second = list(items[:half]), list(items[half:])
    return [(a, second[i] if i < len(second) else None) for i, a in enumerate(first)]


def _common_start(texts: Sequence[str]) -> str:
    first = min(texts)
    last = max(texts)
    length = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), min(len(first), len(last)))
    return first[:length]


def _shared_ends(titles: Sequence[str]) -> tuple[str, str]:
    """The words every title starts and ends with (cut at a space), leaving each title a non-empty middle."""
    if len(titles) < 2:
        return "", ""
    prefix = _common_start(titles)
    prefix = prefix[: prefix.rfind(" ") + 1]
    rest = [t[len(prefix) :] for t in titles]
    suffix = _common_start([t[::-1] for t in rest])[::-1]
    suffix = suffix[suffix.find(":") :] if ":" in suffix else suffix[suffix.find(" ") + 1 :] if " " in suffix else ""
    if any(len(t) <= len(suffix) for t in rest):
        suffix = ""
    return prefix, suffix


def group_sources(sources: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sources of one producer accessed on one day under one licence in one line: shared words said once.

    ``Status of Treaties, IV-2: status page`` and ``Status of Treaties, IV-3: status page`` become the head
    ``Status of Treaties,``, the items ``IV-2`` and ``IV-3`` (each with its address) and the tail ``: status page``.
    """
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for source in sources:
        groups.setdefault((source["producer"], source["accessed"], source["licence"] or ""), []).append(source)
    lines = []
    for (producer, accessed, licence), members in groups.items():
        head, tail = _shared_ends([m["title"] for m in members])
        lines.append(
            {
                "producer": producer,
                "accessed": accessed,
                "licence": licence,
                "head": head.strip(),
                "tail": tail,
                "items": [
                    {"text": m["title"][len(head) : len(m["title"]) - len(tail)], "url": m["url"]} for m in members
                ],
                "keys": [m["key"] for m in members if "key" in m],
            }
        )
    return lines


def measure_row(record: dict[str, Any] | None, code: str) -> dict[str, Any]:
    record = record or {}
    return {
        "code": code,
        "year": record.get("year"),
        "label": label(MEASURE_LABELS, code),
        "score": _number(record.get("score")),
        "low": _number(record.get("score_low")),
        "high": _number(record.get("score_high")),
        "coverage": _number(record.get("coverage")),
        "rank": _number(record.get("rank")),
        "rank_low": _number(record.get("rank_low")),
        "rank_high": _number(record.get("rank_high")),
        "flagged": bool(record.get("flagged")),
    }


def _scores_section(country: Any, edition: Any, section: dict[str, Any] | None) -> dict[str, Any] | None:
    """Scores in the latest scored year, their trend, the region's medians, peers and gaps.

    ``section`` is the country page's (``scores.queries.country_scores``): its latest year, rows and gaps.
    """
    from migrights.reference.models import Country
    from migrights.scores.queries import score_records

    if section is None or section["latest_year"] is None:
        return None
    year = section["latest_year"]
    # as on the country page: each dimension and the overall score in its most recent published year
    dimensions = [measure_row(d if d.get("year") is not None else None, d["code"]) for d in section["dimensions"]]
    overall = measure_row(section["overall"], OVERALL)
    overall_withheld = overall["score"] is None
    categories = [
        {
            **measure_row(r, r["code"]),
            "title": _(CATEGORY_TITLES[r["code"]]) if r["code"] in CATEGORY_TITLES else r["code"],
        }
        for r in sorted(section["latest"], key=lambda r: _category_order(r["code"]))
        if r["level"] == "category" and r["score"] is not None
    ]

    # region and peers: the same year's dimension (and overall) scores of the states of the region
    table = edition.table()
    states = Country.objects.filter(kind=Country.Kind.STATE, existed_until__isnull=True)
    region_codes = set(states.filter(region=country.region).values_list("code", flat=True)) if country.region else set()
    subregion = {}
    if country.subregion:
        subregion = dict(states.filter(subregion=country.subregion).values_list("code", "name"))
    same_year = table[(table["year"] == year) & table["level"].isin(["dimension", "overall"])]
    values: dict[tuple[str, str], float | None] = {}
    for row in same_year.itertuples(index=False):
        values[(row.country, row.code)] = _number(row.score)  # withheld scores have none (scores.publication)
    measures = [d for d in DIMENSIONS if any(values.get((c, d)) is not None for c in region_codes | {country.code})]
    if values.get((country.code, OVERALL)) is not None:
        measures.append(OVERALL)
    comparison = [
        {
            "label": label(MEASURE_LABELS, m),
            "country": values.get((country.code, m)),
            "region": median_or_none(values.get((c, m)) for c in region_codes),
            "subregion": median_or_none(values.get((c, m)) for c in subregion),
        }
        for m in measures
    ]
    lead = measures[-1] if "overall" in measures else (measures[0] if measures else "commitment")
    peer_codes = nearest_peers(country.code, {c: values.get((c, lead)) for c in {*subregion, country.code}})
    language = _language()
    peers = [
        {
            "code": code,
            "name": localized_country_name(code, subregion[code], language),
            "scores": [values.get((code, m)) for m in measures],
        }
        for code in peer_codes
    ]
    peers.sort(key=lambda p: (values.get((p["code"], lead)) is None, -(values.get((p["code"], lead)) or 0), p["code"]))
    gaps = [
        {"gap": r["gap"], "label": label(GAP_LABELS, r["gap"]), "value": float(r["value"])}
        for r in largest_gaps([g for g in section["gaps"] if g["year"] == year])
    ]
    return {
        "year": year,
        "dimensions": dimensions,
        "unscored_dimensions": [d["label"] for d in dimensions if d["score"] is None],
        "overall": overall,
        "overall_withheld": overall_withheld,
        "categories": categories,
        "category_pairs": in_two_columns(categories),
        "trend": trend_rows(score_records(edition, country.code, level=("overall", "dimension"))),
        "measures": [label(MEASURE_LABELS, m) for m in measures],
        "lead_measure": label(MEASURE_LABELS, lead),
        "comparison": comparison,
        "region_size": len(region_codes),
        "peers": peers,
        "country_scores": [values.get((country.code, m)) for m in measures],
        "gaps": gaps,
    }


def _category_order(code: str) -> tuple[int, str]:
    """The framework's order of categories; unknown codes after, alphabetically."""
    order = list(CATEGORY_TITLES)
    return (order.index(code), code) if code in order else (len(order), code)


def _language() -> str:
    from django.utils.translation import get_language

    return get_language() or "en"


def gather(code: str, today: dt.date | None = None) -> dict[str, Any]:
    """Everything a country's brief shows, in the active language; raises ``UnknownCountry``."""
    from migrights.assessments.public import release_dict
    from migrights.reference.models import Country, Source
    from migrights.reference.queries import country_profile, source_dict
    from migrights.scores.editions import current_edition
    from migrights.scores.queries import edition_dict

    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise UnknownCountry(code)
    today = today or dt.date.today()
    language = _language()
    # the country page's data: commitments and memberships on ``today``, and its scores section
    profile = country_profile(country, today)
    commitments, memberships = profile["commitments"], profile["memberships"]
    groups = group_commitments(commitments)
    edition = current_edition()
    release = edition.release if edition is not None else None

    shown = {r["code"] for group in groups for r in group["rows"]}
    source_keys = {a["source"] for row in commitments if row["instrument"] in shown for a in row["actions"]}
    source_keys |= {m["source"] for m in memberships}

    name = localized_country_name(country.code, country.name, language)
    scores = _scores_section(country, edition, profile["scores"])
    released = release_dict(release) if release is not None else None
    paragraphs = country_narrative(country, name, commitments, memberships, scores, released, today, profile.get("law"))
    source_keys |= {key for part in paragraphs for s in part["sentences"] for key in s["sources"]}
    sources = [source_dict(s) for s in Source.objects.filter(key__in=source_keys).order_by("producer", "title")]
    lines = group_sources(sources)
    return {
        "code": country.code,
        "name": name,
        "official_name": country.official_name if language == "en" else "",
        "region": translated(country.region),
        "subregion": translated(country.subregion),
        "un_member_since": country.un_member_since,
        "existed_until": country.existed_until,
        "language": language,
        "generated": today.isoformat(),
        "on": today.isoformat(),
        "commitment_groups": groups,
        "memberships": [
            {**m, "role_label": _(ROLE_LABELS.get(m["role"], m["role"]))} for m in memberships if m["country"]
        ],
        "edition": edition_dict(edition) if edition is not None else None,
        "release": released,
        "scores": scores,
        "narrative": cite(paragraphs, lines),
        "source_lines": lines,
    }


def cite(parts: list[dict[str, Any]], lines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each sentence's sources as the numbers of the source lines that hold them (the sources section numbers its
    lines from 1)."""
    number = {key: i for i, line in enumerate(lines, start=1) for key in line["keys"]}
    return [
        {
            **part,
            "sentences": [
                {**s, "notes": sorted({number[k] for k in s["sources"] if k in number})} for s in part["sentences"]
            ],
        }
        for part in parts
    ]


def current_memberships(memberships: Sequence[dict[str, Any]], on: dt.date) -> list[dict[str, Any]]:
    """Memberships that had started (or whose start is unknown) and had not ended on ``on``, as
    ``governance.models.Membership.current_on`` reads partial dates (as text)."""
    iso = on.isoformat()
    return [m for m in memberships if (not m["start"] or m["start"] <= iso) and (not m["end"] or m["end"] > iso)]


def recent_acts(commitments: Sequence[dict[str, Any]], start: dt.date, on: dt.date) -> list[dict[str, Any]]:
    """Acts dated from ``start`` to ``on`` (by the first day of their known period), oldest first."""
    acts = []
    for row in commitments:
        for a in row["actions"]:
            first = PartialDate.parse(a["date"]).first
            if start <= first <= on:
                acts.append(
                    {
                        "code": row["instrument"],
                        "title": translated(row["short_title"]),
                        "act": _(ACTION_LABELS.get(a["action"], a["action"])),
                        "date": a["date"],
                        "source": a["source"],
                    }
                )
    return sorted(acts, key=lambda a: (a["date"], a["code"]))


def _gap_titles(law: dict[str, Any] | None) -> dict[str, str]:
    """The short titles, in the active language, of the instruments whose obligations the law section compares."""
    from migrights.reference.models import Instrument

    codes = {g["instrument"] for g in (law or {}).get("gaps", [])}
    return {i.code: translated(i.short_title) for i in Instrument.objects.filter(code__in=codes)}


def country_narrative(
    country: Any,
    name: str,
    commitments: Sequence[dict[str, Any]],
    memberships: Sequence[dict[str, Any]],
    scores: dict[str, Any] | None,
    release: dict[str, Any] | None,
    on: dt.date,
    law: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The brief's opening paragraphs: commitments, the region, recent changes, memberships, what its citizenship
    law says (``law``: the country page's law section), the score.

    A former state is described at the end of its last year (its statuses then, no comparison with today's
    states), and the narrative says so first.
    """
    from migrights.briefs import groups
    from migrights.reference.queries import country_commitments

    ended = country.existed_until is not None and on.year > country.existed_until
    if ended:
        on = dt.date(country.existed_until, 12, 31)
        commitments = country_commitments(country, on)

    def complete_as_of(instrument: Any) -> dt.date | None:
        # the depositaries' lists read are complete for today's participants; a former state's acts may sit in
        # their notes only, so a former state without an act is not recorded rather than not party
        return None if ended else instrument.complete_as_of

    info = groups.instrument_info(narrative.MIGRANT_INSTRUMENTS)
    by_code = {row["instrument"]: row for row in commitments}
    facts = [
        narrative.fact(
            {
                **commitment_row(by_code[code]),
                "closed": by_code[code]["closed"],
                "sources": sorted({a["source"] for a in by_code[code]["actions"]}),
                "completeness_source": info[code].completeness_source.key if info[code].completeness_source else None,
            },
            complete_as_of(info[code]),
            on,
        )
        for code in narrative.MIGRANT_INSTRUMENTS
        if code in by_code and code in info
    ]
    shown = {code for _key, _title, codes in COMMITMENT_GROUPS for code in codes}
    core_codes = COMMITMENT_GROUPS[0][2]
    core_info = groups.instrument_info(core_codes)
    core = [
        narrative.fact({**commitment_row(by_code[c]), "closed": by_code[c]["closed"]}, complete_as_of(core_info[c]), on)
        for c in core_codes
        if c in by_code and c in core_info
    ]
    committed = narrative.commitment_sentences(name, facts)
    if ended:
        committed.insert(0, narrative.former_state_sentence(name, country.existed_until))
    committed.append(
        narrative.core_sentence(
            sum(1 for f in core if f["state"] == "party"), sum(1 for f in core if f["state"] == "unknown"), len(core)
        )
    )

    own = sum(1 for f in facts if f["state"] == "party")
    areas = []
    for classification in ("subregion", "region"):
        value = getattr(country, classification)
        if not value or ended:
            continue
        codes = list(groups.current_states().filter(**{classification: value}).values_list("code", flat=True))
        counts = list(groups.party_counts(codes, list(info), on).values())
        areas.append({"name": translated(value), "classification": classification, "counts": counts})
    compared = narrative.region_sentences(
        name, own, len(facts), areas, groups.incomplete_titles(info, narrative.MIGRANT_INSTRUMENTS, on)
    )

    start = narrative.window_start(on)
    current = current_memberships(memberships, on)
    # the acts on the instruments the brief lists (its tables: the groups, and regional instruments acted on)
    listed = [row for row in commitments if row["instrument"] in shown or row["scope"] == "regional"]
    joined = [
        {"body": m["body_name"], "start": m["start"], "source": m["source"]}
        for m in current
        if m["start"] and start.isoformat() <= m["start"]
    ]
    changed = narrative.recent_sentences(name, recent_acts(listed, start, on), joined, start)

    return [
        {"key": "commitments", "title": _("Commitments"), "sentences": committed},
        {"key": "region", "title": _("Compared with the region"), "sentences": compared},
        {"key": "recent", "title": _("What changed recently"), "sentences": changed},
        {
            "key": "memberships",
            "title": _("Regional processes and forums"),
            "sentences": narrative.membership_sentences(name, current),
        },
        {
            "key": "law",
            "title": _("What its law says"),
            "sentences": narrative.law_sentences(name, law, _gap_titles(law)),
        },
        {"key": "score", "title": _("Score"), "sentences": narrative.score_sentences(scores, release)},
    ]
