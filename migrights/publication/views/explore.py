"""The explore pages: the home map, search, rankings and comparison, each with its .json and .csv twin."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from migrights.governance.models import GovernanceBody
from migrights.lib import charts
from migrights.lib.labels import label
from migrights.lib.pagination import paginate
from migrights.lib.vocabulary import REGION_LABELS, STATUS_LABELS
from migrights.publication.context import current_release, language_prefix, local_country_name
from migrights.publication.measures import (
    CORE_TREATIES,
    ROW_FIELDS,
    Measure,
    core_treaty_status,
    countries,
    default_measure,
    find_measure,
    measure_rows,
    measures,
    measures_of,
    min_ranked,
    regions,
    series_for_map,
    year_range,
    years,
)
from migrights.publication.twins import BadRequest, error, respond
from migrights.reference.models import Country, Instrument, Source, TreatyAction
from migrights.reference.queries import source_dict

MAX_COMPARED = 6
RANKING_PAGE_SIZE = 50  # rows of the ranking table (and its dot chart) per page; the map tab shows every country
TABLE_ENDS = 10  # the home table shows the first and last ten; all rows sit in a <details>


def _country_url(code: str) -> str:
    return f"{language_prefix()}/countries/{code}/"


def _measure(request: HttpRequest, choices: Sequence[Measure]) -> Measure:
    key = request.GET.get("measure")
    if not key:
        return default_measure(choices)
    found = find_measure(key, choices)
    if found is None:
        raise BadRequest(_("Unknown measure “%(key)s”: choose one from the list.") % {"key": key[:40]})
    return found


def _year(request: HttpRequest, default: int) -> int:
    text = request.GET.get("year")
    if not text:
        return default
    span = year_range()
    if not text.isdigit() or int(text) not in span:
        raise BadRequest(
            _("The year must be between %(first)s and %(last)s.") % {"first": span.start, "last": span.stop - 1}
        )
    return int(text)


def _latest_year_of(measure: Measure) -> int:
    found = years(measure)
    return found[-1] if found else year_range().stop - 1


def _measure_choices(choices: Sequence[Measure]) -> list[dict[str, Any]]:
    return [m.as_dict() | {"group": m.group} for m in choices]


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """A measure row as the twins give it (without the page's localised name, region label and address)."""
    return {k: row[k] for k in ROW_FIELDS}


def _sources(measure: Measure) -> list[dict[str, Any]]:
    """The treaty-count measure rests on the depositaries' records of the nine treaties."""
    if measure.kind != "count":
        return []
    found = Source.objects.filter(treatyaction__instrument__code__in=CORE_TREATIES).distinct().order_by("key")
    return [source_dict(s) for s in found]


# ---- home and search ------------------------------------------------------------------------------------


def headline_counts() -> dict[str, Any]:
    release = current_release()
    return {
        "instruments": Instrument.objects.count(),
        "actions": TreatyAction.objects.count(),
        "states": Country.objects.filter(kind=Country.Kind.STATE).count(),
        "bodies": GovernanceBody.objects.count(),
        "assessments": len(release["country_years"]) if release else 0,
        "release": release,
    }


def _split_ends(rows: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if len(rows) <= 2 * TABLE_ENDS:
        return list(rows), []
    return list(rows[:TABLE_ENDS]), list(rows[-TABLE_ENDS:])


def home(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    choices = measures()
    context: dict[str, Any] = {
        "counts": headline_counts(),
        "measures": _measure_choices(choices),
        "years": year_range(),
    }
    try:
        measure = _measure(request, choices)
        year = _year(request, _latest_year_of(measure))
    except BadRequest as problem:
        if fmt:
            return error(request, fmt, 400, str(problem), template="portal/home.html", context=context)
        measure = default_measure(choices)
        year = _latest_year_of(measure)
        context["error"] = str(problem)
    rows = [_localise(row) for row in measure_rows(measure, year)]
    if fmt:  # /index.json and /index.csv: the headline figures and the map's values for the measure and year
        values = [_public(row) for row in rows]
        data = {"counts": context["counts"], "measure": measure.as_dict(), "year": year, "values": values}
        name = f"map-{measure.key}-{year}"
        return respond(request, fmt, "", data, values, ROW_FIELDS, name, sources=_sources(measure))
    shown = [row for row in rows if row["value"] is not None]
    top, bottom = _split_ends(shown)
    series = series_for_map(measure)
    for entry in series:
        entry["name"] = local_country_name(entry["country"], entry["name"])
        entry["url"] = _country_url(entry["country"])
    map_spec = charts.choropleth_over_years(
        series,
        topojson_url=static("vendor/world-atlas/countries-50m.json"),
        legend_title=str(measure.label),
        year=year,
        domain=measure.domain,
        value_format=measure.value_format,
        tooltip_title=_("Country"),
    )
    context.update(
        measure=measure,
        year=year,
        first_year=year_range().start,
        last_year=year_range().stop - 1,
        map_spec=map_spec,
        has_data=bool(series),
        top=top,
        bottom=bottom,
        rows=shown,
        flagged=len(rows) - len(shown),
        ranked=any(row["rank"] is not None for row in shown),
        min_ranked=min_ranked(measure),
        sources=_sources(measure),
    )
    return render(request, "portal/home.html", context, status=400 if "error" in context else 200)


def search_results(query: str, limit: int = 10) -> dict[str, list[dict[str, Any]]]:
    """Countries, instruments and governance bodies whose code, name or title contains ``query``."""
    query = query.strip()
    if len(query) < 2:  # one letter would match half the world
        return {"countries": [], "instruments": [], "bodies": []}
    wanted = query.casefold()
    found_countries = []
    for country in Country.objects.exclude(kind=Country.Kind.TERRITORY).order_by("name"):
        local = local_country_name(country.code, country.name)
        texts = (country.code, country.name, country.official_name, local)
        if any(wanted in text.casefold() for text in texts if text):
            found_countries.append({"code": country.code, "name": country.name, "local_name": local})
    instruments = Instrument.objects.filter(
        Q(code__icontains=query) | Q(short_title__icontains=query) | Q(title__icontains=query)
    ).order_by("code")[:limit]
    bodies = GovernanceBody.objects.filter(
        Q(slug__icontains=query) | Q(name__icontains=query) | Q(acronym__icontains=query)
    ).order_by("name")[:limit]
    return {
        "countries": found_countries[:limit],
        "instruments": [{"code": i.code, "short_title": i.short_title, "title": i.title} for i in instruments],
        "bodies": [{"slug": b.slug, "name": b.name, "acronym": b.acronym or None} for b in bodies],
    }


def search(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    results = search_results(query)
    data = {"query": query, **results}
    table = [
        *({"kind": "country", "code": c["code"], "name": c["name"]} for c in results["countries"]),
        *({"kind": "instrument", "code": i["code"], "name": i["short_title"]} for i in results["instruments"]),
        *({"kind": "body", "code": b["slug"], "name": b["name"]} for b in results["bodies"]),
    ]
    if not fmt and request.headers.get("HX-Request"):
        return render(request, "portal/search_results.html", {**data, "data": data})
    return respond(request, fmt, "portal/search.html", data, table, ("kind", "code", "name"), "search")


# ---- rankings -------------------------------------------------------------------------------------------


def _localise(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "local_name": local_country_name(row["country"], row["name"]),
        "region_label": label(REGION_LABELS, row["region"]),
        "url": _country_url(row["country"]),
    }


def rankings(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    known_regions = regions()
    choices = measures()
    context: dict[str, Any] = {
        "measures": _measure_choices(choices),
        "regions": [{"code": r, "label": label(REGION_LABELS, r)} for r in known_regions],
        "years": year_range(),
    }
    try:
        measure = _measure(request, choices)
        year = _year(request, _latest_year_of(measure))
        region = request.GET.get("region", "")
        if region and region not in known_regions:
            raise BadRequest(_("Unknown region “%(region)s”: choose one from the list.") % {"region": region[:40]})
    except BadRequest as problem:
        return error(request, fmt, 400, str(problem), template="portal/rankings.html", context=context)
    rows = measure_rows(measure, year)
    if region:
        rows = [row for row in rows if row["region"] == region]
    # ranked; shown but unranked (fewer ranked countries than the spec's minimum); withheld (too few indicators)
    ranked = [_localise(row) for row in rows if row["rank"] is not None]
    unranked = [_localise(row) for row in rows if row["rank"] is None and row["value"] is not None]
    flagged = [_localise(row) for row in rows if row["flagged"]]
    page = request.GET.get("page", "1")
    page_rows, paging = paginate(ranked, int(page) if page.isdigit() else 1, RANKING_PAGE_SIZE)
    if paging["page"] > paging["pages"]:
        page_rows, paging = paginate(ranked, paging["pages"], RANKING_PAGE_SIZE)
    chart_rows = [
        {"label": row["local_name"], "value": row["value"], "low": row["low"], "high": row["high"]} for row in page_rows
    ]
    data = {
        "measure": measure.as_dict(),
        "year": year,
        "region": region or None,
        "ranked": [_public(row) for row in ranked],
        "unranked": [_public(row) for row in unranked],
        "flagged": [_public(row) for row in flagged],
    }
    context.update(
        measure=measure,
        year=year,
        region=region,
        region_label=label(REGION_LABELS, region),
        ranked_rows=page_rows,
        paging=paging,
        page_links=_page_links(request, paging),
        ranked_count=len(ranked),
        unranked_rows=unranked,
        flagged_rows=flagged,
        min_ranked=min_ranked(measure),
        chart=charts.dot_interval(
            chart_rows,
            x_title=str(measure.label),
            domain=measure.domain,
            value_format=measure.value_format,
            tooltip_title=_("Country"),
        )
        if chart_rows
        else None,
        chart_map=_ranking_map(measure, [*ranked, *unranked]) if ranked or unranked else None,
        query=urlencode({"measure": measure.key, "year": year, **({"region": region} if region else {})}),
    )
    name = f"rankings-{measure.key}-{year}{'-' + region.lower() if region else ''}"
    if fmt:
        table = [*data["ranked"], *data["unranked"], *data["flagged"]]
        return respond(request, fmt, "", data, table, ROW_FIELDS, name, sources=_sources(measure))
    context.update(data=data, sources=_sources(measure))
    return render(request, "portal/rankings.html", context)


def _page_links(request: HttpRequest, paging: dict[str, Any]) -> list[dict[str, Any]]:
    """The ranking's pages as links keeping the page's other choices (``?measure=...&page=N``)."""
    if paging["pages"] <= 1:
        return []
    query = request.GET.copy()
    links = []
    for number in range(1, paging["pages"] + 1):
        query["page"] = str(number)
        first = (number - 1) * paging["page_size"] + 1
        last = min(number * paging["page_size"], paging["count"])
        links.append(
            {
                "number": number,
                "url": f"?{query.urlencode()}",
                "current": number == paging["page"],
                "first": first,
                "last": last,
            }
        )
    return links


def _ranking_map(measure: Measure, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The ranking's values on a world map (the chart block's map tab): every country shown, all pages at once."""
    return charts.choropleth(
        [
            {
                "m49": row["m49"],
                "country": row["country"],
                "name": row["local_name"],
                "value": row["value"],
                "url": row["url"],
            }
            for row in rows
        ],
        topojson_url=static("vendor/world-atlas/countries-50m.json"),
        legend_title=str(measure.label),
        domain=measure.domain,
        value_format=measure.value_format,
        tooltip_title=_("Country"),
    )


# ---- compare --------------------------------------------------------------------------------------------

COMPARE_COLUMNS = ("country", "name", "year", "level", "code", "value", "low", "high", "coverage", "rank", "flagged")


def _codes(request: HttpRequest) -> list[str]:
    """``?countries=FRA,phl&countries=SEN`` → ["FRA", "PHL", "SEN"] (order kept, repeats dropped)."""
    found: list[str] = []
    for text in request.GET.getlist("countries") + request.GET.getlist("add"):
        for code in re.split(r"[\s,;]+", text.upper()):
            if code and code not in found:
                found.append(code)
    return found


def _compare_url(codes: Sequence[str], extra: dict[str, Any]) -> str:
    query = {"countries": ",".join(codes), **{k: v for k, v in extra.items() if v}}
    return f"{language_prefix()}/compare/?{urlencode(query)}"


def compare(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    from migrights.scores.editions import current_edition
    from migrights.scores.queries import score_records

    codes = _codes(request)
    if request.GET.get("add") and not fmt:
        # the "add a country" form: back to the one shareable address
        extra = {"measure": request.GET.get("measure"), "year": request.GET.get("year")}
        return redirect(_compare_url(codes, extra))
    known = countries()
    edition = current_edition()
    choices = measures_of(edition)
    context: dict[str, Any] = {
        "measures": _measure_choices(choices),
        "choices": sorted(
            ({"code": c, "name": local_country_name(c, v["name"])} for c, v in known.items() if v["m49"]),
            key=lambda c: c["name"],
        ),
        "codes": codes,
        "max_compared": MAX_COMPARED,
        "years": year_range(),
    }
    try:
        measure = _measure(request, choices)
        commitment = find_measure("commitment", choices)
        year = _year(request, _latest_year_of(commitment) if commitment else year_range().stop - 1)
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise BadRequest(_("Unknown country codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        if len(codes) > MAX_COMPARED:
            raise BadRequest(
                _("At most %(max)s countries can be compared at once; you asked for %(count)s.")
                % {"max": MAX_COMPARED, "count": len(codes)}
            )
    except BadRequest as problem:
        return error(request, fmt, 400, str(problem), template="portal/compare.html", context=context)

    # the measures' labels: the overall score and dimensions (translated), the framework's categories
    level_labels = {m.key: str(m.label) for m in choices if m.level in ("overall", "dimension")}
    categories = {m.key: m.label for m in choices if m.level == "category"}
    treaties = core_treaty_status(codes, year)
    compared = []
    table: list[dict[str, Any]] = []
    for code in codes:
        info = known[code]
        records = score_records(edition, code, year=year, level=("overall", "dimension", "category")) if edition else []
        scores = {
            r["code"]: {
                "level": r["level"],
                "value": r["score"],
                "low": r["score_low"],
                "high": r["score_high"],
                "coverage": r["coverage"],
                "rank": r["rank"],
                "flagged": bool(r["flagged"]),
            }
            for r in records
        }
        compared.append(
            {
                "code": code,
                "name": info["name"],
                "local_name": local_country_name(code, info["name"]),
                "region": info["region"],
                "url": _country_url(code),
                "remove_url": _compare_url(
                    [c for c in codes if c != code], {"measure": request.GET.get("measure"), "year": year}
                ),
                "scores": scores,
                "treaties": treaties[code],
            }
        )
        for score_code, s in scores.items():
            table.append({"country": code, "name": info["name"], "year": year, "code": score_code, **s})
        for treaty, status in treaties[code].items():
            row = {"country": code, "name": info["name"], "year": year, "level": "treaty", "code": treaty}
            table.append({**row, "value": status["status"]})  # the treaty rows' value is the status

    def bar_rows(labels: dict[str, str]) -> list[dict[str, Any]]:
        return [
            {
                "label": labels[k],
                "series": c["local_name"],
                "value": c["scores"][k]["value"],
                "low": c["scores"][k]["low"],
                "high": c["scores"][k]["high"],
            }
            for k in labels
            for c in compared
            if k in c["scores"] and c["scores"][k]["value"] is not None and not c["scores"][k]["flagged"]
        ]

    dimension_rows = bar_rows(level_labels)
    category_rows = bar_rows(categories)
    trend = [_localise(r) for r in measure_rows(measure, country_codes=codes) if not r["flagged"]]
    trend_rows = [
        {
            "year": r["year"],
            "series": r["local_name"],
            "value": r["value"],
            "low": r["low"],
            "high": r["high"],
        }
        for r in trend
    ]
    data = {
        "year": year,
        "measure": measure.as_dict(),
        "countries": [{k: c[k] for k in ("code", "name", "region", "scores", "treaties")} for c in compared],
        "trend": [
            {"country": r["country"], "year": r["year"], "value": r["value"], "low": r["low"], "high": r["high"]}
            for r in trend
        ],
    }
    score_labels = {**level_labels, **categories}
    context.update(
        measure=measure,
        year=year,
        compared=compared,
        trend_table=trend,
        score_rows=[
            {
                "code": k,
                "label": score_labels[k],
                "is_category": k in categories,
                "cells": [c["scores"].get(k) for c in compared],
            }
            for k in score_labels
            if any(k in c["scores"] for c in compared)
        ],
        treaty_rows=[
            {
                "code": t,
                "cells": [
                    {**c["treaties"][t], "label": label(STATUS_LABELS, c["treaties"][t]["status"])} for c in compared
                ],
            }
            for t in CORE_TREATIES
        ],
        dimension_chart=charts.grouped_bars(dimension_rows, x_title=_("Score"), series_title=_("Country"))
        if dimension_rows
        else None,
        category_chart=charts.grouped_bars(category_rows, x_title=_("Score"), series_title=_("Country"))
        if category_rows
        else None,
        trend_chart=charts.trend(
            trend_rows,
            y_title=str(measure.label),
            series_title=_("Country"),
            domain=measure.domain,
            year_title=_("Year"),
        )
        if trend_rows
        else None,
        share_url=_compare_url(codes, {"measure": request.GET.get("measure"), "year": request.GET.get("year")}),
        query=urlencode({"countries": ",".join(codes), "measure": measure.key, "year": year}),
    )
    if fmt:
        name = f"compare-{'-'.join(codes)}-{year}"
        return respond(request, fmt, "", data, table, COMPARE_COLUMNS, name, sources=_sources(measure))
    context.update(data=data, sources=_sources(measure))
    return render(request, "portal/compare.html", context)
