"""French and Spanish all the way down: a public page in /fr/ or /es/ shows no English the reader was not told of.

Three rules, checked on every public page template in both languages:
- no text of the interface catalogues (the English ``msgid``\\ s of every app) appears untranslated where the
  catalogue has its translation (a string translated too early, or a data word shown raw);
- a text that reads the same as on the English page and reads as English is inside an element marked
  ``lang="en"`` (the declared fallback: a title no source gives in that language, a source's own title);
- data with a translation is shown translated (official instrument titles, the framework's categories, indicators'
  guidance and answer levels, regions, governance bodies' texts and milestones).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import escape

from migrights.publication.views.errors import server_error
from migrights.reference.countries import localized_country_name
from migrights.reference.models import Country, Instrument

PACKAGE = Path(__file__).resolve().parents[2]
LANGUAGES = ("fr", "es")
PAGES = (
    "/",
    "/countries/",
    "/countries/PHL/",
    "/countries/FRA/",
    "/instruments/",
    "/instruments/ICRMW/",
    "/instruments/ILO-C189/",
    "/instruments/CRC/",
    "/instruments/CRS61/",
    "/bodies/",
    "/bodies/colombo-process/",
    "/milestones/",
    "/agreements/",
    "/agreements/1/",
    "/corridors/",
    "/corridors/PHL/SAU/",
    "/documents/?q=domestic+workers",
    "/methodology/",
    "/methodology/indicators/",
    "/methodology/indicators/NDE.1.P1/",
    "/methodology/indicators/DET.1.P3/",
    "/methodology/categories/DET/",
    "/data/",
    "/sources/",
    "/sources/quality/",
    "/rankings/",
    "/compare/?countries=PHL,MEX",
    "/search/?q=migrant",
)
# English words that are not words of the page's language: a text holding one of them (lower case) reads as English
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        """
    the of and for with by from which this that these those is are was were has have been not
    yes also each every how what when where who their its than only per without whose into between about after before
    """,
    )
)
NOT_ENGLISH = {"fr": set(), "es": {"no"}}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED = {"script", "style", "code", "pre"}
URL = re.compile(r"^(https?://|www\.)\S+$")


class Texts(HTMLParser):
    """The visible texts of a page (and its title, label and placeholder attributes), each with its language."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", language)]
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        language = values.get("lang") or self.stack[-1][1]
        if values.get("translate") == "no":
            language = "zxx"
        for name in ("title", "aria-label", "placeholder", "alt"):
            if values.get(name):
                self.found.append((language, " ".join(str(values[name]).split())))
        if tag not in VOID:
            self.stack.append((tag, "skip" if tag in SKIPPED or self.stack[-1][1] == "skip" else language))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while len(self.stack) > 1:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and self.stack[-1][1] != "skip":
            self.found.append((self.stack[-1][1], text))


def page_texts(client, path: str, language: str) -> list[tuple[str, str]]:
    prefix = "" if language == "en" else f"/{language}"
    response = client.get(prefix + path)
    assert response.status_code == 200, f"{prefix}{path}: {response.status_code}"
    parser = Texts(language)
    parser.feed(response.content.decode())
    return parser.found


def english_catalogue() -> set[str]:
    """Every message of the interface catalogues, in English (the msgids of the French catalogues)."""
    return {
        entry.msgid
        for path in PACKAGE.glob("*/locale/fr/LC_MESSAGES/django.po")
        for entry in polib.pofile(str(path))
        if not entry.msgid_plural
    }


@pytest.fixture(scope="module")
def catalogue() -> set[str]:
    return english_catalogue()


@pytest.fixture(scope="module")
def country_names(django_db_setup, django_db_blocker) -> set[str]:
    """Countries' names are proper names: shown as the registry gives them where no translation exists."""
    with django_db_blocker.unblock():
        rows = list(Country.objects.values_list("code", "name"))
    return {name for _code, name in rows} | {localized_country_name(c, n, lang) for c, n in rows for lang in LANGUAGES}


