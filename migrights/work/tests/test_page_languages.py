"""The workspace in French and Spanish: its screens under /fr/work/ and /es/work/ show no English left over, and
every link to it from the public site's pages leads somewhere (issue 12).

The same rules as the public pages' test (``publication/tests/test_page_languages.py``, whose page reader this
reuses): no message of the interface catalogues is shown untranslated, and a text that is the same as on the
English screen and reads as English is marked ``lang="en"`` (the framework's guidance and answer levels, which
the framework file gives in English only).
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from migrights.assessments import workflow
from migrights.assessments.tests.builders import complete_answers
from migrights.jobs.models import Job
from migrights.publication.tests.test_page_languages import Texts, english_catalogue, reads_as_english

pytestmark = pytest.mark.django_db
LANGUAGES = ("fr", "es")


@pytest.fixture
def screens(cast):
    """Every main screen of the workspace, with who sees it: both experts answered (they disagree on LAB.1.P2)
    and submitted, so the review page shows its comparison, adjudication and decision forms."""
    assessment = cast.assessment
    for expert, labour_law in ((cast.expert, "Partial"), (cast.second_expert, "Full")):
        for given in complete_answers(labour_law=labour_law):
            workflow.save_answer(expert, assessment, given, None)
    workflow.submit(cast.expert, assessment)
    job = Job.objects.create(kind="publish-release", started_by=cast.coordinator, step="")
    pk = assessment.pk
    return [
        (None, "/accounts/login/"),
        (cast.expert, "/work/"),
        (cast.expert, f"/work/assessments/{pk}/category/LAB/"),
        (cast.expert, f"/work/assessments/{pk}/submit/"),
        (cast.expert, f"/work/assessments/{pk}/questionnaire/"),
        (cast.reviewer, "/work/"),
        (cast.reviewer, f"/work/assessments/{pk}/review/"),
        (cast.coordinator, "/work/"),
        (cast.coordinator, "/work/coordination/"),
        (cast.coordinator, "/work/releases/new/"),
        (cast.coordinator, f"/work/jobs/{job.pk}/"),
        (cast.expert, "/work/coordination/"),  # the refusal page (403), with its reason
    ]


def texts(client, path: str, language: str) -> list[tuple[str, str]]:
    prefix = "" if language == "en" else f"/{language}"
    response = client.get(prefix + path)
    assert response.status_code in (200, 403), f"{prefix}{path}: {response.status_code}"
    assert f'<html lang="{language}">' in response.content.decode(), f"{prefix}{path}"
    parser = Texts(language)
    parser.feed(response.content.decode())
    return parser.found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_left_on_the_workspace(client, screens, signed_in, language) -> None:
    catalogue = english_catalogue()
    problems = []
    for user, path in screens:
        browser = signed_in(user) if user else client
        english = {text for _lang, text in texts(browser, path, "en")}
        shown = texts(browser, path, language)
        with translation.override(language):
            untranslated = sorted(
                {t for lang, t in shown if lang == language and t in catalogue and translation.gettext(t) != t}
            )
        unmarked = sorted(
            {t for lang, t in shown if lang == language and t in english and reads_as_english(t, language)}
        )
        if untranslated or unmarked:
            problems.append((path, user and user.username, untranslated[:6], unmarked[:6]))
    assert not problems, f"/{language}/work screens with English: {problems}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_workspace_speaks_the_language_of_its_address(cast, signed_in, language) -> None:
    expert = signed_in(cast.expert)
    with translation.override(language):
        page = expert.get(f"/{language}/work/").content.decode()
        assert translation.gettext("My work") != "My work" and f"<h1>{translation.gettext('My work')}</h1>" in page
        # links stay in the language: the questionnaire, the category pages, sign-out
        assert f'href="/{language}/work/assessments/{cast.assessment.pk}/category/LAB/"' in page
        assert f'action="/{language}/accounts/logout/"' in page
        # the words autosave.js writes when a save fails come from the page, in its language
        unreachable = translation.gettext("the server could not be reached.")
        assert f'data-say-unreachable="{unreachable}"' in page and unreachable != "the server could not be reached."
        # the framework's own translations are used (the category's title)
        assert {"fr": "Travail", "es": "Trabajo"}[language] in page
        # and the answer levels' labels, on the questionnaire and on the review page (the value sent stays the same)
        category = expert.get(f"/{language}/work/assessments/{cast.assessment.pk}/category/LAB/").content.decode()
        partial = {"fr": "Partiel", "es": "Parcial"}[language]
        assert f">{partial}</label>" in category and ">Partial</label>" not in category
        refused = expert.get(f"/{language}/work/coordination/")
        reason = translation.gettext("%(name)s is not a coordinator") % {"name": "amara"}
        assert refused.status_code == 403 and reason in refused.content.decode() and "not a coordinator" not in reason


def test_the_english_workspace_keeps_its_addresses(cast, signed_in, client) -> None:
    assert client.get("/work/")["Location"].startswith("/accounts/login/?next=/work/")
    page = signed_in(cast.expert).get("/work/")
    assert page.status_code == 200 and "<h1>My work</h1>" in page.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_to_the_workspace_lead_somewhere(client, cast, signed_in, language) -> None:
    """The public pages' link to the workspace and the language links of the workspace's own pages answer a page or
    a redirection to sign in, never a 404; the workspace in any language is private (never cached)."""
    home = client.get(f"/{language}/").content.decode()
    links = set(re.findall(r'href="(/(?:[a-z]{2}/)?work/[^"]*)"', home))
    assert links == {f"/{language}/work/"}, links
    anonymous = client.get(f"/{language}/work/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(f"/{language}/accounts/login/?next=/{language}/work/")
    assert client.get(anonymous["Location"]).status_code == 200
    assert "no-store" in anonymous["Cache-Control"]
    expert = signed_in(cast.expert)
    page = expert.get(f"/{language}/work/")
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    languages = re.findall(r'<a href="([^"]+)" lang="[a-z]{2}" hreflang', page.content.decode())
    assert sorted(languages) == ["/es/work/", "/fr/work/", "/work/"]
    for address in languages:
        assert expert.get(address).status_code == 200, address
        assert client.get(address).status_code == 302, address


def test_a_release_previews_earlier_statuses_in_the_page_language() -> None:
    from migrights.work.templatetags.work_tags import answer_status

    with translation.override("fr"):
        assert answer_status("not-applicable") == translation.gettext("Not applicable") != "Not applicable"
    assert answer_status("unknown") == "Unknown"
    assert answer_status("value") == "" and answer_status(None) == ""  # a value is shown by the value itself
