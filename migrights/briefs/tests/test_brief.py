"""The brief as a reader gets it: a 2-4 page PDF whose text names the country, its treaties, scores and sources."""

from __future__ import annotations

import io

import pypdf
import pytest
from typer.testing import CliRunner

from migrights.briefs.brief import group_sources, in_two_columns, largest_gaps, nearest_peers, trend_rows
from migrights.cli import Language, app
from migrights.lib.pdf import LocalOnlyFetcher


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture(scope="module")
def briefs(restore_embedded, django_db_blocker, tmp_path_factory):
    """Mexico's brief in English and in French, written by the command line (rendered once for the module).

    Outside a test's transaction the database is what earlier tests left (emptied by a transactional one): the
    briefs are rendered from the database as it was set up, whatever ran before.
    """
    folder = tmp_path_factory.mktemp("briefs")
    made = {}
    with django_db_blocker.unblock():
        restore_embedded()
        for language in ("en", "fr"):
            output = folder / f"MEX-{language}.pdf"
            result = CliRunner().invoke(app, ["brief", "MEX", "--lang", language, "--output", str(output)])
            assert result.exit_code == 0, result.output
            made[language] = pdf_text(output.read_bytes())
    return made


def test_the_english_brief_names_the_country_its_treaties_scores_region_and_sources(briefs):
    text, _pages = briefs["en"]
    assert "Mexico" in text
    assert "Migrant Workers Convention" in text and "1999-03-08" in text  # ICRMW, ratified on that day
    assert "Scores by dimension" in text
    assert "Commitment" in text and "no released values" in text  # protection and implementation: not yet
    assert "Central America" in text and "Americas" in text
    assert "Sources" in text and "accessed" in text
    assert "CC BY 4.0" in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_brief_has_two_to_four_pages(briefs, language):
    _text, pages = briefs[language]
    assert 2 <= pages <= 4


def test_the_french_brief_is_in_french(briefs):
    text, _pages = briefs["fr"]
    assert "Mexique" in text
    assert "Engagements" in text and "Scores par dimension" in text and "Région et pairs" in text
    assert "Scores by dimension" not in text


def test_an_unknown_country_fails_in_one_line_and_writes_nothing(db, tmp_path):
    output = tmp_path / "brief.pdf"
    result = CliRunner().invoke(app, ["brief", "XYZ", "--output", str(output)])
    assert result.exit_code == 1
    assert "no country with code 'XYZ'" in result.output
    assert not output.exists()


def test_rendering_refuses_remote_addresses():
    with pytest.raises(ValueError, match="disallowed protocol"):
        LocalOnlyFetcher().fetch("https://example.org/tracker.png")


def test_sources_of_one_producer_and_day_share_one_line():
    untc = "United Nations, Office of Legal Affairs, Treaty Section"
    sources = [
        {"producer": untc, "title": f"Status of Treaties, {ref}: status page", "url": f"u/{ref}", "accessed": "2026-02"}
        for ref in ("IV-2", "IV-13")
    ] + [{"producer": "ILO", "title": "Ratifications of C097", "url": "", "accessed": "2026-11-24"}]
    sources = [{**s, "licence": ""} for s in sources]
    lines = group_sources(sources)
    assert [(line["producer"], line["head"], line["tail"]) for line in lines] == [
        (untc, "Status of Treaties,", ": status page"),
        ("ILO", "", ""),
    ]
    assert lines[0]["items"] == [{"text": "IV-2", "url": "u/IV-2"}, {"text": "IV-13", "url": "u/IV-13"}]
    assert lines[1]["items"] == [{"text": "Ratifications of C097", "url": ""}]


def test_peers_are_the_closest_scores_and_unscored_countries_come_last():
    scores = {"AAA": 50.0, "BBB": 52.0, "CCC": 90.0, "DDD": None, "EEE": 47.0}
    assert nearest_peers("AAA", scores, limit=3) == ["BBB", "EEE", "CCC"]
    assert nearest_peers("AAA", scores, limit=10)[-1] == "DDD"


def test_gaps_are_sorted_by_size_and_missing_ones_dropped():
    rows = [
        {"gap": "commitment-protection", "value": -30.0},
        {"gap": "protection-implementation", "value": 12.0},
        {"gap": "commitment-implementation", "value": float("nan")},
    ]
    assert [r["gap"] for r in largest_gaps(rows)] == ["commitment-protection", "protection-implementation"]


def test_the_trend_leaves_out_withheld_overall_scores():
    record = {"year": 2020, "score_low": 1.0, "score_high": 3.0}
    records = [
        {**record, "level": "dimension", "code": "commitment", "score": 2.0, "flagged": False},
        {**record, "level": "dimension", "code": "protection", "score": None, "flagged": True},
        {**record, "level": "overall", "code": "overall", "score": None, "flagged": True},  # as published
    ]
    assert trend_rows(records) == [{"year": 2020, "series": "Commitment", "value": 2.0, "low": 1.0, "high": 3.0}]
    shown = [{**record, "level": "overall", "code": "overall", "score": 2.0, "flagged": False}]
    assert [r["series"] for r in trend_rows(shown)] == ["Overall"]


def test_two_columns_read_down_then_across():
    assert in_two_columns([1, 2, 3]) == [(1, 3), (2, None)]


def test_the_command_offers_the_site_languages():
    # the command line cannot read settings before --data-dir is applied, so it spells the codes out
    from django.conf import settings

    assert [language.value for language in Language] == [code for code, _name in settings.LANGUAGES]
