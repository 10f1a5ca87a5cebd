"""The corridor pages: one corridor (``/corridors/PHL/SAU/``), the world's corridors (``/corridors/``) and the country
page's section, each with its .json and .csv twin. The data come from ``migrights.corridors.profiles``."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migrights.corridors import coverage as cov
from migrights.corridors import profiles, queries
from migrights.corridors.stocks import SOURCE_KEY, WORLDBANK_SOURCE_KEY, stock_table, stock_years
from migrights.law.queries import provision_labels
from migrights.lib import charts
from migrights.publication.context import language_prefix, local_country_name
from migrights.publication.maps import country_centroid
from migrights.publication.twins import BadRequest, error, respond
from migrights.reference import queries as reference
from migrights.reference.models import Country, Source

STATE_LABELS = {
    "covered": gettext_lazy("covered"),
    "not-covered": gettext_lazy("not covered"),
    "unknown": gettext_lazy("unknown"),
}
SIDE_LABELS = {
    "bound": gettext_lazy("bound"),
    "not-bound": gettext_lazy("not bound"),
    "unknown": gettext_lazy("unknown"),
}
# the badge of each state (the `status_badge` tag: its shape, not only its colour, tells it)
BADGES = {"covered": "party", "bound": "party", "not-covered": "none", "not-bound": "none", "unknown": "unknown"}
STATE_COLOURS = {"covered": "#0072b2", "unknown": "#b8b8b8", "not-covered": "#e69f00"}  # dark, mid, light
KIND_LABELS = {
    "rcp": gettext_lazy("Regional consultative process or forum"),
    "mobility": gettext_lazy("Regional mobility regime"),
    "bla": gettext_lazy("Bilateral labour agreement"),
}
HEADLINE_KINDS = ("rcp", "mobility", "bla", "ICRMW", "ILO-C097", "ILO-C143")
GROUP_LABELS = {
    "south-south": gettext_lazy("South–South"),  # noqa: RUF001 (an en dash joins the two ends)
    "south-north": gettext_lazy("South–North"),  # noqa: RUF001 (an en dash joins the two ends)
    "north-south": gettext_lazy("North–South"),  # noqa: RUF001 (an en dash joins the two ends)
    "north-north": gettext_lazy("North–North"),  # noqa: RUF001 (an en dash joins the two ends)
}
SDG_REGION_LABELS = {
    "SUB-SAHARAN AFRICA": gettext_lazy("Sub-Saharan Africa"),
    "NORTHERN AFRICA AND WESTERN ASIA": gettext_lazy("Northern Africa and Western Asia"),
    "CENTRAL AND SOUTHERN ASIA": gettext_lazy("Central and Southern Asia"),
    "EASTERN AND SOUTH-EASTERN ASIA": gettext_lazy("Eastern and South-Eastern Asia"),
    "LATIN AMERICA AND THE CARIBBEAN": gettext_lazy("Latin America and the Caribbean"),
    "OCEANIA": gettext_lazy("Oceania"),
    "EUROPE AND NORTHERN AMERICA": gettext_lazy("Europe and Northern America"),
}
REGION_JOINER = " → "  # how ``coverage.group_labels`` joins an origin region to a destination region
SUGGESTIONS = 6
CSV_KINDS = tuple(cov.KINDS)


def kind_label(kind: str) -> str:
    """A kind of governance in the page's language (an instrument by its code, the same in every language)."""
    return str(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def region_label(region: str) -> str:
    """An SDG region of the UN DESA annex in the page's language."""
    return str(SDG_REGION_LABELS.get(region, region))


def _state_categories() -> list[tuple[str, str]]:
    return [(str(STATE_LABELS[state]), colour) for state, colour in STATE_COLOURS.items()]


def _percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def _sources() -> list[dict[str, Any]]:
    keys = (SOURCE_KEY, WORLDBANK_SOURCE_KEY)
    return [reference.source_dict(s) for s in Source.objects.filter(key__in=keys).order_by("producer", "title")]


def _names(codes: set[str]) -> dict[str, str]:
    """Code → the country's name in the page's language."""
    return {c: local_country_name(c, n) for c, n in Country.objects.filter(code__in=codes).values_list("code", "name")}


def _stock_year(request: HttpRequest) -> int:
    years = stock_years()
    text = request.GET.get("year", "")
    if not text:
        return years[-1]
    if not text.isdigit() or int(text) not in years:
        raise BadRequest(
            _("UN DESA estimates migrant stocks for %(years)s only: choose one of these years.")
            % {"years": ", ".join(str(y) for y in years)}
        )
    return int(text)


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "") or "rcp"
    if kind not in cov.KINDS:
        raise BadRequest(
            _("Unknown kind of governance “%(kind)s”: choose one of %(kinds)s.")
            % {"kind": kind[:40], "kinds": ", ".join(cov.KINDS)}
        )
    return kind


