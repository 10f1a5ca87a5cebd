"""Every /work/ view: anonymous people are sent to sign in, wrong roles get 403, other countries 404."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client

from migrights.assessments import workflow
from migrights.assessments.models import Assessment
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


def written_rows() -> dict[str, object]:
    """Rows of every table a /work/ form can write (the workflow's, their audit trail, the people) and each
    assessment's state: a refused request leaves all of it as it was."""
    counts: dict[str, object] = {m.__name__: m.objects.count() for m in apps.get_app_config("assessments").get_models()}
    counts["User"] = User.objects.count()
    counts["states"] = sorted(Assessment.objects.values_list("pk", "state"))
    return counts


def bring_to(cast, stage: str) -> None:
    """The assessment at the stage where the request would act: answered, submitted or approved."""
    if stage in ("answered", "submitted", "approved"):
        answer_all(cast.expert, cast.assessment)
    if stage in ("submitted", "approved"):
        workflow.submit(cast.expert, cast.assessment)
    if stage == "approved":
        workflow.approve(cast.reviewer, cast.assessment)


ANSWER = {"value": "Full", "status": "value", "confidence": "high", "version": "0"}
EVIDENCE = {"kind": "url", "url": "https://example.org/report"}
COMMENT = {"text": "Which chapter?"}
ADJUDICATION = {"status": "value", "value": "Full", "reason": "chapter 3"}
ASSIGNMENT = {"user": "chen", "country": "MEX", "role": "reviewer"}
OPENING = {"country": "MEX", "year": "2023", "framework": "{framework}"}
RELEASE = {"version": "2026.1", "notes": "first"}
ON = "/work/assessments/{pk}/"
# each write with data that succeed for the role it belongs to (checked below), refused to another role:
# (stage of the assessment, who is refused, whose write it is, address, data)
WRITES = [
    ("draft", "reviewer", "expert", ON + "answers/LAB.1.P2/", ANSWER),
    ("draft", "coordinator", "expert", ON + "answers/LAB.1.P2/", ANSWER),
    ("answered", "reviewer", "expert", ON + "answers/LAB.1.P1/evidence/", EVIDENCE),
    ("answered", "reviewer", "expert", ON + "submit/", {}),
    ("submitted", "expert", "reviewer", ON + "review/start/", {}),
    ("submitted", "expert", "reviewer", ON + "review/comment/LAB.1.P2/", COMMENT),
    ("submitted", "coordinator", "reviewer", ON + "review/comment/LAB.1.P2/", COMMENT),
    ("submitted", "expert", "reviewer", ON + "review/adjudicate/LAB.1.P2/", ADJUDICATION),
    ("submitted", "expert", "reviewer", ON + "review/return/", {"comment": "Cite the chapter."}),
    ("submitted", "expert", "reviewer", ON + "review/approve/", {}),
    ("submitted", "coordinator", "reviewer", ON + "review/approve/", {}),
    ("draft", "expert", "coordinator", "/work/coordination/assign/", ASSIGNMENT),
    ("draft", "reviewer", "coordinator", "/work/coordination/open/", OPENING),
    ("approved", "expert", "coordinator", "/work/releases/new/", RELEASE),
    ("approved", "reviewer", "coordinator", "/work/releases/new/", RELEASE),
]


@pytest.mark.parametrize(("stage", "who", "rightful", "url", "data"), WRITES)
def test_each_role_writes_only_through_its_screens(cast, signed_in, stage, who, rightful, url, data):
    bring_to(cast, stage)
    url = url.format(pk=cast.assessment.pk)
    data = {key: value.format(framework=cast.assessment.framework_id) for key, value in data.items()}
    before = written_rows()
    response = signed_in(getattr(cast, who)).post(url, data)
    assert response.status_code == 403
    assert written_rows() == before  # no answer, evidence, comment, assignment, assessment, release... nor state
    # the same request by the role it belongs to does write: the refusal above is what kept the tables unchanged
    assert signed_in(getattr(cast, rightful)).post(url, data).status_code < 400
    assert written_rows() != before


def test_an_expert_of_another_country_sees_nothing_of_this_one(cast, signed_in):
    outsider = workflow.add_user("emeka", ["expert", "reviewer"], "long enough password")
    workflow.assign(outsider, Country.objects.get(code="NGA"), "expert")
    answer_all(cast.expert, cast.assessment)
    client = signed_in(outsider)
    pk = cast.assessment.pk
    for url in (f"/work/assessments/{pk}/category/LAB/", f"/work/assessments/{pk}/review/", f"/work/assessments/{pk}/"):
        assert client.get(url).status_code == 404
    before = written_rows()
    assert client.post(f"/work/assessments/{pk}/answers/LAB.1.P2/", ANSWER).status_code == 404
    assert client.post(f"/work/assessments/{pk}/answers/LAB.1.P1/evidence/", EVIDENCE).status_code == 404
    assert written_rows() == before
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
