"""Evidence on an answer: citations, links and PDFs, kept by checksum and served only within reach."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from migrights.assessments import workflow
from migrights.assessments.models import Answer, Evidence
from migrights.assessments.workflow import AnswerInput
from migrights.reference.models import Country

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def answer(cast):
    return workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.I1", value="12.5"), None)


def evidence_url(cast) -> str:
    return f"/work/assessments/{cast.assessment.pk}/answers/LAB.1.I1/evidence/"


def test_a_citation_is_added_and_the_version_moves_on(cast, signed_in, answer):
    response = signed_in(cast.expert).post(
        evidence_url(cast), {"kind": "url", "url": "https://example.org/inspections"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "https://example.org/inspections" in html
    assert 'id="ind-LAB-1-I1-version" value="2" hx-swap-oob="true"' in html
    assert Answer.objects.get(pk=answer.pk).version == 2


def test_evidence_missing_its_field_is_refused(cast, signed_in, answer):
    response = signed_in(cast.expert).post(evidence_url(cast), {"kind": "legal-citation"}, HTTP_HX_REQUEST="true")
    assert "needs its citation" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_pdf_is_stored_by_checksum_and_served_only_within_reach(cast, signed_in, answer, settings):
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    signed_in(cast.expert).post(evidence_url(cast), {"kind": "document", "document": upload})
    sha = hashlib.sha256(PDF).hexdigest()
    assert (settings.DATA_DIR / "documents" / f"{sha}.pdf").read_bytes() == PDF
    assert Evidence.objects.get().document_name == "report.pdf"
    served = signed_in(cast.reviewer).get(f"/work/documents/{sha}.pdf")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    outsider = workflow.add_user("emeka", ["expert"], "long enough password")
    workflow.assign(outsider, Country.objects.get(code="NGA"), "expert")
    assert signed_in(outsider).get(f"/work/documents/{sha}.pdf").status_code == 404


def test_a_file_that_is_not_a_pdf_is_refused(cast, signed_in, answer, settings):
    upload = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = signed_in(cast.expert).post(evidence_url(cast), {"kind": "document", "document": upload})
    assert response.status_code == 422
    assert b"is not a PDF" in response.content
    assert not Evidence.objects.exists()
    settings.EVIDENCE_MAX_BYTES = 10
    big = SimpleUploadedFile("big.pdf", PDF, content_type="application/pdf")
    response = signed_in(cast.expert).post(evidence_url(cast), {"kind": "document", "document": big})
    assert b"documents may be at most" in response.content


def test_evidence_is_removed_by_its_owner_only(cast, signed_in, answer):
    item = workflow.add_evidence(cast.expert, answer, workflow.EvidenceInput("url", url="https://example.org/a"))
    assert signed_in(cast.second_expert).post(f"/work/evidence/{item.pk}/remove/").status_code == 422
    assert Evidence.objects.filter(pk=item.pk).exists()
    signed_in(cast.expert).post(f"/work/evidence/{item.pk}/remove/", HTTP_HX_REQUEST="true")
    assert not Evidence.objects.filter(pk=item.pk).exists()


def test_evidence_needs_a_saved_answer_first(cast, signed_in):
    response = signed_in(cast.expert).post(
        f"/work/assessments/{cast.assessment.pk}/answers/LAB.1.P1/evidence/",
        {"kind": "legal-citation", "citation": "Labor Code art. 3"},
    )
    assert b"save an answer first" in response.content
