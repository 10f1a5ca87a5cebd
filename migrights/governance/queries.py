"""The data behind governance pages and API answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from migrights.governance.models import GovernanceBody, Membership, Milestone
from migrights.lib import generations
from migrights.lib.dates import PartialDate
from migrights.lib.memo import Latest, share_related
from migrights.reference.models import Country, Source
from migrights.reference.queries import source_dict


def body_dict(body: GovernanceBody, full: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "slug": body.slug,
        "name": body.name,
        "acronym": body.acronym or None,
        "kind": body.kind,
        "region": body.region or None,
        "initiated": body.initiated.iso() if body.initiated else None,
        "formalised": body.formalised.iso() if body.formalised else None,
        "ended": body.ended.iso() if body.ended else None,
        "stage": body.stage,
        "verified": body.verified,
    }
    if full:
        record.update(
            {
                "secretariat": body.secretariat or None,
                "focus": body.focus,
                "binding": body.binding,
                "civil_society": body.civil_society,
                "civil_society_note": body.civil_society_note or None,
                "stage_label": GovernanceBody.STAGES.get(body.stage) if body.stage else None,
                "stage_basis": body.stage_basis or None,
                "stage_note": body.stage_note or None,
                "url": body.url or None,
                "note": body.note or None,
            }
        )
    return record


def country_memberships(country: Country, on: dt.date) -> list[dict[str, Any]]:
    """The country profile's memberships: every body, with dates (the page says which were current on ``on``)."""
    current = _current_memberships(on)
    return [
        {**membership_dict(m, with_body=True), "current": m.pk in current}
        for m in _memberships_by_country().get(country.pk, ())
    ]


_CURRENT: Latest[frozenset[int]] = Latest()


def _current_memberships(on: dt.date) -> frozenset[int]:
    """The ids of every membership current on ``on`` (``Membership.current_on``), asked once per state of the
    governance data and day (a few thousand integers) rather than once per country page."""

    def read() -> frozenset[int]:
        return frozenset(Membership.objects.filter(Membership.current_on(on)).values_list("pk", flat=True))

    return _CURRENT.get((generations.key("governance"), on), read)


_MEMBERSHIPS: Latest[dict[int, tuple[Membership, ...]]] = Latest()


def _memberships_by_country() -> dict[int, tuple[Membership, ...]]:
    """Every country's memberships with their body and source, by body name and start, read once per state of the
    governance and reference data (shared between requests: read them, never change them)."""

    def read() -> dict[int, tuple[Membership, ...]]:
        found: dict[int, list[Membership]] = {}
        chosen = Membership.objects.filter(country__isnull=False).order_by("body__name", "start", "pk")
        shared = {"body": GovernanceBody.objects.in_bulk(), "source": Source.objects.in_bulk()}
        for membership in share_related(chosen, country=Country.objects.in_bulk(), **shared):
            found.setdefault(membership.country_id, []).append(membership)
        return {country: tuple(rows) for country, rows in found.items()}

    return _MEMBERSHIPS.get(generations.key("governance", "reference"), read)


def membership_dict(membership: Membership, with_body: bool = False) -> dict[str, Any]:
    record = {
        "member": membership.member_name,
        "country": membership.country.code if membership.country else None,
        "organisation": membership.organisation or None,
        "role": membership.role,
        "start": membership.start.iso() if membership.start else None,
        "end": membership.end.iso() if membership.end else None,
        "verified": membership.verified,
        "note": membership.note or None,
        "source": membership.source.key,
        "source_url": membership.source.url or None,
    }
    if with_body:
        record = {
            "body": membership.body.slug,
            "body_name": str(membership.body),
            "kind": membership.body.kind,
            **record,
        }
    return record


def milestone_dict(milestone: Milestone) -> dict[str, Any]:
    return {
        "date": milestone.date.iso(),
        "precision": milestone.date.precision,
        "title": milestone.title,
        "kind": milestone.kind,
        "description": milestone.description or None,
        "body": milestone.body.slug if milestone.body else None,
        "instrument": milestone.instrument.code if milestone.instrument else None,
        "verified": milestone.verified,
        "source": milestone.source.key,
        "source_url": milestone.source.url or None,
    }


def members_over_time(members: list[dict[str, Any]], on: dt.date) -> list[dict[str, Any]]:
    """Members after each date on which one joined or left, up to ``on``, then the count on ``on``.

    Only members with a known start count. Each change sits on the first day of its (partial)
    date and the count holds until the next change: a step, not a line between years. The last
    row is ``on`` itself, so the series runs to the present even when nothing changed lately.
    """
    dated = [
        (PartialDate.parse(m["start"]).first, PartialDate.parse(m["end"]).first if m["end"] else None)
        for m in members
        if m["start"]
    ]
    if not dated:
        return []
    labels: dict[dt.date, str] = {}
    for m in members:
        for field in ("start", "end"):
            if m["start"] and m[field]:
                day = PartialDate.parse(m[field]).first
                if day <= on and (day not in labels or len(m[field]) < len(labels[day])):
                    labels[day] = m[field]

    def count(day: dt.date) -> int:
        return sum(1 for start, end in dated if start <= day and not (end and end <= day))

    rows = [{"date": labels[day], "year": day.year, "members": count(day)} for day in sorted(labels)]
    if not rows or rows[-1]["date"] != on.isoformat():
        rows.append({"date": on.isoformat(), "year": on.year, "members": count(on), "today": True})
    return rows


def body_profile(body: GovernanceBody, on: dt.date) -> dict[str, Any]:
    """A body page, its twins and ``/api/v1/bodies/{slug}``: memberships over time, current on ``on``."""
    current = set(body.memberships_on(on).values_list("pk", flat=True))
    memberships = [
        {**membership_dict(m), "current": m.pk in current}
        for m in body.memberships.select_related("country", "source").order_by("role", "start")
    ]
    return {
        **body_dict(body, full=True),
        "memberships": memberships,
        "growth": members_over_time([m for m in memberships if m["role"] == "member"], on),
        "sources": [source_dict(s) for s in body.sources.all()],
        "milestones": [milestone_dict(m) for m in body.milestones.select_related("source", "instrument")],
    }
