"""The public scores never regress: until a new release's edition is stored, the previous one stays current."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.tests.builders import answer_all, build_cast
from migrights.scores.editions import compute_edition, current_edition

pytestmark = pytest.mark.django_db


def test_a_release_without_its_edition_yet_keeps_the_previous_release_public(client):
    cast = build_cast()
    framework = cast.assessment.framework
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    first = workflow.create_release(cast.coordinator, "2026.1")  # its edition is computed on commit:
    compute_edition(first, framework=framework)  # a test transaction never commits, so compute it here
    workflow.reopen(cast.coordinator, cast.assessment, "a new decree")
    p2 = cast.assessment.answers.get(indicator__code="LAB.1.P2")
    workflow.save_answer(cast.expert, cast.assessment, workflow.AnswerInput("LAB.1.P2", value="Full"), p2.version)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    second = workflow.create_release(cast.coordinator, "2026.2")
    # the server stopped before 2026.2's edition was stored: 2026.1's scores stay, not the commitments alone
    assert current_edition().release == first
    meta = client.get("/api/v1/scores", {"country": "PHL", "level": "dimension"}).json()["meta"]
    assert (meta["edition"], meta["release"]) == ("2026.1", "2026.1")
    compute_edition(second, framework=framework)
    assert current_edition().release == second
