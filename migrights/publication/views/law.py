"""Public pages of the law datasets: the bilateral labour agreements, each with its .json and .csv twin.

The country page's law section is built by ``migrights.law.queries.country_law`` (a registered country section).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from migrights.law import gaps as gap_states
from migrights.law import queries
from migrights.law.models import Agreement
from migrights.lib import charts
from migrights.lib.pagination import paginate
from migrights.publication.context import language_prefix
from migrights.publication.twins import BadRequest, error, respond
from migrights.reference.countries import localized_country_name
from migrights.reference.models import Country
from migrights.scores import lawindex

AGREEMENT_PAGE_SIZE = 50  # rows of the agreements table per page; the twins give every matching row
GAP_STATE_LABELS = {
    gap_states.GAP: gettext_lazy("gap"),
    gap_states.NO_GAP: gettext_lazy("no gap"),
    gap_states.NOT_BOUND: gettext_lazy("not bound"),
    gap_states.NOT_APPLICABLE: gettext_lazy("cannot become party"),
    gap_states.UNKNOWN: gettext_lazy("unknown"),
}


def gap_state_label(state: str) -> str:
    """A gap state in the page's language."""
    return str(GAP_STATE_LABELS.get(state, state))


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """An agreement for the CSV twin: its provisions in one cell (empty when the text was not coded: unknown)."""
    provisions = row["provisions"]
    return {**row, "provisions": ";".join(provisions) if provisions is not None else None}


def _party_countries() -> list[Country]:
    return list(
        Country.objects.filter(Q(agreements_as_a__isnull=False) | Q(agreements_as_b__isnull=False))
        .distinct()
        .order_by("name")
    )


def _decades() -> list[int]:
    years = {a.signed.first.year for a in Agreement.objects.exclude(signed=None).only("signed")}
    return sorted({y - y % 10 for y in years})


def _filters(request: HttpRequest, codes: set[str], decades: list[int], labels: dict[str, str]) -> dict[str, Any]:
    """The list's filters from the query string; a value the list cannot answer raises ``BadRequest``."""
    chosen: dict[str, Any] = {}
    for name in ("country", "partner"):
        value = request.GET.get(name, "").strip().upper()
        if value and value not in codes:
            raise BadRequest(
                _("No agreement has the party “%(code)s”: choose one from the list.") % {"code": value[:8]}
            )
        chosen[name] = value or None
    decade = request.GET.get("decade", "").strip()
    if decade and (not decade.isdigit() or int(decade) not in decades):
        raise BadRequest(_("No agreement was signed in the decade “%(decade)s”.") % {"decade": decade[:8]})
    chosen["decade"] = int(decade) if decade else None
    provision = request.GET.get("provision", "").strip()
    if provision and provision not in labels:
        raise BadRequest(_("Unknown protection “%(key)s”: choose one from the list.") % {"key": provision[:40]})
    chosen["provision"] = provision or None
    return chosen


def _page_links(request: HttpRequest, paging: dict[str, Any]) -> list[dict[str, Any]]:
    if paging["pages"] <= 1:
        return []
    query = request.GET.copy()
    links = []
    for number in range(1, paging["pages"] + 1):
        query["page"] = str(number)
        first = (number - 1) * paging["page_size"] + 1
        links.append(
            {
                "url": f"?{query.urlencode()}",
                "first": first,
                "last": min(number * paging["page_size"], paging["count"]),
                "current": number == paging["page"],
            }
        )
    return links


