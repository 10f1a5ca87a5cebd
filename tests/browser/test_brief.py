"""A visitor clicks the country page's brief button and gets the policy brief as a PDF, in the page's language."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_brief_button_downloads_a_pdf(embedded_data, new_page):
    page = new_page()
    for prefix, language, label in (("", "en", "Download the policy brief"), ("/fr", "fr", "Télécharger")):
        page.goto(f"{prefix}/countries/MEX/")
        link = page.locator("a.brief-download")
        assert link.inner_text().startswith(label)
        with page.expect_download(timeout=60_000) as info:
            link.click()
        download = info.value
        assert download.suggested_filename == f"migrights-brief-MEX-{language}.pdf"
        with open(download.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"
