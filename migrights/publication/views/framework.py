"""The framework's indicators in public: what each asks, how a country expert codes it, and its answer levels, in
the page's language (the framework file's French and Spanish texts, the English marked where one is missing)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from migrights.documents import queries as documents
from migrights.framework.definition import CategoryDef, FrameworkDefinition, IndicatorDef
from migrights.framework.models import Framework
from migrights.framework.queries import (
    framework_version,
    framework_versions,
    indicator_dict,
    latest_framework,
    law_origin,
)
from migrights.law.loading import law_variables
from migrights.lib.labels import translated
from migrights.publication.twins import respond
from migrights.reference.models import Source

COLUMNS = ("code", "category", "right", "dimension", "type", "wording", "guidance")


def _framework(request: HttpRequest) -> tuple[Framework, FrameworkDefinition, str]:
    """The published framework, or the loaded version ``?framework=`` names (``1.1``); and the query that keeps it
    in the page's links (empty for the published one)."""
    version = request.GET.get("framework")
    framework = framework_version(version) if version else latest_framework()
    if framework is None:
        if version:
            raise Http404(
                _("The framework version “%(version)s” is not loaded; the versions are: %(versions)s.")
                % {"version": version[:16], "versions": ", ".join(f.version for f in framework_versions()) or "-"}
            )
        raise Http404(_("No framework has been loaded yet."))
    published = latest_framework()
    query = "" if published is not None and framework.pk == published.pk else f"?framework={framework.version}"
    return framework, framework.definition(), query


def _versions(shown: Framework) -> list[dict[str, Any]]:
    published = settings.FRAMEWORK_VERSION
    return [
        {
            "version": f.version,
            "label": str(f),
            "published": f.version == published,
            "shown": f.pk == shown.pk,
            "query": "" if f.version == published else f"?framework={f.version}",
        }
        for f in framework_versions()
    ]


def _origin(indicator: IndicatorDef) -> dict[str, Any] | None:
    """A law-derived indicator's dataset and variable, and how its codes become answers (None for the others)."""
    origin = law_origin(indicator)
    if origin is None:
        return None
    rule = indicator.derived or {}
    spec = law_variables().get(origin["variable"])
    source = Source.objects.filter(key=origin["source"]).values_list("title", flat=True).first()
    levels = [
        {
            "code": code,
            "meaning": spec.codes.get(str(code), "") if spec else "",
            "value": value,
            "label": translated_level(indicator, value),
        }
        for code, value in (rule.get("levels") or {}).items()
    ]
    cases = [
        {"variable": case["variable"], "codes": ", ".join(case["codes"]), "value": case["value"]}
        for case in rule.get("cases") or []
    ]
    return origin | {"source_title": source, "levels": levels, "number": bool(rule.get("number")), "cases": cases}


def translated_level(indicator: IndicatorDef, value: float) -> str:
    for level in indicator.scale.levels:
        if level.value == value:
            return translated(level.label, level.translations, "label")
    return ""


def _row(indicator: IndicatorDef) -> dict[str, Any]:
    return {name: getattr(indicator, name) for name in COLUMNS}


def _shown(indicator: IndicatorDef) -> dict[str, Any]:
    """The indicator's texts in the page's language."""
    return {
        "code": indicator.code,
        "dimension": indicator.dimension,
        "type": indicator.type,
        "wording": translated(indicator.wording, indicator.translations, "wording"),
        "guidance": translated(indicator.guidance, indicator.translations, "guidance"),
        "origin": law_origin(indicator),
        "levels": [
            {
                "value": level.value,
                "label": translated(level.label, level.translations, "label"),
                "meaning": level.meaning,
            }
            for level in indicator.scale.levels
        ],
    }


def indicator_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    framework, definition, query = _framework(request)
    table = [_row(i) for i in definition.indicators]
    data: dict[str, Any] = {"framework": definition.label, "indicators": table}
    if not fmt:
        data = {
            **data,
            "framework_query": query,
            "published": not query,
            "versions": _versions(framework),
            "categories": [
                {
                    "code": c.code,
                    "title": translated(c.title, c.translations, "title"),
                    "indicators": [_shown(i) for i in c.indicators],
                }
                for c in definition.categories
            ],
        }
    return respond(request, fmt, "framework/indicator_list.html", data, table, COLUMNS, "indicators")


