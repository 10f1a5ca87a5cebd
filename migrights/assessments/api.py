"""API endpoints of assessments: released values and releases (never drafts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Query, Router

from migrights.assessments.models import Release
from migrights.assessments.public import find_release, release_dict, released_value_dict, released_values
from migrights.framework.commitments import FIRST_YEAR
from migrights.lib.pagination import (
    CursorError,
    bounded_page_size,
    cursor_meta,
    decode_cursor,
    encode_cursor,
    paginate,
)
from migrights.reference.api import CursorParams, Envelope, PageParams, bad_cursor, country_or_404, year_in

router = Router(tags=["assessments"])


@router.get("/answers", response=Envelope, summary="Released indicator values with their evidence")
def list_answers(
    request: HttpRequest,
    paging: Query[CursorParams],
    country: str | None = None,
    year: int | None = None,
    release: str | None = None,
) -> dict[str, Any]:
    if country:
        country_or_404(country)
    chosen = find_release(release)
    page_size = bounded_page_size(paging.page_size)
    if chosen is None:
        if release:
            raise Http404(f"no release {release}")
        meta = cursor_meta(0, page_size, 1, None, request.path, {})
        return {"data": [], "meta": meta | {"release": None}}
    # a year the observatory covers may have no released value (an empty page); one outside them is refused
    year_in(year, range(FIRST_YEAR, dt.date.today().year + 1), "released values")
    # keyset order: country (as stored), year, row; the release's unique index (release, country, year, ...) serves it
    values = released_values(chosen, country, year).order_by("country_id", "year", "id")
    count = values.count()
    scope = f"released values of release {chosen.version}"
    if paging.cursor:
        try:
            after_country, after_year, after_id = decode_cursor(paging.cursor, scope, [int, int, int])
        except CursorError as error:
            raise bad_cursor(error) from None
        values = values.filter(
            Q(country_id__gt=after_country)
            | Q(country_id=after_country, year__gt=after_year)
            | Q(country_id=after_country, year=after_year, id__gt=after_id)
        )
        rows = list(values[: page_size + 1])
    else:
        start = (max(1, paging.page) - 1) * page_size
        rows = list(values[start : start + page_size + 1])
    more, rows = len(rows) > page_size, rows[:page_size]
    last = rows[-1] if more else None
    meta = cursor_meta(
        count,
        page_size,
        None if paging.cursor else max(1, paging.page),
        encode_cursor(scope, [last.country_id, last.year, last.pk]) if last is not None else None,
        request.path,
        {"country": country, "year": year, "release": release, "page_size": page_size},
    )
    return {"data": [released_value_dict(v, chosen) for v in rows], "meta": meta | {"release": chosen.version}}


@router.get("/releases", response=Envelope, summary="Published releases, newest first")
def list_releases(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    data, meta = paginate(Release.objects.select_related("previous"), paging.page, paging.page_size, release_dict)
    return {"data": data, "meta": meta}


@router.get("/releases/{version}", response=Envelope, summary="A release with its changelog")
def get_release(request: HttpRequest, version: str) -> dict[str, Any]:
    release = Release.objects.filter(version=version).first()
    if release is None:
        raise Http404(f"no release {version}")
    return {"data": release_dict(release, full=True)}