# --- one corridor -------------------------------------------------------------------------------------------------


def _corridor_suggestions(origin: str | None, destination: str | None, typed: dict[str, str]) -> list[dict[str, Any]]:
    """What the visitor may have meant: the largest corridors (2019) from the origin and into the destination that
    exist; for a code no country has, the closest codes of UN DESA's areas (their corridor with the other side
    where it exists, else their country page)."""
    table = stock_table()
    latest = table[table["year"] == table["year"].max()]
    pairs = set(zip(latest["origin"].astype(str), latest["destination"].astype(str), strict=True))
    found: list[tuple[str, str | None]] = []
    for side, code in (("origin", origin), ("destination", destination)):
        if code:
            rows = latest[latest[side] == code].sort_values("total", ascending=False).head(3)
            found += list(zip(rows["origin"].astype(str), rows["destination"].astype(str), strict=True))
    areas = sorted(set(latest["origin"].astype(str)) | set(latest["destination"].astype(str)))
    for side, code in (("origin", origin), ("destination", destination)):
        if code is None:
            for close in difflib.get_close_matches(typed[side], areas, n=3, cutoff=0.5):
                pair = (close, destination) if side == "origin" else (origin, close)
                found.append(pair if pair in pairs else (close, None))  # type: ignore[arg-type]
    names = _names({c for pair in found for c in pair if c})
    prefix = language_prefix()
    chosen = []
    for a, b in dict.fromkeys(found):
        if b is None:
            chosen.append({"url": f"{prefix}/countries/{a}/", "code": a, "label": names.get(a, a)})
        else:
            label = f"{names.get(a, a)} → {names.get(b, b)}"
            chosen.append({"url": f"{prefix}/corridors/{a}/{b}/", "code": f"{a} → {b}", "label": label})
    return chosen[:SUGGESTIONS]


def corridor_detail(request: HttpRequest, origin: str, destination: str, fmt: str | None = None) -> HttpResponse:
    """One corridor over the stock years: the stock by sex, refugees where the data record them, remittances, and
    what governs the pair each year (bodies with dates, agreements, instruments and their gaps, unknowns)."""
    typed = {"origin": origin.upper()[:4], "destination": destination.upper()[:4]}
    names = _names(set(typed.values()))  # the countries that exist, named in the page's language
    known = set(names)
    codes = {side: (code if code in known else None) for side, code in typed.items()}
    if None in codes.values():
        missing = ", ".join(f"“{c}”" for side, c in typed.items() if codes[side] is None)
        message = _("No country has the code %(codes)s.") % {"codes": missing}
        return _not_found(request, fmt, message, codes, typed)
    profile = profiles.corridor_profile(typed["origin"], typed["destination"])
    if profile is None:
        message = _("UN DESA records no migrants from %(origin)s living in %(destination)s.") % {
            "origin": names.get(typed["origin"], typed["origin"]),
            "destination": names.get(typed["destination"], typed["destination"]),
        }
        return _not_found(request, fmt, message, codes, typed)
    sources = _sources()
    filename = f"corridor-{typed['origin']}-{typed['destination']}"
    table = [_csv_row(r) for r in profile["years"]]
    columns = _csv_columns()
    if fmt:
        return respond(request, fmt, "", profile, table, columns, filename, sources)
    try:  # the year shown in detail (?year=, the latest by default); the table shows every year
        year = _stock_year(request)
    except BadRequest as problem:
        return error(request, fmt, 400, str(problem))
    page = _corridor_page(profile, names)
    found = [y for y in page["years"] if y["year"] == year]
    if not found:
        return error(request, fmt, 400, _("UN DESA gives no stock for this corridor in %(year)s.") % {"year": year})
    page["latest"] = found[0]
    return respond(request, None, "portal/corridor.html", {**profile, "page": page}, [], (), filename, sources)


