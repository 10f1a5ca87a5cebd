"""The framework's indicators in public: what each asks, how a country expert codes it, and its answer levels, in
the page's language (the framework file's French and Spanish texts, the English marked where one is missing)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from migrights.framework.definition import FrameworkDefinition, IndicatorDef
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
    data: dict[str, Any] = {"framework": definition.label, **indicator_dict(indicator)}
    table = [{"code": indicator.code, "value": lv.value, "label": lv.label} for lv in indicator.scale.levels]
    if not fmt:
        category = next(c for c in definition.categories if c.code == indicator.category)
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
        }
    return respond(
        request, fmt, "framework/indicator_detail.html", data, table, ("code", "value", "label"), f"indicator-{code}"
    )
