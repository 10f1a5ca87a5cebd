"""The observatory's own texts about bodies and milestones in French and Spanish: complete in the embedded files,
shown in the page's language, and refused with their place when a translated milestone has no title."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from migrights.governance.loading import MILESTONES
from migrights.governance.models import GovernanceBody, Milestone
from migrights.publication.views.governance import BODY_TEXTS
from migrights.reference.loading import Lookups, validate_rows

pytestmark = pytest.mark.django_db
LANGUAGES = ("fr", "es")


def test_every_text_of_every_body_has_its_french_and_spanish():
    missing = [
        f"{body.slug}: translations/{lang}/{name}"
        for body in GovernanceBody.objects.all()
        for lang in LANGUAGES
        for name in (*BODY_TEXTS, "focus")
        if getattr(body, name) and not (body.translations.get(lang) or {}).get(name)
    ]
    assert not missing, missing
    uneven = [
        body.slug
        for body in GovernanceBody.objects.all()
        for lang in LANGUAGES
        if len(body.translations[lang].get("focus") or ()) != len(body.focus)
    ]
    assert not uneven, f"a translated focus list has another length than the English: {uneven}"


def test_every_milestone_has_its_french_and_spanish():
    missing = [
        f"{m.date.iso()} {m.title}: {lang}"
        for m in Milestone.objects.all()
        for lang in LANGUAGES
        if not (m.translations.get(lang) or {}).get("title")
        or (m.description and not m.translations[lang].get("description"))
    ]
    assert Milestone.objects.count() > 50
    assert not missing, missing


@pytest.mark.parametrize("language", LANGUAGES)
def test_body_page_and_list_speak_the_page_language(client, language):
    body = GovernanceBody.objects.get(slug="colombo-process")
    texts = body.translations[language]
    html = client.get(f"/{language}/bodies/colombo-process/").content.decode()
    for name in BODY_TEXTS:
        assert escape(texts[name]) in html, name
    assert escape(", ".join(texts["focus"])) in html
    assert escape(body.note) not in html and escape(body.secretariat) not in html
    listing = client.get(f"/{language}/bodies/").content.decode()
    assert f"<td>{escape(texts['region'])}</td>" in listing


def test_a_body_without_a_translation_shows_its_english_marked(client):
    body = GovernanceBody.objects.get(slug="colombo-process")
    body.translations = {"fr": {"note": body.translations["fr"]["note"]}}
    body.save()
    html = client.get("/es/bodies/colombo-process/").content.decode()
    assert f'<span lang="en">{escape(body.note)}</span>' in html
    assert f'<span lang="en">{escape(body.secretariat)}</span>' in html
    assert escape(body.translations["fr"]["note"]) in client.get("/fr/bodies/colombo-process/").content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_milestones_speak_the_page_language(client, language):
    html = client.get(f"/{language}/milestones/").content.decode()
    for milestone in Milestone.objects.all():
        texts = milestone.translations[language]
        assert escape(texts["title"]) in html
        assert escape(texts["description"]) in html
    chart_titles = html.split('id="milestones-chart-spec"')[1].split("</script>")[0]
    first = Milestone.objects.first()
    assert first.translations[language]["title"].split()[0] in chart_titles
    body = client.get(f"/{language}/bodies/gfmd/").content.decode()
    assert escape(Milestone.objects.filter(body__slug="gfmd").first().translations[language]["title"]) in body


def test_a_translated_milestone_without_its_title_is_refused_with_its_column():
    row = {
        "date": "2020",
        "title": "Something happened",
        "kind": "meeting",
        "source": "nowhere",
        "description_fr": "Il s'est passé quelque chose.",
    }
    lookups = Lookups(countries={}, instruments={}, sources={"nowhere": object()}, bodies={})
    good, problems = validate_rows("milestones.csv", [(2, row)], MILESTONES, lookups)
    assert not good
    assert [(p.row, p.column) for p in problems] == [(2, "title_fr")]
    assert "fr title" in str(problems[0])
    row["title_fr"] = "Il s'est passé quelque chose"
    good, problems = validate_rows("milestones.csv", [(2, row)], MILESTONES, lookups)
    assert not problems
    assert good[0]["translations"] == {
        "fr": {"title": "Il s'est passé quelque chose", "description": "Il s'est passé quelque chose."}
    }
