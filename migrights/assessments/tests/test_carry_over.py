"""A new year's assessment started from the previous release's answers, each "carried over, confirm"."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.models import Answer, AuditEntry
from migrights.assessments.queries import category_progress
from migrights.assessments.tests.builders import answer_all, build_cast
from migrights.assessments.workflow import AnswerInput, Refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year():
    """PHL 2024 released (2026.1) and PHL 2025 opened."""
    cast = build_cast()
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    cast.assessment = workflow.open_assessment(cast.assessment.country, 2025, cast.assessment.framework)
    return cast


def test_carried_answers_are_copied_with_evidence_and_marked(next_year):
    cast = next_year
    assert workflow.carry_over(cast.expert, cast.assessment) == 3
    carried = {a.indicator.code: a for a in Answer.objects.filter(assessment=cast.assessment)}
    assert {c: (a.value, a.carried_over, a.carried_from) for c, a in carried.items()} == {
        "LAB.1.P1": (1, True, "release 2026.1, 2024"),
        "LAB.1.P2": (50, True, "release 2026.1, 2024"),
        "LAB.1.I1": (12.5, True, "release 2026.1, 2024"),
    }
    assert [e.citation for e in carried["LAB.1.P1"].evidence.all()] == ["Labor Code, art. 3"]
    assert [e.url for e in carried["LAB.1.I1"].evidence.all()] == ["https://example.org/report"]
    assert AuditEntry.objects.filter(action="carry-over", assessment=cast.assessment).count() == 3


def test_an_unconfirmed_carried_answer_is_not_an_answer_of_this_year(next_year):
    cast = next_year
    workflow.carry_over(cast.expert, cast.assessment)
    definition = cast.assessment.framework.definition()
    assert [(p.answered, p.total) for p in category_progress(cast.assessment, cast.expert, definition)] == [(0, 3)]
    assert workflow.missing_for(cast.assessment, cast.expert)["unconfirmed"] == ["LAB.1.P1", "LAB.1.P2", "LAB.1.I1"]
    with pytest.raises(Refused, match="3 carried over, to confirm"):
        workflow.submit(cast.expert, cast.assessment)
    # confirming is saving it unchanged (a new version), changing it confirms too
    p1 = Answer.objects.get(assessment=cast.assessment, indicator__code="LAB.1.P1")
    confirmed = workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P1", value="Yes"), p1.version)
    assert (confirmed.carried_over, confirmed.version, confirmed.carried_from) == (False, 2, "release 2026.1, 2024")
    p2 = Answer.objects.get(assessment=cast.assessment, indicator__code="LAB.1.P2")
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="Full"), p2.version)
    assert workflow.missing_for(cast.assessment, cast.expert)["unconfirmed"] == ["LAB.1.I1"]
    assert [(p.answered, p.total) for p in category_progress(cast.assessment, cast.expert, definition)] == [(2, 3)]
    i1 = Answer.objects.get(assessment=cast.assessment, indicator__code="LAB.1.I1")
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.I1", value="12.5"), i1.version)
    assert workflow.submit(cast.expert, cast.assessment).state == "submitted"


def test_answers_already_given_are_left_alone(next_year):
    cast = next_year
    workflow.save_answer(cast.expert, cast.assessment, AnswerInput("LAB.1.P2", value="None"), None)
    assert workflow.carry_over(cast.expert, cast.assessment) == 2
    p2 = Answer.objects.get(assessment=cast.assessment, indicator__code="LAB.1.P2")
    assert (p2.value, p2.carried_over, p2.version) == (0, False, 1)
    assert workflow.carry_over(cast.expert, cast.assessment) == 0  # twice: nothing more


def test_carrying_over_needs_a_release_with_an_earlier_year_and_the_assessments_expert(next_year):
    cast = next_year
    for outsider in (cast.reviewer, cast.coordinator):
        with pytest.raises(Refused):
            workflow.carry_over(outsider, cast.assessment)
    earlier = workflow.open_assessment(cast.assessment.country, 2020, cast.assessment.framework)
    with pytest.raises(Refused, match="holds no value for PHL before 2020"):
        workflow.carry_over(cast.expert, earlier)
    assert not Answer.objects.filter(assessment__in=[cast.assessment, earlier]).exists()


def test_without_a_release_there_is_nothing_to_carry_over():
    cast = build_cast()
    with pytest.raises(Refused, match="no release is published yet"):
        workflow.carry_over(cast.expert, cast.assessment)


def test_uploading_a_carried_answer_unchanged_does_not_confirm_it(next_year, tmp_path):
    from migrights.assessments.questionnaire import COLUMNS, export_questionnaire, import_answers

    cast = next_year
    workflow.carry_over(cast.expert, cast.assessment)
    path = tmp_path / "q.xlsx"
    export_questionnaire(cast.assessment, path, coder=cast.expert)
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "LAB.1.P2":
                row[COLUMNS.index("value")].value = "Full"
    book.save(path)
    report = import_answers(path, cast.expert, cast.assessment)
    assert (report.saved, report.unchanged) == (1, 2)
    carried = dict(Answer.objects.filter(assessment=cast.assessment).values_list("indicator__code", "carried_over"))
    assert carried == {"LAB.1.P1": True, "LAB.1.P2": False, "LAB.1.I1": True}