def reads_as_english(text: str, language: str) -> bool:
    words = set(re.findall(r"\b[a-z]{2,}\b", text))
    return bool(words & (ENGLISH_WORDS - NOT_ENGLISH[language])) and not URL.match(text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_no_english_left_on_a_translated_page(client, db, path, language, catalogue, country_names) -> None:
    english = {text for _lang, text in page_texts(client, path, "en")}
    shown = page_texts(client, path, language)
    with translation.override(language):
        untranslated = sorted(
            {
                text
                for lang, text in shown
                if lang == language and text in catalogue and translation.gettext(text) != text
            }
        )
    assert not untranslated, f"/{language}{path} shows catalogue messages in English: {untranslated[:8]}"
    unmarked = sorted(
        {
            text
            for lang, text in shown
            if lang == language and text in english and text not in country_names and reads_as_english(text, language)
        }
    )
    assert not unmarked, f'/{language}{path} shows English not marked lang="en": {unmarked[:8]}'


@pytest.mark.parametrize("language", LANGUAGES)
def test_official_titles_are_shown_where_read(client, db, language) -> None:
    """An instrument with an official title in the page's language shows it; one without shows English, marked."""
    with_title = Instrument.objects.get(code="ICRMW")
    official = with_title.translations[language]["title"]
    body = client.get(f"/{language}/instruments/ICRMW/").content.decode()
    assert f"<h1>{escape(official)}</h1>" in body
    listing = client.get(f"/{language}/instruments/").content.decode()
    assert escape(official) in listing
    without = Instrument.objects.exclude(translations__has_key=language).filter(ratifiable=True).first()
    assert f'<span lang="en">{escape(without.short_title)}</span>' in listing


@pytest.mark.parametrize("language", LANGUAGES)
def test_framework_categories_and_regions_are_translated(client, db, language) -> None:
    from migrights.framework.models import Framework

    definition = Framework.objects.order_by("-published").first().definition()
    body = client.get(f"/{language}/methodology/").content.decode()
    for category in definition.categories:
        assert escape(category.translations[language]["title"]) in body, category.code
    countries = client.get(f"/{language}/countries/").content.decode()
    with translation.override(language):
        for region in ("South-eastern Asia", "Western Africa", "Northern Europe"):
            assert f"<td>{escape(translation.gettext(region))}</td>" in countries


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_pages_speak_the_language_of_their_address(client, db, language) -> None:
    response = client.get(f"/{language}/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    with translation.override(language):
        assert f'<html lang="{language}">' in body
        assert escape(translation.gettext("Page not found")) in body
        assert translation.gettext("Page not found") != "Page not found"
        server_error_page = server_error(RequestFactory().get(f"/{language}/")).content.decode()
        message = "The server could not answer this request. Please try again later."
        assert f'<html lang="{language}">' in server_error_page
        assert escape(translation.gettext(message)) in server_error_page and translation.gettext(message) != message


@pytest.mark.parametrize("language", LANGUAGES)
def test_indicator_guidance_and_answer_levels_are_translated(client, db, language) -> None:
    from migrights.framework.models import Framework

    indicator = Framework.objects.order_by("-published").first().definition().by_code["NDE.1.P1"]
    body = client.get(f"/{language}/methodology/indicators/NDE.1.P1/").content.decode()
    assert escape(indicator.translations[language]["guidance"]) in body
    assert escape(indicator.translations[language]["wording"]) in body
    for level in indicator.scale.levels:
        assert f"<td>{escape(level.translations[language]['label'])}</td>" in body
        assert f'<span lang="en">{escape(level.meaning)}</span>' in body
    assert escape(indicator.guidance) not in body
    listing = client.get(f"/{language}/methodology/indicators/").content.decode()
    assert f'href="/{language}/methodology/indicators/NDE.1.P1/"' in listing
    assert escape(indicator.translations[language]["wording"]) in listing
    assert client.get(f"/{language}/methodology/indicators/NDE.9.P9/").status_code == 404
    twin = client.get("/methodology/indicators/NDE.1.P1.json").json()["data"]
    assert twin["guidance"] == indicator.guidance and twin["code"] == "NDE.1.P1"


@pytest.mark.parametrize("language", LANGUAGES)
def test_body_texts_and_milestones_are_translated(client, db, language) -> None:
    from migrights.governance.models import GovernanceBody, Milestone

    body = GovernanceBody.objects.get(slug="colombo-process")
    page = client.get(f"/{language}/bodies/colombo-process/").content.decode()
    assert escape(body.translations[language]["note"]) in page
    assert escape(body.translations[language]["stage_note"]) in page
    milestones = client.get(f"/{language}/milestones/").content.decode()
    for milestone in Milestone.objects.all():
        assert escape(milestone.translations[language]["title"]) in milestones
