"""MRF 1.1 beside the published 1.0: its scores through the API and the Python package on request, both versions and
the mapping between them on the methodology page, and its law-derived indicators with the variable they read."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from migrights import data
from migrights.framework.models import Framework
from migrights.indexengine import compute
from migrights.opendata import tables
from migrights.scores.editions import current_edition, edition_label, engine_answers, observatory_spec, store
from migrights.scores.models import Edition

pytestmark = pytest.mark.django_db


def _text(page: bytes) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.decode())))


def _store_11(country: str = "DEU") -> Edition:
    """A commitments edition of MRF 1.1 for one country, stored beside the public one (as `migrights compute
    --framework-version 1.1` stores it for all)."""
    mrf11 = Framework.objects.get(code="MRF", version="1.1")
    answers = engine_answers(mrf11, None).query("country == @country")
    result = compute(answers, mrf11.definition().indicator_table(), observatory_spec(), uncertainty=0)
    return store(result, mrf11, None, edition_label(mrf11, None))


def test_the_scores_api_reads_a_framework_version_on_request_and_keeps_10_the_default(client):
    missing = client.get("/api/v1/scores?framework=1.1&country=DEU")
    assert missing.status_code == 404
    assert "no scores of MRF 1.1 have been computed" in missing.json()["error"]["message"]
    _store_11()
    answer = client.get("/api/v1/scores?framework=1.1&country=DEU&level=dimension&year=2022")
    assert answer.status_code == 200
    body = answer.json()
    assert body["meta"]["framework"] == "MRF 1.1" and body["meta"]["edition"] == "commitments (MRF 1.1)"
    assert {row["code"] for row in body["data"]} == {"commitment", "protection", "implementation"}
    assert {row["country"] for row in body["data"]} == {"DEU"}
    # GLOBALCIT's years of residence for DEU's 2023 law (framework year 2022: 8 years) give 1.1's NAT.2.P3 a score
    derived = client.get("/api/v1/scores?framework=1.1&country=DEU&year=2022&level=indicator&code=NAT.2.P3").json()
    assert [row["score"] is not None for row in derived["data"]] == [True]
    # the published framework stays the default, and has no score there
    default = client.get("/api/v1/scores?country=DEU&level=dimension&year=2022").json()
    assert default["meta"]["framework"] == "MRF 1.0"
    assert client.get("/api/v1/scores?country=DEU&year=2022&code=NAT.2.P3").status_code == 422
    unknown = client.get("/api/v1/scores?framework=9.9")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "MRF 9.9 is not loaded (loaded: 1.0, 1.1)"


def test_the_python_package_reads_a_framework_version_and_the_commitments_download_keeps_the_published_one():
    stored = _store_11()
    frame = data.scores(country="DEU", level="dimension", year=2022, framework="1.1")
    assert set(frame["code"]) == {"commitment", "protection", "implementation"}
    indicators = data.scores(country="DEU", level="indicator", year=2022, framework="1.1").set_index("code")
    table = stored.country_table("DEU").query("year == 2022 and level == 'indicator'").set_index("code")
    assert indicators.loc["NAT.2.P3", "score"] == pytest.approx(table.loc["NAT.2.P3", "score"])
    assert not pd.isna(indicators.loc["NAT.2.P3", "score"])
    with pytest.raises(LookupError, match=r"MRF 2\.0 is not loaded"):
        data.scores(framework="2.0")
    # the 1.1 edition is the newest stored, yet the downloads and pages stay on the published framework
    assert tables.resolve("commitments").scores.framework.version == "1.0"
    assert current_edition().framework.version == "1.0"


def test_the_methodology_page_lists_both_versions_and_the_mapping_from_10(client):
    _store_11()
    text = _text(client.get("/methodology/").content)
    versions = text[text.index("Versions of the framework") :]
    assert "MRF 1.0 published: the scores on this site" in versions
    assert "MRF 1.1 not published: scores computed beside the published ones" in versions
    assert "/api/v1/scores?framework=1.1" in versions
    mapping = text[text.index("From 1.0 to 1.1") :]
    assert "NAT.1.P3 split from NAT.1.P2 GLOBALCIT Citizenship Law Dataset" in mapping
    assert "A03b_bin" in mapping and "NAT.1.P4 split from NAT.1.P2" in mapping
    assert "NAT.2.P3 same question NAT.2.P3" in mapping and "A06a_yrs_cat" in mapping
    assert "NAT.2.P5 new" in mapping
    french = _text(client.get("/fr/methodology/").content)
    assert "Versions du cadre" in french and "scindé à partir de" in french
    spanish = _text(client.get("/es/methodology/").content)
    assert "Versiones del marco" in spanish


def test_the_indicator_pages_show_11s_law_derived_indicators_with_their_variable(client):
    published = _text(client.get("/methodology/indicators/").content)
    assert "NAT.1.P3" not in published and "MRF 1.1 (not published)" in published
    listed = client.get("/methodology/indicators/?framework=1.1").content.decode()
    assert 'href="/methodology/indicators/NAT.1.P3/?framework=1.1"' in listed
    assert "Derived from GLOBALCIT, variable <code>A03b_bin</code>" in listed
    assert _text(listed.encode()).count("Derived from GLOBALCIT") == 4
    detail = _text(client.get("/methodology/indicators/NAT.2.P5/?framework=1.1").content)
    assert "Derived from a law dataset" in detail and "A06b_cat" in detail
    assert "3 renunciation required, without substantial exceptions" in detail
    assert "Computed from treaty actions" not in detail
    number = _text(client.get("/methodology/indicators/NAT.2.P3/?framework=1.1").content)
    assert "A06a_yrs_cat" in number and "The dataset's number is the answer." in number
    assert client.get("/methodology/indicators/NAT.1.P3/").status_code == 404  # not an indicator of 1.0
    twin = client.get("/methodology/indicators/NAT.1.P3.json?framework=1.1").json()["data"]
    assert twin["derived"]["variable"] == "A03b_bin"
    assert twin["maps_from"] == {"relation": "split", "codes": ["NAT.1.P2"]}
    unknown = client.get("/methodology/indicators/?framework=9.9")
    assert unknown.status_code == 404 and "9.9" in unknown.content.decode()
    french = _text(client.get("/fr/methodology/indicators/NAT.1.P3/?framework=1.1").content)
    assert "Dérivé d'un jeu de données juridiques" in french