def agreement_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """Bilateral labour agreements, filtered by country, partner, decade of signature and coded protection."""
    labels = queries.provision_labels()
    countries = _party_countries()
    decades = _decades()
    context: dict[str, Any] = {
        "countries": [{"code": c.code, "name": c.name} for c in countries],
        "decades": decades,
        "provisions": [{"key": k, "label": v} for k, v in labels.items()],
        "filters": {},
    }
    try:
        filters = _filters(request, {c.code for c in countries}, decades, labels)
    except BadRequest as problem:
        return error(request, fmt, 400, str(problem), template="law/agreement_list.html", context=context)
    rows = queries.agreements(filters["country"], filters["partner"], filters["provision"], filters["decade"])
    focus = filters["country"] or filters["partner"]
    if fmt:
        found = [queries.agreement_record(a, focus) for a in rows]
        data = {"filters": filters, "agreements": found, "provisions": labels}
        table = [_csv_row(r) for r in found]
        keys = {r["source"] for r in found}
        return respond(
            request,
            fmt,
            "",
            data,
            table,
            queries.AGREEMENT_COLUMNS,
            "agreements",
            sources=queries.dataset_meta(keys),
        )
    page = request.GET.get("page", "1")
    found, paging = paginate(rows, int(page) if page.isdigit() else 1, AGREEMENT_PAGE_SIZE)
    if paging["page"] > paging["pages"]:
        found, paging = paginate(rows, paging["pages"], AGREEMENT_PAGE_SIZE)
    records = [queries.agreement_record(a, focus) for a in found]
    query = urlencode({k: v for k, v in filters.items() if v is not None})
    if filters["country"] and not filters["partner"]:
        context["partner_map"] = {
            **partner_map(rows, filters["country"]),
            "csv": f"{language_prefix()}/agreements.csv?{query}",
        }
    context.update(
        filters=filters,
        agreements=[_shown(r, labels) for r in records],
        paging=paging,
        page_links=_page_links(request, paging),
        query=query,
    )
    return respond(
        request,
        None,
        "law/agreement_list.html",
        context,
        [],
        (),
        "agreements",
        sources=queries.dataset_meta({r["source"] for r in records}),
    )


def partner_map(rows: Iterable[Agreement], country: str) -> dict[str, Any]:
    """A country's agreement partners: one row per partner (agreements, texts coded, first and last year signed)
    for the table, and the same rows on a world map (the chart block's map tab); partners the map cannot draw
    (former states without a shape) are named apart."""
    language = get_language() or "en"
    prefix = language_prefix(language)
    partners: dict[str, dict[str, Any]] = {}
    for agreement in rows:
        other = agreement.party_b if agreement.party_a.code == country else agreement.party_a
        year = agreement.signed.first.year if agreement.signed else None
        row = partners.setdefault(
            other.code,
            {
                "country": other.code,
                "m49": other.m49,
                "name": localized_country_name(other.code, other.name, language),
                "value": 0,
                "coded": 0,
                "years": [],
                "former": other.existed_until is not None,  # no shape on today's map (USSR, Yugoslavia...)
                "url": f"{prefix}/agreements/?{urlencode({'country': country, 'partner': other.code})}",
            },
        )
        row["value"] += 1
        row["coded"] += int(agreement.coded)
        if year is not None:
            row["years"].append(year)
    table = sorted(
        (
            {
                **{k: v for k, v in row.items() if k != "years"},
                "first": min(row["years"]) if row["years"] else None,
                "last": max(row["years"]) if row["years"] else None,
            }
            for row in partners.values()
        ),
        key=lambda r: (-r["value"], r["name"]),
    )
    spec = charts.choropleth(
        [{k: r[k] for k in ("country", "m49", "name", "value", "coded", "url")} for r in table if not r["former"]],
        topojson_url=static("vendor/world-atlas/countries-50m.json"),
        legend_title=_("Agreements"),
        domain=None,
        value_format="d",
        tooltip_title=_("Partner"),
    )
    spec["layer"][1]["encoding"]["tooltip"].append(
        {"field": "coded", "type": "quantitative", "title": _("Texts coded"), "format": "d"}
    )
    drawn = {r["country"] for r in charts.map_rows(spec)}
    return {"spec": spec, "partners": table, "not_drawn": [r for r in table if r["country"] not in drawn]}


