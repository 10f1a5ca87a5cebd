"""The expert's XLSX round trip through the screens: download with the answers saved on screen, fill offline,
upload; a bad cell named; an answer changed on screen since the download shown as a conflict, never overwritten."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from migrights.assessments.models import Answer
from migrights.assessments.questionnaire import COLUMNS
from migrights.assessments.tests.builders import PASSWORD, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VALUE = COLUMNS.index("value") + 1


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()


def fill(path, changes: dict[str, object]) -> None:
    book = load_workbook(path)
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            if row[0].value in changes:
                row[VALUE - 1].value = changes[row[0].value]
    book.save(path)


def saved_values(path) -> dict[str, object]:
    book = load_workbook(path)
    return {r[0]: r[VALUE - 1] for s in book.worksheets[1:] for r in s.iter_rows(min_row=2, values_only=True)}


def test_the_xlsx_round_trip_through_the_screens(new_page, embedded_data, tmp_path, accessibility_problems):
    cast = build_cast()
    pk = cast.assessment.pk
    page = new_page()
    sign_in(page, "amara")
    # an answer saved on screen first, and the counter of its category follows without a reload
    page.get_by_role("link", name="Answer the questionnaire").click()
    counter = page.locator("#progress-lab")
    expect(counter).to_have_text("0/3")
    page.locator("#ind-LAB-1-P2").get_by_label("Partial").check()
    expect(page.locator("#ind-LAB-1-P2-status-message")).to_contain_text("LAB.1.P2 saved")
    expect(counter).to_have_text("1/3")

    page.get_by_role("link", name="Work offline in a spreadsheet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questionnaire as a spreadsheet")
    assert accessibility_problems(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the questionnaire (XLSX)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "PHL-2024-amara.xlsx"
    assert saved_values(path)["LAB.1.P2"] == "Partial"  # the answer saved on screen is in the file

    # a bad cell: named with its sheet, row and column; nothing saved
    fill(path, {"LAB.1.P1": "Perhaps", "LAB.1.I1": 12.5})
    page.get_by_label("Filled questionnaire").set_input_files(str(path))
    page.get_by_role("button", name="Upload and save the answers").click()
    problems = page.get_by_role("table", name="What to correct")
    expect(problems).to_contain_text("'Perhaps' is not one of")
    expect(problems.locator("tbody tr")).to_have_count(1)
    assert accessibility_problems(page) == []
    assert Answer.objects.filter(coder=cast.expert).count() == 1

    # corrected: saved
    fill(path, {"LAB.1.P1": "Yes"})
    page.get_by_label("Filled questionnaire").set_input_files(str(path))
    page.get_by_role("button", name="Upload and save the answers").click()
    expect(page.get_by_role("status")).to_contain_text("2 answers saved, 1 unchanged, 0 left blank")
    page.goto(f"/work/assessments/{pk}/category/LAB/")
    expect(page.locator("#ind-LAB-1-P1").get_by_label("Yes", exact=True)).to_be_checked()
    expect(page.locator("#ind-LAB-1-I1").get_by_label("Answer (%)")).to_have_value("12.5")
    expect(page.locator("#progress-lab")).to_have_text("3/3")

    # the same file again after changing LAB.1.P2 on screen: left as downloaded, the screen's answer stays...
    page.locator("#ind-LAB-1-P2").get_by_label("Full").check()
    expect(page.locator("#ind-LAB-1-P2-status-message")).to_contain_text("LAB.1.P2 saved")
    page.goto(f"/work/assessments/{pk}/questionnaire/")
    page.get_by_label("Filled questionnaire").set_input_files(str(path))
    page.get_by_role("button", name="Upload and save the answers").click()
    expect(page.get_by_role("status")).to_contain_text("1 kept as changed on screen since the export")
    assert Answer.objects.get(coder=cast.expert, indicator__code="LAB.1.P2").value == 100
    # ...changed in the file too: a conflict, shown, and nothing saved
    fill(path, {"LAB.1.P2": "None"})
    page.get_by_label("Filled questionnaire").set_input_files(str(path))
    page.get_by_role("button", name="Upload and save the answers").click()
    expect(page.get_by_role("table", name="What to correct")).to_contain_text("changed on screen since this file")
    assert Answer.objects.get(coder=cast.expert, indicator__code="LAB.1.P2").value == 100
