"""The export rows of a release: one text cell of evidence per value, each item by its most telling text."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.public import find_release, released_records
from migrights.assessments.tests.builders import build_cast

pytestmark = pytest.mark.django_db
PDF = "ab" * 32  # a stored document's sha256


def test_each_evidence_item_is_shown_by_its_citation_else_address_else_excerpt_else_document_name():
    cast = build_cast()
    evidence = workflow.EvidenceInput
    given = [
        workflow.AnswerInput(
            "LAB.1.P1",
            value="Yes",
            evidence=[evidence("legal-citation", citation="Labor Code, art. 3", url="https://a.org", excerpt="x")],
        ),
        workflow.AnswerInput(
            "LAB.1.P2",
            value="Partial",
            evidence=[
                evidence("document", document=PDF, document_name="decree-2024.pdf"),
                evidence("excerpt", excerpt="Domestic workers are covered", document=PDF, document_name="d.pdf"),
                evidence("url", url="https://b.org/report", excerpt="not shown", document_name="e.pdf"),
            ],
        ),
        workflow.AnswerInput("LAB.1.I1", value="12.5", evidence=[evidence("document", document=PDF)]),
    ]
    for answer in given:
        workflow.save_answer(cast.expert, cast.assessment, answer, None)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    rows = {r["indicator"]: r["evidence"] for r in released_records(find_release("2026.1"), "PHL")}
    assert rows["LAB.1.P1"] == "Labor Code, art. 3"
    assert rows["LAB.1.P2"] == "decree-2024.pdf; Domestic workers are covered; https://b.org/report"
    assert rows["LAB.1.I1"] == ""  # a document without a name: nothing to cite, never the file's hash
