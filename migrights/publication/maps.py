"""The world map of countries by category that instrument and body pages draw (``charts.categorical_map``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from migrights.lib import charts
from migrights.publication.context import language_prefix
from migrights.reference.countries import localized_country_name


def country_category_map(
    countries: Iterable[tuple[str, str, str, str]], *, legend_title: str, categories: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """``countries`` are (code, m49, English name, category label) rows; ``categories`` (label, colour) in legend
    order. Each country is named in the visitor's language and opens its page on click."""
    language = get_language() or "en"
    prefix = language_prefix(language)
    rows = [
        {
            "country": code,
            "m49": m49,
            "name": localized_country_name(code, name, language),
            "category": category,
            "url": f"{prefix}/countries/{code}/",
        }
        for code, m49, name, category in countries
    ]
    return charts.categorical_map(
        rows,
        topojson_url=static("vendor/world-atlas/countries-50m.json"),
        legend_title=legend_title,
        categories=categories,
        tooltip_title=_("Country"),
    )
