"""The review page on the real framework (about 150 questions, two coders): filtered by category, disagreements
first, categories without a disagreement collapsed, so the page is a few screens high instead of tens of
thousands of pixels."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.tests.builders import PASSWORD
from migrights.assessments.workflow import AnswerInput
from migrights.framework.models import Framework
from migrights.reference.models import Country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# measured on this fixture with the page as it was before categories were grouped and collapsed (2026-12-03)
HEIGHT_BEFORE = 82_676


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def two_coders_on_the_real_framework() -> tuple[int, list[str]]:
    """Two experts answer every coded question of MRF 1.0 for PHL 2024; they disagree on the first of each
    fifth category's questions. Returns the assessment's key and the codes they disagree on."""
    framework = Framework.objects.get(code="MRF", version="1.0")
    definition = framework.definition()
    philippines = Country.objects.get(code="PHL")
    experts = [workflow.add_user(name, ["expert"], PASSWORD) for name in ("amara", "bruno")]
    reviewer = workflow.add_user("chen", ["reviewer"], PASSWORD)
    for person in (*experts, reviewer):
        workflow.assign(person, philippines, "reviewer" if person is reviewer else "expert")
    assessment = workflow.open_assessment(philippines, 2024, framework)
    disagreed = []
    for number, category in enumerate(definition.categories):
        coded = [i for i in category.indicators if i.coded]
        for position, indicator in enumerate(coded):
            scale = indicator.scale
            values = [level.label for level in scale.levels] or [str(scale.min or 0), str(scale.max or 1)]
            differ = number % 5 == 0 and position == 0
            if differ:
                disagreed.append(indicator.code)
            for coder, expert in enumerate(experts):
                value = values[coder if differ else 0]
                workflow.save_answer(expert, assessment, AnswerInput(indicator.code, value=value), None)
    # submitted as the screens would (submitting needs evidence on many questions, beside the point here)
    assessment.state = assessment.State.SUBMITTED
    assessment.save(update_fields=["state"])
    return assessment.pk, disagreed


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()


def height(page) -> int:
    return page.evaluate("() => document.documentElement.scrollHeight")


def test_the_review_page_of_a_full_framework_is_short_and_filters(new_page, embedded_data, accessibility_problems):
    pk, disagreed = two_coders_on_the_real_framework()
    page = new_page()
    sign_in(page, "chen")
    page.goto(f"/work/assessments/{pk}/review/")
    full = height(page)
    print(f"\nreview page of MRF 1.0 with two coders: {full} px high (before: {HEIGHT_BEFORE} px)")
    assert full < 10_000
    # disagreements first: the first question on the page is one the coders disagree on, and it is visible
    first = page.locator("section.indicator").first
    assert first.get_attribute("id") == "ind-" + disagreed[0].replace(".", "-")
    expect(first).to_be_visible()
    expect(first).to_contain_text("coders disagree")
    for code in disagreed:
        expect(page.get_by_role("heading", name=code)).to_be_visible()
    # an agreed category is collapsed until opened
    closed = page.locator("details.review-category:not([open])").first.get_attribute("id")
    collapsed = page.locator(f"#{closed}")
    expect(collapsed.locator("section.indicator").first).to_be_hidden()
    collapsed.locator("summary").click()
    expect(collapsed.locator("section.indicator").first).to_be_visible()
    # filter: one category, then disagreements only
    page.get_by_label("Category", exact=True).select_option("LAB")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("details.review-category")).to_have_count(1)
    expect(page.locator("details.review-category[open] h3")).to_have_text("Work and labour rights")
    page.get_by_label("Category", exact=True).select_option("")
    page.get_by_label("Show", exact=True).select_option("disagreements")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("section.indicator")).to_have_count(len(disagreed))
    print(f"disagreements only: {height(page)} px")
    assert accessibility_problems(page) == []
