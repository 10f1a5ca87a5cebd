"""Plain public pages of the registry, each with its .json and .csv twin."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from migrights.portal.twins import respond
from migrights.reference import queries
from migrights.reference.models import Country, Instrument


def _on(request: HttpRequest) -> dt.date:
    value = request.GET.get("on")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404(f"on={value!r} is not a date written YYYY-MM-DD") from None


def country_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    countries = [queries.country_dict(c) for c in Country.objects.exclude(kind=Country.Kind.TERRITORY)]
    columns = ("code", "iso2", "m49", "name", "kind", "region", "subregion", "un_member_since", "existed_until")
    return respond(
        request, fmt, "reference/country_list.html", {"countries": countries}, countries, columns, "countries"
    )


def country_detail(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    from migrights.governance.queries import membership_dict

    country = get_object_or_404(Country, code=code.upper())
    on = _on(request)
    commitments = queries.country_commitments(country, on)
    # the page lists regional instruments only where the country has acted on them; the twins list all
    shown = [row for row in commitments if row["scope"] == "global" or row["actions"]]
    memberships = [
        membership_dict(m, with_body=True)
        for m in country.memberships.select_related("body", "source").order_by("body__name", "start")
    ]
    data = {
        **queries.country_dict(country),
        "on": on.isoformat(),
        "commitments": commitments,
        "memberships": memberships,
        "successors": [{"code": c.code, "name": c.name} for c in country.successors.all()],
        "predecessors": [{"code": c.code, "name": c.name} for c in country.predecessors.all()],
    }
    table = [
        {
            **{k: v for k, v in row.items() if k != "actions"},
            "country": country.code,
            "actions": "; ".join(f"{a['action']} {a['date']}" for a in row["actions"]),
        }
        for row in commitments
    ]
    columns = ("country", "instrument", "status", "since", "reservation", "verified", "actions")
    if not fmt:
        data = {**data, "commitments": shown}
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
    statuses = queries.instrument_status(instrument, on)
    data = {
        **queries.instrument_dict(instrument),
        "on": on.isoformat(),
        "source": queries.source_dict(instrument.source),
        "parties": sum(1 for s in statuses if s["status"] == "party"),
        "signatories": sum(1 for s in statuses if s["status"] == "signatory"),
        "statuses": statuses,
        "timeline": queries.consent_timeline(instrument),
        "provisions": [{"ref": p.ref, "kind": p.kind, "title": p.title} for p in instrument.provisions.all()],
        "votes": [
            {
                "country": v.country.code,
                "country_name": v.country.name,
                "vote": v.vote,
                "document": v.document,
                "verified": v.verified,
            }
            for v in instrument.votes.select_related("country").order_by("vote", "country__name")
        ],
    }
    columns = ("country", "country_name", "status", "since", "reservation", "verified")
    return respond(
        request,
        fmt,
        "reference/instrument_detail.html",
        data,
        statuses,
        columns,
        f"instrument-{instrument.code}-{on.isoformat()}",
    )