def indicator_detail(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    definition, query = _framework(request)[1:]
    indicator = definition.by_code.get(code.upper())
    if indicator is None:
        raise Http404(
            _("The %(framework)s has no indicator “%(code)s”.") % {"framework": definition.label, "code": code}
        )
    category = next(c for c in definition.categories if c.code == indicator.category)
    found = _right_documents(category, indicator)
    data: dict[str, Any] = {"framework": definition.label, **indicator_dict(indicator), "documents": found}
    table = [{"code": indicator.code, "value": lv.value, "label": lv.label} for lv in indicator.scale.levels]
    if not fmt:
        right = next(r for r in category.rights if r.code == indicator.right)
        data = {
            **data,
            "page": {
                **_shown(indicator),
                "category_title": translated(category.title, category.translations, "title"),
                "right_title": translated(right.title, right.translations, "title"),
                "scale_kind": indicator.scale.kind,
                "unit": indicator.scale.unit,
                "range": (indicator.scale.min, indicator.scale.max),
                "origin": _origin(indicator),
                "treaty_derived": indicator.treaty_derived,
            },
            "framework_query": query,
            "published": not query,
            "nc_licence_url": documents.NC_LICENCE_URL,
        }
    return respond(
        request,
        fmt,
        "framework/indicator_detail.html",
        data,
        table,
        ("code", "value", "label"),
        f"indicator-{code}",
        sources=documents.sources_by_key(found["sources"]),
    )


# ---- a right's documents (issue 15): the treaty bodies' paragraphs the framework cites, the UPR's recommendations

DOCUMENT_COLUMNS = ("kind", "symbol", "paragraph", "committees", "year", "document_url", "licence", "text")


def _right_documents(category: CategoryDef, indicator: IndicatorDef | None = None) -> dict[str, Any]:
    """The crosswalk's documents on a category (an indicator's own cited paragraphs first), with the search
    addresses listing the rest."""
    refs = (indicator.documents if indicator is not None else ()) + category.documents
    found = documents.right_documents(category.code, refs)
    for part in (found["upr"], found["labelled"]):
        part["search_url"] = f"/documents/?{urlencode(part['search'])}" if part["search"] else None
    return found


def _document_rows(found: dict[str, Any]) -> list[dict[str, Any]]:
    """The twin's CSV: the cited paragraphs, then the newest recommendations listed, each with its licence."""
    return [
        {**{name: r.get(name) for name in DOCUMENT_COLUMNS}, "committees": "|".join(r["committees"])}
        for r in found["paragraphs"] + found["upr"]["latest"]
    ]


def category_detail(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    """A category of rights: its rights and indicators, what the treaty bodies say and the UPR recommendations."""
    definition, query = _framework(request)[1:]
    category = next((c for c in definition.categories if c.code == code.upper()), None)
    if category is None:
        raise Http404(_("The framework has no category “%(code)s”.") % {"code": code})
    found = _right_documents(category)
    data: dict[str, Any] = {
        "framework": definition.label,
        "code": category.code,
        "title": category.title,
        "description": category.description,
        "rights": [
            {"code": r.code, "title": r.title, "indicators": [i.code for i in r.indicators]} for r in category.rights
        ],
        "documents": found,
    }
    if not fmt:
        data = {
            **data,
            "page": {
                "title": translated(category.title, category.translations, "title"),
                "description": translated(category.description, category.translations, "description"),
                "rights": [
                    {
                        "code": r.code,
                        "title": translated(r.title, r.translations, "title"),
                        "indicators": [_shown(i) for i in r.indicators],
                    }
                    for r in category.rights
                ],
            },
            "framework_query": query,
            "nc_licence_url": documents.NC_LICENCE_URL,
        }
    return respond(
        request,
        fmt,
        "framework/category_detail.html",
        data,
        _document_rows(found),
        DOCUMENT_COLUMNS,
        f"category-{category.code}",
        sources=documents.sources_by_key(found["sources"]),
    )
