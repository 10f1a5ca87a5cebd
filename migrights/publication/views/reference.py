"""Plain public pages of the registry, each with its .json and .csv twin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from migrights.documents.ratification import ratification_calls
from migrights.framework.queries import commitment_data_cached
from migrights.law.queries import instrument_gaps
from migrights.lib import charts
from migrights.lib.labels import label
from migrights.lib.vocabulary import (
    ACTION_LABELS,
    DIMENSION_LABELS,
    DIMENSIONS,
    GAP_LABELS,
    REGION_LABELS,
    STATUS_LABELS,
)
from migrights.publication.context import local_country_name
from migrights.publication.maps import country_category_map
from migrights.publication.twins import BadRequest, bad_date, day_on, respond
from migrights.publication.views.corridors import country_corridor_page
from migrights.publication.views.documents import country_upr_page, ratification_page
from migrights.publication.views.law import country_law_page, instrument_gaps_page
from migrights.reference import queries
from migrights.reference.models import Country, Instrument

STATUS_COLOURS = {
    "party": "#1f5fa8",
    "signatory": "#e8a33d",
    "denounced": "#b8322a",
    "none": charts.MISSING_COLOUR,
    "unknown": "#f4f4f4",
    "not-applicable": "#9a9a9a",
}


def country_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    countries = [queries.country_dict(c) for c in Country.objects.exclude(kind=Country.Kind.TERRITORY)]
    columns = ("code", "iso2", "m49", "name", "kind", "region", "subregion", "un_member_since", "existed_until")
    return respond(
        request, fmt, "reference/country_list.html", {"countries": countries}, countries, columns, "countries"
    )


def country_detail(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    country = queries.country_by_code(code)
    if country is None:
        raise Http404(_("No country has the code “%(code)s”.") % {"code": code.upper()})
    try:
        on = day_on(request)
    except BadRequest as problem:
        return bad_date(request, fmt, problem)
    data = queries.country_profile(country, on)
    table = [
        {
            **{k: v for k, v in row.items() if k != "actions"},
            "country": country.code,
            "actions": "; ".join(f"{a['action']} {a['date']}" for a in row["actions"]),
        }
        for row in data["commitments"]
    ]
    columns = ("country", "instrument", "status", "since", "reservation", "verified", "actions")
    keys = {a["source"] for row in data["commitments"] for a in row["actions"]}
    keys |= {m["source"] for m in data["memberships"]}
    keys |= {s["key"] for s in data["law"]["sources"]}
    if data["corridors"]["emigrants"] or data["corridors"]["immigrants"]:
        keys |= {data["corridors"]["source"]}
    if data["upr"]["source"]:  # the UPR recommendations' section (documents)
        keys.add(data["upr"]["source"])
    sources = queries.source_dicts(keys)
    if not fmt:
        # the page lists regional instruments only where the country has acted on them; the twins list all
        action_names: dict[str, str] = {}  # each kind of act named once per page
        data["commitments"] = [
            _commitment_row(row, action_names)
            for row in data["commitments"]
            if row["scope"] == "global" or row["actions"]
        ]
        data["page"] = _country_page_extras(data)
        data["law_page"] = country_law_page(data["law"], country.code)
        data["upr_page"] = country_upr_page(data["upr"], local_country_name(country.code, country.name))
        data["corridors_page"] = country_corridor_page(data["corridors"], country.code, country.m49)
        if data["corridors_page"]:  # the source line of the section's charts
            data["corridors_page"]["sources"] = [s for s in sources if s["key"] == data["corridors"]["source"]]
    return respond(
        request,
        fmt,
        "reference/country_detail.html",
        data,
        table,
        columns,
        f"country-{country.code}",
        sources=sources,
    )


def _commitment_row(row: dict[str, Any], action_names: dict[str, str]) -> dict[str, Any]:
    """A row of the page's commitments table: its status in words, the badge it shows (``not-applicable`` where
    the country cannot become party, ``unknown`` where partial data leave a status other than party unknown), and
    each act's name in words (``action_names``: the names found so far, by act)."""
    unknown = row["completeness"] == "partial" and row["status"] != "party"
    badge = "not-applicable" if row["closed"] else "unknown" if unknown else row["status"]
    for act in row["actions"]:
        if act["action"] not in action_names:
            action_names[act["action"]] = label(ACTION_LABELS, act["action"] or "")
    return {
        **row,
        "status_label": label(STATUS_LABELS, row["status"]),
        "badge": badge,
        "status_unknown": unknown,
        "actions": [{**act, "action_label": action_names[act["action"]]} for act in row["actions"]],
    }


