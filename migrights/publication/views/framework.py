"""The framework's indicators in public: what each asks, how a country expert codes it, and its answer levels, in
the page's language (the framework file's French and Spanish texts, the English marked where one is missing)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from migrights.documents import queries as documents
from migrights.framework.definition import CategoryDef, FrameworkDefinition, IndicatorDef
from migrights.framework.queries import indicator_dict, latest_framework
from migrights.lib.labels import translated
from migrights.publication.twins import respond

COLUMNS = ("code", "category", "right", "dimension", "type", "wording", "guidance")


def _definition() -> FrameworkDefinition:
    framework = latest_framework()
    if framework is None:
        raise Http404(_("No framework has been loaded yet."))
    return framework.definition()


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
    definition = _definition()
    table = [_row(i) for i in definition.indicators]
    data: dict[str, Any] = {"framework": definition.label, "indicators": table}
    if not fmt:
        data = {
            **data,
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
    definition = _definition()
    indicator = definition.by_code.get(code.upper())
    if indicator is None:
        raise Http404(_("The framework has no indicator “%(code)s”.") % {"code": code})
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
            },
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
    definition = _definition()
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
