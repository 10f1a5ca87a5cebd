"""``/api/v1/scores``: index scores per country-year, from released values and derived commitments."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from migrights.lib.pagination import paginate
from migrights.reference.api import Envelope, PageParams
from migrights.scores.editions import current_edition
from migrights.scores.queries import edition_dict, score_records

router = Router(tags=["scores"])


@router.get(
    "/scores", response=Envelope, summary="Index scores per country and year, with coverage, ranks and intervals"
)
def list_scores(
    request: HttpRequest,
    paging: Query[PageParams],
    country: str | None = None,
    year: int | None = None,
    level: str | None = None,
    code: str | None = None,
    release: str | None = None,
) -> dict[str, Any]:
    edition = current_edition(release)
    if edition is None:
        raise Http404(f"no scores for release {release}" if release else "no scores have been computed")
    data, meta = paginate(score_records(edition, country, year, level, code), paging.page, paging.page_size)
    return {"data": data, "meta": meta | edition_dict(edition)}
