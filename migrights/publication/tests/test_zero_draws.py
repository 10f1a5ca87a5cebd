"""An edition computed without Monte Carlo draws renders every public page (issue 10, point 4).

Its interval columns are empty ("not computed"), never missing. The draw count is read when an edition is
computed (``settings.SCORES_UNCERTAINTY_DRAWS``), so the test settings reach it: the set-up edition runs the
spec's draws (conftest.py), every edition computed in a test runs none.
"""

from __future__ import annotations

import pytest

from migrights.scores.editions import compute_edition, current_edition
from migrights.scores.models import Edition

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/index.json",
    "/index.csv",
    "/?measure=overall",
    "/rankings/",
    "/rankings.json",
    "/rankings/?measure=commitment&year=2000",
    "/compare/?countries=PHL,MEX",
    "/compare.json?countries=PHL,MEX",
    "/countries/PHL/",
    "/countries/PHL.json",
    "/countries/PHL.csv",
    "/countries/XKX/",
    "/fr/countries/PHL/",
    "/es/rankings/",
    "/api/v1/scores?country=PHL",
    "/api/v1/countries/PHL",
    "/methodology/",
    "/methodology.json",
    "/data/",
    "/instruments/ICRMW/",
    "/search/?q=phil",
    "/countries/",
    "/bodies/",
    "/milestones/",
    "/sources/",
]


def test_every_public_page_and_the_brief_render_an_edition_without_draws(client, settings):
    setup = Edition.objects.filter(release__isnull=True).order_by("created", "id").first()
    assert setup.manifest["draws"] > 0, "the set-up edition runs the spec's draws (tests of intervals read it)"
    settings.SCORES_UNCERTAINTY_DRAWS = 0  # read when an edition is computed: the tests' setting reaches it
    edition = compute_edition()  # one edition for every check below: computing one is most of this test's time
    assert current_edition() == edition and edition.manifest["draws"] == 0
    table = edition.table()
    assert {"score_low", "score_median", "score_high", "rank_low", "rank_high"} <= set(table.columns)
    assert table["score_low"].isna().all()
    for page in PUBLIC_PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
    profile = client.get("/countries/PHL/").content.decode()
    assert "not computed" in profile
    rankings = client.get("/rankings/?measure=commitment").content.decode()
    assert 'id="ranking"' in rankings and "not computed" in rankings
    assert client.get("/api/v1/scores?country=PHL&level=dimension").json()["data"][0]["score_low"] is None

    from migrights.briefs.brief import gather

    commitment = next(d for d in gather("PHL")["scores"]["dimensions"] if d["code"] == "commitment")
    assert commitment["score"] is not None and commitment["low"] is None
    response = client.get("/countries/PHL/brief.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
