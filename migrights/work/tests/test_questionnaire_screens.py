"""The questionnaire as a spreadsheet from the workspace: download with saved answers, upload all or nothing,
conflicts with answers changed on screen since the download, and who may do either."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from migrights.assessments import workflow
from migrights.assessments.models import Answer, AnswerRevision, AuditEntry
from migrights.assessments.questionnaire import COLUMNS
from migrights.assessments.workflow import AnswerInput
from migrights.reference.models import Country

pytestmark = pytest.mark.django_db

VALUE, COMMENT, VERSION = (COLUMNS.index(c) + 1 for c in ("value", "comment", "version"))


def page_url(cast) -> str:
    return f"/work/assessments/{cast.assessment.pk}/questionnaire/"


def download(client, cast) -> bytes:
    response = client.get(f"/work/assessments/{cast.assessment.pk}/questionnaire.xlsx")
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def edited(content: bytes, changes: dict[str, dict[int, object]]) -> io.BytesIO:
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for column, value in changes.get(row[0].value, {}).items():
                row[column - 1].value = value
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "PHL-2024-amara.xlsx"
    return out


def rows(content: bytes) -> dict[str, dict[str, object]]:
    book = load_workbook(io.BytesIO(content))
    found = {}
    for sheet in book.worksheets[1:]:
        header = [c.value for c in sheet[1]]
        found |= {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    return found


def test_the_download_holds_the_saved_answers_with_their_versions(cast, signed_in):
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Partial", comment="ch. 3"), None)
    workflow.save_answer(cast.second_expert, cast.assessment, AnswerInput("LAB.1.P1", value="No"), None)
    saved = rows(download(signed_in(cast.expert), cast))
    assert (saved["LAB.1.P2"]["value"], saved["LAB.1.P2"]["comment"], saved["LAB.1.P2"]["version"]) == (
        "Partial",
        "ch. 3",
        1,
    )
    assert saved["LAB.1.P1"]["value"] is None  # another coder's answer is theirs, not in my file
    assert saved["LAB.1.P1"]["version"] is None


def test_an_upload_saves_every_answer_and_says_so(cast, signed_in):
    client = signed_in(cast.expert, csrf=False)
    content = download(client, cast)
    upload = edited(content, {"LAB.1.P2": {VALUE: "Full"}, "LAB.1.I1": {VALUE: 12.5}})
    response = client.post(page_url(cast), {"file": upload}, follow=True)
    assert "2 answers saved, 0 unchanged, 1 left blank" in response.content.decode()
    values = dict(Answer.objects.filter(coder=cast.expert).values_list("indicator__code", "value"))
    assert values == {"LAB.1.P2": 100, "LAB.1.I1": 12.5}


def test_a_bad_cell_is_named_with_sheet_row_and_column_and_nothing_is_saved(cast, signed_in):
    client = signed_in(cast.expert)
    upload = edited(download(client, cast), {"LAB.1.P2": {VALUE: "Maybe"}, "LAB.1.I1": {VALUE: 12.5}})
    response = client.post(page_url(cast), {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert "nothing was saved" in html
    cells = html.split("<caption>What to correct</caption>")[1]
    assert "<td>LAB " in cells  # the sheet
    assert "<td>3</td><td>value</td>" in cells and "&#x27;Maybe&#x27; is not one of" in cells
    assert not Answer.objects.exists()


def test_an_answer_changed_on_screen_since_the_download_is_never_overwritten(cast, signed_in):
    client = signed_in(cast.expert)
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Partial"), None)
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P1", value="Yes"), None)
    content = download(client, cast)  # both at version 1
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="None"), 1)  # on screen
    # the file changes the answer changed on screen too: a conflict, and nothing of the file is saved
    upload = edited(content, {"LAB.1.P2": {VALUE: "Full"}, "LAB.1.P1": {VALUE: "No"}})
    response = client.post(page_url(cast), {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert "changed on screen since this file was exported" in html and "version 2" in html
    current = dict(Answer.objects.values_list("indicator__code", "value"))
    assert current == {"LAB.1.P2": 0, "LAB.1.P1": 1}  # neither the conflicting row nor the other one saved
    # left as downloaded, the row keeps the newer answer; the other row saves
    upload = edited(content, {"LAB.1.P1": {VALUE: "No"}})
    response = client.post(page_url(cast), {"file": upload}, follow=True)
    assert "1 kept as changed on screen since the export" in response.content.decode()
    assert dict(Answer.objects.values_list("indicator__code", "value")) == {"LAB.1.P2": 0, "LAB.1.P1": 0}


def test_a_file_answered_before_the_screen_answered_too_is_a_conflict(cast, signed_in):
    client = signed_in(cast.expert)
    content = download(client, cast)  # no answer yet
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Partial"), None)
    response = client.post(page_url(cast), {"file": edited(content, {"LAB.1.P2": {VALUE: "Full"}})})
    assert response.status_code == 422
    assert "the file has no answer" in response.content.decode()
    assert Answer.objects.get().value == 50


@pytest.fixture
def outsider(cast):
    """An expert of another country."""
    eve = workflow.add_user("eve", ["expert"], "correct horse battery")
    workflow.assign(eve, Country.objects.get(code="MEX"), "expert")
    return eve


def test_only_the_assessments_expert_downloads_or_uploads(cast, signed_in, outsider):
    content = download(signed_in(cast.expert), cast)
    upload = edited(content, {"LAB.1.P2": {VALUE: "Full"}})
    before = (Answer.objects.count(), AnswerRevision.objects.count(), AuditEntry.objects.count())
    for client, refused in (
        (signed_in(outsider), 404),  # outside their reach: nothing is told
        (signed_in(cast.reviewer), 403),
        (signed_in(cast.coordinator), 403),
    ):
        assert client.get(f"/work/assessments/{cast.assessment.pk}/questionnaire.xlsx").status_code == refused
        assert client.get(page_url(cast)).status_code == refused
        upload.seek(0)
        assert client.post(page_url(cast), {"file": upload}).status_code == refused
    anonymous = Client()
    assert anonymous.get(f"/work/assessments/{cast.assessment.pk}/questionnaire.xlsx").status_code == 302
    upload.seek(0)
    response = anonymous.post(page_url(cast), {"file": upload})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert (Answer.objects.count(), AnswerRevision.objects.count(), AuditEntry.objects.count()) == before


def test_an_upload_without_the_csrf_token_is_refused(cast, signed_in):
    client = signed_in(cast.expert, csrf=True)
    upload = edited(download(client, cast), {"LAB.1.P2": {VALUE: "Full"}})
    assert client.post(page_url(cast), {"file": upload}).status_code == 403
    assert not Answer.objects.exists()


def test_a_locked_assessment_takes_no_upload(cast, signed_in):
    client = signed_in(cast.expert)
    content = download(client, cast)
    from migrights.assessments.tests.builders import answer_all

    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    count = Answer.objects.count()
    response = client.post(page_url(cast), {"file": edited(content, {"LAB.1.P2": {VALUE: "Full"}})})
    assert response.status_code == 422 and "answers are locked" in response.content.decode()
    assert Answer.objects.count() == count


def test_only_the_assessments_expert_carries_answers_over(cast, signed_in, outsider):
    """The carry-over write: refused to another country's expert, a reviewer and anonymous, nothing created."""
    url = f"/work/assessments/{cast.assessment.pk}/carry-over/"
    before = (Answer.objects.count(), AuditEntry.objects.count())
    assert signed_in(outsider).post(url).status_code == 404
    assert signed_in(cast.reviewer).post(url).status_code == 403
    assert Client().post(url).status_code == 302
    assert signed_in(cast.expert, csrf=True).post(url).status_code == 403  # no CSRF token
    assert (Answer.objects.count(), AuditEntry.objects.count()) == before
    response = signed_in(cast.expert).post(url, follow=True)  # no release yet: said, nothing created
    assert "no release is published yet" in response.content.decode()
    assert (Answer.objects.count(), AuditEntry.objects.count()) == before
