"""API endpoints of the reference registry: countries and instruments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from migrights.lib.dates import parse_on
from migrights.lib.pagination import MAX_PAGE_SIZE, CursorError, paginate
from migrights.reference import queries
from migrights.reference.models import Country, Instrument

router = Router(tags=["reference"])


class PageParams(Schema):
    page: int = 1
    page_size: int = Field(
        100, ge=1, le=MAX_PAGE_SIZE, description=f"Rows a page, 1 to {MAX_PAGE_SIZE}: a larger size is refused (422)"
    )


class CursorParams(PageParams):
    cursor: str | None = Field(
        None,
        description=(
            "Continue right after the last row of a page: the `meta.next_cursor` of the page before "
            "(`meta.next` is the whole address). Each page then costs the same however deep it is, and "
            "every row comes exactly once. Replaces `page`."
        ),
    )


class Envelope(Schema):
    data: Any
    meta: dict[str, Any] = {}


def api_on(on: str | None) -> dt.date:
    """``?on=`` for the API: a bad date is a 400 in the one error shape."""
    try:
        return parse_on(on)
    except ValueError as error:
        raise HttpError(400, str(error)) from None


def country_or_404(code: str) -> Country:
    found = queries.country_by_code(code)
    if found is None:
        raise Http404(
            f"no country {code.upper()}: countries are named by their ISO 3166 alpha-3 code (/api/v1/countries)"
        )
    return found


def year_in(year: int | None, years: Sequence[int], what: str) -> None:
    """A ``?year=`` filter outside the years ``what`` covers is refused (422), never answered by an empty list."""
    if year is not None and year not in years:
        span = f"{min(years)} to {max(years)}" if years else "no year yet"
        raise HttpError(422, f"no {what} for the year {year}: they cover {span}")


def one_of(name: str, value: str | None, known: Iterable[str], what: str, ignore_case: bool = False) -> None:
    """A filter naming a value ``what`` does not hold is refused (422) with the values it does hold, never answered
    by an empty list (``ignore_case``: for a filter that ignores letter case)."""
    names = sorted(set(known))
    fold = str.lower if ignore_case else str
    if value and fold(value) not in {fold(k) for k in names}:
        raise HttpError(422, f"no {name} {value!r} in the {what}: one of {', '.join(names[:20])}")


def bad_cursor(error: CursorError) -> HttpError:
    """A cursor this list did not give: a 400 in the one error shape."""
    return HttpError(400, str(error))


def instrument_or_404(code: str) -> Instrument:
    found = Instrument.objects.filter(code=code.upper()).first()
    if found is None:
        raise Http404(f"no instrument {code.upper()} (/api/v1/instruments lists them)")
    return found


@router.get("/countries", response=Envelope, summary="Countries, predecessor states and other participants")
def list_countries(
    request: HttpRequest,
    paging: Query[PageParams],
    region: str | None = None,
    kind: str | None = None,
    q: str | None = None,
) -> dict[str, Any]:
    countries = Country.objects.all()
    regions = Country.objects.order_by().values_list("region", "subregion").distinct()
    one_of(
        "region", region, {name for pair in regions for name in pair if name}, "countries' regions", ignore_case=True
    )
    one_of("kind", kind, Country.Kind.values, "countries' kinds")
    if region:
        countries = countries.filter(Q(region__iexact=region) | Q(subregion__iexact=region))
    if kind:
        countries = countries.filter(kind=kind)
    if q:
        countries = countries.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(official_name__icontains=q))
    data, meta = paginate(countries, paging.page, paging.page_size, queries.country_dict)
    return {"data": data, "meta": meta}


@router.get("/countries/{iso3}", response=Envelope, summary="A country with its commitments and memberships")
def get_country(request: HttpRequest, iso3: str, on: str | None = None) -> dict[str, Any]:
    return {"data": queries.country_profile(country_or_404(iso3), api_on(on))}


@router.get("/instruments", response=Envelope, summary="Instruments of the normative framework")
def list_instruments(
    request: HttpRequest,
    paging: Query[PageParams],
    organisation: str | None = None,
    scope: str | None = None,
    binding: bool | None = None,
) -> dict[str, Any]:
    instruments = Instrument.objects.select_related("parent")
    if organisation:
        instruments = instruments.filter(organisation__iexact=organisation)
    if scope:
        instruments = instruments.filter(scope=scope)
    if binding is not None:
        instruments = instruments.filter(binding=binding)
    data, meta = paginate(instruments, paging.page, paging.page_size, queries.instrument_dict)
    return {"data": data, "meta": meta}


@router.get("/instruments/{code}", response=Envelope, summary="An instrument, its parties today and its timeline")
def get_instrument(request: HttpRequest, code: str) -> dict[str, Any]:
    profile = queries.instrument_profile(instrument_or_404(code), dt.date.today())
    del profile["statuses"]  # listed, paginated, by /instruments/{code}/status
    return {"data": profile}


@router.get(
    "/instruments/{code}/status",
    response=Envelope,
    summary="Every participant's status on a date (time travel with ?on=YYYY-MM-DD)",
)
def instrument_status(
    request: HttpRequest, code: str, paging: Query[PageParams], on: str | None = None, status: str | None = None
) -> dict[str, Any]:
    instrument = instrument_or_404(code)
    when = api_on(on)
    rows = queries.instrument_status(instrument, when)
    if status:
        rows = [r for r in rows if r["status"] == status]
    data, meta = paginate(rows, paging.page, paging.page_size)
    meta.update({"on": when.isoformat(), "parties": sum(1 for r in rows if r["status"] == "party")})
    return {"data": data, "meta": meta}


@router.get("/instruments/{code}/actions", response=Envelope, summary="Every treaty action on an instrument")
def instrument_actions(request: HttpRequest, code: str, paging: Query[PageParams]) -> dict[str, Any]:
    instrument = instrument_or_404(code)
    acts = instrument.actions.select_related("country", "source").order_by("date", "country__name")
    data, meta = paginate(acts, paging.page, paging.page_size, lambda a: queries.action_dict(a, with_country=True))
    return {"data": data, "meta": meta}