def _shown(row: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """An agreement for a page: the labels of its coded protections."""
    provisions = row["provisions"]
    return {**row, "provision_labels": [labels.get(p, p) for p in provisions] if provisions is not None else None}


def agreement_detail(request: HttpRequest, key: str, fmt: str | None = None) -> HttpResponse:
    """One agreement: its parties, dates, and every coded protection it gives or lacks (unknown if not coded)."""
    agreement = Agreement.objects.select_related("source", "party_a", "party_b").filter(key=key).first()
    if agreement is None:
        return error(request, fmt, 404, _("No agreement has the number “%(key)s”.") % {"key": key[:40]})
    labels = queries.provision_labels()
    record = queries.agreement_record(agreement)
    sources = queries.dataset_meta({record["source"]})
    if fmt:
        return respond(
            request, fmt, "", record, [_csv_row(record)], queries.AGREEMENT_COLUMNS, f"agreement-{key}", sources
        )
    given = set(record["provisions"] or ())
    protections = [
        {"key": k, "label": v, "given": (k in given) if record["coded"] else None} for k, v in labels.items()
    ]
    data = {**_shown(record, labels), "protections": protections, "dataset_sources": sources}
    return respond(request, None, "law/agreement_detail.html", data, [], (), f"agreement-{key}", sources)


USED_LABELS = {
    lawindex.USED_EXPERT: gettext_lazy("the expert's answer"),
    lawindex.USED_DATASET: gettext_lazy("the dataset's value"),
    lawindex.USED_NONE: gettext_lazy("neither: unknown"),
}
EXPERT_STATUS_LABELS = {"not-applicable": gettext_lazy("not applicable"), "unknown": gettext_lazy("unknown")}


def _index_rows(index: dict[str, Any] | None, titles: dict[str, str]) -> dict[str, Any] | None:
    """The derived indicators beside the experts' answers, with labels in the page's language."""
    if index is None:
        return None
    rows = [
        {
            **row,
            "source_title": titles.get(row["source"], row["source"]),
            "used_label": str(USED_LABELS[row["used"]]),
            "expert_status_label": str(EXPERT_STATUS_LABELS.get(row["expert_status"] or "", "")),
        }
        for row in index["rows"]
    ]
    return {**index, "rows": rows}


def country_law_page(section: dict[str, Any], country: str | None = None) -> dict[str, Any]:
    """What only the country page's law section needs: source titles, gap states and protections in words, and
    (with ``country``) the indicators a framework derives from these values beside the experts' released answers."""
    titles = {s["key"]: s["title"] for s in section["sources"]}
    labels = queries.provision_labels()
    return {
        "index": _index_rows(lawindex.law_indicators(country, section["year"]), titles) if country else None,
        "values": [{**v, "source_title": titles.get(v["source"], v["source"])} for v in section["values"]],
        "gaps": [{**g, "state_label": gap_state_label(g["state"])} for g in section["gaps"]],
        "agreements": [
            {**_shown(a, labels), "partner_name": a["name_b"] if a["partner"] == a["party_b"] else a["name_a"]}
            for a in section["agreements"]
        ],
    }


def instrument_gaps_page(section: dict[str, Any]) -> dict[str, Any]:
    """What only an instrument page's gap section needs: country names, source titles and states in words, the
    countries in alphabetical order."""
    titles = {s["key"]: s["title"] for s in section["sources"]}
    names = dict(Country.objects.values_list("code", "name"))

    def shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(
            (
                {
                    **g,
                    "country_name": names.get(g["country"], g["country"]),
                    "state_label": gap_state_label(g["state"]),
                    "law_source_title": titles.get(g["law_source"] or "", ""),
                    "treaty_source_title": titles.get(g["treaty_source"] or "", ""),
                }
                for g in rows
            ),
            key=lambda g: g["country_name"],
        )

    return {
        "articles": [
            {
                **a,
                "obligation_source_title": titles.get(a["obligation_source"], a["obligation_source"]),
                "gaps": shown(a["gaps"]),
                "no_gaps": shown(a["no_gaps"]),
                "unknown": shown(a["unknown"]),
                "counted": [
                    {"label": gap_state_label(state), "count": count} for state, count in a["counts"].items() if count
                ],
            }
            for a in section["articles"]
        ]
    }
