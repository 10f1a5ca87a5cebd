"""``/api/v1/scores``: index scores per country and year, from released values and derived commitments."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from migrights.framework.queries import framework_version, unknown_version_message
from migrights.lib.pagination import CursorError, bounded_page_size, cursor_meta, decode_cursor, encode_cursor
from migrights.reference.api import CursorParams, Envelope, bad_cursor, country_or_404, one_of, year_in
from migrights.scores.editions import current_edition
from migrights.scores.queries import edition_dict, score_keys, score_page

router = Router(tags=["scores"])


@router.get(
    "/scores", response=Envelope, summary="Index scores per country and year, with coverage, ranks and intervals"
)
def list_scores(
    request: HttpRequest,
    paging: Query[CursorParams],
    country: str | None = None,
    year: int | None = None,
    level: str | None = None,
    code: str | None = None,
    release: str | None = None,
    framework: str | None = None,
) -> dict[str, Any]:
    """``framework`` reads the edition of another loaded MRF version (``1.1``) than the published one (1.0)."""
    if framework and framework_version(framework) is None:
        raise Http404(unknown_version_message(framework))
    edition = current_edition(release, framework_version=framework or None)
    if edition is None:
        if framework:
            raise Http404(
                f"no scores of MRF {framework}{f' for release {release}' if release else ''} have been computed"
                f" (`migrights compute --framework-version {framework}`)"
            )
        raise Http404(f"no scores for release {release}" if release else "no scores have been computed")
    if country:
        country_or_404(country)
    keys = score_keys(edition)
    year_in(year, sorted(int(y) for y in keys["year"].unique()), "scores")
    for name, value in (("level", level), ("code", code)):
        one_of(name, value, keys[name].cat.categories, "scores")
    scope = f"scores of edition {edition.label} ({edition.fingerprint})"
    try:
        after = decode_cursor(paging.cursor, scope, [int])[0] if paging.cursor else None
    except CursorError as error:
        raise bad_cursor(error) from None
    page_size = bounded_page_size(paging.page_size)
    data, count, last = score_page(
        edition, country, year, level, code, page_size=page_size, page=paging.page, after=after
    )
    query = {"country": country, "year": year, "level": level, "code": code, "release": release}
    query |= {"framework": framework}
    meta = cursor_meta(
        count,
        page_size,
        None if after is not None else max(1, paging.page),
        encode_cursor(scope, [last]) if last is not None else None,
        request.path,
        query | {"page_size": page_size},
    )
    return {"data": data, "meta": meta | edition_dict(edition)}
