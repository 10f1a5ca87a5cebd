"""What the pages, the API and ``migrights.data`` read from the documents library.

One record shape for a passage (:func:`passage_record`), with its licence and source on every row; one search
(:func:`search_records`) over :mod:`migrights.documents.search`; filters checked against what the library holds
(:func:`check_filters`: an unknown value is refused with the values that exist, never answered by nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from migrights.documents import search as engine
from migrights.documents.crosswalk import crosswalk
from migrights.documents.loading import RESPONSES
from migrights.documents.models import GC_PARAGRAPH, KINDS, SEPARATOR, UPR_RECOMMENDATION, Passage
from migrights.documents.vocabulary import committees, group_labels, issue_tags
from migrights.lib import generations
from migrights.lib.memo import Latest
from migrights.reference.models import Country, Source
from migrights.reference.queries import source_dict

NC_LICENCE = "CC BY-NC-SA 4.0"
NC_LICENCE_URL = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
COLUMNS = (
    "id",
    "kind",
    "symbol",
    "document_url",
    "title",
    "committees",
    "year",
    "cycle",
    "session",
    "state_under_review",
    "recommending_state",
    "recommending_name",
    "response",
    "action",
    "issues",
    "groups",
    "paragraph",
    "text",
    "match",
    "licence",
    "non_commercial",
    "source",
)


class BadFilter(ValueError):
    """A filter value the library does not hold; the message names the values it does."""


def _split(value: str) -> list[str]:
    return [v for v in value.split(SEPARATOR) if v]


def passage_record(passage: Passage, snippet: str | None = None) -> dict[str, Any]:
    """One passage as every twin shows it: its document's symbol and link, its licence and source."""
    return {
        "id": f"{passage.dataset}:{passage.key}",
        "kind": passage.kind,
        "symbol": passage.symbol or None,  # None: the source does not name the document (UPR Info's rows)
        "document_url": passage.url or None,
        "title": passage.title or None,
        "committees": _split(passage.committees),
        "year": passage.year,
        "cycle": passage.cycle,
        "session": passage.session,
        "state_under_review": passage.state_under_review.code if passage.state_under_review else None,
        "recommending_state": passage.recommending_state.code if passage.recommending_state else None,
        "recommending_name": passage.recommending_name or None,
        "response": passage.response or None,
        "action": passage.action,
        "issues": _split(passage.issues),
        "groups": _split(passage.groups),
        "paragraph": passage.paragraph or None,
        "text": passage.text,
        "match": engine.plain(snippet) if snippet else None,
        "licence": passage.licence,
        "non_commercial": passage.licence == NC_LICENCE,
        "source": passage.source.key,
    }


# Per process, read again when the library or the states change: every search page and twin asks for them
_CHOICES: Latest[dict[str, list[Any]]] = Latest()


def filter_choices() -> dict[str, list[Any]]:
    """The values each filter may take (what the library holds); shared by the requests: read it, never change it."""
    return _CHOICES.get(generations.key("documents", "reference"), _read_choices)


def _read_choices() -> dict[str, list[Any]]:
    passages = Passage.objects.order_by()  # distinct values, not one per passage (the model's ordering)
    years = sorted(y for y in passages.values_list("year", flat=True).distinct() if y)
    reviewed = set(passages.values_list("state_under_review", flat=True).distinct())
    recommending = set(passages.values_list("recommending_state", flat=True).distinct())
    names = {pk: (code, name) for pk, code, name in Country.objects.values_list("pk", "code", "name")}
    return {
        "kinds": list(KINDS),
        "committees": committees(),
        "years": years,
        "states_under_review": _countries(reviewed, names),
        "recommending_states": _countries(recommending, names),
        "responses": list(RESPONSES),
        "issues": issue_tags(),
        "groups": group_labels(),
    }


def _countries(keys: set[int | None], names: dict[int, tuple[str, str]]) -> list[dict[str, str]]:
    found = [{"code": names[k][0], "name": names[k][1]} for k in keys if k is not None]
    return sorted(found, key=lambda c: c["name"])


def _one_of(name: str, value: str, known: Iterable[str]) -> str:
    names = list(known)
    if value not in names:
        shown = ", ".join(names[:25]) + (" ..." if len(names) > 25 else "")
        raise BadFilter(f"no {name} {value[:60]!r} in the library: one of {shown}")
    return value


