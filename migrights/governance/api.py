"""API endpoints of the governance architecture: bodies, memberships, milestones."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from migrights.governance.models import GovernanceBody, Milestone
from migrights.governance.queries import body_dict, body_profile, milestone_dict
from migrights.lib.pagination import paginate
from migrights.reference.api import Envelope, PageParams, api_on

router = Router(tags=["governance"])


@router.get("/bodies", response=Envelope, summary="Consultative processes, forums and mobility regimes")
def list_bodies(request: HttpRequest, paging: Query[PageParams], kind: str | None = None) -> dict[str, Any]:
    bodies = GovernanceBody.objects.all()
    if kind:
        bodies = bodies.filter(kind=kind)
    data, meta = paginate(bodies, paging.page, paging.page_size, body_dict)
    return {"data": data, "meta": meta}


@router.get("/bodies/{slug}", response=Envelope, summary="A governance body with its members over time")
def get_body(request: HttpRequest, slug: str, on: str | None = None) -> dict[str, Any]:
    return {"data": body_profile(get_object_or_404(GovernanceBody, slug=slug.lower()), api_on(on))}


@router.get("/milestones", response=Envelope, summary="Milestones of global migration governance")
def list_milestones(request: HttpRequest, paging: Query[PageParams], kind: str | None = None) -> dict[str, Any]:
    milestones = Milestone.objects.select_related("body", "instrument", "source")
    if kind:
        milestones = milestones.filter(kind=kind)
    data, meta = paginate(milestones, paging.page, paging.page_size, milestone_dict)
    return {"data": data, "meta": meta}
