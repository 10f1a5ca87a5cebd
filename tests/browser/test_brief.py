"""A visitor clicks the brief's button and gets the country's policy brief as a PDF file, in the page's language.

The country page will include ``briefs/button.html``; until it does, the test puts the button (rendered
by Django, in the page's language) into the country page and clicks it there.
"""

from __future__ import annotations

import json

import pytest
from django.template.loader import render_to_string
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_brief_button_downloads_a_pdf(embedded_data, new_page):
    page = new_page()
    for prefix, language, label in (("", "en", "Download the policy brief"), ("/fr", "fr", "Télécharger")):
        page.goto(f"{prefix}/countries/MEX/")
        if not page.locator("a.brief-download").count():
            with translation.override(language):
                button = render_to_string("briefs/button.html", {"code": "MEX", "lang_prefix": prefix})
            page.evaluate(f"document.querySelector('main').insertAdjacentHTML('afterbegin', {json.dumps(button)})")
        link = page.locator("a.brief-download")
        assert link.inner_text().startswith(label)
        with page.expect_download(timeout=60_000) as info:
            link.click()
        download = info.value
        assert download.suggested_filename == f"migrights-brief-MEX-{language}.pdf"
        with open(download.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"
