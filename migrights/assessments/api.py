"""API endpoints of assessments: released values and releases (never drafts)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from migrights.assessments.models import Release
from migrights.assessments.public import find_release, release_dict, released_value_dict, released_values
from migrights.lib.pagination import paginate
from migrights.reference.api import Envelope, PageParams

router = Router(tags=["assessments"])


@router.get("/answers", response=Envelope, summary="Released indicator values with their evidence")
def list_answers(
    request: HttpRequest,
    paging: Query[PageParams],
    country: str | None = None,
    year: int | None = None,
    release: str | None = None,
) -> dict[str, Any]:
    chosen = find_release(release)
    if chosen is None:
        if release:
            raise Http404(f"no release {release}")
        return {"data": [], "meta": {"count": 0, "page": 1, "page_size": paging.page_size, "pages": 1, "release": None}}
    records = [released_value_dict(v, chosen) for v in released_values(chosen, country, year)]
    data, meta = paginate(records, paging.page, paging.page_size)
    return {"data": data, "meta": meta | {"release": chosen.version}}


@router.get("/releases", response=Envelope, summary="Published releases, newest first")
def list_releases(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    data, meta = paginate(
        [release_dict(r) for r in Release.objects.select_related("previous")], paging.page, paging.page_size
    )
    return {"data": data, "meta": meta}


@router.get("/releases/{version}", response=Envelope, summary="A release with its changelog")
def get_release(request: HttpRequest, version: str) -> dict[str, Any]:
    release = Release.objects.filter(version=version).first()
    if release is None:
        raise Http404(f"no release {version}")
    return {"data": release_dict(release, full=True)}
