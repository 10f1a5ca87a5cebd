"""The whole path in headless Chromium: answer, attach evidence, submit, return, fix, approve, release, publish.

Also: two tabs editing one answer (no lost update), keyboard use, accessibility and 320 px width.
"""

from __future__ import annotations

import re

import pytest

from migrights.assessments.tests.builders import PASSWORD, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))


def saved(page, code: str) -> None:
    section_id = "ind-" + code.replace(".", "-")
    expect(page.locator(f"#{section_id}-status-message")).to_contain_text(f"{code} saved")


def public_values(page, live_server) -> dict[str, object]:
    """What the public sees of PHL 2024: the country page's released values and the API's answers.

    Both must be there, before a release as after it: a missing section or a failing API fails the test.
    """
    page.goto("/countries/PHL/")
    section = page.locator("#released-values")
    expect(section).to_have_count(1)
    response = page.request.get(f"{live_server.url}/api/v1/answers?country=PHL&year=2024")
    assert response.ok, f"/api/v1/answers answered {response.status}"
    return {"page": section.inner_text(), "api": response.json()["data"]}


def assert_not_public(page, live_server) -> None:
    public = public_values(page, live_server)
    assert "No assessment of this country has been released yet" in public["page"]
    assert "LAB.1.P2" not in public["page"]
    assert public["api"] == []


def test_the_whole_path_from_answer_to_public_value(
    new_page, live_server, embedded_data, shoot, accessibility_problems, horizontal_overflow, tmp_path
):
    cast = build_cast()
    pk = cast.assessment.pk
    page = new_page()
    assert_not_public(page, live_server)

    # an expert signs in, answers with the keyboard and mouse, attaches evidence
    sign_in(page, "amara")
    shoot(page, "expert-dashboard")
    page.get_by_role("link", name="Answer the questionnaire").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Labour")
    p1 = page.locator("#ind-LAB-1-P1")
    p1.get_by_label("Yes", exact=True).check()
    saved(page, "LAB.1.P1")
    p1.get_by_text("Add evidence to LAB.1.P1").click()
    p1.get_by_label("Kind of evidence").select_option("legal-citation")
    p1.get_by_label("Legal citation").fill("Labor Code of the Philippines, art. 135")
    p1.get_by_role("button", name="Attach evidence").click()
    expect(p1.locator(".evidence li")).to_contain_text("art. 135")
    p2 = page.locator("#ind-LAB-1-P2")
    p2.get_by_label("Partial").focus()
    page.keyboard.press("Space")  # a radio chosen from the keyboard
    saved(page, "LAB.1.P2")
    i1 = page.locator("#ind-LAB-1-I1")
    i1.get_by_label("Answer (%)").fill("12.5")
    i1.get_by_label("Comment").click()  # leaving the field is a change: autosave
    saved(page, "LAB.1.I1")
    i1.get_by_text("Add evidence to LAB.1.I1").click()
    i1.get_by_label("Kind of evidence").select_option("document")
    pdf = tmp_path / "inspection-report-2024.pdf"
    pdf.write_bytes(PDF)
    i1.get_by_label("PDF document").set_input_files(str(pdf))
    i1.get_by_role("button", name="Attach evidence").click()
    expect(i1.locator(".evidence li")).to_contain_text("inspection-report-2024.pdf (PDF)")
    shoot(page, "expert-questionnaire", full_page=True)
    assert accessibility_problems(page) == []

    # at 320 px nothing scrolls sideways and the focus is visible
    phone = new_page(width=320, height=640)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"/work/assessments/{pk}/category/LAB/")
    assert horizontal_overflow(phone) <= 0
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("link", name="Skip to content")).to_be_focused()
    outline = phone.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    shoot(phone, "expert-questionnaire-320px")

    page.get_by_role("link", name="Check and submit").click()
    expect(page.get_by_text("Every question is answered")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("submitted for review")
    sign_out(page)

    # the reviewer returns one answer with a comment
    sign_in(page, "chen")
    page.get_by_role("link", name="Philippines 2024").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review: Philippines 2024")
    assert accessibility_problems(page) == []
    page.get_by_label("Comment on LAB.1.P2").fill("Cite the chapter of the Labor Code that covers domestic work.")
    page.locator("#ind-LAB-1-P2").get_by_role("button", name="Add comment").click()
    expect(page.get_by_role("status")).to_contain_text("Comment on LAB.1.P2 added")
    shoot(page, "reviewer-assessment", full_page=True)
    page.get_by_role("button", name="Return to the experts").click()
    expect(page.get_by_role("status")).to_contain_text("returned to its experts")
    sign_out(page)

    # the expert sees the comment on that answer and fixes it
    sign_in(page, "amara")
    page.goto(f"/work/assessments/{pk}/category/LAB/")
    p2 = page.locator("#ind-LAB-1-P2")
    expect(p2.locator(".review-comments")).to_contain_text("Cite the chapter")
    shoot(page, "expert-returned")
    p2.get_by_label("Full").check()
    saved(page, "LAB.1.P2")
    page.goto(f"/work/assessments/{pk}/submit/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("submitted for review")
    sign_out(page)

    # the reviewer approves
    sign_in(page, "chen")
    page.goto(f"/work/assessments/{pk}/review/")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("approved")
    sign_out(page)
    assert_not_public(page, live_server)  # approved is not yet public

    # the coordinator releases after reading the changelog preview
    sign_in(page, "dana")
    page.get_by_role("link", name="Prepare a release").first.click()
    expect(page.get_by_role("table", name=re.compile("Added"))).to_contain_text("LAB.1.P2")
    expect(page.get_by_role("table", name=re.compile("Added"))).to_contain_text("Full")
    shoot(page, "coordinator-release", full_page=True)
    assert accessibility_problems(page) == []
    page.get_by_label("Release number").fill("2026.1")
    # publishing also computes the scores of the new release (the scores app listens): allow it time
    page.get_by_role("button", name="Publish release").click(timeout=300_000)
    expect(page.get_by_role("status")).to_contain_text("Release 2026.1 published with 3 values")
    shoot(page, "coordinator-progress", full_page=True)

    # the public sees the released value now
    public = public_values(page, live_server)
    assert "LAB.1.P2" in public["page"] and "Full" in public["page"]
    assert any(row["indicator"] == "LAB.1.P2" and row["value"] == 100 for row in public["api"])


def test_two_tabs_never_lose_an_update(new_page, embedded_data):
    cast = build_cast()
    first = new_page()
    sign_in(first, "amara")
    second = first.context.new_page()
    url = f"/work/assessments/{cast.assessment.pk}/category/LAB/"
    first.goto(url)
    second.goto(url)
    first.locator("#ind-LAB-1-P2").get_by_label("Full").check()
    saved(first, "LAB.1.P2")
    stale = second.locator("#ind-LAB-1-P2")
    stale.get_by_label("Comment").fill("my careful reasoning")
    stale.get_by_label("Partial").check()
    expect(second.locator("#ind-LAB-1-P2-current")).to_contain_text("The answer saved meanwhile (version 1)")
    expect(second.locator("#ind-LAB-1-P2-status-message")).to_contain_text("saved elsewhere since you opened it")
    expect(stale.get_by_label("Comment")).to_have_value("my careful reasoning")
    expect(stale.get_by_label("Partial")).to_be_checked()
    second.locator("#ind-LAB-1-P2").get_by_role("button", name="Replace the saved answer with mine").click()
    saved(second, "LAB.1.P2")
    first.reload()
    expect(first.locator("#ind-LAB-1-P2").get_by_label("Comment")).to_have_value("my careful reasoning")
