"""The country page's law section shows MRF 1.1's derived indicators beside the experts' released answers."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import User

from migrights.assessments.models import Release, ReleasedValue
from migrights.framework.models import Framework
from migrights.reference.models import Country

pytestmark = pytest.mark.django_db


def _text(page: str) -> str:
    start = page.index('id="law-index"')
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start : page.index("</table>", start)])))


def test_the_page_shows_the_datasets_value_and_the_experts_answer_with_their_sources(client):
    release = Release.objects.create(version="2026.9", created_by=User.objects.create(username="dana"))
    ReleasedValue.objects.create(
        release=release,
        country=Country.objects.get(code="DEU"),
        year=2022,
        framework=Framework.objects.get(code="MRF", version="1.0"),  # answered on 1.0: the same question in 1.1
        indicator="NAT.2.P3",
        status="value",
        value=10,
        coders=1,
    )
    # the law on 1 January 2023 (GLOBALCIT's row) is the law as 2022 ended: framework year 2022
    text = _text(client.get("/countries/DEU/?on=2023-06-01").content.decode())
    assert "MRF 1.1 derives these protection indicators from the dataset for 2022" in text
    naturalisation = text[text.index("NAT.2.P3") : text.index("NAT.2.P5")]
    # DEU,A06a_yrs_cat,2020,2023,2024,8 beside the expert's 10 years, which the index uses
    assert "8 years" in naturalisation and "A06a_yrs_cat = 8 (2023)" in naturalisation
    assert "GLOBALCIT Citizenship Law Dataset" in naturalisation
    assert "10 years" in naturalisation and "release 2026.9" in naturalisation
    assert naturalisation.strip().endswith("the expert's answer")
    renunciation = text[text.index("NAT.2.P5") :]
    assert "Required, with major exceptions" in renunciation and "no released answer" in renunciation
    assert renunciation.strip().endswith("the dataset's value")
    # the latest year the data hold is carried forward: shown, marked, not used
    latest = _text(client.get("/countries/DEU/").content.decode())
    assert "for 2023" in latest and "carried forward, not used" in latest and "neither: unknown" in latest
    french = _text(client.get("/fr/countries/DEU/?on=2023-06-01").content.decode())
    assert "Réponse publiée de l'expert" in french and "version 2026.9" in french
