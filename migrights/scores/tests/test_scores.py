"""Scores in the observatory: real commitment series from the first start, editions per release, replay."""

from __future__ import annotations

import pytest

from migrights.scores.editions import compute_edition
from migrights.scores.models import Edition

pytestmark = pytest.mark.django_db


def scores(client, **query):
    response = client.get("/api/v1/scores", query)
    assert response.status_code == 200
    return response.json()


def test_commitment_scores_are_real_and_longitudinal_from_the_first_start(client):
    answer = scores(client, country="PHL", level="dimension", code="commitment")
    by_year = {r["year"]: r for r in answer["data"]}
    assert answer["meta"]["edition"] == "commitments" and answer["meta"]["release"] is None
    assert min(by_year) == 1990
    # coverage is the share of applicable commitment indicators that are known: unknown values (partial,
    # hand-compiled treaty data with no act recorded for the state) are missing, never zero
    from migrights.framework.queries import commitment_answers, latest_framework

    derived = commitment_answers(latest_framework(), ["PHL"])
    applicable = derived[(derived.year == 2020) & ~derived.not_applicable]
    assert by_year[2020]["coverage"] == pytest.approx(applicable.value.notna().mean(), abs=1e-3)
    assert 0.5 < by_year[2020]["coverage"] < 1  # some ILO migration conventions are unknown for PHL
    assert by_year[1990]["score"] < by_year[2020]["score"]  # the Philippines ratified the 1990 Convention in 1995
    protection = scores(client, country="PHL", year=2020, level="dimension", code="protection")["data"][0]
    assert protection["score"] is None and protection["flagged"] is True  # nothing released: not scored
    overall = scores(client, country="PHL", year=2020, level="overall")["data"][0]
    assert overall["flagged"] is True and overall["rank"] is None  # a sixth of the indicators is not enough


def test_a_release_gets_its_own_edition_and_replays_identically(released):
    edition, release, framework = released.edition, released.release, released.cast.assessment.framework
    assert edition.release == release
    again = compute_edition(release, framework=framework)
    assert (again.spec_hash, again.inputs_hash) == (edition.spec_hash, edition.inputs_hash)
    assert again.table().equals(edition.table())
    phl = again.table()
    protection = phl[
        (phl.country == "PHL") & (phl.year == 2024) & (phl.level == "dimension") & (phl.code == "protection")
    ]
    assert protection.score.iloc[0] == 75  # yes (100) and partial (50) on the tiny framework's protection indicators


def test_methodology_page_is_generated_from_the_spec(client):
    page = client.get("/methodology/").content.decode()
    assert "How the scores are computed" in page and "goalposts" in page
    data = client.get("/methodology.json").json()["data"]
    edition = Edition.objects.filter(release__isnull=True).first()
    assert data["spec_hash"] == edition.spec_hash and data["spec"]["min_coverage"] == 0.5


def test_country_page_shows_scores(client):
    page = client.get("/countries/PHL/").content.decode()
    assert 'id="scores"' in page and "commitment" in page


def test_compute_without_files_recomputes_from_the_database(tmp_path):
    """`migrights compute` without files, run in-process on the test database (the process is not the point)."""
    import csv

    from typer.testing import CliRunner

    from migrights.cli import app

    output = tmp_path / "scores.csv"
    result = CliRunner().invoke(app, ["compute", "--output", str(output)])
    assert result.exit_code == 0, result.output[-2000:]
    assert "computed edition commitments" in result.output
    with output.open() as handle:
        header = next(handle)
        philippines = (line for line in handle if line.startswith("PHL,"))  # rows start with the country
        rows = [r for r in csv.DictReader([header, *philippines]) if r["code"] == "commitment"]
    assert header.startswith("country,")
    assert {int(r["year"]) for r in rows} >= set(range(1990, 2026))


def test_methodology_page_in_french_and_spanish(client):
    french = client.get("/fr/methodology/").content.decode()
    assert "Comment les scores sont calculés" in french
    spanish = client.get("/es/methodology/").content.decode()
    assert "Cómo se calculan las puntuaciones" in spanish


def test_derived_values_are_built_once_and_only_recent_editions_are_kept():
    from migrights.scores.models import KEPT_EDITIONS, Edition

    builds = []
    editions = [Edition(pk=10_000 + n) for n in range(KEPT_EDITIONS + 1)]  # unsaved: no creation time
    for _ in range(2):
        assert editions[0].derived("answer", lambda: builds.append(1) or 42) == 42
    assert len(builds) == 1  # built once, then kept
    for edition in editions[1:]:
        edition.derived("answer", lambda: 0)  # KEPT_EDITIONS newer editions push the first one out
    editions[0].derived("answer", lambda: builds.append(1) or 42)
    assert len(builds) == 2


def test_score_records_are_the_table_rows_value_for_value():
    """``score_records`` reads the table's column arrays (no frame cut per request): the same values, of the same
    Python types, as the published table's rows converted by ``lib.tables.plain_records``."""
    import math

    from migrights.lib.tables import plain_records
    from migrights.scores.editions import current_edition
    from migrights.scores.queries import score_records, score_view

    edition = current_edition()
    view = score_view(edition)
    expected = plain_records(view.iloc[edition.country_rows("PHL")])
    found = score_records(edition, "PHL")
    assert len(found) == len(expected) > 100 and [list(r) for r in found] == [list(r) for r in expected]
    for mine, theirs in zip(found, expected, strict=True):
        for name, value in theirs.items():
            assert type(mine[name]) is type(value), name
            assert mine[name] == value or (isinstance(value, float) and math.isnan(value)), name
    every = score_records(edition)
    assert len(every) == len(view) and every[0] == plain_records(view.iloc[:1])[0]
