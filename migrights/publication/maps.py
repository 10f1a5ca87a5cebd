"""The world maps the pages draw: countries by category (``charts.categorical_map``, instrument and body pages) and
the centroids of the countries' shapes that flow maps join (``charts.flow_map``, corridors on country pages)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
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


WORLD_ATLAS = Path(__file__).resolve().parent / "static" / "vendor" / "world-atlas" / "countries-50m.json"


@cache
def shape_centroids(path: Path = WORLD_ATLAS) -> dict[str, tuple[float, float]]:
    """Shape key (M49 code, else the shape's name: ``charts.shape_key``) → (longitude, latitude) of the centroid of
    its largest polygon (mainland France, not French Guiana), read once from the vendored world-atlas file."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = [np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]

    def ring(indices: list[int]) -> np.ndarray:
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
        return np.concatenate(parts) if parts else np.zeros((0, 2))

    centroids: dict[str, tuple[float, float]] = {}
    largest: dict[str, float] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = (
            [geometry["arcs"]] if kind == "Polygon" else geometry.get("arcs", []) if kind == "MultiPolygon" else []
        )
        best: tuple[float, float, float] | None = None
        for polygon in polygons:
            points = ring(polygon[0])
            if len(points) < 3:
                continue
            x, y = np.unwrap(points[:, 0], period=360), points[:, 1]  # a ring across the antimeridian (Russia)
            cross = x * np.roll(y, -1) - np.roll(x, -1) * y
            area = cross.sum() / 2
            if area == 0:
                continue
            cx = ((x + np.roll(x, -1)) * cross).sum() / (6 * area)
            cy = ((y + np.roll(y, -1)) * cross).sum() / (6 * area)
            if best is None or abs(area) > best[0]:
                best = (abs(area), float(cx), float(cy))
        key = geometry.get("id") or geometry.get("properties", {}).get("name")
        if best and key and best[0] > largest.get(str(key), 0):  # Australia, not its Ashmore and Cartier Islands
            largest[str(key)] = best[0]
            centroids[str(key)] = (round((best[1] + 180) % 360 - 180, 3), round(best[2], 3))
    return centroids


def country_centroid(code: str, m49: str | None) -> tuple[float, float] | None:
    """Where a country's flows start or end on a map (None: no shape on the map)."""
    key = charts.shape_key(code, m49)
    return shape_centroids().get(key) if key else None
