"""API of the corridors: migrant stocks between areas (UN DESA 2019) and what governs each pair.

Coverage has three states, never merged: ``covered``, ``not-covered`` and ``unknown`` (an unknown is never counted
as uncovered). ``meta.sources`` cites the stock data; ``meta.kinds`` says what each kind of coverage means.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from migrights.corridors import queries
from migrights.corridors.coverage import GROUPINGS
from migrights.corridors.stocks import stock_years
from migrights.lib.pagination import paginate
from migrights.lib.tables import plain_records
from migrights.reference.api import PageParams, country_or_404, year_in

router = Router(tags=["corridors"])


def _year_or_404(year: int | None) -> None:
    if year is not None and year not in stock_years():
        years = ", ".join(str(y) for y in stock_years())
        raise Http404(f"no migrant stock for {year}; the stock years are {years}")


@router.get("/corridors", summary="Corridors: migrants from an origin in a destination, and what governs the pair")
def list_corridors(
    request: HttpRequest,
    paging: Query[PageParams],
    origin: str | None = None,
    destination: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Largest corridors first within each stock year (1990, 1995 ... 2015, 2019; mid-year estimates).
    `coverage` gives, per kind, `covered`, `not-covered` or `unknown`, on 1 July of the year; `instruments`
    gives each side's own state (`bound`, `not-bound`, `unknown`): one bound and the other not is a gap.
    `male`/`female` are null where the publisher gives no split. `refugees` gives UNHCR's figures for the pair at the
    end of the year (`refugees` under UNHCR's mandate, `asylum_seekers`, `other_in_need` of international
    protection), each null where UNHCR records none (unknown, not zero): a separate series, never part of the stock
    (UN DESA counts refugees in the stock for some countries)."""
    codes = {}
    for name, code in (("origin", origin), ("destination", destination)):
        if code:
            codes[name] = country_or_404(code).code
    _year_or_404(year)
    rows = queries.corridor_records(codes.get("origin"), codes.get("destination"), year)
    data, meta = paginate(rows, paging.page, paging.page_size)
    return {"data": data, "meta": {**meta, "sources": queries.source_meta(), "kinds": queries.kind_titles()}}


@router.get(
    "/corridors/coverage",
    summary="Shares of the world's migrants whose corridor is covered, by kind of governance and group",
)
def corridor_coverage(
    request: HttpRequest,
    year: int | None = None,
    by: str = "world",
) -> dict[str, Any]:
    """`by`: `world` (default), `development-group` or `region`. `by=development-group`: south-south,
    south-north, north-south, north-north (origin's group first), from the UN DESA workbook's annex (more
    developed regions = north); `by=region`: origin → destination SDG region.
    Shares are of migrants in corridors between areas (`meta.reconciliation` sets their sum beside the
    publisher's world total); `share_unknown` is reported apart, never as uncovered."""
    _year_or_404(year)
    if by not in GROUPINGS:
        raise Http404(f"no grouping {by!r}; the groupings are {', '.join(GROUPINGS)}")
    data = queries.coverage_records(year, by)
    meta = {
        "count": len(data),
        "sources": queries.source_meta(),
        "kinds": queries.kind_titles(),
        "reconciliation": [r for r in queries.reconciliation() if year is None or r["year"] == year],
    }
    return {"data": data, "meta": meta}


@router.get(
    "/corridors/refugees",
    summary="Refugees, asylum-seekers and others in need of protection by origin and country of asylum (UNHCR)",
)
def corridor_refugees(
    request: HttpRequest,
    paging: Query[PageParams],
    origin: str | None = None,
    destination: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """UNHCR's annual series (1951-2025, end of year), newest year first, largest first within a year;
    `destination` is the country of asylum. `asylum_seekers` is null before 1993 and `other_in_need` before 2018
    (not collected), and wherever UNHCR records no figure: unknown, not zero. Never added to migrant stocks.
    `meta.reconciliation` sets each year's corridor sum beside UNHCR's total in the file and what it leaves out
    (unknown origin, stateless, origin groups)."""
    codes = {}
    for name, code in (("origin", origin), ("destination", destination)):
        if code:
            codes[name] = country_or_404(code).code
    year_in(year, queries.refugee_years(), "UNHCR figures")
    frame = queries.refugee_frame(codes.get("origin"), codes.get("destination"), year)
    data, meta = paginate(queries.LazyRows(frame, plain_records), paging.page, paging.page_size)
    meta = {**meta, "sources": queries.source_meta(), "reconciliation": queries.refugee_reconciliation(year)}
    return {"data": data, "meta": meta}