def check_filters(raw: Mapping[str, Any]) -> engine.Filters:
    """Filters from a query string (``kind``, ``committee``, ``year``, ``state``, ``recommending``, ``response``,
    ``issue``, ``group``); an unknown value raises :class:`BadFilter`."""
    values: dict[str, Any] = {}
    text = {k: str(raw.get(k) or "").strip() for k in engine.FILTER_NAMES}
    if text["kind"]:
        values["kind"] = _one_of("kind", text["kind"], KINDS)
    if text["committee"]:
        values["committee"] = _one_of("committee", text["committee"].upper(), committees())
    if text["year"]:
        years = filter_choices()["years"]
        if not text["year"].isdigit() or int(text["year"]) not in years:
            raise BadFilter(f"no passage of the year {text['year'][:8]!r}: years {years[0]}-{years[-1]}")
        values["year"] = int(text["year"])
    for name, field in (("state", "state_under_review"), ("recommending", "recommending_state")):
        if text[name]:
            code = text[name].upper()
            if not Country.objects.filter(code=code).exists():
                raise BadFilter(f"no country {code[:8]!r}: countries are named by their ISO 3166 alpha-3 code")
            values[field] = code
    if text["response"]:
        values["response"] = _one_of("response", text["response"].capitalize(), RESPONSES)
    if text["issue"]:
        values["issue"] = _one_of("issue tag", text["issue"], issue_tags())
    if text["group"]:
        values["group"] = _one_of("concerned group", text["group"], group_labels())
    return engine.Filters(**values)


def check_query(query: str) -> str:
    if len(query) > engine.MAX_QUERY:
        raise BadFilter(f"the query is longer than {engine.MAX_QUERY} characters")
    return query.strip()


def search_records(
    query: str, filters: engine.Filters, page: int = 1, page_size: int = 20
) -> tuple[list[tuple[Passage, str | None]], engine.SearchPage]:
    """The passages of one page of a search, best first, each with its marked snippet (None when browsing)."""
    found = engine.search(query, filters, page, page_size)
    by_id = Passage.objects.select_related("source", "state_under_review", "recommending_state").in_bulk(found.ids)
    return [(by_id[i], found.snippets.get(i)) for i in found.ids if i in by_id], found


def page_meta(found: engine.SearchPage) -> dict[str, Any]:
    return {"count": found.total, "page": found.page, "page_size": found.page_size, "pages": found.pages}


def sources_meta(passages: Iterable[Passage]) -> list[dict[str, Any]]:
    """Licence and citation of each source the passages come from (the corpus's own licence first)."""
    keys = {p.source_id for p in passages}  # the primary keys of their sources
    return [{**source_dict(s), "citation": s.citation} for s in Source.objects.filter(pk__in=keys).order_by("key")]


__all__ = ["GC_PARAGRAPH", "NC_LICENCE", "UPR_RECOMMENDATION", "BadFilter", "check_filters", "passage_record"]


# ---- the country page's section: UPR recommendations on migrants, refugees and trafficking ------------------

COUNTRY_THEMES = ("Migrants", "Asylum-seekers - refugees", "Trafficking")  # UPR Info's issue tags
COUNTRY_LISTED = 25  # recommendations listed on the page (the newest); the search page lists them all


@dataclass(frozen=True)
class _ThemeIndex:
    """The recommendations on the section's themes, read once per state of the library and the countries."""

    received: dict[int, list[dict[str, Any]]]  # State under review's id → its recommendations, newest first
    made: dict[int, int]  # recommending State's id → how many it made
    region: dict[str, dict[str, Any]]  # region → accepted, noted and the set of its States under review


_THEMES: Latest[_ThemeIndex] = Latest()


def _theme_index() -> _ThemeIndex:
    state = generations.key("documents", "reference")

    def build() -> _ThemeIndex:
        themes = set(COUNTRY_THEMES)
        # a tag is matched as a substring of the |-joined tags (no tag's name holds another's) in the database,
        # then tag by tag for the recommendations a State received
        on_themes = Q()
        for theme in COUNTRY_THEMES:
            on_themes |= Q(issues__contains=theme)
        rows = (
            Passage.objects.filter(on_themes, kind=UPR_RECOMMENDATION)
            .order_by("-session", "position")
            .values_list(
                "state_under_review_id",
                "state_under_review__region",
                "recommending_state_id",
                "recommending_state__code",
                "recommending_state__name",
                "session",
                "cycle",
                "year",
                "symbol",
                "response",
                "issues",
                "text",
            )
        )
        received: dict[int, list[dict[str, Any]]] = {}
        made: dict[int, int] = {}
        region: dict[str, dict[str, Any]] = {}
        for under, under_region, by, by_code, by_name, session, cycle, year, symbol, response, issues, text in rows:
            if by is not None:
                made[by] = made.get(by, 0) + 1
            if under_region:
                counts = region.setdefault(under_region, {"Accepted": 0, "Noted": 0, "states": set()})
                if response in ("Accepted", "Noted"):
                    counts[response] += 1
                if under is not None:
                    counts["states"].add(under)
            tags = _split(issues)
            if under is not None and themes & set(tags):
                received.setdefault(under, []).append(
                    {
                        "session": session,
                        "cycle": cycle,
                        "year": year,
                        "symbol": symbol or None,  # the Working Group report's, where a page giving it was read
                        "recommending_state": by_code,
                        "recommending_name": by_name,
                        "response": response,
                        "issues": [t for t in tags if t in themes],
                        "text": text,
                    }
                )
        return _ThemeIndex(received, made, region)

    return _THEMES.get(state, build)