def _not_found(
    request: HttpRequest, fmt: str | None, message: str, codes: dict[str, str | None], typed: dict[str, str]
) -> HttpResponse:
    if fmt:
        return error(request, fmt, 404, message)
    suggested = _corridor_suggestions(codes["origin"], codes["destination"], typed)
    context = {"suggestions": suggested, "query": typed["origin"] if codes["origin"] is None else typed["destination"]}
    return error(request, fmt, 404, message, context=context)


def _csv_columns() -> tuple[str, ...]:
    sides = tuple(f"{i}:{side}" for i in cov.INSTRUMENTS for side in ("origin", "destination"))
    return (
        "origin",
        "destination",
        "year",
        "total",
        "male",
        "female",
        "refugees",
        *CSV_KINDS,
        *sides,
        "bodies",
        "agreements",
    )


def _refugees(record: dict[str, Any]) -> int | None:
    """The refugee figure of a corridor-year where the data record one (UNHCR, a separate field never added to the
    stock); None: not recorded."""
    value = record.get("refugees")
    if isinstance(value, dict):
        value = value.get("refugees", value.get("total"))
    return None if value is None else int(value)


def _csv_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {
        "origin": record["origin"],
        "destination": record["destination"],
        "year": record["year"],
        **record["migrants"],
        "refugees": _refugees(record),
        **record["coverage"],
        **{
            f"{i}:{side}": record["instruments"][i][side] for i in cov.INSTRUMENTS for side in ("origin", "destination")
        },
        "bodies": ";".join(b["body"] for b in record["bodies"]),
        "agreements": ";".join(a["key"] for a in record["agreements"]),
    }
    return row


