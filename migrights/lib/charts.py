"""Vega-Lite specifications of the public charts, built from plain rows (no Django here).

Every chart is drawn in the browser by the vendored Vega-Lite and, for policy briefs, on the server by
vl-convert; each page also shows the same rows as a table or a sentence (the chart's text alternative).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only: nothing is fetched from it
MISSING_COLOUR = "#e4e4e4"
SCORE_DOMAIN = (0, 100)
# world-atlas features without an M49 id (Natural Earth's -99): the states of our table drawn by one, by name
SHAPES_WITHOUT_M49 = {"XKX": "Kosovo"}
SHAPE_KEY_EXPRESSION = "datum.id != null ? datum.id : datum.properties.name"
VALUE_FIELD = "name"  # every looked-up row has a name: shapes without a row are left to the grey land layer
# Okabe-Ito colours (told apart by colour-blind readers), of distinct lightness (told apart in grey-scale), and
# each series also drawn with its own dash pattern (``trend``).
DIMENSION_COLOURS = {
    "commitment": "#0072b2",
    "protection": "#e69f00",
    "implementation": "#009e73",
    "overall": "#222222",
}
# Values on maps: cividis (made for colour-blind readers, its lightness rising evenly), reversed so that more is
# darker and cut before its palest yellow so that the lightest value stays darker than the grey of "no value".
SEQUENTIAL_SCHEME = "cividis"
SEQUENTIAL_EXTENT = (0.82, 0.0)


def shape_key(code: str, m49: str | None) -> str | None:
    """The key joining a country to its shapes in the world-atlas file: its M49 code, else its shape's name."""
    return m49 or SHAPES_WITHOUT_M49.get(code)


