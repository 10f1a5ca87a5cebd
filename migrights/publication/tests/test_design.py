"""The designed site without a browser: the header marks the section, the footer cites the page, the ranking is paged,
every chart sits in a block with its tabs and source line, and the chart block's source line names producers once."""

from __future__ import annotations

import re

import pytest
from django.template import Context

from migrights.publication.templatetags.portal import corridor_rows, producers, source_links
from migrights.publication.views.explore import RANKING_PAGE_SIZE

pytestmark = pytest.mark.django_db


def ranked_names(html: str) -> list[str]:
    table = html.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/countries/[A-Z]{3}/">([^<]+)</a>', table)


def test_the_header_marks_the_current_section_and_the_footer_says_how_to_cite(client):
    html = client.get("/rankings/?measure=core-treaties").content.decode()
    assert '<a href="/rankings/" aria-current="page">Rankings</a>' in html
    assert '<a href="/countries/" aria-current="page">' not in html
    assert "How to cite" in html and "http://testserver/rankings/?measure=core-treaties" in html
    french = client.get("/fr/instruments/").content.decode()
    assert '<a href="/fr/instruments/" aria-current="page">Instruments</a>' in french
    assert "Comment citer" in french


def test_the_ranking_is_paged_and_its_twins_keep_every_row(client):
    query = "measure=core-treaties&year=2015"
    first = ranked_names(client.get(f"/rankings/?{query}").content.decode())
    second_html = client.get(f"/rankings/?{query}&page=2").content.decode()
    second = ranked_names(second_html)
    everyone = client.get(f"/rankings.json?{query}").json()["data"]["ranked"]
    assert len(first) == len(second) == RANKING_PAGE_SIZE
    assert not set(first) & set(second)
    assert len(everyone) > 2 * RANKING_PAGE_SIZE  # the twin is not paged
    assert 'aria-current="page">51\u2013100</span>' in second_html
    assert "page=1" in second_html  # a link back to the first page, keeping the measure and year
    # past the last page: the last page, not an empty table; a page that is not a number: the first
    assert ranked_names(client.get(f"/rankings/?{query}&page=99").content.decode())
    assert ranked_names(client.get(f"/rankings/?{query}&page=x").content.decode()) == first


def test_every_chart_sits_in_a_block_with_tabs_downloads_and_a_source_line(client):
    html = client.get("/rankings/?measure=core-treaties&year=2015").content.decode()
    block = html.split('id="ranking-chart-block"', 1)[1].split("</figure>", 1)[0]
    for tab in ("chart", "map", "table"):
        assert f'data-tab="{tab}"' in block
    assert 'data-lazy-spec="ranking-chart-map-spec"' in block  # the map drawn only when its tab opens
    for kind in ("svg", "png", "csv"):
        assert f'data-download="{kind}"' in block
    assert "Source:" in block and "United Nations" in block
    home = client.get("/?measure=core-treaties").content.decode()
    assert '<figure class="grapher" id="map-block"' in home and ">Map</button>" in home  # a map's tab says Map


def test_the_source_line_names_each_producer_once_and_counts_the_rest():
    sources = [{"producer": p} for p in ("UN", "ILO", "UN", "AU", "CoE", "OAS")]
    assert producers(sources[:3]) == "UN; ILO"
    assert producers(sources) == "UN; ILO; AU and 2 others"


def test_the_sources_page_is_grouped_by_publisher(client):
    html = client.get("/sources/").content.decode()
    assert 'class="publisher"' in html and 'data-filter="#source-list"' in html
    headings = re.findall(r'<h2 id="publisher-\d+-name"><span lang="en">([^<]+)</span> <span', html)
    assert len(headings) == len(set(headings)) > 20
    assert headings == sorted(headings)


def test_rows_built_in_python_escape_what_the_data_say_as_a_template_would():
    context = Context({"lang_prefix": "/fr"})
    hostile = '<script>alert("x")</script>'
    links = source_links(context, [{"key": "k&1", "producer": hostile, "title": "T", "accessed": "2026-01-02"}])
    assert "<script>" not in links and "&lt;script&gt;" in links and 'href="/fr/sources/#k&amp;1"' in links
    assert "(accessed 2026-01-02)" in links
    row = {
        "url": "/corridors/PHL/SAU/",
        "partner_local": hostile,
        "migrants": {"total": 1234567},
        "kinds": [{"badge": "unknown", "state_label": "unknown"}],
        "both_parties": [],
        "unknown_instruments": ["C097", "<b>"],
    }
    html = corridor_rows(context, [row])
    assert "<script>" not in html and "1,234,567" in html and '<span class="badge badge-unknown">unknown</span>' in html
    assert "<td>none</td><td>C097, &lt;b&gt;</td>" in html  # no instrument both are party to: "none"
