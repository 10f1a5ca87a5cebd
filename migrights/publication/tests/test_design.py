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


# What the country page's loops wrote before each became a tag: the tags must write the same, escaping included.
TEMPLATE_LOOPS = {
    "corridor_share_rows": (
        "share_table",
        '{% for row in rows %}<tr><th scope="row">{{ row.label }}</th>{% for c in row.cells %}<td class="num">'
        '{% if c %}{{ c.covered_pct|floatformat:1 }}{% if c.unknown_pct %}<br><span class="muted">{% blocktranslate '
        "with share=c.unknown_pct|floatformat:1 %}unknown {{ share }}{% endblocktranslate %}</span>{% endif %}"
        "{% else %}\u2013{% endif %}</td>{% endfor %}</tr>{% endfor %}",
    ),
    "recommendation_rows": (
        "recommendations",
        '{% translate "not named by the source" as unnamed_text %}{% translate "Accepted" as accepted_text %}'
        '{% translate "Noted" as noted_text %}{% for r in rows %}<tr><td>{{ r.session }}{% if r.year %} ({{ r.year }})'
        '{% endif %}{% if r.symbol %}, {{ r.symbol }}{% endif %}</td><td>{% if r.recommending_state %}<a href="'
        '{{ lang_prefix }}/countries/{{ r.recommending_state }}/">{{ r.recommending_name|country_name:'
        'r.recommending_state }}</a>{% else %}{{ unnamed_text }}{% endif %}</td><td>{% if r.response == "Accepted" %}'
        '{{ accepted_text }}{% else %}{{ noted_text }}{% endif %}</td><td lang="en">{{ r.text }}</td></tr>{% endfor %}',
    ),
    "law_value_rows": (
        "values",
        '{% for v in rows %}<tr><td lang="en">{{ v.title }}</td><td><span lang="en">{{ v.meaning|default:v.value }}'
        '</span>{% if v.carried_forward %} <span class="flag">{% blocktranslate with year=v.carried_from %}carried '
        'forward from {{ year }}{% endblocktranslate %}</span>{% endif %}</td><td><span lang="en">{{ v.source_title }}'
        '</span> <span class="muted">{{ v.variable }}</span></td></tr>{% endfor %}',
    ),
    "agreement_rows": (
        "agreements",
        '{% translate "not known" as not_known_text %}{% for a in rows %}<tr><td><a href="{{ lang_prefix }}/agreements/'
        '{{ a.key }}/">{{ a.partner_name|country_name:a.partner }}</a></td><td class="date">{{ a.signed|default:'
        'not_known_text }}</td><td class="date">{{ a.ratified|default:"" }}</td><td>{% protections a %}</td></tr>'
        "{% endfor %}",
    ),
}
HOSTILE = '<script>alert("x")</script> & "quotes"'
LOOP_ROWS = {
    "share_table": [
        {"label": HOSTILE, "cells": [{"covered_pct": 57.25, "unknown_pct": 12.05}, None]},
        {
            "label": "bilateral",
            "cells": [{"covered_pct": 0.0, "unknown_pct": 0.0}, {"covered_pct": 100, "unknown_pct": None}],
        },
    ],
    "recommendations": [
        {
            "session": 13,
            "year": 2012,
            "symbol": "A/HRC/21/9",
            "recommending_state": "MEX",
            "recommending_name": "Mexico",
            "response": "Accepted",
            "text": HOSTILE,
        },
        {
            "session": 1,
            "year": None,
            "symbol": "",
            "recommending_state": None,
            "recommending_name": None,
            "response": "Noted",
            "text": "Ratify ICRMW",
        },
    ],
    "values": [
        {
            "title": HOSTILE,
            "meaning": None,
            "value": "2",
            "carried_forward": True,
            "carried_from": 2020,
            "source_title": "GLOBALCIT",
            "variable": "A06a",
        },
        {
            "title": "Birthright",
            "meaning": "yes <b>",
            "value": "1",
            "carried_forward": False,
            "carried_from": None,
            "source_title": "S",
            "variable": "A01",
        },
    ],
    "agreements": [
        {
            "key": "bla-1&2",
            "partner": "ZZZ",
            "partner_name": HOSTILE,
            "signed": None,
            "ratified": None,
            "provision_labels": None,
        },
        {
            "key": "bla-3",
            "partner": "SAU",
            "partner_name": "Saudi Arabia",
            "signed": "2013-05-19",
            "ratified": "2014",
            "provision_labels": ["wages", "<i>"],
        },
    ],
}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("tag", sorted(TEMPLATE_LOOPS))
def test_the_country_page_rows_built_in_python_are_what_the_template_loops_wrote(tag, language):
    from django.template import engines
    from django.utils import translation

    from migrights.publication.templatetags import portal

    rows_name, loop = TEMPLATE_LOOPS[tag]
    rows = LOOP_ROWS[rows_name]
    prefix = "" if language == "en" else f"/{language}"
    with translation.override(language):
        expected = (
            engines["django"].from_string("{% load i18n portal %}" + loop).render({"rows": rows, "lang_prefix": prefix})
        )
        written = getattr(portal, tag)(Context({"lang_prefix": prefix}), rows)
    assert written == expected
    assert "<script>" not in written and "&lt;script&gt;" in written