def map_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows a map made by ``choropleth`` joins to its shapes (one per country drawn)."""
    lookup = next(step for step in spec["layer"][1]["transform"] if "lookup" in step)
    return lookup["from"]["data"]["values"]


def choropleth(
    values: Sequence[dict[str, Any]],
    *,
    topojson_url: str,
    legend_title: str,
    year: int | None = None,
    domain: tuple[float, float] | None = SCORE_DOMAIN,
    scheme: str = SEQUENTIAL_SCHEME,
    value_format: str = ".1f",
    tooltip_title: str = "Country",
) -> dict[str, Any]:
    """A world map coloured by ``value`` per country.

    ``values`` rows (one per country) carry ``m49`` (world-atlas feature id) or ``country`` (for the shapes
    without an id, ``SHAPES_WITHOUT_M49``), ``name``, ``value`` and ``url`` (the country's page, opened on
    click). Every shape looks its country's row up (shape → value), so a country drawn as several shapes
    sharing one code (Australia and the Ashmore and Cartier Islands, 036) is coloured in all of them; a
    lookup the other way round keeps one shape per code. ``year`` is the map's parameter, which the page's
    slider changes without reloading (``view.signal("year", ...)``; see ``choropleth_over_years``).
    """
    rows = []
    for row in values:
        key = shape_key(row.get("country", ""), row.get("m49"))
        if key:
            rows.append({**row, "shape": key})
    fields = sorted({name for row in rows for name in row if name not in ("shape", "m49", "country")})
    layer_values: dict[str, Any] = {
        "data": {"url": topojson_url, "format": {"type": "topojson", "feature": "countries"}},
        "transform": [
            {"calculate": SHAPE_KEY_EXPRESSION, "as": "shape"},
            {"lookup": "shape", "from": {"data": {"values": rows}, "key": "shape", "fields": fields}},
            {"filter": f"isValid(datum.{VALUE_FIELD})"},
        ],
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4, "cursor": "pointer"},
        "encoding": {
            "color": {
                "field": "value",
                "type": "quantitative",
                "title": legend_title,
                "scale": {
                    "scheme": {"name": scheme, "extent": list(SEQUENTIAL_EXTENT)},
                    **({"domain": list(domain)} if domain else {}),
                },
                "legend": {"orient": "bottom-left", "direction": "horizontal", "gradientLength": 180},
            },
            "tooltip": [
                {"field": "name", "type": "nominal", "title": tooltip_title},
                {"field": "value", "type": "quantitative", "title": legend_title, "format": value_format},
            ],
            "href": {"field": "url", "type": "nominal"},
        },
    }
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 420,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "projection": {"type": "equalEarth"},
        "params": [{"name": "year", "value": year}] if year is not None else [],
        "layer": [
            {
                # the grey land under the values: decoration, not data, so nothing for a screen reader
                # (axe: svg-img-alt); the coloured layer above speaks for the map
                "data": {"url": topojson_url, "format": {"type": "topojson", "feature": "countries"}},
                "mark": {
                    "type": "geoshape",
                    "fill": MISSING_COLOUR,
                    "stroke": "#ffffff",
                    "strokeWidth": 0.4,
                    "aria": False,
                },
            },
            layer_values,
        ],
        "config": {"view": {"stroke": None}},
    }


def trend(
    rows: Sequence[dict[str, Any]],
    *,
    y_title: str,
    series_title: str,
    domain: tuple[float, float] | None = SCORE_DOMAIN,
    colours: dict[str, str] | None = None,
    year_title: str = "Year",
    value_format: str = ".1f",
) -> dict[str, Any]:
    """Lines over the years, one per ``series``, with a band from ``low`` to ``high`` where rows have them.

    ``rows`` carry ``year``, ``series`` (the label shown), ``value`` and optionally ``low`` and ``high``.
    Titles are given in the page's language; ``value_format`` formats the values in tooltips and tables.
    """
    colours = colours or {}
    series = list(dict.fromkeys(row["series"] for row in rows))
    colour = {"field": "series", "type": "nominal", "title": series_title}
    if all(name in colours for name in series):
        colour["scale"] = {"domain": series, "range": [colours[name] for name in series]}
    # each line its own dash pattern too: the series stay apart in grey-scale and for colour-blind readers
    dash = {"field": "series", "type": "nominal", "title": series_title, "scale": {"domain": series}}
    y_scale = {"domain": list(domain)} if domain else {"zero": False}
    layers: list[dict[str, Any]] = []
    if _has_intervals(rows):
        layers.append(
            {
                "transform": [{"filter": "datum.low != null"}],
                "mark": {"type": "area", "opacity": 0.18},
                "encoding": {
                    "y": {"field": "low", "type": "quantitative", "scale": y_scale, "title": y_title},
                    "y2": {"field": "high"},
                    "color": colour,
                },
            }
        )
    layers.append(
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "y": {"field": "value", "type": "quantitative", "scale": y_scale, "title": y_title},
                "color": colour,
                **({"strokeDash": dash} if len(series) > 1 else {}),
                "tooltip": [
                    {"field": "series", "title": series_title},
                    {"field": "year", "type": "ordinal", "title": year_title},
                    {"field": "value", "type": "quantitative", "format": value_format, "title": y_title},
                ],
            },
        }
    )
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 260,
        "data": {"values": [dict(row) for row in rows]},
        "encoding": {
            "x": {
                "field": "year",
                "type": "quantitative",
                "title": year_title,
                "scale": {"nice": False, "zero": False},
                "axis": {"format": "d", "tickMinStep": 1},
            }
        },
        "layer": layers,
    }


def categorical_map(
    values: Sequence[dict[str, Any]],
    *,
    topojson_url: str,
    legend_title: str,
    categories: Sequence[tuple[str, str]],
    tooltip_title: str = "Country",
) -> dict[str, Any]:
    """A world map coloured by category (e.g. party, signatory, denounced, none).

    ``values`` rows carry ``m49``, ``name``, ``category`` (one of the labels in ``categories``) and ``url``
    (opened on click); ``categories`` lists (label, colour) in legend order.
    """
    spec = choropleth(values, topojson_url=topojson_url, legend_title=legend_title, domain=None)
    layer = spec["layer"][1]
    layer["encoding"]["color"] = {
        "field": "category",
        "type": "nominal",
        "title": legend_title,
        "scale": {"domain": [label for label, _ in categories], "range": [colour for _, colour in categories]},
        "legend": {"orient": "bottom-left", "direction": "horizontal", "columns": 2},
    }
    layer["encoding"]["tooltip"] = [
        {"field": "name", "type": "nominal", "title": tooltip_title},
        {"field": "category", "type": "nominal", "title": legend_title},
    ]
    return spec


def event_timeline(
    rows: Sequence[dict[str, Any]],
    *,
    kind_title: str,
    date_title: str,
    title_title: str,
    colours: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Events as points on a time axis, one row of points per ``kind``, with their title as tooltip.

    ``rows`` carry ``date`` (an ISO date, the first day of a partial one), ``label`` (the date as known),
    ``title``, ``kind`` (the label shown) and optionally ``url`` (opened on click).
    """
    kinds = list(dict.fromkeys(row["kind"] for row in rows))
    colour: dict[str, Any] = {"field": "kind", "type": "nominal", "title": kind_title, "legend": None}
    if colours and all(kind in colours for kind in kinds):
        colour["scale"] = {"domain": kinds, "range": [colours[kind] for kind in kinds]}
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": max(120, 34 * len(kinds)),
        "data": {"values": [dict(row) for row in rows]},
        "mark": {"type": "point", "filled": True, "size": 70, "opacity": 0.8, "cursor": "pointer"},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": date_title, "axis": {"format": "%Y"}},
            "y": {"field": "kind", "type": "nominal", "title": None, "sort": kinds},
            "color": colour,
            "tooltip": [
                {"field": "label", "type": "nominal", "title": date_title},
                {"field": "title", "type": "nominal", "title": title_title},
                {"field": "kind", "type": "nominal", "title": kind_title},
            ],
            "href": {"field": "url", "type": "nominal"},
        },
    }


