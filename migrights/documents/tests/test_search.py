"""Full-text search on the embedded library: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from django.db import connection

from migrights.documents.models import GC_PARAGRAPH, UPR_RECOMMENDATION, Passage
from migrights.documents.search import START, STOP, Filters, fts5_query, marked_html, search, terms
from migrights.reference.models import Country, Source

pytestmark = pytest.mark.django_db


def found(query: str, **filters) -> list[Passage]:
    page = search(query, Filters(**filters), page_size=100)
    by_id = Passage.objects.in_bulk(page.ids)
    return [by_id[i] for i in page.ids]


def test_a_search_finds_the_words_and_marks_them(django_db_setup):
    page = search("domestic workers", Filters(kind=GC_PARAGRAPH, committee="CMW"))
    assert page.total >= 10
    passages = Passage.objects.in_bulk(page.ids)
    assert {passages[i].symbol for i in page.ids} <= {
        "CMW/C/GC/1",
        "CMW/C/GC/2",
        "CMW/C/GC/5",
        "CRC/C/GC/22, CMW/C/GC/3",
        "CRC/C/GC/23, CMW/C/GC/4",
    }
    assert "CMW/C/GC/1" in {passages[i].symbol for i in page.ids}
    snippet = page.snippets[page.ids[0]]
    assert f"{START}domestic{STOP}" in snippet.lower() or f"{START}Domestic{STOP}" in snippet
    # stemming: "worker" finds "workers" on both engines
    assert (
        search("migrant worker", Filters(kind=GC_PARAGRAPH)).total
        == search("migrant workers", Filters(kind=GC_PARAGRAPH)).total
    )


def test_every_filter_narrows_the_search():
    everything = search("migrants").total
    for filters, check in (
        ({"kind": UPR_RECOMMENDATION}, lambda p: p.kind == UPR_RECOMMENDATION),
        ({"committee": "CERD"}, lambda p: "CERD" in p.committees.split("|")),
        ({"year": 2013}, lambda p: p.year == 2013),
        ({"state_under_review": "MYS"}, lambda p: p.state_under_review.code == "MYS"),
        ({"recommending_state": "PHL"}, lambda p: p.recommending_state.code == "PHL"),
        ({"response": "Noted"}, lambda p: p.response == "Noted"),
        ({"issue": "Trafficking"}, lambda p: "Trafficking" in p.issues.split("|")),
        ({"group": "Refugees & asylum-seekers"}, lambda p: "Refugees & asylum-seekers" in p.groups.split("|")),
    ):
        rows = found("migrants", **filters)
        assert rows and all(check(p) for p in rows), filters
        assert search("migrants", Filters(**filters)).total < everything


def test_known_recommendations_are_found_by_state_and_response():
    # Malaysia, session 4 (2009), received from the Philippines a recommendation on its migrant workers
    rows = found("migrant workers", state_under_review="MYS", recommending_state="PHL")
    assert rows and all(p.session in (4, 17) for p in rows)
    assert all(p.licence == "UPR Info: free use with attribution" for p in rows)
    # both reviews' Working Group reports were read (data/documents/upr-reports.csv)
    assert all(p.symbol == {4: "A/HRC/11/30", 17: "A/HRC/25/10"}[p.session] for p in rows)


@pytest.mark.parametrize(
    "query",
    ['"', "AND", "OR ( NOT", "NEAR(a b", "*", "col:text", "^start", "a' OR 1=1 --", "\x00", "))))", "-", "'"],
)
def test_query_syntax_in_the_words_never_raises(query):
    page = search(query)
    assert page.total >= 0  # no syntax error on either engine: words are quoted, punctuation is a separator


def test_the_words_are_quoted_for_fts5():
    assert terms('domestic "migrant workers" AND') == [["domestic"], ["AND"], ["migrant", "workers"]]
    assert fts5_query('a" OR b*') == '"a" "OR" "b"'
    assert fts5_query("?!") == ""


def test_only_punctuation_finds_nothing_and_no_query_browses():
    assert search("?!").total == 0
    assert search("", Filters(issue="Migrants")).total == 1802


def test_a_documents_own_markup_stays_text():
    assert marked_html(f"a <b> & {START}c{STOP}") == "a &lt;b&gt; &amp; <mark>c</mark>"


def test_the_full_text_index_follows_inserts_updates_and_deletes():
    source = Source.objects.get(key="upr-info-2008-2014")
    passage = Passage.objects.create(
        dataset="test",
        key="x",
        kind=UPR_RECOMMENDATION,
        session=1,
        text="Zyxwvut quokka",
        licence="x",
        source=source,
        state_under_review=Country.objects.get(code="FRA"),
    )
    assert search("quokka").ids == [passage.pk]
    passage.text = "Zyxwvut wombat"
    passage.save()
    assert search("quokka").total == 0 and search("wombat").ids == [passage.pk]
    passage.delete()
    assert search("wombat").total == 0


def test_the_page_shows_marked_matches_symbols_and_licences(client):
    html = client.get("/documents/?q=domestic+workers&committee=CMW").content.decode()
    assert "<mark>domestic</mark>" in html.lower()
    assert 'href="https://tbinternet.ohchr.org/' in html and "CMW/C/GC/1" in html
    results = html.split('<ol class="documents"')[1].split("</ol>")[0]
    assert '<ol class="documents" start="21">' in client.get("/documents/?q=rights&page=2").content.decode()
    assert results.count('rel="license">CC BY-NC-SA 4.0</a>') == results.count('<li class="document"') == 20
    upr = client.get("/documents/?q=domestic+workers&kind=upr-recommendation").content.decode()
    assert 'Licence: <span lang="en">UPR Info: free use with attribution</span>' in upr
    assert "Working Group report: symbol not given by the source." in upr
    assert "CC BY-NC-SA 4.0" not in upr.split('<ol class="documents"')[1].split("</ol>")[0]


def test_each_filter_offers_each_value_once(client):
    # the model's ordering once made SELECT DISTINCT return a year per passage: 22,460 options, 2013 offered 3,458 times
    html = client.get("/documents/?q=migrants").content.decode()
    years = html.split('<select id="year"')[1].split("</select>")[0]
    offered = [int(y) for y in re.findall(r'<option value="(\d{4})"', years)]
    assert offered == sorted(set(offered)) and set(offered) == set(
        Passage.objects.exclude(year=None).values_list("year", flat=True)
    )
    for name in ("state", "recommending"):
        options = re.findall(r'<option value="([A-Z]{3})"', html.split(f'<select id="{name}"')[1].split("</select>")[0])
        assert options and len(options) == len(set(options)), name


def test_the_page_in_french_and_spanish(client):
    assert "Documents et recommandations" in client.get("/fr/documents/?q=migrants").content.decode()
    assert "Documentos y recomendaciones" in client.get("/es/documents/?q=migrants").content.decode()


def test_the_twins_carry_the_licence_on_every_row(client):
    data = client.get("/documents.json?q=domestic+workers&kind=general-comment-paragraph").json()
    rows = data["data"]["results"]
    assert rows and all(r["licence"] == "CC BY-NC-SA 4.0" and r["non_commercial"] for r in rows)
    assert all(r["symbol"] and r["document_url"] for r in rows)
    assert any(s["licence"] == "CC BY-NC-SA 4.0" for s in data["meta"]["sources"])
    text = client.get("/documents.csv?q=domestic+workers&kind=general-comment-paragraph").content.decode()
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == len(rows) and {r["licence"] for r in table} == {"CC BY-NC-SA 4.0"}


def test_bad_filters_are_refused_clearly_never_a_500(client):
    assert client.get("/documents/?q=x&committee=ZZZ").status_code == 400
    response = client.get("/documents.json?issue=Nope")
    assert response.status_code == 400 and "no issue tag 'Nope'" in response.json()["error"]["message"]
    assert client.get("/documents/?q=" + "a" * 201).status_code == 400
    assert client.get('/documents/?q=")(NEAR*').status_code == 200


def test_the_api_searches_with_filters_and_refuses_unknown_values(client):
    response = client.get("/api/v1/documents?q=domestic%20workers&kind=upr-recommendation&response=Noted")
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["count"] == len(found("domestic workers", kind=UPR_RECOMMENDATION, response="Noted"))
    assert all(r["response"] == "Noted" and r["match"] for r in body["data"])
    bad = client.get("/api/v1/documents?q=a&kind=zzz")
    assert bad.status_code == 422 and "no kind 'zzz'" in bad.json()["error"]["message"]
    assert client.get("/api/v1/documents?q=" + "a" * 201).status_code == 422
    assert client.get("/api/v1/documents?q=%22)(NEAR").status_code == 200


def test_python_access_returns_a_dataframe_with_licences():
    from migrights import data

    frame = data.documents("irregular situation", kind=GC_PARAGRAPH, committee="CMW")
    assert isinstance(frame, pd.DataFrame) and len(frame) and frame.attrs["count"] >= len(frame)
    assert set(frame["licence"]) == {"CC BY-NC-SA 4.0"} and frame["non_commercial"].all()
    assert str(frame["year"].dtype) == "Int64"
    with pytest.raises(TypeError):
        data.documents("x", colour="red")


def test_the_database_has_its_full_text_engine():
    assert connection.vendor in ("sqlite", "postgresql")


def test_the_country_page_shows_the_upr_recommendations_on_migrants_by_cycle(client):
    html = client.get("/countries/MYS/").content.decode()
    section = html[html.index('<section id="upr"') : html.index("</section>", html.index('<section id="upr"'))]
    received = [
        p
        for p in Passage.objects.filter(kind=UPR_RECOMMENDATION, state_under_review__code="MYS")
        if {"Migrants", "Asylum-seekers - refugees", "Trafficking"} & set(p.issues.split("|"))
    ]
    assert f"received {len(received)} recommendations" in section
    accepted = sum(1 for p in received if p.response == "Accepted" and p.cycle == 1)
    noted = sum(1 for p in received if p.response == "Noted" and p.cycle == 1)
    assert f'<tr><th scope="row">1</th><td>{accepted}</td><td>{noted}</td></tr>' in section
    assert "UPR Info" in section
    data = client.get("/countries/MYS.json").json()["data"]["upr"]
    assert data["received"] == len(received) and data["by_cycle"][0]["cycle"] == 1


def test_each_corpus_is_a_download_of_its_own_with_its_licence(client):
    response = client.get("/documents/general-comments.csv")
    assert response.status_code == 200
    assert 'filename="general-comments-cc-by-nc-sa-4.0.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6536 and {r["licence"] for r in rows} == {"CC BY-NC-SA 4.0"}
    assert {r["kind"] for r in rows} == {GC_PARAGRAPH}  # never mixed with other data
    assert client.get("/documents/other.csv").status_code == 404


def test_a_recommendation_shows_its_working_group_report_only_where_a_symbol_was_read(client):
    upr = Passage.objects.filter(kind=UPR_RECOMMENDATION)
    assert set(upr.filter(session=1, state_under_review__code="PHL").values_list("symbol", flat=True)) == {"A/HRC/8/28"}
    assert set(upr.filter(session=13, state_under_review__code="DZA").values_list("symbol", flat=True)) == {""}
    first = upr.filter(session=1, state_under_review__code="PHL").order_by("position").first()
    words = " ".join(first.text.split()[:12])
    html = client.get("/documents/", {"q": words, "kind": UPR_RECOMMENDATION, "state": "PHL"}).content.decode()
    assert "Working Group report: <strong>A/HRC/8/28</strong>." in html
    other = upr.filter(session=13, state_under_review__code="DZA").first()
    html = client.get("/documents/", {"q": " ".join(other.text.split()[:12]), "state": "DZA"}).content.decode()
    assert "Working Group report: symbol not given by the source." in html
