"""The public sees released values only: never drafts, never approved-but-unreleased values."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.tests.builders import answer_all, build_cast

pytestmark = pytest.mark.django_db

MARKER = "Labor Code of the Philippines, article 3"  # distinctive evidence text of the draft


def public_outputs(client) -> str:
    pages = ["/countries/PHL/", "/countries/PHL.json", "/countries/PHL.csv", "/api/v1/countries/PHL"]
    pages += ["/api/v1/answers?country=PHL&year=2024", "/api/v1/answers", "/api/v1/releases"]
    texts = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        texts.append(response.content.decode())
    return "\n".join(texts)


def test_drafts_and_unreleased_approvals_never_reach_the_public(client):
    cast = build_cast()
    answer_all(cast.expert, cast.assessment, citation=MARKER)
    assert MARKER not in public_outputs(client)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    assert MARKER not in public_outputs(client)
    workflow.create_release(cast.coordinator, "2026.1")
    published = public_outputs(client)
    assert MARKER in published
    answers = client.get("/api/v1/answers?country=PHL&year=2024").json()
    assert answers["meta"]["release"] == "2026.1"
    values = {a["indicator"]: (a["value"], a["value_label"]) for a in answers["data"]}
    assert values == {"LAB.1.P1": (1, "Yes"), "LAB.1.P2": (50, "Partial"), "LAB.1.I1": (12.5, "12.5%")}
    page = client.get("/countries/PHL/").content.decode()
    assert 'id="released-values"' in page and "Partial" in page


def test_a_later_draft_does_not_replace_the_released_value(client):
    cast = build_cast()
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    with pytest.raises(workflow.Refused, match="needs a reason"):
        workflow.reopen(cast.coordinator, cast.assessment, "")
    workflow.reopen(cast.coordinator, cast.assessment, "new decree on domestic work")
    current = cast.assessment.answers.get(indicator__code="LAB.1.P2")
    workflow.save_answer(cast.expert, cast.assessment, workflow.AnswerInput("LAB.1.P2", value="Full"), current.version)
    values = {a["indicator"]: a["value"] for a in client.get("/api/v1/answers?country=PHL").json()["data"]}
    assert values["LAB.1.P2"] == 50  # the draft's 100 waits for review and the next release


def test_unknown_release_is_a_404_in_the_error_shape(client):
    response = client.get("/api/v1/answers?release=1999.1")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_framework_and_commitments_endpoints(client):
    build_cast()
    framework = client.get("/api/v1/frameworks/1.0?code=TINY").json()["data"]
    assert framework["counts"]["indicators"] == 8
    indicator = framework["categories"][0]["rights"][0]["indicators"][0]
    assert indicator["code"] == "LAB.1.P1" and indicator["evidence_required"] is True
    assert client.get("/api/v1/frameworks/9.9").status_code == 404


def test_released_values_page_by_cursor_each_once(client):
    cast = build_cast()
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    whole = client.get("/api/v1/answers").json()
    assert whole["meta"]["count"] == 3 and whole["meta"]["next_cursor"] is None
    seen, url, pages = [], "/api/v1/answers?page_size=1", 0
    while url:
        body = client.get(url).json()
        seen += body["data"]
        url, pages = body["meta"]["next"], pages + 1
    assert pages == 3 and seen == whole["data"]
    second = client.get("/api/v1/answers?page_size=1&page=2").json()
    assert second["data"] == whole["data"][1:2] and second["meta"]["page"] == 2
    other = client.get("/api/v1/scores?page_size=1").json()["meta"]["next_cursor"]  # a cursor of another list
    refused = client.get(f"/api/v1/answers?cursor={other}")
    assert refused.status_code == 400 and "cursor" in refused.json()["error"]["message"]
