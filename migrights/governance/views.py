"""Plain public pages of the governance architecture, each with its .json and .csv twin."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from migrights.governance.models import GovernanceBody, Milestone
from migrights.governance.queries import body_dict, body_profile, milestone_dict
from migrights.portal.twins import respond


def body_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    bodies = [
        {**body_dict(b), "members": b.member_count}
        for b in GovernanceBody.objects.all().order_by("kind", "name").annotate_member_count()
    ]
    columns = ("slug", "name", "acronym", "kind", "region", "initiated", "formalised", "ended", "stage", "members")
    return respond(request, fmt, "governance/body_list.html", {"bodies": bodies}, bodies, columns, "bodies")


def body_detail(request: HttpRequest, slug: str, fmt: str | None = None) -> HttpResponse:
    body = get_object_or_404(GovernanceBody, slug=slug.lower())
    data = body_profile(body, dt.date.today())
    columns = ("member", "country", "organisation", "role", "start", "end", "current", "verified", "source_url")
    return respond(request, fmt, "governance/body_detail.html", data, data["memberships"], columns, f"body-{body.slug}")


def milestone_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    milestones = [milestone_dict(m) for m in Milestone.objects.select_related("body", "instrument", "source")]
    columns = ("date", "precision", "title", "kind", "description", "body", "instrument", "verified", "source_url")
    return respond(
        request, fmt, "governance/milestones.html", {"milestones": milestones}, milestones, columns, "milestones"
    )
