"""A brief as a PDF: the gathered data in an HTML template, charts as inline SVG, WeasyPrint for the pages.

Nothing is fetched while rendering: the stylesheet is in the template, charts are drawn by vl-convert
(its own bundled Vega, no network), fonts are the system's DejaVu, and the URL fetcher refuses everything
but ``data:`` addresses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import vl_convert
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from migrights.briefs.brief import MEASURE_LABELS, gather
from migrights.lib.charts import DIMENSION_COLOURS, trend

VEGA_LITE_VERSION = "6.4"  # the newest vl-convert bundles; the site's vendored 6.5 reads the same specs
FONT = "DejaVu Sans"
CHART_WIDTH = 440
CHART_HEIGHT = 170


class LocalOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher limited to inline ``data:`` resources: a brief never reaches the network."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)


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
    svg = vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION)
    return svg[svg.index("<svg") :]  # drop any XML prolog: the SVG sits inside the HTML


def brief_html(data: dict[str, Any]) -> str:
    """The brief's HTML in the active language (``data`` from ``brief.gather``)."""
    chart = trend_svg(data["scores"]["trend"]) if data["scores"] and data["scores"]["trend"] else None
    return render_to_string("briefs/brief.html", {**data, "trend_svg": chart})


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=LocalOnlyFetcher(), base_url=None).write_pdf()


def build_brief(code: str, language: str, today: dt.date | None = None) -> bytes:
    """The PDF brief of a country in ``language``; raises ``brief.UnknownCountry``."""
    with translation.override(language):
        return html_to_pdf(brief_html(gather(code, today)))