def country_upr(country: Country, on: Any = None) -> dict[str, Any]:
    """UPR recommendations a country received (and made) on migrants, refugees and trafficking: accepted and
    noted by cycle, as UPR Info states the responses, and the newest of them with who made them."""
    index = _theme_index()
    received = index.received.get(country.pk, [])
    made = index.made.get(country.pk, 0)
    in_region = index.region.get(country.region) if country.region else None
    totals = {
        "made": made,
        "region_accepted": in_region["Accepted"] if in_region else 0,
        "region_noted": in_region["Noted"] if in_region else 0,
        "region_states": len(in_region["states"]) if in_region else 0,
    }
    cycles: dict[int, dict[str, int]] = {}
    for p in received:
        counts = cycles.setdefault(p["cycle"] or 0, {"cycle": p["cycle"], "accepted": 0, "noted": 0})
        counts["accepted" if p["response"] == "Accepted" else "noted"] += 1
    accepted = sum(c["accepted"] for c in cycles.values())
    return {
        "themes": list(COUNTRY_THEMES),
        "received": len(received),
        "made": made,
        "by_cycle": [cycles[c] for c in sorted(cycles)],
        "region_comparison": _versus_region(country, accepted, len(received) - accepted, totals),
        "recommendations": [{**p, "issues": list(p["issues"])} for p in received[:COUNTRY_LISTED]],
        "source": "upr-info-2008-2014" if received or made else None,
    }


