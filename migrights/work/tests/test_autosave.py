"""Autosave of one answer: saved with a new version, stale versions refused with the text kept."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.models import Answer, AuditEntry
from migrights.assessments.workflow import AnswerInput

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(cast, code: str = "LAB.1.P2") -> str:
    return f"/work/assessments/{cast.assessment.pk}/answers/{code}/"


def test_an_autosave_saves_and_returns_the_new_version(cast, signed_in):
    client = signed_in(cast.expert)
    form = {"status": "value", "value": "50", "confidence": "high", "comment": "chapter 3", "version": "0"}
    response = client.post(url(cast), form, **HTMX)
    assert response.status_code == 200
    answer = Answer.objects.get(assessment=cast.assessment, coder=cast.expert)
    assert (answer.value, answer.confidence, answer.comment, answer.version) == (50, "high", "chapter 3", 1)
    html = response.content.decode()
    assert 'id="ind-LAB-1-P2-version" value="1" hx-swap-oob="true"' in html
    assert "LAB.1.P2 saved" in html
    again = client.post(url(cast), form | {"value": "Full", "version": "1"}, **HTMX)
    assert 'value="2"' in again.content.decode()
    assert AuditEntry.objects.filter(action="save-answer").count() == 2


def test_saving_over_a_newer_version_keeps_the_typed_text_and_shows_the_saved_one(cast, signed_in):
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="None"), None)
    workflow.save_answer(
        cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Full", comment="from the other tab"), 1
    )
    client = signed_in(cast.expert)
    typed = {"status": "value", "value": "50", "confidence": "low", "comment": "my unsaved words", "version": "1"}
    response = client.post(url(cast), typed, **HTMX)
    html = response.content.decode()
    assert response["HX-Retarget"] == "#ind-LAB-1-P2" and response["HX-Reswap"] == "outerHTML"
    assert "saved elsewhere since you opened it" in html
    assert "my unsaved words</textarea>" in html  # the person's text stays in the input
    assert 'value="50" checked' in html
    assert "The answer saved meanwhile (version 2)" in html and "from the other tab" in html
    assert 'id="ind-LAB-1-P2-version" value="1"' in html  # autosave keeps refusing...
    assert 'name="replace_version" value="2"' in html  # ...until the person chooses to replace
    answer = Answer.objects.get(assessment=cast.assessment, coder=cast.expert)
    assert (answer.value, answer.comment, answer.version) == (100, "from the other tab", 2)
    assert "saved elsewhere" in client.post(url(cast), typed, **HTMX).content.decode()
    client.post(url(cast), typed | {"replace_version": "2"}, **HTMX)
    assert Answer.objects.get(pk=answer.pk).comment == "my unsaved words"


def test_a_refused_value_is_explained_and_nothing_is_saved(cast, signed_in):
    client = signed_in(cast.expert)
    response = client.post(
        url(cast, "LAB.1.I1"), {"status": "value", "value": "140", "confidence": "medium", "version": "0"}, **HTMX
    )
    html = response.content.decode()
    assert "above the maximum 100" in html
    assert 'name="value" id="ind-LAB-1-I1-value" value="140"' in html
    assert not Answer.objects.exists()


def test_without_javascript_the_form_posts_and_comes_back(cast, signed_in):
    client = signed_in(cast.expert)
    response = client.post(url(cast), {"status": "not-applicable", "confidence": "medium", "version": "0"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/work/assessments/{cast.assessment.pk}/category/LAB/#ind-LAB-1-P2")
    assert Answer.objects.get().status == "not-applicable"
    stale = client.post(url(cast), {"status": "unknown", "confidence": "medium", "version": "0"})
    assert stale.status_code == 409
    assert b"saved elsewhere since you opened it" in stale.content
    assert b"<h1>Labour" in stale.content  # the whole page, with the refusal beside the answer


def test_answers_are_locked_once_submitted(cast, signed_in):
    from migrights.assessments.tests.builders import answer_all

    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    client = signed_in(cast.expert)
    page = client.get(f"/work/assessments/{cast.assessment.pk}/category/LAB/").content.decode()
    assert "Answers are locked while the assessment is submitted" in page
    assert "<fieldset disabled>" in page
    version = Answer.objects.get(indicator__code="LAB.1.P2").version
    response = client.post(
        url(cast), {"status": "value", "value": "Full", "confidence": "high", "version": version}, **HTMX
    )
    assert "answers are locked" in response.content.decode()
    assert Answer.objects.get(indicator__code="LAB.1.P2").value == 50


def test_reviewers_comments_show_on_the_returned_indicator(cast, signed_in):
    from migrights.assessments.tests.builders import answer_all

    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.add_comment(cast.reviewer, cast.assessment, "LAB.1.P2", "Cite the chapter on domestic work")
    workflow.return_assessment(cast.reviewer, cast.assessment)
    page = signed_in(cast.expert).get(f"/work/assessments/{cast.assessment.pk}/category/LAB/").content.decode()
    section = page.split('id="ind-LAB-1-P2"')[1].split("</section>")[0]
    assert "Cite the chapter on domestic work" in section
    assert "Cite the chapter" not in page.split('id="ind-LAB-1-P1"')[1].split("</section>")[0]
