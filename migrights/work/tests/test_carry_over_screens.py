"""Starting a new year from the previous release's answers, through the screens."""

from __future__ import annotations

import pytest
from django.utils import translation

from migrights.assessments import workflow
from migrights.assessments.models import Answer
from migrights.assessments.tests.builders import answer_all

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_carried_answers_are_marked_until_confirmed_and_do_not_count(cast, signed_in):
    client = signed_in(cast.expert)
    assert "Start from the previous release" not in client.get("/work/").content.decode()  # no release yet
    answer_all(cast.expert, cast.assessment)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    new = workflow.open_assessment(cast.assessment.country, 2025, cast.assessment.framework)
    dashboard = client.get("/work/").content.decode()
    assert f'action="/work/assessments/{new.pk}/carry-over/"' in dashboard
    response = client.post(f"/work/assessments/{new.pk}/carry-over/", follow=True)
    html = response.content.decode()
    assert "3 answers carried over: confirm or change each one" in html
    assert html.count("Carried over from release 2026.1 (2024), confirm") == 3
    french = client.get(f"/fr/work/assessments/{new.pk}/category/LAB/").content.decode()
    with translation.override("fr"):  # the release and year in a whole French sentence, not the stored label
        said = translation.gettext(
            "Carried over from release %(release)s (%(year)s), confirm: save it as it is or change it."
        )
    assert said.startswith("Reprise de la publication")
    assert french.count(said % {"release": "2026.1", "year": "2024"}) == 3
    assert "Confirm LAB.1.P2</button>" in html
    assert 'id="progress-lab">0/3<' in html  # carried over is not answered yet
    version = Answer.objects.get(assessment=new, indicator__code="LAB.1.P2").version
    form = {"status": "value", "value": "50", "confidence": "medium", "comment": "", "version": str(version)}
    saved = client.post(f"/work/assessments/{new.pk}/answers/LAB.1.P2/", form, **HTMX).content.decode()
    assert "LAB.1.P2 saved" in saved and 'id="progress-lab" hx-swap-oob="innerHTML">1/3<' in saved
    assert not Answer.objects.get(assessment=new, indicator__code="LAB.1.P2").carried_over
    submit = client.get(f"/work/assessments/{new.pk}/submit/").content.decode()
    assert "2 answers carried over, to confirm" in submit
