"""API of the documents library: full-text search over UPR recommendations and General Comment paragraphs.

Each row carries its licence (``CC BY-NC-SA 4.0`` for the treaty-body corpus, with ``non_commercial`` true) and
its source; ``meta.sources`` gives their licences and citations. A filter the library cannot answer is a 422.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from migrights.documents import queries
from migrights.documents.search import MAX_QUERY

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
