"""What a /work/ page's reach costs: the assessment every page heads with its country and framework is one query."""

from __future__ import annotations

import pytest

from migrights.assessments.queries import readable_assessments

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["expert", "reviewer", "coordinator"])
def test_an_assessment_reached_by_a_page_comes_with_its_country_and_framework_in_one_query(
    cast, who, django_assert_num_queries
):
    readable = readable_assessments(getattr(cast, who))  # who may read what is decided before the page reads
    with django_assert_num_queries(1):
        assessment = readable.get(pk=cast.assessment.pk)
        heading = (assessment.country.name, assessment.year, assessment.framework.code, assessment.framework.version)
    expected = cast.assessment
    assert heading == (expected.country.name, expected.year, expected.framework.code, expected.framework.version)