def _country_page_extras(data: dict[str, Any]) -> dict[str, Any]:
    """What only the HTML page needs: the trend chart, labels in the visitor's language."""
    scores = data.get("scores")
    if not scores:
        return {}
    trend = [{**row, "series": label(DIMENSION_LABELS, row["series"])} for row in scores["trend"]]
    colours = {label(DIMENSION_LABELS, d): charts.DIMENSION_COLOURS[d] for d in DIMENSIONS}
    spec = (
        charts.trend(
            trend, y_title=_("Score (0-100)"), series_title=_("Dimension"), colours=colours, year_title=_("Year")
        )
        if trend
        else None
    )
    return {
        "region": label(REGION_LABELS, scores["region"]) if scores["region"] else None,
        "trend_spec": spec,
        "dimensions": [{**d, "label": label(DIMENSION_LABELS, d["code"])} for d in scores["dimensions"]],
        "comparison": [
            {
                **r,
                "label": label(DIMENSION_LABELS, r["code"])
                if r["code"] in DIMENSION_LABELS
                else _category_title(scores, r["code"]),
            }
            for r in scores["region_comparison"]
        ],
        "gaps": [{**g, "label": label(GAP_LABELS, g["gap"])} for g in scores["latest_gaps"]],
    }


def _category_title(scores: dict[str, Any], code: str) -> str:
    return next((c["title"] for c in scores["categories"] if c["code"] == code), code)


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
    instrument = Instrument.objects.filter(code=code.upper()).first()
    if instrument is None:
        raise Http404(_("No instrument has the code “%(code)s”.") % {"code": code.upper()})
    try:
        on = day_on(request)
    except BadRequest as problem:
        return bad_date(request, fmt, problem)
    data = queries.instrument_profile(instrument, on)
    columns = ("country", "country_name", "status", "since", "reservation", "verified")
    sources = [data["source"]]
    law_gaps = instrument_gaps(instrument.code, on)  # parties whose law lacks what an article requires
    if law_gaps is not None:
        data["law_gaps"] = law_gaps
        sources += queries.source_dicts({s["key"] for s in law_gaps["sources"]})
    calls = ratification_calls(instrument)  # UPR recommendations to ratify it, and what the States did after
    if calls is not None:
        data["ratification_recommendations"] = calls
        sources += queries.source_dicts({calls["source"]})
    if not fmt:
        if law_gaps is not None:
            data["law_gaps_page"] = instrument_gaps_page(law_gaps)
        if calls is not None:
            data["ratification_page"] = ratification_page(calls)
        data["statuses"] = [{**s, "status_label": label(STATUS_LABELS, s["status"])} for s in data["statuses"]]
        if instrument.ratifiable:
            data["page"] = _instrument_page_extras(data, on, instrument)
            data["page"]["complete_as_of"] = instrument.complete_as_of  # a date, for the page's own format
    return respond(
        request,
        fmt,
        "reference/instrument_detail.html",
        data,
        data["statuses"],
        columns,
        f"instrument-{instrument.code}-{on.isoformat()}",
        sources=sources,
    )


def _instrument_page_extras(data: dict[str, Any], on: dt.date, instrument: Instrument) -> dict[str, Any]:
    """The map of participants on ``on`` (every country on the map; where a country has no act, "Not party" on
    complete data, "Unknown" on partial data, "Not applicable" where it cannot join) and the timeline."""
    status = {s["country"]: s["status"] for s in data["statuses"]}
    countries = Country.objects.values_list("code", "m49", "name", "existed_until")  # the map keeps those it draws
    knowledge = commitment_data_cached()  # the same three states of knowledge as the commitment indicators
    shown = {
        code: (m49, name, status.get(code) or knowledge.knowledge(code, instrument.code, on))
        for code, m49, name, until in countries
        if until is None or until >= on.year
    }
    used = {row[2] for row in shown.values()}
    map_spec = country_category_map(
        ((code, m49, name, label(STATUS_LABELS, state)) for code, (m49, name, state) in shown.items()),
        legend_title=_("Status"),
        categories=[
            (label(STATUS_LABELS, k), colour)
            for k, colour in STATUS_COLOURS.items()
            if k in used or k in ("party", "signatory", "denounced", "none")
        ],
    )
    # parties as steps: the count at the end of each year holds until the next year's end, and runs to today
    today = dt.date.today()
    steps = [
        {"date": f"{t['year']}-12-31", "label": _("end of %(year)s") % {"year": t["year"]}, "value": t["parties"]}
        for t in data["timeline"]
        if t["year"] < today.year
    ]
    if data["timeline"]:
        now = data["timeline"][-1]["parties"]
        steps.append({"date": today.isoformat(), "label": _("%(date)s (today)") % {"date": today}, "value": now})
    timeline_spec = charts.step_count(steps, y_title=_("Parties"), date_title=_("Date")) if steps else None
    return {"map_spec": map_spec, "timeline_spec": timeline_spec}
