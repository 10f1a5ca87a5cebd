"""Every /work/ view: anonymous people are sent to sign in, wrong roles get 403, other countries 404."""

from __future__ import annotations

import pytest
from django.test import Client

from migrights.assessments import workflow
from migrights.assessments.tests.builders import answer_all
from migrights.reference.models import Country

pytestmark = pytest.mark.django_db


def urls(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", "/work/"),
        ("get", f"/work/assessments/{pk}/"),
        ("get", f"/work/assessments/{pk}/category/LAB/"),
        ("post", f"/work/assessments/{pk}/answers/LAB.1.P2/"),
        ("post", f"/work/assessments/{pk}/answers/LAB.1.P2/evidence/"),
        ("get", f"/work/assessments/{pk}/submit/"),
        ("get", f"/work/assessments/{pk}/review/"),
        ("post", f"/work/assessments/{pk}/review/start/"),
        ("post", f"/work/assessments/{pk}/review/comment/LAB.1.P2/"),
        ("post", f"/work/assessments/{pk}/review/adjudicate/LAB.1.P2/"),
        ("post", f"/work/assessments/{pk}/review/return/"),
        ("post", f"/work/assessments/{pk}/review/approve/"),
        ("get", "/work/coordination/"),
        ("post", "/work/coordination/assign/"),
        ("post", "/work/coordination/open/"),
        ("get", "/work/releases/new/"),
        ("post", "/work/evidence/1/remove/"),
        ("get", "/work/documents/" + "a" * 64 + ".pdf"),
    ]


def test_anonymous_people_are_sent_to_sign_in(cast):
    client = Client()
    for method, url in urls(cast.assessment.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("reviewer", "/work/assessments/{pk}/category/LAB/", 403),
        ("coordinator", "/work/assessments/{pk}/category/LAB/", 403),
        ("reviewer", "/work/assessments/{pk}/submit/", 403),
        ("expert", "/work/assessments/{pk}/review/", 403),
        ("expert", "/work/coordination/", 403),
        ("reviewer", "/work/releases/new/", 403),
        ("expert", "/work/releases/new/", 403),
        ("coordinator", "/work/assessments/{pk}/review/", 200),
        ("reviewer", "/work/assessments/{pk}/review/", 200),
        ("expert", "/work/assessments/{pk}/category/LAB/", 200),
        ("coordinator", "/work/coordination/", 200),
        ("coordinator", "/work/releases/new/", 200),
    ],
)
def test_each_role_reads_only_its_screens(cast, signed_in, who, url, status):
    response = signed_in(getattr(cast, who)).get(url.format(pk=cast.assessment.pk))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("reviewer", "/work/assessments/{pk}/answers/LAB.1.P2/"),
        ("coordinator", "/work/assessments/{pk}/answers/LAB.1.P2/"),
        ("expert", "/work/assessments/{pk}/review/approve/"),
        ("expert", "/work/assessments/{pk}/review/comment/LAB.1.P2/"),
        ("expert", "/work/coordination/assign/"),
        ("reviewer", "/work/coordination/open/"),
        ("expert", "/work/releases/new/"),
    ],
)
def test_each_role_writes_only_through_its_screens(cast, signed_in, who, url):
    response = signed_in(getattr(cast, who)).post(url.format(pk=cast.assessment.pk), {"value": "Full", "text": "x"})
    assert response.status_code == 403
    assert not cast.assessment.answers.exists()
    assert not cast.assessment.comments.exists()


def test_an_expert_of_another_country_sees_nothing_of_this_one(cast, signed_in):
    outsider = workflow.add_user("emeka", ["expert", "reviewer"], "long enough password")
    workflow.assign(outsider, Country.objects.get(code="NGA"), "expert")
    answer_all(cast.expert, cast.assessment)
    client = signed_in(outsider)
    pk = cast.assessment.pk
    for url in (f"/work/assessments/{pk}/category/LAB/", f"/work/assessments/{pk}/review/", f"/work/assessments/{pk}/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/work/assessments/{pk}/answers/LAB.1.P2/", {"value": "None"}).status_code == 404
    assert b"Philippines" not in client.get("/work/").content


