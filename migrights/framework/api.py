"""API endpoints of the indicator framework and its derived commitment indicators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from migrights.framework.commitments import FIRST_YEAR
from migrights.framework.models import Framework
from migrights.framework.queries import commitment_records, framework_dict, latest_framework
from migrights.lib.pagination import paginate
from migrights.reference.api import Envelope, PageParams, country_or_404, year_in

router = Router(tags=["framework"])


def framework_or_404(version: str, code: str = "MRF") -> Framework:
    framework = Framework.objects.filter(code=code, version=version).first()
    if framework is None:
        raise Http404(f"no framework {code} {version}")
    return framework


@router.get("/frameworks", response=Envelope, summary="Loaded framework versions")
def list_frameworks(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    data, meta = paginate(Framework.objects.all(), paging.page, paging.page_size, framework_dict)
    return {"data": data, "meta": meta}


@router.get("/frameworks/{version}", response=Envelope, summary="A framework version: categories, rights, indicators")
def get_framework(request: HttpRequest, version: str, code: str = "MRF") -> dict[str, Any]:
    return {"data": framework_dict(framework_or_404(version, code), full=True)}


@router.get(
    "/commitments", response=Envelope, summary="Commitment indicators derived from treaty actions, by country and year"
)
def list_commitments(
    request: HttpRequest,
    paging: Query[PageParams],
    country: str,
    year: int | None = None,
    indicator: str | None = None,
    version: str | None = None,
) -> dict[str, Any]:
    framework = framework_or_404(version) if version else latest_framework()
    if framework is None:
        raise Http404("no framework is loaded")
    found = country_or_404(country)
    year_in(year, range(FIRST_YEAR, dt.date.today().year + 1), "commitment indicators")
    records = commitment_records(framework, [found.code], year, indicator)
    data, meta = paginate(records, paging.page, paging.page_size)
    return {"data": data, "meta": meta | {"framework": str(framework)}}
