"""API of the law datasets: citizenship-law values, bilateral labour agreements, obligation-law gaps.

Each answer's ``meta.sources`` gives the licence and citation of the datasets (and texts) its values come from.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from migrights.law import gaps as gap_states
from migrights.law import queries
from migrights.lib.pagination import paginate
from migrights.reference.api import PageParams, country_or_404

router = Router(tags=["law"])


def _meta(meta: dict[str, Any], rows: list[dict[str, Any]], *keys: str) -> dict[str, Any]:
    used = {row[k] for row in rows for k in keys if row.get(k)}
    return {**meta, "sources": queries.dataset_meta(used)}


@router.get("/law", summary="Citizenship law from published datasets (GLOBALCIT), per country, year and variable")
def list_law(
    request: HttpRequest,
    paging: Query[PageParams],
    country: str | None = None,
    year: int | None = None,
    variable: str | None = None,
) -> dict[str, Any]:
    """With `year`, the value holding on 1 January of that year (`carried_forward` when the dataset repeats an
    earlier year's value without observing it); without, each run of years with one value. `meaning` says what
    the code means (only codes a read document confirms are loaded)."""
    if country:
        country_or_404(country)
    if variable and variable not in queries.law_variables():
        raise Http404(f"no law variable {variable!r}; the variables are {', '.join(queries.law_variables())}")
    rows = queries.law_records(country, year, variable)
    data, meta = paginate(rows, paging.page, paging.page_size)
    return {"data": data, "meta": _meta(meta, data, "source")}


@router.get("/law/gaps", summary="Obligation-law gaps: parties whose law lacks what the instrument's article requires")
def list_gaps(
    request: HttpRequest,
    paging: Query[PageParams],
    country: str | None = None,
    year: int | None = None,
    instrument: str | None = None,
    state: str | None = None,
) -> dict[str, Any]:
    """`state`: `gap`, `no-gap`, `not-bound`, `not-applicable` or `unknown` (treaty data partial on the day, or no
    law value): unknown is never a gap. Each row names the instrument, article, law variable and both sources."""
    if country:
        country_or_404(country)
    if state and state not in gap_states.STATES:
        raise Http404(f"no gap state {state!r}; the states are {', '.join(gap_states.STATES)}")
    rows = queries.gap_records(country, year, instrument, state)
    data, meta = paginate(rows, paging.page, paging.page_size)
    return {"data": data, "meta": _meta(meta, data, "law_source", "treaty_source", "obligation_source")}


@router.get("/agreements", summary="Bilateral labour agreements, with the protections their coded texts give")
def list_agreements(
    request: HttpRequest,
    paging: Query[PageParams],
    country: str | None = None,
    partner: str | None = None,
    provision: str | None = None,
    decade: int | None = None,
) -> dict[str, Any]:
    """With `country`, `partner` names the other party. `provisions` lists what a coded text gives (every other
    provision of `meta.provisions` it lacks); `null` when the text was not coded (unknown). `signed` is null where
    the dataset does not know the year."""
    for code in (country, partner):
        if code:
            country_or_404(code)
    labels = queries.provision_labels()
    if provision and provision not in labels:
        raise Http404(f"no provision {provision!r}; the provisions are {', '.join(labels)}")
    data, meta = paginate(
        queries.agreements(country, partner, provision, decade),
        paging.page,
        paging.page_size,
        lambda row: queries.agreement_record(row, country),
    )
    return {"data": data, "meta": {**_meta(meta, data, "source"), "provisions": labels}}
