"""The coordinator's screens: progress, assignments, opening assessments, releases with a changelog preview."""

from __future__ import annotations

import pytest

from migrights.assessments import workflow
from migrights.assessments.models import Assessment, Assignment, Release
from migrights.assessments.tests.builders import answer_all

pytestmark = pytest.mark.django_db


def test_progress_shows_answered_of_total_per_expert(cast, signed_in):
    workflow.save_answer(cast.expert, cast.assessment, workflow.AnswerInput("LAB.1.P2", value="Full"), None)
    page = signed_in(cast.coordinator).get("/work/coordination/").content.decode()
    row = page.split("Philippines")[1].split("</tr>")[0]
    assert "amara: 1/3" in row and "bruno: 0/3" in row and "Draft" in row


def test_assign_and_open_through_the_forms(cast, signed_in):
    client = signed_in(cast.coordinator)
    client.post("/work/coordination/assign/", {"user": "chen", "country": "MEX", "role": "reviewer"})
    assert Assignment.objects.filter(user=cast.reviewer, country__code="MEX", role="reviewer").exists()
    refused = client.post(
        "/work/coordination/assign/", {"user": "chen", "country": "MEX", "role": "expert"}, follow=True
    )
    assert "does not hold the role expert" in refused.content.decode()
    client.post(
        "/work/coordination/open/", {"country": "MEX", "year": "2023", "framework": cast.assessment.framework_id}
    )
    assert Assessment.objects.filter(country__code="MEX", year=2023).exists()


def test_a_release_is_previewed_then_published(cast, signed_in):
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    client = signed_in(cast.coordinator)
    preview = client.get("/work/releases/new/").content.decode()
    assert "3 values from 1 country-year:\n3 added, 0 changed, 0 removed" in preview
    assert "<td>LAB.1.P2</td><td>Partial</td>" in preview
    assert not Release.objects.exists()
    bad = client.post("/work/releases/new/", {"version": "first"}).content.decode()
    assert "is not a release number" in bad
    client.post("/work/releases/new/", {"version": "2026.1", "notes": "first"})
    assert Release.objects.get().values.count() == 3
