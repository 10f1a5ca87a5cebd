"""Loaders of the embedded YAML registries: instruments and provisions (votes go through the CSV loader)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db.models import Q

from migrights.lib.dates import PartialDate
from migrights.lib.yamlfiles import DataFileError, load_yaml, text_or_none
from migrights.reference.loading import (
    Lookups,
    RowSchema,
    collect_cells,
    read_bool,
    read_choice,
    read_date,
    read_ref,
    read_text,
)
from migrights.reference.models import Country, Instrument, OrganisationMembership, Provision, Source, Vote


def load_instruments(path: Path) -> int:
    """Create or update instruments (parents after children are known)."""
    entries = load_yaml(path, "instruments")
    sources = {s.key: s for s in Source.objects.all()}
    codes = {e["code"] for e in entries} | set(Instrument.objects.values_list("code", flat=True))
    problems = [f"{path}: {e['code']}: unknown source {e['source']!r}" for e in entries if e["source"] not in sources]
    problems += [
        f"{path}: {e['code']}: unknown parent {e['parent']!r}"
        for e in entries
        if e.get("parent") and e["parent"] not in codes
    ]
    problems += [
        f"{path}: {e['code']}: a non-binding instrument cannot be ratifiable"
        for e in entries
        if e["ratifiable"] and not e["binding"]
    ]
    problems += _eligibility_problems(path, entries, sources)
    problems += [
        f"{path}: {e['code']}: translations/{lang}/source: unknown source {t['source']!r}"
        for e in entries
        for lang, t in (e.get("translations") or {}).items()
        if t["source"] not in sources
    ]
    if problems:
        raise DataFileError("\n".join(problems))
    for entry in entries:
        values: dict[str, Any] = {
            "title": entry["title"],
            "short_title": entry["short_title"],
            "kind": entry["kind"],
            "binding": entry["binding"],
            "ratifiable": entry["ratifiable"],
            "scope": entry["scope"],
            "region": entry.get("region") or "",
            "organisation": entry["organisation"],
            "adopted": text_or_none(entry.get("adopted")),
            "opened_for_signature": text_or_none(entry.get("opened_for_signature")),
            "entry_into_force": text_or_none(entry.get("entry_into_force")),
            "reference": entry.get("reference") or "",
            "depositary_url": entry.get("depositary_url") or "",
            "note": entry.get("note") or "",
            "source": sources[entry["source"]],
            **_completeness_values(entry, sources),
            "open_to": entry.get("open_to") or "",
            "closed_to": ";".join(entry.get("closed_to") or []),
            "eligibility_note": entry.get("eligibility_note") or "",
            "translations": entry.get("translations") or {},
        }
        Instrument.objects.update_or_create(code=entry["code"], defaults=values)
    by_code = {i.code: i for i in Instrument.objects.all()}
    for entry in entries:
        parent = by_code.get(entry.get("parent") or "")
        Instrument.objects.filter(code=entry["code"]).update(parent=parent)
    return len(entries)


def _completeness_values(entry: dict[str, Any], sources: dict[str, Source]) -> dict[str, Any]:
    declared = entry.get("completeness") or {}
    stated = declared.get("stated_parties") or {}
    counted = {
        "stated_parties": stated.get("count"),
        "stated_parties_as_of": dt.date.fromisoformat(str(stated["as_of"])) if stated else None,
        "stated_parties_source": sources[stated["source"]] if stated else None,
    }
    if "complete_as_of" in declared:
        return {
            "complete_as_of": dt.date.fromisoformat(str(declared["complete_as_of"])),
            "completeness_source": sources[declared["source"]],
            "completeness_note": declared.get("note") or "",
            **counted,
        }
    return {
        "complete_as_of": None,
        "completeness_source": None,
        "completeness_note": declared.get("partial") or "",
        **counted,
    }


def _eligibility_problems(path: Path, entries: list[dict[str, Any]], sources: dict[str, Source]) -> list[str]:
    """Completeness sources must exist; ``open_to`` must name an organisation or a governance body."""
    problems = []
    for e in entries:
        declared = e.get("completeness") or {}
        if "source" in declared and declared["source"] not in sources:
            problems.append(f"{path}: {e['code']}: completeness/source: unknown source {declared['source']!r}")
        stated = declared.get("stated_parties") or {}
        if stated and stated["source"] not in sources:
            problems.append(
                f"{path}: {e['code']}: completeness/stated_parties/source: unknown source {stated['source']!r}"
            )
        if "complete_as_of" in declared:
            try:
                dt.date.fromisoformat(str(declared["complete_as_of"]))
            except ValueError:
                value = declared["complete_as_of"]
                problems.append(f"{path}: {e['code']}: completeness/complete_as_of: {value!r} is not a date")
    known = eligibility_groups()
    problems += [
        f"{path}: {e['code']}: open_to: unknown organisation or body {e['open_to']!r}"
        for e in entries
        if e.get("open_to") and e["open_to"] not in known
    ]
    return problems


def eligibility_groups() -> set[str]:
    """Slugs an instrument's ``open_to`` may name: organisations loaded here, and governance bodies."""
    from django.apps import apps

    groups = set(OrganisationMembership.objects.values_list("organisation", flat=True))
    if apps.is_installed("migrights.governance"):
        groups |= set(apps.get_model("governance", "GovernanceBody").objects.values_list("slug", flat=True))
    return groups


