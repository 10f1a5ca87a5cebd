"""A first release of one country's assessment never degrades the public view (issue 10, point 3).

The release holds the protection and implementation answers of the Philippines for 2024 on the observatory's
framework. Before this was fixed the home map turned grey, rankings said "no ranked values", the Philippines was
"rank 1 (1-1)" in a field of one, and its overall score was withheld on its profile but shown in the API.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from migrights.assessments.models import Release, ReleasedValue
from migrights.framework.queries import latest_framework
from migrights.reference.models import Country
from migrights.scores.editions import compute_result, edition_label, store

pytestmark = pytest.mark.django_db

YEAR = 2024


def indicator_value(scale) -> float:
    """A plausible answer: the middle level of a scale with levels, else the middle of a numeric range."""
    if scale.levels:
        return scale.levels[len(scale.levels) // 2].value
    return ((scale.min or 0) + (scale.max if scale.max is not None else 100)) / 2


@pytest.fixture(scope="module")
def engine_results() -> dict:
    """The engine's results by their inputs, for the module: each test's database holds the same release of the same
    values, so the index is run once and its result stored in each test's edition."""
    return {}


@pytest.fixture
def first_release(engine_results):
    framework = latest_framework()
    definition = framework.definition()
    coordinator = User.objects.create_user("coordinator-first-release")
    release = Release.objects.create(version="2026.1", created_by=coordinator)
    philippines = Country.objects.get(code="PHL")
    values = [
        ReleasedValue(
            release=release,
            country=philippines,
            year=YEAR,
            framework=framework,
            indicator=indicator.code,
            status="value",
            value=indicator_value(indicator.scale),
            coders=1,
        )
        for indicator in definition.indicators
        if indicator.dimension in ("protection", "implementation")
    ]
    ReleasedValue.objects.bulk_create(values)
    inputs = tuple(sorted((v.country.code, v.year, v.indicator, v.value) for v in values))
    if inputs not in engine_results:
        engine_results[inputs] = compute_result(framework, release, release.previous)
    return store(engine_results[inputs], framework, release, edition_label(framework, release))


def overall_in(client, year: int) -> dict:
    rows = client.get(f"/api/v1/scores?country=PHL&year={year}&level=overall").json()["data"]
    assert len(rows) == 1
    return rows[0]


def test_the_public_view_after_a_first_release(client, first_release):
    # the map and the rankings open on a measure with ranked values in its latest year
    home = client.get("/index.json").json()["data"]
    assert any(v["rank"] is not None for v in home["values"]), home["measure"]
    assert 'id="map-spec"' in client.get("/").content.decode()
    rankings = client.get("/rankings.json").json()["data"]
    assert len(rankings["ranked"]) > 100, rankings["measure"]
    assert "No ranked values" not in client.get("/rankings/").content.decode()

    # one country scored in a year: its score is shown, never ranked (no "rank 1 (1-1)")
    protection = client.get(f"/rankings.json?measure=protection&year={YEAR}").json()["data"]
    assert protection["ranked"] == []
    assert [(r["country"], r["rank"], r["rank_low"]) for r in protection["unranked"]] == [("PHL", None, None)]
    assert "too few countries" in client.get(f"/rankings/?measure=protection&year={YEAR}").content.decode()
    assert overall_in(client, YEAR)["rank"] is None

    # the overall score: the profile, compare, the API and the brief show the same thing for the same year
    from migrights.briefs.brief import gather

    profile = client.get("/countries/PHL.json").json()["data"]["scores"]["overall"]
    brief = gather("PHL")["scores"]["overall"]
    assert (brief["year"], brief["score"]) == (profile["year"], profile["score"])
    for year in {profile["year"], profile["year"] + 1, first_release.table()["year"].max()}:
        api = overall_in(client, year)
        compared = client.get(f"/compare.json?countries=PHL&year={year}").json()["data"]["countries"][0]
        assert compared["scores"]["overall"]["value"] == api["score"], year
        assert compared["scores"]["overall"]["flagged"] == api["flagged"], year
        assert (api["score"] is None) == api["flagged"], "a flagged score is withheld, an unflagged one shown"
        if year == profile["year"]:
            assert api["score"] == profile["score"]
    html = client.get("/countries/PHL/").content.decode()
    if profile["score"] is not None:
        assert f"{profile['score']:.1f}" in html and "Withheld" not in html.split('id="scores"')[1].split("</table>")[0]


def test_withheld_scores_are_withheld_in_the_downloads_too(client, first_release):
    from migrights.opendata.tables import resolve, score_rows

    rows = score_rows(resolve("latest"), country="PHL", level="overall")
    assert rows and all((r["score"] is None) == r["flagged"] for r in rows)
    flagged = [r for r in rows if r["flagged"]]
    assert flagged and all(r["rank"] is None and r["score_low"] is None for r in flagged)
