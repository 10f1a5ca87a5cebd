"""A small, realistic cast for workflow tests: a framework, people, assignments, an assessment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.auth.models import User

from migrights.assessments import workflow
from migrights.assessments.models import Assessment, Release
from migrights.assessments.workflow import AnswerInput, EvidenceInput
from migrights.framework.loading import load_framework_file
from migrights.reference.models import Country

if TYPE_CHECKING:  # the scores come after the assessments in the data flow: imported where used
    from migrights.scores.models import Edition

TINY = Path(__file__).resolve().parents[2] / "framework" / "tests" / "files" / "tiny-1.0.yaml"
PASSWORD = "correct horse battery"


@dataclass
class Cast:
    expert: User
    second_expert: User
    reviewer: User
    coordinator: User
    assessment: Assessment


def build_cast(country: str = "PHL", year: int = 2024) -> Cast:
    framework = load_framework_file(TINY).framework
    philippines = Country.objects.get(code=country)
    expert = workflow.add_user("amara", ["expert"], PASSWORD)
    second = workflow.add_user("bruno", ["expert"], PASSWORD)
    reviewer = workflow.add_user("chen", ["reviewer"], PASSWORD)
    coordinator = workflow.add_user("dana", ["coordinator"], PASSWORD)
    for person in (expert, second):
        workflow.assign(person, philippines, "expert")
    workflow.assign(reviewer, philippines, "reviewer")
    assessment = workflow.open_assessment(philippines, year, framework)
    return Cast(expert, second, reviewer, coordinator, assessment)


def complete_answers(labour_law: str = "Partial", citation: str = "Labor Code, art. 3") -> list[AnswerInput]:
    """Answers to every coded indicator of the tiny framework, with the evidence it requires."""
    return [
        AnswerInput("LAB.1.P1", value="Yes", evidence=[EvidenceInput("legal-citation", citation=citation)]),
        AnswerInput("LAB.1.P2", value=labour_law, confidence="high"),
        AnswerInput("LAB.1.I1", value="12.5", evidence=[EvidenceInput("url", url="https://example.org/report")]),
    ]


def answer_all(cast_expert: User, assessment: Assessment, **kwargs: str) -> None:
    for given in complete_answers(**kwargs):
        workflow.save_answer(cast_expert, assessment, given, None)


@dataclass
class Released:
    cast: Cast
    release: Release
    edition: Edition


def release_with_scores(cast: Cast, version: str = "2026.1") -> Released:
    """The cast's assessment answered, submitted, approved and released, with the release's scores computed.

    A release's edition is computed once its transaction commits (the ``release_published`` signal); a test's
    transaction never commits, so the edition is computed here as the signal would.
    """
    from django.db import transaction

    from migrights.scores.editions import compute_edition, current_edition

    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    with transaction.atomic():
        release = workflow.create_release(cast.coordinator, version)
    edition = current_edition(version) or compute_edition(release, framework=cast.assessment.framework)
    return Released(cast, release, edition)
