"""A failed autosave is shown with a Retry button and the answer kept; Retry saves it (issue 16, item 1)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from test_expert_workflow import expect, saved, sign_in

from migrights.assessments import workflow
from migrights.assessments.models import Answer
from migrights.assessments.tests.builders import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERS = "**/work/assessments/*/answers/**"


def open_questions(new_page):
    cast = build_cast()
    page = new_page()
    sign_in(page, "amara")
    page.goto(f"/work/assessments/{cast.assessment.pk}/category/LAB/")
    return page, page.locator("#ind-LAB-1-P2"), page.locator("#ind-LAB-1-P2-status-message")


def test_an_unreachable_server_or_a_500_is_shown_and_retry_saves(new_page, embedded_data):
    page, block, status = open_questions(new_page)
    page.route(ANSWERS, lambda route: route.abort("connectionrefused"))
    block.get_by_label("Comment").fill("words that must not be lost")
    block.get_by_label("Partial").check()
    expect(status).to_contain_text("Not saved: the server could not be reached")
    page.unroute(ANSWERS)
    page.route(ANSWERS, lambda route: route.fulfill(status=500, body="Server Error"))
    status.get_by_role("button", name="Retry").click()
    expect(status).to_contain_text("Not saved: the server answered with an error (500)")
    expect(block.get_by_label("Comment")).to_have_value("words that must not be lost")
    assert not Answer.objects.exists()
    page.unroute(ANSWERS)
    status.get_by_role("button", name="Retry").click()
    saved(page, "LAB.1.P2")
    assert Answer.objects.get().comment == "words that must not be lost"


def test_a_busy_database_is_shown_and_retry_saves(new_page, embedded_data, monkeypatch):
    page, block, status = open_questions(new_page)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(workflow, "save_answer", locked)  # the live server runs in this process
    block.get_by_label("Full").check()
    expect(status).to_contain_text("LAB.1.P2 not saved: the database is busy")
    monkeypatch.undo()
    status.get_by_role("button", name="Retry").click()
    saved(page, "LAB.1.P2")
    assert Answer.objects.get().value == 100


def test_a_failed_evidence_upload_is_shown_and_keeps_what_was_typed(new_page, embedded_data):
    from migrights.assessments.models import Evidence

    page, block, _status = open_questions(new_page)
    block.get_by_label("Full").check()  # evidence is attached to a saved answer
    saved(page, "LAB.1.P2")
    page.route("**/answers/*/evidence/", lambda route: route.fulfill(status=500, body="Server Error"))
    block.get_by_text("Add evidence to LAB.1.P2").click()
    block.get_by_label("Kind of evidence").select_option("legal-citation")
    block.get_by_label("Legal citation").fill("Labour Code, art. 135")
    block.get_by_role("button", name="Attach evidence").click()
    expect(block.locator(".send-failure")).to_contain_text("Not sent: the server answered with an error (500)")
    expect(block.get_by_label("Legal citation")).to_have_value("Labour Code, art. 135")
    assert not Evidence.objects.exists()
    page.unroute("**/answers/*/evidence/")
    block.get_by_role("button", name="Attach evidence").click()
    expect(block.locator(".evidence li")).to_contain_text("art. 135")
    expect(block.locator(".send-failure")).to_have_count(0)
