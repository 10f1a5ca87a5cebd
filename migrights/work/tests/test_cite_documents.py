"""Beside each question, what the treaty bodies and the UPR said, each citable as evidence in one click (issue 15):
the citation is made on the server from the library, under the same permission and CSRF checks as other writes."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.models import Answer, Evidence
from migrights.assessments.workflow import AnswerInput
from migrights.documents.models import GC_PARAGRAPH, UPR_RECOMMENDATION, Passage
from migrights.reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def answer(cast):
    return workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.I1", value="12.5"), None)


def cite_url(cast, code: str = "LAB.1.I1") -> str:
    return f"/work/assessments/{cast.assessment.pk}/answers/{code}/cite/"


def passage_id(passage: Passage) -> str:
    return f"{passage.dataset}:{passage.key}"


def gc2_paragraph(number: str) -> Passage:
    return Passage.objects.get(kind=GC_PARAGRAPH, symbol="CMW/C/GC/2", paragraph=number)


def recommendation_to(code: str) -> Passage:
    return (
        Passage.objects.filter(kind=UPR_RECOMMENDATION, state_under_review__code=code, issues__contains="Labour")
        .filter(issues__contains="Migrants")
        .order_by("-session", "position")
        .first()
    )


def test_the_questions_show_the_paragraphs_and_the_countrys_recommendations(cast, signed_in):
    html = signed_in(cast.expert).get(f"/work/assessments/{cast.assessment.pk}/category/LAB/").content.decode()
    panel = html.split('id="ind-LAB-1-I1-documents"')[1].split("</details>")[0]
    assert "UPR recommendations PHL received on this right" in panel
    newest = recommendation_to("PHL")
    assert f'value="{passage_id(newest)}"' in panel  # the newest Labour recommendation on migrants to PHL
    assert 'href="/documents/?kind=upr-recommendation&amp;issue=Labour&amp;state=PHL"' in panel
    assert "Cite as evidence" in panel


def test_a_paragraph_is_cited_with_its_symbol_paragraph_and_address(cast, signed_in, answer):
    paragraph = gc2_paragraph("62")
    response = signed_in(cast.expert).post(cite_url(cast), {"passage": passage_id(paragraph)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    evidence = Evidence.objects.get(answer=answer)
    assert evidence.citation == "CMW/C/GC/2, para. 62 (CMW, 2013)"
    assert evidence.url == paragraph.url and evidence.url.startswith("https://tbinternet.ohchr.org/")
    assert evidence.kind == Evidence.Kind.URL
    assert "CMW/C/GC/2, para. 62" in response.content.decode()
    assert Answer.objects.get(pk=answer.pk).version == 2  # the evidence mechanism's revision, as any evidence


def test_a_recommendation_is_cited_with_its_states_session_and_words(cast, signed_in, answer):
    recommendation = recommendation_to("PHL")
    signed_in(cast.expert).post(cite_url(cast), {"passage": passage_id(recommendation)})
    evidence = Evidence.objects.get(answer=answer)
    assert evidence.kind == Evidence.Kind.EXCERPT and evidence.excerpt == recommendation.text
    assert evidence.citation.startswith(f"UPR recommendation by {recommendation.recommending_state.code} to PHL, ")
    assert f"session {recommendation.session}" in evidence.citation


def test_another_countrys_expert_is_refused_and_nothing_is_written(cast, signed_in, answer):
    outsider = workflow.add_user("emeka", ["expert"], "long enough password")
    workflow.assign(outsider, Country.objects.get(code="NGA"), "expert")
    response = signed_in(outsider).post(cite_url(cast), {"passage": passage_id(gc2_paragraph("62"))})
    assert response.status_code in (403, 404)
    assert not Evidence.objects.exists() and Answer.objects.get(pk=answer.pk).version == 1


def test_a_recommendation_to_another_state_or_an_unknown_document_is_refused(cast, signed_in, answer):
    client = signed_in(cast.expert)
    response = client.post(cite_url(cast), {"passage": passage_id(recommendation_to("MYS"))})
    assert response.status_code == 422 and "this recommendation was not made to PHL" in response.content.decode()
    # HTMX gets the evidence area with the reason, as for any evidence refused
    response = client.post(cite_url(cast), {"passage": "general-comments:nope"}, HTTP_HX_REQUEST="true")
    assert "no such document in the library" in response.content.decode()
    assert not Evidence.objects.exists()


def test_citing_before_answering_says_so_and_writes_nothing(cast, signed_in):
    response = signed_in(cast.expert).post(cite_url(cast), {"passage": passage_id(gc2_paragraph("62"))})
    assert response.status_code == 422 and "save an answer first" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_cite_action_needs_the_csrf_token(cast, signed_in, answer):
    response = signed_in(cast.expert, csrf=True).post(cite_url(cast), {"passage": passage_id(gc2_paragraph("62"))})
    assert response.status_code == 403
    assert not Evidence.objects.exists()