def load_organisations(path: Path) -> int:
    """Replace the memberships of the organisations whose members may join instruments (eligibility)."""
    entries = load_yaml(path, "organisations")
    sources = {s.key: s for s in Source.objects.all()}
    countries = {c.code: c for c in Country.objects.all()}
    problems = []
    rows = []
    for entry in entries:
        if entry["source"] not in sources:
            problems.append(f"{path}: {entry['code']}: unknown source {entry['source']!r}")
        for member in entry["members"]:
            where = f"{path}: {entry['code']}: {member['country']}"
            if member["country"] not in countries:
                problems.append(f"{where}: unknown country code")
                continue
            source = member.get("source") or entry["source"]
            if source not in sources:
                problems.append(f"{where}: unknown source {source!r}")
                continue
            try:
                start = PartialDate.parse(text_or_none(member.get("start"))) if member.get("start") else None
                end = PartialDate.parse(text_or_none(member.get("end"))) if member.get("end") else None
            except ValueError as error:
                problems.append(f"{where}: {error}")
                continue
            rows.append(
                OrganisationMembership(
                    organisation=entry["code"],
                    organisation_name=entry["name"],
                    country=countries[member["country"]],
                    start=start,
                    end=end,
                    source=sources[source],
                    note=member.get("note") or "",
                    known=member.get("membership") != "unknown",
                )
            )
    if problems:
        raise DataFileError("\n".join(problems))
    OrganisationMembership.objects.all().delete()
    OrganisationMembership.objects.bulk_create(rows)
    return len(rows)


def load_provisions(path: Path) -> int:
    """Create or update the provisions of one file."""
    count = 0
    for group in load_yaml(path, "provisions"):
        try:
            instrument = Instrument.objects.get(code=group["instrument"])
            source = Source.objects.get(key=group["source"])
        except (Instrument.DoesNotExist, Source.DoesNotExist) as error:
            raise DataFileError(f"{path}: {group['instrument']}: {error}") from error
        for item in group["provisions"]:
            Provision.objects.update_or_create(
                instrument=instrument,
                kind=item.get("kind", "article"),
                ref=str(item["ref"]),
                defaults={"title": item["title"], "source": source},
            )
            count += 1
    return count


def _read_vote(row: dict[str, str], lookups: Lookups) -> dict[str, Any]:
    return collect_cells(
        {
            "instrument": lambda: read_ref(row, "instrument", lookups.instruments, "instrument code"),
            "country": lambda: read_ref(row, "country", lookups.countries, "country code"),
            "vote": lambda: read_choice(row, "vote", Vote.Choice.values),
            "date": lambda: read_date(row, "date", required=True),
            "document": lambda: read_text(row, "document", 40, required=True),
            "verified": lambda: read_bool(row, "verified", default=True),
            "source": lambda: read_ref(row, "source", lookups.sources, "source key"),
        }
    )


VOTES = RowSchema(
    kind="votes",
    model=Vote,
    columns=("instrument", "country", "vote", "date", "document", "source", "verified"),
    required=("instrument", "country", "vote", "date", "document", "source"),
    read=_read_vote,
    key=lambda v: (v["instrument"].code, v["country"].code, v["document"]),
    label=lambda v: v["instrument"].code,
)


def vote_scope(rows: list[dict[str, Any]]) -> Q:
    return Q(instrument__in={r["instrument"] for r in rows})
