"""Plain public pages of the registry, each with its .json and .csv twin."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from migrights.lib.dates import parse_on
from migrights.portal.twins import respond
from migrights.reference import queries
from migrights.reference.models import Country, Instrument


def _on(request: HttpRequest) -> dt.date:
    try:
        return parse_on(request.GET.get("on"))
    except ValueError as error:
        raise Http404(str(error)) from None


def country_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    countries = [queries.country_dict(c) for c in Country.objects.exclude(kind=Country.Kind.TERRITORY)]
    columns = ("code", "iso2", "m49", "name", "kind", "region", "subregion", "un_member_since", "existed_until")
    return respond(
        request, fmt, "reference/country_list.html", {"countries": countries}, countries, columns, "countries"
    )


def country_detail(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    data = queries.country_profile(country, _on(request))
    table = [
        {
            **{k: v for k, v in row.items() if k != "actions"},
            "country": country.code,
            "actions": "; ".join(f"{a['action']} {a['date']}" for a in row["actions"]),
        }
        for row in data["commitments"]
    ]
    columns = ("country", "instrument", "status", "since", "reservation", "verified", "actions")
    if not fmt:
        # the page lists regional instruments only where the country has acted on them; the twins list all
        data["commitments"] = [row for row in data["commitments"] if row["scope"] == "global" or row["actions"]]
    return respond(request, fmt, "reference/country_detail.html", data, table, columns, f"country-{country.code}")


def instrument_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    instruments = [
        queries.instrument_dict(i)
        for i in Instrument.objects.select_related("parent").order_by("scope", "organisation", "code")
    ]
    columns = (
        "code",
        "short_title",
        "kind",
        "binding",
        "scope",
        "region",
        "organisation",
        "adopted",
        "entry_into_force",
        "parent",
        "reference",
    )
    return respond(
        request,
        fmt,
        "reference/instrument_list.html",
        {"instruments": instruments},
        instruments,
        columns,
        "instruments",
    )


def instrument_detail(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    instrument = get_object_or_404(Instrument, code=code.upper())
    on = _on(request)
    data = queries.instrument_profile(instrument, on)
    columns = ("country", "country_name", "status", "since", "reservation", "verified")
    return respond(
        request,
        fmt,
        "reference/instrument_detail.html",
        data,
        data["statuses"],
        columns,
        f"instrument-{instrument.code}-{on.isoformat()}",
    )
