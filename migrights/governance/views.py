"""Plain public pages of the governance architecture, each with its .json and .csv twin."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from migrights.governance.models import GovernanceBody, Milestone
from migrights.governance.queries import body_dict, membership_dict, milestone_dict
from migrights.portal.twins import respond
from migrights.reference.queries import source_dict


def body_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    bodies = [
        {**body_dict(b), "members": b.member_count}
        for b in GovernanceBody.objects.all().order_by("kind", "name").annotate_member_count()
    ]
    columns = ("slug", "name", "acronym", "kind", "region", "initiated", "formalised", "ended", "stage", "members")
    return respond(request, fmt, "governance/body_list.html", {"bodies": bodies}, bodies, columns, "bodies")


def body_detail(request: HttpRequest, slug: str, fmt: str | None = None) -> HttpResponse:
    body = get_object_or_404(GovernanceBody, slug=slug.lower())
    today = dt.date.today()
    current = set(body.memberships_on(today).values_list("pk", flat=True))
    memberships = [
        {**membership_dict(m), "current": m.pk in current}
        for m in body.memberships.select_related("country", "source").order_by("role", "start")
    ]
    growth = members_over_time([m for m in memberships if m["role"] == "member"])
    data = {
        **body_dict(body, full=True),
        "memberships": memberships,
        "growth": growth,
        "sources": [source_dict(s) for s in body.sources.all()],
        "milestones": [milestone_dict(m) for m in body.milestones.select_related("source", "instrument")],
    }
    columns = ("member", "country", "organisation", "role", "start", "end", "current", "verified", "source_url")
    return respond(request, fmt, "governance/body_detail.html", data, memberships, columns, f"body-{body.slug}")


def milestone_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    milestones = [milestone_dict(m) for m in Milestone.objects.select_related("body", "instrument", "source")]
    columns = ("date", "precision", "title", "kind", "description", "body", "instrument", "verified", "source_url")
    return respond(
        request, fmt, "governance/milestones.html", {"milestones": milestones}, milestones, columns, "milestones"
    )


def members_over_time(members: list[dict]) -> list[dict[str, int]]:
    """Members at the end of each year in which one joined or left (only members with a known start)."""
    dated = [m for m in members if m["start"]]
    years = sorted({int(m["start"][:4]) for m in dated} | {int(m["end"][:4]) for m in dated if m["end"]})
    return [
        {
            "year": y,
            "members": sum(1 for m in dated if int(m["start"][:4]) <= y and not (m["end"] and int(m["end"][:4]) <= y)),
        }
        for y in years
    ]