def step_count(
    rows: Sequence[dict[str, Any]],
    *,
    y_title: str,
    date_title: str,
) -> dict[str, Any]:
    """A count that changes on dates and holds in between (e.g. members of a body): a step line on a time axis.

    ``rows`` carry ``date`` (an ISO date, the first day of a partial one), ``label`` (the date as known)
    and ``value`` (the count from that date on), in date order; the last row is the date the series runs to.
    """
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 260,
        "data": {"values": [dict(row) for row in rows]},
        "mark": {"type": "line", "interpolate": "step-after", "point": True},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": date_title, "axis": {"format": "%Y"}},
            "y": {"field": "value", "type": "quantitative", "title": y_title, "scale": {"zero": True}},
            "tooltip": [
                {"field": "label", "type": "nominal", "title": date_title},
                {"field": "value", "type": "quantitative", "format": "d", "title": y_title},
            ],
        },
    }


def choropleth_over_years(
    series: Sequence[dict[str, Any]],
    *,
    topojson_url: str,
    legend_title: str,
    year: int,
    domain: tuple[float, float] | None = SCORE_DOMAIN,
    scheme: str = SEQUENTIAL_SCHEME,
    value_format: str = ".1f",
    tooltip_title: str = "Country",
) -> dict[str, Any]:
    """The world map of ``choropleth`` over many years, compactly: one row per country, flattened in the browser.

    ``series`` rows carry ``m49``, ``name``, ``url`` and two lists of equal length, ``year`` and ``value``
    (a page holds 37 years of 200 countries in a few dozen kilobytes); the slider's ``year`` picks the values.
    """
    spec = choropleth(
        series,
        topojson_url=topojson_url,
        legend_title=legend_title,
        year=year,
        domain=domain,
        scheme=scheme,
        value_format=value_format,
        tooltip_title=tooltip_title,
    )
    values_layer = spec["layer"][1]
    values_layer["transform"] = [
        *values_layer["transform"],  # each shape with its country's lists of years and values
        {"flatten": ["year", "value"]},
        {"filter": "datum.year == year && isValid(datum.value)"},
    ]
    return spec


def _has_intervals(rows: Sequence[dict[str, Any]]) -> bool:
    """Whether any row has an interval (an edition computed without Monte Carlo draws has none)."""
    return any(row.get("low") is not None and row.get("high") is not None for row in rows)


