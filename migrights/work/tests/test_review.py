"""The reviewer's screen: answers side by side, disagreements first, comments, adjudication, decisions."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.models import Assessment, ReviewComment
from migrights.assessments.tests.builders import answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_coders(cast):
    answer_all(cast.expert, cast.assessment, labour_law="Partial")
    answer_all(cast.second_expert, cast.assessment, labour_law="Full", citation="Labor Code, art. 4")
    workflow.submit(cast.expert, cast.assessment)
    workflow.submit(cast.second_expert, cast.assessment)
    return cast


def review_url(cast, action: str = "") -> str:
    return f"/work/assessments/{cast.assessment.pk}/review/{action}"


def test_disagreements_come_first_side_by_side(two_coders, signed_in):
    page = signed_in(two_coders.reviewer).get(review_url(two_coders)).content.decode()
    assert page.index('id="ind-LAB-1-P2"') < page.index('id="ind-LAB-1-P1"') < page.index('id="ind-LAB-1-I1"')
    section = page.split('id="ind-LAB-1-P2"')[1].split("</section>")[0]
    assert "coders disagree" in section
    coders = section.split('class="coders"')[1]
    assert coders.index("amara") < coders.index("Partial") < coders.index("bruno") < coders.index("Full")
    assert "Adjudicate LAB.1.P2" in section
    assert "Adjudicate" not in page.split('id="ind-LAB-1-I1"')[1].split("</section>")[0]


def test_approval_waits_for_adjudication_then_passes(two_coders, signed_in):
    client = signed_in(two_coders.reviewer)
    refused = client.post(review_url(two_coders, "approve/"), follow=True)
    assert "adjudicate them first" in refused.content.decode()
    client.post(
        review_url(two_coders, "adjudicate/LAB.1.P2/"),
        {"status": "value", "value": "Partial", "reason": "chapter 3 excludes live-in workers"},
    )
    client.post(review_url(two_coders, "approve/"))
    assert Assessment.objects.get(pk=two_coders.assessment.pk).state == Assessment.State.APPROVED


def test_return_needs_a_comment_and_an_indicator_comment_counts(two_coders, signed_in):
    client = signed_in(two_coders.reviewer)
    response = client.post(review_url(two_coders, "return/"), {"comment": ""}, follow=True)
    assert "cannot be returned without a comment" in response.content.decode()
    assert Assessment.objects.get(pk=two_coders.assessment.pk).state == Assessment.State.SUBMITTED  # nothing changed
    client.post(review_url(two_coders, "comment/LAB.1.P2/"), {"text": "Which chapter?"})
    assert ReviewComment.objects.get().indicator.code == "LAB.1.P2"
    client.post(review_url(two_coders, "return/"), {"comment": ""})
    assert Assessment.objects.get(pk=two_coders.assessment.pk).state == Assessment.State.RETURNED


def test_a_coordinator_reads_the_review_but_cannot_decide(two_coders, signed_in):
    client = signed_in(two_coders.coordinator)
    page = client.get(review_url(two_coders)).content.decode()
    assert "amara" in page and "Approve" not in page
    assert client.post(review_url(two_coders, "approve/")).status_code == 403
