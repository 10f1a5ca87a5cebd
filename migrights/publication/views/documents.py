"""The documents library's search page, /documents/?q=..., with its .json and .csv twins.

The search itself is ``migrights.documents.search`` (FTS5 on SQLite, tsvector on PostgreSQL); the page shows each
passage's document symbol (linked), its licence (CC BY-NC-SA 4.0 for the treaty-body paragraphs, on each one)
and the matched words marked.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from migrights.documents import queries
from migrights.documents.models import Passage
from migrights.documents.ratification import CSV_COLUMNS, csv_rows, instruments_matched, ratification_calls
from migrights.documents.search import FILTER_NAMES, marked_html
from migrights.lib import charts
from migrights.lib.labels import label
from migrights.lib.tables import write_csv
from migrights.lib.vocabulary import REGION_LABELS, gettext_noop
from migrights.publication.twins import error, respond
from migrights.reference.models import Instrument, Source
from migrights.reference.queries import source_dict

PAGE_SIZE = 20  # passages a page (the twins too: they give the same page)
# each corpus as a download of its own, apart from the observatory's CC BY data: dataset → file name
DOWNLOADS = {
    "general-comments": "general-comments-cc-by-nc-sa-4.0.csv",
    "upr-info": "upr-recommendations-upr-info.csv",
}


def _csv_row(record: dict[str, Any]) -> dict[str, Any]:
    return {
        **record,
        "committees": ";".join(record["committees"]),
        "issues": ";".join(record["issues"]),
        "groups": ";".join(record["groups"]),
    }


def _page_links(request: HttpRequest, pages: int, current: int) -> list[dict[str, Any]]:
    """Links to the first pages, the neighbours of the current one and the last (a search may match thousands)."""
    if pages <= 1:
        return []
    wanted = sorted({1, 2, current - 1, current, current + 1, pages} & set(range(1, pages + 1)))
    query = request.GET.copy()
    links = []
    for number in wanted:
        query["page"] = str(number)
        links.append({"url": f"?{query.urlencode()}", "number": number, "current": number == current})
    return links


def document_search(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """Search UPR recommendations and General Comment paragraphs, with filters; the matches marked."""
    raw = {name: request.GET.get(name, "") for name in FILTER_NAMES}
    context: dict[str, Any] = {
        "choices": queries.filter_choices(),
        "chosen": raw,
        "query": request.GET.get("q", ""),
        "nc_licence_url": queries.NC_LICENCE_URL,
    }
    try:
        query = queries.check_query(request.GET.get("q", ""))
        filters = queries.check_filters(raw)
    except queries.BadFilter as problem:
        return error(request, fmt, 400, str(problem), template="documents/search.html", context=context)
    page_text = request.GET.get("page", "1")
    page = int(page_text) if page_text.isdigit() and int(page_text) > 0 else 1
    found, result = queries.search_records(query, filters, page, PAGE_SIZE)
    records = [queries.passage_record(p, snippet) for p, snippet in found]
    sources = queries.sources_meta(p for p, _snippet in found)
    if fmt:
        data = {"query": query, "filters": filters.as_dict(), "paging": queries.page_meta(result), "results": records}
        table = [_csv_row(r) for r in records]
        return respond(request, fmt, "", data, table, queries.COLUMNS, "documents", sources=sources)
    shown = []
    for (_passage, snippet), record in zip(found, records, strict=True):
        text = mark_safe(marked_html(snippet)) if snippet else record["text"]  # escaped by marked_html, then marked
        shown.append({**record, "shown_text": text, "excerpt": bool(snippet)})
    chosen = {k: v for k, v in {"q": query, **raw}.items() if v}
    context.update(
        query=query,
        results=shown,
        paging=queries.page_meta(result),
        first_number=(result.page - 1) * PAGE_SIZE + 1,
        page_links=_page_links(request, result.pages, result.page),
        twin_query=urlencode(chosen),
        searched=bool(query) or bool(filters.as_dict()),
    )
    return respond(request, None, "documents/search.html", context, [], (), "documents", sources=sources)


def document_download(request: HttpRequest, dataset: str) -> HttpResponse:
    """One corpus whole, as CSV, every row with its licence: the treaty-body paragraphs (CC BY-NC-SA 4.0) are a
    download of their own, never mixed with the observatory's CC BY tables."""
    passages = (
        Passage.objects.filter(dataset=dataset)
        .select_related("source", "state_under_review", "recommending_state")
        .order_by("kind", "symbol", "position")
    )
    buffer = io.StringIO()
    write_csv(
        (_csv_row(queries.passage_record(p)) for p in passages.iterator(chunk_size=2000)), queries.COLUMNS, buffer
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{DOWNLOADS[dataset]}"'
    return response


# ---- instrument pages: did recommendations to ratify lead to ratification? ----------------------------------

OUTCOME_LABELS = {
    "ratified": gettext_noop("Became party after"),
    "not-party": gettext_noop("Not party"),
    "same-period": gettext_noop("Act in the review's year: order unknown"),
    "already-party": gettext_noop("Already party"),
    "unknown": gettext_noop("Unknown (data partial)"),
    "not-applicable": gettext_noop("Not applicable (cannot be party)"),
}
RESPONSE_LABELS = {"Accepted": gettext_noop("Accepted"), "Noted": gettext_noop("Noted")}


def ratification_page(found: dict[str, Any]) -> dict[str, Any]:
    """What the instrument page shows of :func:`migrights.documents.ratification.ratification_calls`: the rows
    with their labels, and the figure (share of reviews whose State became party, by response)."""
    complete = found["complete_as_of"]
    within = _("Within %(years)s years") % {"years": found["within_years"]}
    by_date = _("By %(date)s") % {"date": complete} if complete else _("By the latest recorded act")
    bars = [
        {"label": label(RESPONSE_LABELS, s["response"]), "series": series, "value": value, "reviews": whole}
        for s in found["summary"]
        for series, value, whole in (
            (within, s["ratified_within_share"], s["within_known"]),
            (by_date, s["ratified_share"], s["not_party_before"]),
        )
        if value is not None
    ]
    spec = (
        charts.grouped_bars(
            bars, x_title=_("Reviews whose State became party (%)"), series_title=_("When"), domain=(0, 100)
        )
        if bars
        else None
    )
    return {
        "rows": [
            {
                **r,
                "outcome_label": label(OUTCOME_LABELS, r["outcome"]),
                "response_label": label(RESPONSE_LABELS, r["response"]),
            }
            for r in found["rows"]
        ],
        "summary": [{**s, "response_label": label(RESPONSE_LABELS, s["response"])} for s in found["summary"]],
        "spec": spec,
        "within_label": within,
        "by_label": by_date,
    }


def ratification_recommendations(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """``/instruments/ICRMW/ratification-recommendations.json|.csv``: the instrument page's table as data."""
    instrument = Instrument.objects.filter(code=code.upper()).first()
    found = ratification_calls(instrument) if instrument else None
    if found is None:
        known = ", ".join(instruments_matched())
        message = _("No ratification recommendations are looked for on “%(code)s”: only on %(known)s.")
        return error(request, fmt, 404, message % {"code": code.upper(), "known": known})
    sources = [source_dict(s) for s in Source.objects.filter(key__in={found["source"], instrument.source.key})]
    return respond(
        request,
        fmt,
        "",
        found,
        csv_rows(found),
        CSV_COLUMNS,
        f"instrument-{instrument.code}-ratification-recommendations",
        sources=sources,
    )


def country_upr_page(upr: dict[str, Any], country_name: str) -> dict[str, Any] | None:
    """The country page's chart of accepted vs noted against its region (labels in the visitor's language)."""
    versus = upr.get("region_comparison")
    if not versus:
        return None
    region = label(REGION_LABELS, versus["region"])
    names = {"country": country_name, "region": region}
    rows = [{**r, "label": names[r["scope"]]} for r in versus["rows"]]
    bars = [
        {"label": r["label"], "series": label(RESPONSE_LABELS, response), "value": r[f"{key}_share"]}
        for r in rows
        for response, key in (("Accepted", "accepted"), ("Noted", "noted"))
        if r[f"{key}_share"] is not None
    ]
    spec = (
        charts.grouped_bars(
            bars, x_title=_("Share of the recommendations (%)"), series_title=_("Response"), domain=(0, 100)
        )
        if bars
        else None
    )
    return {"region": region, "rows": rows, "spec": spec}