def _corridor_page(profile: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """What only the HTML page needs: names, labels, the charts and their tables."""
    origin, destination = profile["origin"], profile["destination"]
    predecessors = {c for r in profile["years"] for c in r["stand_in"].values()}
    if predecessors:
        names = {**names, **_names(predecessors)}
    labels = provision_labels()
    years = []
    for record in profile["years"]:
        instruments = []
        for code in cov.INSTRUMENTS:
            sides = record["instruments"][code]
            state = record["coverage"][code]
            gap = {sides["origin"], sides["destination"]} == {"bound", "not-bound"}
            instruments.append(
                {
                    "code": code,
                    "state": state,
                    "state_label": STATE_LABELS[state],
                    "badge": BADGES[state],
                    "origin": sides["origin"],
                    "origin_label": SIDE_LABELS[sides["origin"]],
                    "origin_badge": BADGES[sides["origin"]],
                    "destination": sides["destination"],
                    "destination_label": SIDE_LABELS[sides["destination"]],
                    "destination_badge": BADGES[sides["destination"]],
                    "gap": gap,
                    "bound_side": ("origin" if sides["origin"] == "bound" else "destination") if gap else None,
                }
            )
        kinds = [
            {
                "kind": k,
                "label": kind_label(k),
                "state": record["coverage"][k],
                "state_label": STATE_LABELS[record["coverage"][k]],
                "badge": BADGES[record["coverage"][k]],
            }
            for k in profiles.PAIR_KINDS
        ]
        years.append(
            {
                **record,
                "refugees_value": _refugees(record),
                "kinds": kinds,
                "instrument_rows": instruments,
                "both_parties": [i["code"] for i in instruments if i["state"] == "covered"],
                "gaps": [i for i in instruments if i["gap"]],
                "unknown_instruments": [i["code"] for i in instruments if i["state"] == "unknown"],
                "rcps": [b for b in record["bodies"] if b["kind"] == "rcp"],
                "regimes": [b for b in record["bodies"] if b["kind"] == "mobility"],
                "agreement_rows": [
                    {
                        **a,
                        "provision_labels": [labels.get(p, p) for p in a["provisions"]]
                        if a["provisions"] is not None
                        else None,
                    }
                    for a in record["agreements"]
                ],
                "stand_in_names": {side: names.get(code, code) for side, code in record["stand_in"].items()},
            }
        )
    total, women, men = _("All migrants"), _("Women"), _("Men")
    stock_rows = []
    for r in profile["years"]:
        for series, value in (
            (total, r["migrants"]["total"]),
            (women, r["migrants"]["female"]),
            (men, r["migrants"]["male"]),
        ):
            if value is not None:
                stock_rows.append({"year": r["year"], "series": series, "value": value})
    stock_spec = charts.trend(
        stock_rows,
        y_title=_("Migrants"),
        series_title=_("Migrants"),
        domain=None,
        year_title=_("Year"),
        value_format="d",
    )
    grid_rows = [
        {"x": r["year"], "y": kind_label(k), "state": str(STATE_LABELS[r["coverage"][k]])}
        for k in cov.KINDS
        for r in profile["years"]
    ]
    grid_spec = charts.state_grid(
        grid_rows,
        x_title=_("Year"),
        y_title=_("Kind of governance"),
        state_title=_("Coverage"),
        categories=_state_categories(),
    )
    return {
        "origin_name": names.get(origin, origin),
        "destination_name": names.get(destination, destination),
        "years": years,
        "latest": years[-1],
        "has_refugees": any(y["refugees_value"] is not None for y in years),
        "stock_spec": stock_spec,
        "grid_spec": grid_spec,
        "reverse_exists": profile["reverse_exists"],
    }


# --- the world's corridors ----------------------------------------------------------------------------------------


def _share_cells(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        r["kind"]: {
            "covered": _percent(r["share_covered"]),
            "unknown": _percent(r["share_unknown"]),
            "not_covered": _percent(r["share_not_covered"]),
            "migrants": r["migrants"],
        }
        for r in rows
    }


def _by_destination_region(regions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Region-pair shares summed by the destination's region: the shares of the migrants living in each region."""
    sums: dict[tuple[str, str], list[int]] = {}
    for r in regions:
        destination = r["group"].split(REGION_JOINER)[-1]
        total = sums.setdefault((destination, r["kind"]), [0, 0, 0, 0])
        for i, key in enumerate(("migrants", "covered", "not_covered", "unknown")):
            total[i] += r[key]
    return [
        {
            "group": region,
            "kind": kind,
            "migrants": m,
            "covered": c,
            "not_covered": n,
            "unknown": u,
            "share_covered": round(c / m, 4) if m else None,
            "share_not_covered": round(n / m, 4) if m else None,
            "share_unknown": round(u / m, 4) if m else None,
        }
        for (region, kind), (m, c, n, u) in sorted(sums.items())
    ]


def corridor_overview(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """The world's corridors: per year, the share of migrants whose corridor each kind of governance covers, for the
    world, South-South and the other directions, by region, a matrix of regions, the largest uncovered corridors."""
    try:
        year = _stock_year(request)
        kind = _kind(request)
    except BadRequest as problem:
        return error(request, fmt, 400, str(problem))
    summary = profiles.coverage_summary(year)
    summary["destination_regions"] = _by_destination_region(summary["regions"])
    sources = _sources()
    if fmt:
        table = [
            {"grouping": grouping, **row}
            for grouping, rows in (
                ("world", summary["world"]),
                ("development-group", summary["development_groups"]),
                ("region", summary["regions"]),
                ("destination-region", summary["destination_regions"]),
            )
            for row in rows
        ]
        data = {**summary, "kinds": queries.kind_titles()}
        return respond(
            request, fmt, "", data, table, ("grouping", *queries.SHARE_COLUMNS), f"corridors-{year}", sources
        )
    page = _overview_page(summary, year, kind)
    context = {**summary, "page": page, "kind": kind, "years": stock_years(), "year_text": str(year)}
    return respond(request, None, "portal/corridors.html", context, [], (), f"corridors-{year}", sources)


def _overview_page(summary: dict[str, Any], year: int, kind: str) -> dict[str, Any]:
    world = [r for r in summary["world"]]
    years = sorted({r["year"] for r in world})
    trend_rows = [
        {"year": r["year"], "series": kind_label(r["kind"]), "value": _percent(r["share_covered"])}
        for r in world
        if r["kind"] in HEADLINE_KINDS
    ]
    trend_spec = charts.trend(
        trend_rows,
        y_title=_("Share of migrants covered (%)"),
        series_title=_("Kind of governance"),
        year_title=_("Year"),
    )
    by_year = {y: _share_cells([r for r in world if r["year"] == y]) for y in years}
    kinds = [{"kind": k, "label": kind_label(k)} for k in cov.KINDS]
    trend_table = [
        {"kind": k["kind"], "label": k["label"], "cells": [by_year[y].get(k["kind"]) for y in years]} for k in kinds
    ]
    groups = list(GROUP_LABELS)
    by_group = {g: _share_cells([r for r in summary["development_groups"] if r["group"] == g]) for g in groups}
    group_rows = [
        {"label": kind_label(k), "series": str(GROUP_LABELS[g]), "value": by_group[g][k]["covered"]}
        for k in cov.KINDS
        for g in groups
        if k in by_group[g]
    ]
    group_spec = charts.grouped_bars(
        group_rows, x_title=_("Share of migrants covered (%)"), series_title=_("Direction"), bar_step=8
    )
    group_table = [
        {"label": k["label"], "kind": k["kind"], "cells": [by_group[g].get(k["kind"]) for g in groups]} for k in kinds
    ]
    group_migrants = [next(iter(by_group[g].values()), {}).get("migrants") for g in groups]
    regions = list(SDG_REGION_LABELS)
    by_region = {
        region: _share_cells([r for r in summary["destination_regions"] if r["group"] == region]) for region in regions
    }
    region_rows = [
        {"label": region_label(region), "series": kind_label(k), "value": by_region[region][k]["covered"]}
        for region in regions
        for k in HEADLINE_KINDS
        if k in by_region[region]
    ]
    region_spec = charts.grouped_bars(
        region_rows, x_title=_("Share of migrants covered (%)"), series_title=_("Kind of governance"), bar_step=6
    )
    region_table = [
        {
            "label": region_label(region),
            "migrants": next(iter(by_region[region].values()), {}).get("migrants"),
            "cells": [by_region[region].get(k) for k in HEADLINE_KINDS],
        }
        for region in regions
    ]
    pairs = {r["group"]: r for r in summary["regions"] if r["kind"] == kind}
    matrix_rows = []
    matrix_table = []
    for a in regions:
        cells = []
        for b in regions:
            found = pairs.get(f"{a}{REGION_JOINER}{b}")
            cell = (
                {
                    "covered": _percent(found["share_covered"]),
                    "unknown": _percent(found["share_unknown"]),
                    "migrants": found["migrants"],
                }
                if found
                else None
            )
            cells.append(cell)
            if found:
                matrix_rows.append(
                    {"x": region_label(b), "y": region_label(a), "value": cell["covered"], "count": found["migrants"]}
                )
        matrix_table.append({"label": region_label(a), "cells": cells})
    matrix_spec = charts.heatmap(
        matrix_rows,
        x_title=_("Region of destination"),
        y_title=_("Region of origin"),
        value_title=_("Share of migrants covered (%)"),
        count_title=_("Migrants"),
    )
    names = _names({c for r in summary["uncovered"] for c in (r["origin"], r["destination"])})
    uncovered = [
        {
            **r,
            "origin_name": names.get(r["origin"], r["origin"]),
            "destination_name": names.get(r["destination"], r["destination"]),
        }
        for r in summary["uncovered"]
    ]
    classification = summary["classification"]
    north_names = _names(set(classification["north"]))
    return {
        "headline_kinds": [kind_label(k) for k in HEADLINE_KINDS],
        "stock_years": years,
        "trend_spec": trend_spec,
        "trend_table": trend_table,
        "groups": [str(GROUP_LABELS[g]) for g in groups],
        "group_migrants": group_migrants,
        "group_spec": group_spec,
        "group_table": group_table,
        "region_spec": region_spec,
        "region_table": region_table,
        "regions": [region_label(r) for r in regions],
        "matrix_spec": matrix_spec,
        "matrix_table": matrix_table,
        "kind_label": kind_label(kind),
        "kinds": kinds,
        "uncovered": uncovered,
        "north": sorted(north_names.get(c, c) for c in classification["north"]),
        "world_year": by_year[year],
    }


# --- the country page's section -----------------------------------------------------------------------------------


def _pair_state(record: dict[str, Any]) -> str:
    """Whether a shared body or a bilateral agreement covers the corridor: covered if any does, unknown if none
    does and one is unknown, not covered otherwise."""
    states = {record["coverage"][k] for k in profiles.PAIR_KINDS}
    return "covered" if "covered" in states else "unknown" if "unknown" in states else "not-covered"


def country_corridor_page(section: dict[str, Any], code: str, m49: str | None) -> dict[str, Any]:
    """What only the country page's corridor section needs: names and labels, the flow map, the shares chart."""
    if not section.get("emigrants") and not section.get("immigrants"):
        return {}
    prefix = language_prefix()
    here = country_centroid(code, m49)
    flows = []
    directions = []
    for key, direction in (("emigrants", _("Emigrants")), ("immigrants", _("Immigrants"))):
        part = section[key]
        top = []
        for record in part["top"]:
            state = _pair_state(record)
            partner_name = local_country_name(record["partner"], record["partner_name"])
            top.append(
                {
                    **record,
                    "partner_local": partner_name,
                    "kinds": [
                        {
                            "label": kind_label(k),
                            "state_label": STATE_LABELS[record["coverage"][k]],
                            "badge": BADGES[record["coverage"][k]],
                        }
                        for k in profiles.PAIR_KINDS
                    ],
                    "both_parties": [i for i in cov.INSTRUMENTS if record["coverage"][i] == "covered"],
                    "unknown_instruments": [i for i in cov.INSTRUMENTS if record["coverage"][i] == "unknown"],
                    "url": f"{prefix}/corridors/{record['origin']}/{record['destination']}/",
                }
            )
            there = country_centroid(record["partner"], record["partner_m49"])
            if here and there:
                start, end = (here, there) if key == "emigrants" else (there, here)
                flows.append(
                    {
                        "lon": start[0],
                        "lat": start[1],
                        "lon2": end[0],
                        "lat2": end[1],
                        "name": partner_name,
                        "direction": direction,
                        "value": record["migrants"]["total"],
                        "state": str(STATE_LABELS[state]),
                        "url": f"{prefix}/corridors/{record['origin']}/{record['destination']}/",
                    }
                )
        shares = [
            {
                **s,
                "label": kind_label(s["kind"]),
                "covered_pct": _percent(s["share_covered"]),
                "unknown_pct": _percent(s["share_unknown"]),
            }
            for s in part["shares"]
        ]
        directions.append(
            {
                "key": key,
                "label": direction,
                "migrants": part["migrants"],
                "corridors": part["corridors"],
                "top": top,
                "shares": {s["kind"]: s for s in shares},
            }
        )
    flow_spec = (
        charts.flow_map(
            flows,
            topojson_url=static("vendor/world-atlas/countries-50m.json"),
            partner_title=_("Country"),
            direction_title=_("Direction"),
            value_title=_("Migrants"),
            state_title=_("Shared body or bilateral agreement"),
            categories=_state_categories(),
            centre=here[0] if here else 0.0,
        )
        if flows
        else None
    )
    share_rows = [
        {"label": kind_label(k), "series": str(d["label"]), "value": d["shares"][k]["covered_pct"]}
        for k in cov.KINDS
        for d in directions
        if k in d["shares"]
    ]
    share_spec = (
        charts.grouped_bars(share_rows, x_title=_("Share covered (%)"), series_title=_("Direction"), bar_step=10)
        if share_rows
        else None
    )
    share_table = [{"label": kind_label(k), "cells": [d["shares"].get(k) for d in directions]} for k in cov.KINDS]
    return {
        "directions": directions,
        "flow_spec": flow_spec,
        "share_spec": share_spec,
        "share_table": share_table,
    }