def dot_interval(
    rows: Sequence[dict[str, Any]],
    *,
    x_title: str,
    domain: tuple[float, float] | None = SCORE_DOMAIN,
    value_format: str = ".1f",
    tooltip_title: str = "Country",
) -> dict[str, Any]:
    """A ranked list as dots with their interval: one line per row (``label``, ``value``, ``low``, ``high``).

    Rows come in the order shown (best rank first).
    """
    order = [row["label"] for row in rows]
    x_scale = {"domain": list(domain)} if domain else {"zero": False}
    y = {"field": "label", "type": "nominal", "sort": order, "title": None}
    # intervals only where computed: an empty layer is an unlabelled SVG group (axe: svg-img-alt)
    intervals = [
        {
            "transform": [{"filter": "isValid(datum.low) && isValid(datum.high)"}],
            "mark": {"type": "rule", "color": "#7f9cc4", "strokeWidth": 2},
            "encoding": {
                "y": y,
                "x": {"field": "low", "type": "quantitative", "scale": x_scale, "title": x_title},
                "x2": {"field": "high"},
            },
        }
    ]
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": {"step": 14},
        "data": {"values": [dict(row) for row in rows]},
        "layer": [
            *(intervals if _has_intervals(rows) else []),
            {
                "mark": {"type": "point", "filled": True, "color": DIMENSION_COLOURS["commitment"], "size": 30},
                "encoding": {
                    "y": y,
                    "x": {"field": "value", "type": "quantitative", "scale": x_scale, "title": x_title},
                    "tooltip": [
                        {"field": "label", "type": "nominal", "title": tooltip_title},
                        {"field": "value", "type": "quantitative", "format": value_format, "title": x_title},
                    ],
                },
            },
        ],
        "config": {"axis": {"labelLimit": 140}},
    }


def grouped_bars(
    rows: Sequence[dict[str, Any]],
    *,
    x_title: str,
    series_title: str,
    domain: tuple[float, float] | None = SCORE_DOMAIN,
    bar_step: int | None = None,
) -> dict[str, Any]:
    """Horizontal bars, one group per ``label`` (e.g. a dimension) and one bar per ``series`` (e.g. a country).

    Rows carry ``label``, ``series``, ``value`` and optionally ``low`` and ``high`` (drawn as a rule).
    ``bar_step``: the height of one bar in pixels (by default 12 per series, for a few series).
    """
    labels = list(dict.fromkeys(row["label"] for row in rows))
    series = list(dict.fromkeys(row["series"] for row in rows))
    x_scale = {"domain": list(domain)} if domain else {"zero": True}
    y = {"field": "label", "type": "nominal", "sort": labels, "title": None}
    y_offset = {"field": "series", "type": "nominal", "sort": series}
    colour = {"field": "series", "type": "nominal", "title": series_title, "sort": series}
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": {"step": bar_step or 12 * max(1, len(series))},
        "data": {"values": [dict(row) for row in rows]},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "y": y,
                    "yOffset": y_offset,
                    "x": {"field": "value", "type": "quantitative", "scale": x_scale, "title": x_title},
                    "color": colour,
                    "tooltip": [
                        {"field": "series", "type": "nominal", "title": series_title},
                        {"field": "label", "type": "nominal", "title": x_title},
                        {"field": "value", "type": "quantitative", "format": ".1f", "title": x_title},
                    ],
                },
            },
            *(
                [
                    {
                        "transform": [{"filter": "isValid(datum.low) && isValid(datum.high)"}],
                        "mark": {"type": "rule", "color": "#333333"},
                        "encoding": {
                            "y": y,
                            "yOffset": y_offset,
                            "x": {"field": "low", "type": "quantitative", "scale": x_scale},
                            "x2": {"field": "high"},
                        },
                    }
                ]
                if _has_intervals(rows)
                else []
            ),
        ],
        "config": {"legend": {"orient": "bottom", "columns": 2}, "axis": {"labelLimit": 160}},
    }


def state_grid(
    rows: Sequence[dict[str, Any]],
    *,
    x_title: str,
    y_title: str,
    state_title: str,
    categories: Sequence[tuple[str, str]],
) -> dict[str, Any]:
    """A grid of states: one cell per ``x`` (say, a year) and ``y`` (say, a kind of governance), coloured by
    ``state`` (one of the labels in ``categories``, (label, colour) in legend order). Rows come in the order
    of the ``y`` axis."""
    order = list(dict.fromkeys(row["y"] for row in rows))
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": {"step": 22},
        "data": {"values": [dict(row) for row in rows]},
        "mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 1.5},
        "encoding": {
            "x": {"field": "x", "type": "ordinal", "title": x_title},
            "y": {"field": "y", "type": "nominal", "title": None, "sort": order},
            "color": {
                "field": "state",
                "type": "nominal",
                "title": state_title,
                "scale": {"domain": [label for label, _ in categories], "range": [c for _, c in categories]},
                "legend": {"orient": "bottom", "direction": "horizontal"},
            },
            "tooltip": [
                {"field": "y", "type": "nominal", "title": y_title},
                {"field": "x", "type": "ordinal", "title": x_title},
                {"field": "state", "type": "nominal", "title": state_title},
            ],
        },
        "config": {"axis": {"labelLimit": 220}, "view": {"stroke": None}},
    }