def share_percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole`` (one decimal); None when there is no whole: unknown, never 0 %."""
    return round(100 * part / whole, 1) if whole else None


def _versus_region(country: Country, accepted: int, noted: int, counts: dict[str, int]) -> dict[str, Any] | None:
    """Share of the recommendations on the section's themes accepted and noted: the country's, and its region's
    (every State under review of the region, the country among them), as UPR Info states the responses."""
    if not country.region or not counts["region_states"]:
        return None
    rows = []
    for scope, name, yes, no in (
        ("country", country.code, accepted, noted),
        ("region", country.region, counts["region_accepted"], counts["region_noted"]),
    ):
        rows.append(
            {
                "scope": scope,
                "name": name,
                "recommendations": yes + no,
                "accepted": yes,
                "noted": no,
                "accepted_share": share_percent(yes, yes + no),
                "noted_share": share_percent(no, yes + no),
            }
        )
    return {"region": country.region, "states": counts["region_states"], "rows": rows}


# ---- a right's documents: the paragraphs the framework cites and the UPR recommendations the crosswalk links ------

RIGHT_LISTED = 5  # recommendations listed on a right's page (the newest); the search lists them all


def _has(names: str, wanted: Iterable[str]) -> bool:
    return bool(set(_split(names)) & set(wanted))


def _any_contains(field: str, names: Iterable[str]) -> Q:
    query = Q()
    for name in names:
        query |= Q(**{f"{field}__contains": name})  # narrowed in the database, then checked name by name
    return query


def cited_paragraphs(refs: Iterable[tuple[str, str]]) -> list[Passage]:
    """The General Comment paragraphs named by (UN symbol, paragraph), in the order cited (one query)."""
    refs = list(dict.fromkeys(refs))
    if not refs:
        return []
    found: dict[tuple[str, str], Passage] = {}
    for passage in (
        Passage.objects.filter(kind=GC_PARAGRAPH, symbol__in={s for s, _ in refs})
        .select_related("source")
        .order_by("position")
    ):
        found.setdefault((passage.symbol, passage.paragraph), passage)
    return [found[ref] for ref in refs if ref in found]


def right_documents(
    category: str, refs: Iterable[tuple[str, str]], country: Country | None = None, listed: int = RIGHT_LISTED
) -> dict[str, Any]:
    """What the treaty bodies and the UPR said on one right (a framework category, or one of its indicators with
    ``refs`` its own and its category's cited paragraphs): the cited paragraphs with their licence; how many more
    paragraphs the corpus labels so (:mod:`migrights.documents.crosswalk`); the UPR recommendations on migrants
    tagged with the category's issues (for one State under review with ``country``), accepted and noted, the
    newest ``listed`` of them, and the search filters listing them all. Four queries at most."""
    walk = crosswalk()
    link = walk.link(category)
    paragraphs = cited_paragraphs(refs)
    cited = {p.pk for p in paragraphs}
    labelled = 0
    if link.groups:
        rows = Passage.objects.filter(_any_contains("groups", link.groups), kind=GC_PARAGRAPH).values_list(
            "pk", "groups"
        )
        labelled = sum(
            1
            for pk, groups in rows
            if pk not in cited and _has(groups, link.groups) and _has(groups, walk.groups_within)
        )
    upr: dict[str, Any] = {"issues": list(link.upr_issues), "count": 0, "accepted": 0, "noted": 0, "latest": []}
    if link.upr_issues:
        found = Passage.objects.filter(_any_contains("issues", link.upr_issues), kind=UPR_RECOMMENDATION)
        if country is not None:
            found = found.filter(state_under_review=country)
        rows = [
            (pk, response)
            for pk, issues, response in found.order_by("-session", "position").values_list("pk", "issues", "response")
            if _has(issues, link.upr_issues) and _has(issues, walk.upr_within)
        ]
        newest = [pk for pk, _ in rows[:listed]]
        by_id = Passage.objects.select_related("source", "state_under_review", "recommending_state").in_bulk(newest)
        upr.update(
            count=len(rows),
            accepted=sum(1 for _, r in rows if r == "Accepted"),
            noted=sum(1 for _, r in rows if r == "Noted"),
            latest=[passage_record(by_id[pk]) for pk in newest],
        )
    search = {"kind": UPR_RECOMMENDATION, "issue": link.upr_issues[0] if link.upr_issues else None}
    if country is not None:
        search["state"] = country.code
    return {
        "category": category,
        "paragraphs": [passage_record(p) for p in paragraphs],
        "labelled": {
            "groups": list(link.groups),
            "count": labelled,
            "search": {"kind": GC_PARAGRAPH, "group": link.groups[0]} if link.groups else None,
        },
        "upr": {**upr, "search": search if link.upr_issues else None},
        "licences": sorted({p.licence for p in paragraphs}),
        "sources": sorted({p.source.key for p in paragraphs} | {r["source"] for r in upr["latest"]}),
    }


def sources_by_key(keys: Iterable[str]) -> list[dict[str, Any]]:
    """Licence and citation of the sources named by key (a page's footer and its JSON envelope)."""
    return [
        {**source_dict(s), "citation": s.citation} for s in Source.objects.filter(key__in=set(keys)).order_by("key")
    ]


def passage_by_id(text: str) -> Passage | None:
    """A passage by its record id (``dataset:key``, as :func:`passage_record` gives it); None when unknown."""
    dataset, _, key = text.partition(":")
    if not dataset or not key:
        return None
    return (
        Passage.objects.select_related("state_under_review", "recommending_state")
        .filter(dataset=dataset, key=key)
        .first()
    )


def passage_citation(passage: Passage) -> dict[str, str]:
    """How an expert cites a passage as evidence: its citation (symbol and paragraph; for a recommendation its
    States, session and response, and its Working Group report's symbol where one was read), its document's URL
    and, for a recommendation, its words (nothing else identifies it)."""
    if passage.kind == GC_PARAGRAPH:
        committees = ", ".join(_split(passage.committees))
        year = f", {passage.year}" if passage.year else ""
        return {
            "citation": f"{passage.symbol}, para. {passage.paragraph} ({committees}{year})"[:500],
            "url": passage.url,
            "excerpt": "",
        }
    by = passage.recommending_state.code if passage.recommending_state else passage.recommending_name or "?"
    to = passage.state_under_review.code if passage.state_under_review else "?"
    year = f", {passage.year}" if passage.year else ""
    report = f", Working Group report {passage.symbol}" if passage.symbol else ""
    return {
        "citation": (
            f"UPR recommendation by {by} to {to}, session {passage.session}{year} (cycle {passage.cycle}){report}: "
            f"{passage.response or 'response not given'} (UPR Info)"
        )[:500],
        "url": passage.url,
        "excerpt": passage.text,
    }
