"""API of the documents library: full-text search over UPR recommendations and General Comment paragraphs.

Each row carries its licence (``CC BY-NC-SA 4.0`` for the treaty-body corpus, with ``non_commercial`` true) and
its source; ``meta.sources`` gives their licences and citations. A filter the library cannot answer is a 422.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from migrights.documents import queries
from migrights.documents.ratification import instruments_matched, ratification_calls
from migrights.documents.search import MAX_QUERY
from migrights.reference.api import instrument_or_404
from migrights.reference.models import Source
from migrights.reference.queries import source_dict

router = Router(tags=["documents"])


class DocumentParams(Schema):
    q: str = Field("", max_length=MAX_QUERY, description='Words to find (stemmed, all of them); "quoted phrase"')
    kind: str | None = Field(None, description="`upr-recommendation` or `general-comment-paragraph`")
    committee: str | None = Field(None, description="A treaty body: CMW, CRC, CERD, CEDAW...")
    year: int | None = None
    state: str | None = Field(None, description="State under review (ISO 3166 alpha-3)")
    recommending: str | None = Field(None, description="Recommending State (ISO 3166 alpha-3)")
    response: str | None = Field(None, description="`Accepted` or `Noted` (as UPR Info states it)")
    issue: str | None = Field(None, description="A UPR Info issue tag, e.g. `Migrants`")
    group: str | None = Field(None, description="A concerned-group label of the corpus, e.g. `Migrants`")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100, description="Rows a page, 1 to 100")


@router.get("/documents", summary="Search UPR recommendations and treaty-body General Comment paragraphs")
def search_documents(request: HttpRequest, params: Query[DocumentParams]) -> dict[str, Any]:
    """Best matches first, each with `match`: the passage's words around the matches. Without `q`, the passages
    the filters keep. Every row names its document's UN `symbol` (null where the source does not: UPR Info's rows
    do not name the Working Group report) and its `licence`: paragraphs of the treaty-body corpus are
    CC BY-NC-SA 4.0 (`non_commercial`), apart from the observatory's CC BY data."""
    try:
        query = queries.check_query(params.q)
        filters = queries.check_filters(params.dict())
    except queries.BadFilter as problem:
        raise HttpError(422, str(problem)) from None
    found, page = queries.search_records(query, filters, params.page, params.page_size)
    data = [queries.passage_record(p, snippet) for p, snippet in found]
    meta = {
        **queries.page_meta(page),
        "query": query,
        "filters": filters.as_dict(),
        "sources": queries.sources_meta(p for p, _ in found),
    }
    return {"data": data, "meta": meta}


@router.get(
    "/instruments/{code}/ratification-recommendations",
    summary="UPR recommendations to ratify an instrument, and whether the State then did",
)
def ratification_recommendations(request: HttpRequest, code: str) -> dict[str, Any]:
    """One row per State under review, UPR session and response (accepted / noted): the recommending States, the
    texts, and the `outcome`: `ratified` (first consent after the review, its `date`), `not-party` (none by `date`,
    the instrument's data complete as of then), `already-party`, `same-period` (an act within the years the
    session may have taken place: which came first is unknown), `unknown` (partial data) or `not-applicable`.
    `meta.summary` counts them per response. Which recommendation calls for which instrument is decided by the
    rules in `migrights/data/documents/ratification-calls.yaml`; an instrument they do not cover is a 404."""
    instrument = instrument_or_404(code)
    found = ratification_calls(instrument)
    if found is None:
        covered = ", ".join(instruments_matched())
        raise Http404(f"no ratification recommendations are looked for on {instrument.code}: only on {covered}")
    meta = {key: found[key] for key in ("instrument", "complete_as_of", "within_years", "summary")} | {
        "count": len(found["rows"]),
        "sources": [source_dict(s) for s in Source.objects.filter(key=found["source"])],
    }
    return {"data": found["rows"], "meta": meta}
