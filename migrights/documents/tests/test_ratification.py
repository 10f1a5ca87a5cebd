"""Did recommendations to ratify lead to ratification? The matcher on real UPR texts, the outcome of each review
from the treaty actions, the instrument page's section, its twins and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client

from migrights.documents.ratification import called_instruments, csv_rows, outcome, ratification_calls, session_years
from migrights.documents.upr_reports import report_symbols
from migrights.lib.dates import PartialDate
from migrights.reference.models import Instrument

CORPUS = "migrights/data/documents/upr-info-2008-2014.csv"


def corpus_text(key: str) -> str:
    with open(CORPUS, encoding="utf-8") as handle:
        return next(row["text"] for row in csv.DictReader(handle) if row["key"] == key)


# ---- the matcher, on texts of the corpus ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Ratify the ICRMW.", ["ICRMW"]),
        ("Sign and ratify ICRMW", ["ICRMW"]),
        (
            "Accede to the International Convention on the Rights on the Protection of all Migrant Workers and Members"
            " of their Families as an additional fundamental step for the protection of human rights",
            ["ICRMW"],
        ),
        # a call to consider ratifying counts (its action category, 3, is kept on the row)
        (
            "Consider ratifying ICRMW as well as ILO Convention no.189 on decent work of domestic workers",
            ["ICRMW", "ILO-C189"],
        ),
        (
            "Ratify and implement the International Convention on the Protection of the Rights of All Migrant Workers"
            " and Members of Their Families",
            ["ICRMW"],
        ),
        ("Adhere to the principles of ICRMW and consider its ratification", ["ICRMW"]),
        (
            "Consider ratifyingthe 1951 Refugee Convention and the 1967 Protocol thereto, and the Protocol to prevent, "
            "suppress and punish trafficking in persons, especially women and children",
            ["CSR51", "PSR67", "UNTOC-TIP"],
        ),
        (
            "Consider acceding to the Convention relating to the Status of Stateless Persons and the Convention on the "
            "Reduction of Statelessness",
            ["CSSP54", "CRS61"],
        ),
        # negatives: another act than ratification, a signature alone, a protocol's mention, no instrument
        ("Speed up the implementation of ICRMW, to which the Dominican Republic has committed itself to acceding", []),
        (
            "Take all necessary measures to ensure the full implementation of ILO Convention No. 189, which will come"
            " into force in January 2015",
            [],
        ),
        ("Withdraw its reservations to the 1951 Refugee Convention", []),
        (
            "Consider adhering to the principles of the International Convention on the Protection of the Rights of "
            "All Migrant Workers and Members of Their Families ICRMW",
            [],
        ),
        ("Sign ICRMW", []),
        ("Accept Articles 76 and 77 of the ICRMW", []),
        ("Ratify the Convention against Torture and implement the ICRMW", []),
        (
            "Continue national efforts aimed at combating forced labour and taking necessary measures to prevent,"
            " suppress and punish trafficking in persons, particularly women and children.",
            [],
        ),
    ],
)
def test_the_matcher_finds_calls_to_ratify_and_only_those(text, codes):
    assert called_instruments(text) == codes


def test_the_matcher_reads_the_corpus_rows_themselves():
    # Peru, session 14, from the Philippines: a call to consider ratifying
    assert called_instruments(corpus_text("s14-PER-PHL-ddf7814354ae")) == ["ICRMW"]
    # a call on other States to ratify is matched too: Senegal was party, so the page shows it as such
    assert "ICRMW" in called_instruments(corpus_text("s4-SEN-DZA-9cabcb6dd6e5"))


def test_an_undated_session_lies_between_the_dated_ones():
    years = session_years()
    assert years[4] == (2009, 2009)  # dated by a read source
    assert years[3] == (2008, 2009)  # between sessions 2 (2008) and 4 (2009)
    assert years[20] == (2013, 2014)  # after session 17 (2013), up to the corpus's last year


# ---- the outcome of a review, from the acts -----------------------------------------------------------------


class Act:
    def __init__(self, action: str, date: str) -> None:
        self.action, self.date, self.effective = action, PartialDate.parse(date), None


def test_an_act_after_the_review_is_a_ratification_and_one_before_means_already_party():
    later = outcome([Act("ratification", "2013-08-19")], (2010, 2012), dt.date(2026, 2, 3), closed=False)
    assert (later["outcome"], later["date"], later["years_after"]) == ("ratified", "2013-08-19", 3)
    before = outcome([Act("accession", "2005-09-14")], (2012, 2012), dt.date(2026, 2, 3), closed=False)
    assert (before["outcome"], before["date"]) == ("already-party", "2005-09-14")
    same = outcome([Act("ratification", "2012-05-31")], (2012, 2012), dt.date(2026, 2, 3), closed=False)
    assert same["outcome"] == "same-period"  # which came first is unknown: neither a success nor a failure
    signed = outcome([Act("signature", "2014-01-01")], (2012, 2012), dt.date(2026, 2, 3), closed=False)
    assert (signed["outcome"], signed["date"]) == ("not-party", "2026-02-03")  # a signature does not bind
    assert outcome([], (2012, 2012), None, closed=False)["outcome"] == "unknown"  # partial data: never a failure


# ---- the analysis on the embedded library -------------------------------------------------------------------


@pytest.fixture
def icrmw(django_db_setup, db):
    return ratification_calls(Instrument.objects.get(code="ICRMW"))


def row(found, state, session, response):
    return next(r for r in found["rows"] if (r["state"], r["session"], r["response"]) == (state, session, response))


def test_a_state_recommended_then_ratified(icrmw):
    mozambique = row(icrmw, "MOZ", 10, "Accepted")
    assert (mozambique["outcome"], mozambique["date"], mozambique["action"]) == (
        "ratified",
        "2013-08-19",
        "ratification",
    )
    assert mozambique["year_from"] == 2010 and mozambique["years_after"] == 3
    assert {"ARG", "DZA", "NGA"} <= set(mozambique["recommending_states"])


def test_a_state_recommended_but_already_party_is_not_a_success(icrmw):
    peru = row(icrmw, "PER", 14, "Accepted")
    assert (peru["outcome"], peru["date"]) == ("already-party", "2005-09-14")
    assert peru["considering"] >= 1  # "Consider ratifying ...": counted, and counted apart
    accepted = next(s for s in icrmw["summary"] if s["response"] == "Accepted")
    assert accepted["already_party"] >= 1
    assert accepted["ratified"] == sum(
        1 for r in icrmw["rows"] if r["response"] == "Accepted" and r["outcome"] == "ratified"
    )
    assert (
        accepted["not_party_before"]
        == accepted["reviews"] - accepted["already_party"] - accepted["same_period"] - accepted["unknown"]
    )


def test_a_noted_recommendation_never_followed_by_ratification(icrmw):
    britain = row(icrmw, "GBR", 1, "Noted")
    assert (britain["outcome"], britain["date"]) == ("not-party", icrmw["complete_as_of"])
    noted = next(s for s in icrmw["summary"] if s["response"] == "Noted")
    assert noted["ratified_share"] == round(100 * noted["ratified"] / noted["not_party_before"], 1)


@pytest.mark.django_db
def test_an_instrument_the_rules_do_not_cover_has_no_section(django_db_setup):
    assert ratification_calls(Instrument.objects.get(code="CAT")) is None


# ---- the page, its twins and the API ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_instrument_page_shows_the_table_and_the_figure(django_db_setup):
    html = Client().get("/instruments/ICRMW/").content.decode()
    assert "Did recommendations to ratify lead to ratification?" in html
    assert 'id="ratification-rows"' in html and "/countries/MOZ/" in html
    spec = json.loads(
        html.split('<script id="ratification-calls-spec" type="application/json">')[1].split("</script>")[0]
    )
    bars = {(v["label"], v["series"]): v for v in spec["data"]["values"]}
    found = ratification_calls(Instrument.objects.get(code="ICRMW"))
    accepted = next(s for s in found["summary"] if s["response"] == "Accepted")
    assert bars["Accepted", "By 2026-02-03"]["value"] == accepted["ratified_share"]
    assert bars["Accepted", "Within 5 years"]["value"] == accepted["ratified_within_share"]
    french = Client().get("/fr/instruments/ICRMW/").content.decode()
    assert "Les recommandations de ratifier" in french


@pytest.mark.django_db
def test_the_twins_and_the_api_give_the_same_rows(django_db_setup):
    client = Client()
    page_json = client.get("/instruments/ICRMW.json").json()["data"]["ratification_recommendations"]
    twin = client.get("/instruments/ICRMW/ratification-recommendations.json").json()["data"]
    api = client.get("/api/v1/instruments/ICRMW/ratification-recommendations").json()
    assert page_json["rows"] == twin["rows"] == api["data"]
    assert api["meta"]["summary"] == twin["summary"] and api["meta"]["count"] == len(twin["rows"])
    assert api["meta"]["sources"][0]["key"] == "upr-info-2008-2014"
    table = list(
        csv.DictReader(io.StringIO(client.get("/instruments/ICRMW/ratification-recommendations.csv").content.decode()))
    )
    mozambique = next(r for r in table if (r["state"], r["session"], r["response"]) == ("MOZ", "10", "Accepted"))
    assert (mozambique["outcome"], mozambique["date"]) == ("ratified", "2013-08-19")
    assert client.get("/api/v1/instruments/CAT/ratification-recommendations").status_code == 404
    assert client.get("/api/v1/instruments/NOPE/ratification-recommendations").status_code == 404
    assert client.get("/instruments/CAT/ratification-recommendations.csv").status_code == 404


# ---- the country page: accepted vs noted against its region; the documents in the navigation ----------------


@pytest.mark.django_db
def test_the_country_page_compares_its_responses_with_its_region(django_db_setup):
    from migrights.documents.models import UPR_RECOMMENDATION, Passage
    from migrights.documents.queries import COUNTRY_THEMES
    from migrights.reference.models import Country

    country = Country.objects.get(code="MEX")
    themes = set(COUNTRY_THEMES)
    region = [
        p
        for p in Passage.objects.filter(kind=UPR_RECOMMENDATION, state_under_review__region=country.region)
        if themes & set(p.issues.split("|"))
    ]
    accepted = sum(1 for p in region if p.response == "Accepted")
    upr = Client().get("/countries/MEX.json").json()["data"]["upr"]
    data = upr["region_comparison"]
    assert data["region"] == "Americas" and data["states"] == len({p.state_under_review_id for p in region})
    by_scope = {r["scope"]: r for r in data["rows"]}
    assert (by_scope["region"]["accepted"], by_scope["region"]["noted"]) == (accepted, len(region) - accepted)
    assert by_scope["region"]["accepted_share"] == round(100 * accepted / len(region), 1)
    assert by_scope["country"]["recommendations"] == upr["received"]
    html = Client().get("/countries/MEX/").content.decode()
    spec = json.loads(html.split('<script id="upr-region-spec" type="application/json">')[1].split("</script>")[0])
    values = {(v["label"], v["series"]): v["value"] for v in spec["data"]["values"]}
    assert values["Americas", "Accepted"] == by_scope["region"]["accepted_share"]
    assert values["Mexico", "Noted"] == by_scope["country"]["noted_share"]
    assert 'id="upr-region-table"' in html


@pytest.mark.django_db
def test_the_header_and_the_home_page_link_the_documents(django_db_setup):
    client = Client()
    for prefix, name in (("", "Documents"), ("/fr", "Documents"), ("/es", "Documentos")):
        html = client.get(f"{prefix}/instruments/").content.decode()
        nav = html.split('<nav class="site-nav"')[1].split("</nav>")[0]
        assert f'<a href="{prefix}/documents/">{name}</a>' in nav
        assert f'href="{prefix}/documents/"' in client.get(f"{prefix}/").content.decode()


def test_a_review_whose_report_was_read_names_its_symbol_and_no_other_does(icrmw):
    symbols = {(r["state"], r["session"]): r["report_symbol"] for r in icrmw["rows"]}
    read = {(state, session) for (session, state) in report_symbols()}
    assert symbols[("MYS", 17)] == "A/HRC/25/10"  # read on right-docs.org's copy of the report
    assert {key for key, symbol in symbols.items() if symbol} == read & set(symbols)
    row = next(r for r in csv_rows(icrmw) if (r["state"], r["session"]) == ("MYS", 17))
    assert row["report_symbol"] == "A/HRC/25/10"