def heatmap(
    rows: Sequence[dict[str, Any]],
    *,
    x_title: str,
    y_title: str,
    value_title: str,
    count_title: str,
    domain: tuple[float, float] | None = (0, 100),
) -> dict[str, Any]:
    """A matrix coloured by ``value`` (say, the share covered, in %), one cell per ``x`` and ``y``, with ``count``
    (say, the migrants) in the tooltip; cells without a value are left out (no corridor: nothing to colour)."""
    scale: dict[str, Any] = {"scheme": {"name": SEQUENTIAL_SCHEME, "extent": list(SEQUENTIAL_EXTENT)}}
    if domain:
        scale["domain"] = list(domain)
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": {"step": 34},
        "data": {"values": [dict(row) for row in rows]},
        "mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 1.5},
        "encoding": {
            "x": {"field": "x", "type": "nominal", "title": x_title, "axis": {"labelAngle": -30, "labelLimit": 160}},
            "y": {"field": "y", "type": "nominal", "title": y_title, "axis": {"labelLimit": 200}},
            "color": {
                "field": "value",
                "type": "quantitative",
                "title": value_title,
                "scale": scale,
                "legend": {"orient": "bottom", "direction": "horizontal", "gradientLength": 180},
            },
            "tooltip": [
                {"field": "y", "type": "nominal", "title": y_title},
                {"field": "x", "type": "nominal", "title": x_title},
                {"field": "value", "type": "quantitative", "title": value_title, "format": ".1f"},
                {"field": "count", "type": "quantitative", "title": count_title, "format": "d"},
            ],
        },
        "config": {"view": {"stroke": None}},
    }


def flow_map(
    rows: Sequence[dict[str, Any]],
    *,
    topojson_url: str,
    partner_title: str,
    direction_title: str,
    value_title: str,
    state_title: str,
    categories: Sequence[tuple[str, str]],
    centre: float = 0.0,
) -> dict[str, Any]:
    """Flows on a world map: a line from each row's origin (``lon``, ``lat``) to its destination (``lon2``,
    ``lat2``), as wide as its ``value`` (say, migrants) and coloured by ``state`` (labels of ``categories``);
    rows also carry ``name`` (the partner), ``direction`` and ``url`` (opened on click). The map is centred on the
    longitude ``centre`` (the country the flows start or end at), so that no line crosses the map's edge."""
    colour = {
        "field": "state",
        "type": "nominal",
        "title": state_title,
        "scale": {"domain": [label for label, _ in categories], "range": [c for _, c in categories]},
        "legend": {"orient": "bottom-left", "direction": "horizontal", "columns": 3, "titleLimit": 400},
    }
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": 420,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "projection": {"type": "equalEarth", "rotate": [-centre, 0, 0]},
        "layer": [
            {  # the land: decoration, not data (the flows speak for the map)
                "data": {"url": topojson_url, "format": {"type": "topojson", "feature": "countries"}},
                "mark": {
                    "type": "geoshape",
                    "fill": MISSING_COLOUR,
                    "stroke": "#ffffff",
                    "strokeWidth": 0.4,
                    "aria": False,
                },
            },
            {
                "data": {"values": [dict(row) for row in rows]},
                "mark": {"type": "rule", "opacity": 0.85, "strokeCap": "round", "cursor": "pointer"},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "longitude2": {"field": "lon2"},
                    "latitude2": {"field": "lat2"},
                    "strokeWidth": {
                        "field": "value",
                        "type": "quantitative",
                        "title": value_title,
                        "scale": {"range": [1, 9]},
                        "legend": None,
                    },
                    "color": colour,
                    "tooltip": [
                        {"field": "name", "type": "nominal", "title": partner_title},
                        {"field": "direction", "type": "nominal", "title": direction_title},
                        {"field": "value", "type": "quantitative", "title": value_title, "format": "d"},
                        {"field": "state", "type": "nominal", "title": state_title},
                    ],
                    "href": {"field": "url", "type": "nominal"},
                },
            },
        ],
        "config": {"view": {"stroke": None}},
    }
