"""A right in public (issue 15): a category's page and an indicator's page say what the treaty bodies say on it,
with each paragraph's symbol, number and licence, and which UPR recommendations concern it."""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.django_db

LICENCE_LABEL = 'rel="license">CC BY-NC-SA 4.0</a>'


def test_a_category_page_shows_the_cited_paragraphs_with_symbol_number_and_licence(client):
    html = client.get("/methodology/categories/DET/").content.decode()
    assert "What the treaty bodies say" in html
    treaty = html.split('id="treaty-bodies"')[1].split("</section>")[0]
    # CMW General Comment No. 2, paragraph 24: crossing a border without documents is not a crime
    assert "CMW/C/GC/2</a></strong> paragraph 24" in treaty
    assert "does not constitute a crime" in treaty
    assert 'href="https://tbinternet.ohchr.org/' in treaty
    assert "CERD/C/64/Misc.11/rev.3</a></strong> paragraph 19" in treaty  # CERD General Recommendation No. 30
    assert treaty.count(LICENCE_LABEL) == treaty.count('<li class="document"') == 6
    assert 'href="/methodology/indicators/DET.1.P1/"' in html
    upr = html.split('id="upr"')[1].split("</section>")[0]
    assert "Accepted:" in upr and upr.count("<tr><td>") == 5
    assert 'href="/documents/?kind=upr-recommendation&amp;issue=Detention"' in upr
    assert "Licence:" not in upr  # UPR Info's terms are in the source line, not the corpus's licence


def test_an_indicator_page_shows_its_own_paragraph_first_then_its_categorys(client):
    html = client.get("/methodology/indicators/DET.1.P1/").content.decode()
    treaty = html.split('id="treaty-bodies"')[1].split("</section>")[0]
    assert treaty.index("CMW/C/GC/2</a></strong> paragraph 26") < treaty.index("CMW/C/GC/2</a></strong> paragraph 23")
    assert "individualized assessment" in treaty
    assert 'href="/methodology/categories/DET/"' in html
    twin = client.get("/methodology/indicators/DET.1.P1.json").json()
    assert twin["data"]["documents"]["paragraphs"][0]["paragraph"] == "26"


def test_the_indicator_list_links_each_category_page(client):
    html = client.get("/methodology/indicators/").content.decode()
    assert 'href="/methodology/categories/NDE/"' in html and 'href="/methodology/categories/GOV/"' in html


def test_a_right_without_a_upr_tag_says_so_and_lists_none(client):
    html = client.get("/methodology/categories/DOM/").content.decode()
    assert "No UPR Info issue tag corresponds to this right" in html
    assert "CMW/C/GC/1</a></strong> paragraph 38" in html  # CMW General Comment No. 1 on migrant domestic workers


def test_the_twins_carry_the_licence_and_the_sources(client):
    data = client.get("/methodology/categories/NDE.json").json()
    documents = data["data"]["documents"]
    assert documents["category"] == "NDE"
    assert [(p["symbol"], p["paragraph"]) for p in documents["paragraphs"]][:2] == [
        ("CMW/C/GC/2", "18"),
        ("CMW/C/GC/2", "19"),
    ]
    assert all(p["licence"] == "CC BY-NC-SA 4.0" and p["non_commercial"] for p in documents["paragraphs"])
    assert {"unhrd-general-comments-2024"} <= {s["key"] for s in data["meta"]["sources"]}
    text = client.get("/methodology/categories/NDE.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    paragraphs = [r for r in rows if r["kind"] == "general-comment-paragraph"]
    assert len(paragraphs) == 8 and {r["licence"] for r in paragraphs} == {"CC BY-NC-SA 4.0"}
    assert {r["licence"] for r in rows if r["kind"] == "upr-recommendation"} == {"UPR Info: free use with attribution"}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_category_page_in_french_and_spanish(client, language):
    html = client.get(f"/{language}/methodology/categories/DET/").content.decode()
    heading = {"fr": "Ce que disent les organes de traités", "es": "Lo que dicen los órganos de tratados"}[language]
    assert heading in html and LICENCE_LABEL in html


def test_an_unknown_category_is_a_404(client):
    assert client.get("/methodology/categories/XYZ/").status_code == 404
    assert client.get("/methodology/categories/XYZ.json").status_code == 404


def test_the_page_costs_a_few_queries(client, django_assert_max_num_queries):
    client.get("/methodology/categories/LAB/")  # caches warmed
    with django_assert_max_num_queries(20):
        assert client.get("/methodology/categories/LAB/").status_code == 200
