"""The public sees released values only: never drafts, never approved-but-unreleased values."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.models import Release
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


def two_releases(cast) -> None:
    """Release 2026.1 holds LAB.1.P2 = 50 (Partial), release 2026.2 holds 100 (Full)."""
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    workflow.reopen(cast.coordinator, cast.assessment, "new decree on domestic work")
    current = cast.assessment.answers.get(indicator__code="LAB.1.P2")
    workflow.save_answer(cast.expert, cast.assessment, workflow.AnswerInput("LAB.1.P2", value="Full"), current.version)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.2", "domestic workers")


def test_a_named_release_serves_its_own_values_and_only_them(client):
    two_releases(build_cast())
    for version, expected in (("2026.1", 50), ("2026.2", 100), (None, 100)):
        query = f"?release={version}" if version else ""
        answers = client.get(f"/api/v1/answers{query}").json()
        assert answers["meta"]["release"] == (version or "2026.2")
        assert answers["meta"]["count"] == 3  # one release's three values, never both releases' six
        assert {a["release"] for a in answers["data"]} == {version or "2026.2"}
        assert {a["indicator"]: a["value"] for a in answers["data"]}["LAB.1.P2"] == expected


def test_one_release_with_its_changelog(client):
    two_releases(build_cast())
    first = client.get("/api/v1/releases/2026.1").json()["data"]
    assert (first["version"], first["previous"]) == ("2026.1", None)
    created = Release.objects.get(version="2026.1").created.date().isoformat()
    assert (first["date"], first["notes"]) == (created, None)
    assert first["country_years"] == [{"country": "PHL", "year": 2024}]
    assert first["counts"] == {"values": 3, "added": 3, "changed": 0, "removed": 0}
    second = client.get("/api/v1/releases/2026.2").json()["data"]
    assert (second["version"], second["previous"], second["notes"]) == ("2026.2", "2026.1", "domestic workers")
    assert [c["indicator"] for c in second["changes"]["changed"]] == ["LAB.1.P2"]
    assert second["changes"]["added"] == [] and second["changes"]["removed"] == []
    listed = client.get("/api/v1/releases").json()["data"]
    assert [r["version"] for r in listed] == ["2026.2", "2026.1"] and "changes" not in listed[0]
    missing = client.get("/api/v1/releases/1999.1")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_a_country_page_shows_the_latest_release_of_that_country_only(client):
    import datetime as dt

    from migrights.assessments.public import country_released
    from migrights.reference.models import Country

    cast = build_cast()
    philippines, mexico, chile = (Country.objects.get(code=c) for c in ("PHL", "MEX", "CHL"))
    assert country_released(philippines, dt.date.today()) is None  # nothing released yet
    mexican = workflow.open_assessment(mexico, 2024, cast.assessment.framework)
    workflow.assign(cast.expert, mexico, "expert")
    workflow.assign(cast.reviewer, mexico, "reviewer")
    for assessment in (cast.assessment, mexican):
        answer_all(cast.expert, assessment)
        workflow.submit(cast.expert, assessment)
        workflow.approve(cast.reviewer, assessment)
    release = workflow.create_release(cast.coordinator, "2026.1")
    shown = country_released(philippines, dt.date.today())
    assert shown["release"] == "2026.1" and shown["date"] == release.created.date().isoformat()
    assert len(shown["values"]) == 3 and {v["country"] for v in shown["values"]} == {"PHL"}
    assert country_released(chile, dt.date.today()) is None  # released, but nothing of Chile
    twin = client.get("/countries/PHL.json").json()
    assert {v["country"] for v in twin["data"]["released"]["values"]} == {"PHL"}


def test_export_rows_of_a_release_flatten_the_evidence(client):
    from migrights.assessments.public import ANSWER_COLUMNS, find_release, released_records

    cast = build_cast()
    two_releases(cast)
    assert find_release("2026.1").version == "2026.1" and find_release(None).version == "2026.2"
    assert find_release("1999.1") is None
    rows = {r["indicator"]: r for r in released_records(find_release("2026.1"), "phl")}
    assert list(rows) == ["LAB.1.P1", "LAB.1.P2", "LAB.1.I1"]
    assert all(list(r) == list(ANSWER_COLUMNS) for r in rows.values())
    first = rows["LAB.1.P1"]
    assert (first["release"], first["country"], first["year"]) == ("2026.1", "PHL", 2024)
    assert first["framework"] == "TINY 1.0"
    assert (first["category"], first["right"], first["dimension"]) == ("LAB", "LAB.1", "protection")
    assert (first["status"], first["value"], first["value_label"]) == ("value", 1, "Yes")
    assert first["evidence"] == "Labor Code, art. 3" and rows["LAB.1.I1"]["evidence"] == "https://example.org/report"
    assert rows["LAB.1.P2"]["evidence"] == "" and rows["LAB.1.P2"]["value_label"] == "Partial"
    assert first["coders"] == 1 and first["adjudicated"] is False
    assert released_records(find_release("2026.1"), "MEX") == []
    workflow.reopen(cast.coordinator, cast.assessment, "a second source")
    answer = cast.assessment.answers.get(indicator__code="LAB.1.P2")
    excerpt = workflow.EvidenceInput("excerpt", excerpt="Domestic workers are covered by Book III")
    cited = workflow.EvidenceInput("legal-citation", citation="Kasambahay Law, s. 5")
    given = workflow.AnswerInput("LAB.1.P2", value="Full", evidence=[cited, excerpt])
    workflow.save_answer(cast.expert, cast.assessment, given, answer.version)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.3")
    third = {r["indicator"]: r for r in released_records(find_release("2026.3"))}
    assert third["LAB.1.P2"]["evidence"] == "Kasambahay Law, s. 5; Domestic workers are covered by Book III"


def test_released_answers_say_not_applicable_and_unknown_and_filter_by_year(client):
    cast = build_cast()
    for given in (
        workflow.AnswerInput("LAB.1.P1", status="not-applicable"),
        workflow.AnswerInput("LAB.1.P2", status="unknown"),
        workflow.AnswerInput("LAB.1.I1", value="12.5", evidence=[workflow.EvidenceInput("url", url="https://a.org/r")]),
    ):
        workflow.save_answer(cast.expert, cast.assessment, given, None)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    data = client.get("/api/v1/answers?country=PHL&year=2024").json()["data"]
    labels = {a["indicator"]: (a["status"], a["value"], a["value_label"]) for a in data}
    assert labels == {
        "LAB.1.P1": ("not-applicable", None, "not applicable"),
        "LAB.1.P2": ("unknown", None, "unknown"),
        "LAB.1.I1": ("value", 12.5, "12.5%"),
    }
    wording = {a["indicator"]: a["wording"] for a in data}["LAB.1.P1"]
    assert wording == "Does the law guarantee migrant workers equal pay?"
    assert client.get("/api/v1/answers?year=2023").json()["meta"]["count"] == 0
    assert client.get("/api/v1/answers?country=MEX").json()["meta"]["count"] == 0


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
