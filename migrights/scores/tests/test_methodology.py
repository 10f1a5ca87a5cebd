"""The published method: scores central in their own uncertainty analysis; a page that reads like a methods section."""

from __future__ import annotations

import re

import pytest
import yaml

from migrights.indexengine import IndexSpec
from migrights.indexengine.uncertainty import centrality
from migrights.scores.editions import compute_edition, current_edition
from migrights.scores.methodology import SOBOL_MAX_HALF_WIDTH, sensitivity_rows

pytestmark = pytest.mark.django_db

RUNS = 32  # enough runs for the 5th-95th percentiles to mean something, few enough for a quick test


@pytest.fixture
def edition_with_runs():
    """The commitments edition of the embedded data, with a Monte Carlo of at least ``RUNS`` runs: the one computed
    when the test database was set up (with a few runs for tests like this one), else one computed here."""
    edition = current_edition()
    if edition is not None and edition.release is None and edition.manifest.get("draws", 0) >= RUNS:
        return edition
    return compute_edition(uncertainty=RUNS)


def test_every_published_score_is_central_in_its_own_uncertainty_analysis_and_the_page_says_so(
    edition_with_runs, client
):
    """One edition with runs serves both the figures and the page that reports them (it takes a while to compute)."""
    counts = centrality(edition_with_runs.table())
    assert counts["rows"] > 100_000  # every scored row of every level, every country and year since 1990
    assert counts["outside"] == 0  # every interval contains its score
    # the published method is not at the edge of its alternatives: the median of the runs stays near the score
    assert counts["near_median"] >= 0.95 * counts["central_rows"] > 0
    # the median is published beside the score
    row = client.get("/api/v1/scores", {"country": "USA", "year": 2020, "level": "dimension", "code": "commitment"})
    record = row.json()["data"][0]
    assert record["score_low"] <= record["score"] <= record["score_high"]
    assert abs(record["score_median"] - record["score"]) <= 10

    # the methodology page reads like a methods section
    page = client.get("/methodology/").content.decode()
    assert "{&#x27;" not in page and "{'" not in page  # no specification printed as a Python dict
    assert "Indicators into rights: ;" not in page
    assert "Indicators into rights: arithmetic mean" in page
    assert "left out: the indicator leaves the denominator" in page  # `exclude` in words
    assert "Rejected, and never drawn" in page and "Geometric or harmonic means over indicators" in page
    assert re.search(r"Of [\d,]+ published scores, 0 lie outside their interval", page)
    assert re.search(r"\d\d?\.\d{10,}", page) is None  # no 16-digit floats
    table = page[page.index("Sensitivity of the ranks") : page.index('id="specification"')]
    cells = re.findall(r'<td class="num">([^<]*)</td>', table)
    assert cells
    for cell in cells:
        number = re.fullmatch(r"(\d\.\d\d) ± (\d\.\d\d)", cell)
        if number:
            assert 0 <= float(number[1]) <= 1 and float(number[2]) <= SOBOL_MAX_HALF_WIDTH
        else:
            assert cell in ("no effect", "too few runs to estimate")
    assert 'href="/methodology/spec.yaml"' in page


def test_the_raw_specification_replays_the_edition(client):
    response = client.get("/methodology/spec.yaml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/yaml")
    spec = IndexSpec.from_dict(yaml.safe_load(response.content))
    assert spec.hash() == current_edition().spec_hash


def test_the_methodology_page_names_methods_in_french_and_spanish(client):
    assert "moyenne arithmétique" in client.get("/fr/methodology/").content.decode()
    assert "media aritmética" in client.get("/es/methodology/").content.decode()


def test_sobol_indices_are_shown_within_their_range_or_not_at_all():
    records = [
        {"target": "commitment", "parameter": "aggregation", "first_order": 1.33, "first_order_conf": 0.45}
        | {"total": 1.36, "total_conf": 0.54},
        {"target": "commitment", "parameter": "weights", "first_order": -0.02, "first_order_conf": 0.05}
        | {"total": 0.98, "total_conf": 0.04},
        {"target": "overall", "parameter": "missing", "first_order": 0, "first_order_conf": 0}
        | {"total": 0, "total_conf": 0},
    ]
    noisy, precise, still = sensitivity_rows(records)
    assert noisy["first_order"]["text"] == noisy["total"]["text"] == "too few runs to estimate"
    assert noisy["first_order"]["value"] is None
    assert precise["first_order"]["text"] == "0.00 ± 0.05" and precise["total"]["text"] == "0.98 ± 0.04"
    assert still["first_order"]["text"] == "no effect"
    assert (noisy["parameter"], precise["target"], still["target"]) == (
        "Means used to aggregate",
        "Commitment",
        "Overall score",
    )
