"""A brief as a PDF: the gathered data in an HTML template, charts as inline SVG, WeasyPrint for the pages.

Nothing is fetched while rendering: the stylesheet is in the template, charts are drawn by vl-convert
(its own bundled Vega, no network), fonts are the system's DejaVu, and the URL fetcher refuses everything
but ``data:`` addresses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from migrights.briefs.brief import MEASURE_LABELS, gather
from migrights.lib.charts import DIMENSION_COLOURS, step_count, trend
from migrights.lib.pdf import html_to_pdf

VEGA_LITE_VERSION = "6.4"  # the newest vl-convert bundles; the site's vendored 6.5 reads the same specs
FONT = "DejaVu Sans"
CHART_WIDTH = 440
CHART_HEIGHT = 170


def _vegalite_svg(spec: dict[str, Any]) -> str:
    import vl_convert  # imported where used: a server that never draws a brief keeps about 9 MB less

    return vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION)


def trend_svg(rows: list[dict[str, Any]]) -> str:
    """The country page's trend chart (``lib.charts.trend``) drawn as SVG at a fixed print size."""
    colours = {_(MEASURE_LABELS[code]): colour for code, colour in DIMENSION_COLOURS.items()}
    spec = trend(rows, y_title=_("Score (0 to 100)"), series_title=_("Measure"), colours=colours, year_title=_("Year"))
    spec["width"] = CHART_WIDTH
    spec["height"] = CHART_HEIGHT
    spec["encoding"]["x"]["title"] = _("Year")
    spec["encoding"]["x"]["scale"] = {"nice": False}
    spec["config"] = {
        "font": FONT,
        "view": {"stroke": None},
        "legend": {"orient": "bottom", "direction": "horizontal"},
    }
    svg = _vegalite_svg(spec)
    return svg[svg.index("<svg") :]  # drop any XML prolog: the SVG sits inside the HTML


def brief_html(data: dict[str, Any]) -> str:
    """The brief's HTML in the active language (``data`` from ``brief.gather``)."""
    chart = trend_svg(data["scores"]["trend"]) if data["scores"] and data["scores"]["trend"] else None
    return render_to_string("briefs/brief.html", {**data, "trend_svg": chart})


def timeline_svg(rows: list[dict[str, Any]]) -> str:
    """An instrument's parties at the end of each year (``reference.queries.consent_timeline``) as a step line."""
    values = [{"date": f"{r['year']}-12-31", "label": str(r["year"]), "value": r["parties"]} for r in rows]
    spec = step_count(values, y_title=_("Parties"), date_title=_("Year"))
    spec["width"] = CHART_WIDTH
    spec["height"] = CHART_HEIGHT
    spec["mark"]["point"] = False
    spec["config"] = {"font": FONT, "view": {"stroke": None}}
    svg = _vegalite_svg(spec)
    return svg[svg.index("<svg") :]


def group_html(data: dict[str, Any]) -> str:
    """A comparative brief's HTML (``data`` from ``compare.gather_group``)."""
    return render_to_string("briefs/group.html", data)


def instrument_html(data: dict[str, Any]) -> str:
    """An instrument brief's HTML (``data`` from ``compare.gather_instrument``), with its parties-over-time chart."""
    chart = timeline_svg(data["timeline"]) if data["timeline"] else None
    return render_to_string("briefs/instrument.html", {**data, "timeline_svg": chart})


def build_brief(code: str, language: str, today: dt.date | None = None) -> bytes:
    """The PDF brief of a country in ``language``; raises ``brief.UnknownCountry``."""
    with translation.override(language):
        return html_to_pdf(brief_html(gather(code, today)))


KINDS = ("country", "region", "countries", "instrument")


def build_document(kind: str, key: str, language: str, fmt: str = "pdf", today: dt.date | None = None) -> bytes:
    """Any brief as PDF or HTML bytes: ``kind`` ``country`` (key: ISO3), ``region`` (a UN M49 region or
    sub-region), ``countries`` (ISO3 codes separated by commas) or ``instrument`` (its code).

    Raises ``brief.UnknownCountry``, ``groups.UnknownArea`` or ``groups.UnknownInstrument``.
    """
    from migrights.briefs import compare

    with translation.override(language):
        if kind == "country":
            html = brief_html(gather(key, today))
        elif kind == "region":
            html = group_html(compare.gather_group(area=key, today=today))
        elif kind == "countries":
            html = group_html(compare.gather_group(codes=key.split(","), today=today))
        elif kind == "instrument":
            html = instrument_html(compare.gather_instrument(key, today))
        else:
            raise ValueError(f"no kind of brief {kind!r}: one of {', '.join(KINDS)}")
    return html.encode() if fmt == "html" else html_to_pdf(html)