def test_an_expert_of_another_country_who_reviews_this_one_cannot_code_it(cast, signed_in):
    # the assessment is within reach (a reviewer's), but the expert assignment is Nigeria's
    other = workflow.add_user("emeka", ["expert", "reviewer"], "long enough password")
    workflow.assign(other, Country.objects.get(code="NGA"), "expert")
    workflow.assign(other, cast.assessment.country, "reviewer")
    client = signed_in(other)
    pk = cast.assessment.pk
    assert client.get(f"/work/assessments/{pk}/review/").status_code == 200
    refused = client.get(f"/work/assessments/{pk}/category/LAB/")
    assert refused.status_code == 403 and b"emeka is not an expert of PHL" in refused.content
    response = client.post(
        f"/work/assessments/{pk}/answers/LAB.1.P2/", {"value": "Full", "status": "value", "confidence": "high"}
    )
    assert response.status_code == 403
    assert not cast.assessment.answers.exists()


def test_a_person_without_a_role_reaches_no_assessment(cast, signed_in):
    nobody = workflow.add_user("ivo", [], "long enough password")
    client = signed_in(nobody)
    pk = cast.assessment.pk
    for url in (f"/work/assessments/{pk}/", f"/work/assessments/{pk}/category/LAB/", f"/work/assessments/{pk}/review/"):
        assert client.get(url).status_code == 404, url
    assert b"Philippines" not in client.get("/work/").content


def test_an_expert_whose_roles_are_withdrawn_reaches_nothing_of_their_country(cast, signed_in):
    cast.expert.groups.clear()  # the assignment stays; the role is gone
    client = signed_in(cast.expert)
    assert client.get(f"/work/assessments/{cast.assessment.pk}/").status_code == 404
    assert b"Philippines" not in client.get("/work/").content


def test_each_address_reaches_its_own_assessment(cast, signed_in):
    earlier = workflow.open_assessment(cast.assessment.country, 2023, cast.assessment.framework)
    client = signed_in(cast.coordinator)
    for assessment in (cast.assessment, earlier):
        response = client.get(f"/work/assessments/{assessment.pk}/review/")
        assert response.status_code == 200 and response.context["assessment"] == assessment


def test_a_reviewer_who_coded_answers_cannot_review_them(cast, signed_in):
    both = workflow.add_user("fatima", ["expert", "reviewer"], "long enough password")
    for role in ("expert", "reviewer"):
        workflow.assign(both, cast.assessment.country, role)
    workflow.save_answer(both, cast.assessment, workflow.AnswerInput("LAB.1.P2", value="Full"), None)
    client = signed_in(both)
    response = client.get(f"/work/assessments/{cast.assessment.pk}/review/")
    assert response.status_code == 403
    assert b"cannot review their own answers" in response.content


def test_forms_need_the_csrf_token(cast, signed_in):
    client = signed_in(cast.expert, csrf=True)
    url = f"/work/assessments/{cast.assessment.pk}/answers/LAB.1.P2/"
    assert client.post(url, {"value": "Full", "status": "value", "confidence": "high"}).status_code == 403
    assert not cast.assessment.answers.exists()
    page = client.get(f"/work/assessments/{cast.assessment.pk}/category/LAB/")
    token = page.context["csrf_token"]
    response = client.post(
        url, {"value": "Full", "status": "value", "confidence": "high", "version": "0"}, HTTP_X_CSRFTOKEN=str(token)
    )
    assert response.status_code == 302
    assert cast.assessment.answers.get().value == 100


def test_the_page_carries_the_token_for_htmx_requests(cast, signed_in):
    response = signed_in(cast.expert).get(f"/work/assessments/{cast.assessment.pk}/category/LAB/")
    assert b'hx-headers=\'{"X-CSRFToken": "' in response.content
