"""Errors that help: a missing page suggests the pages that come close, in the visitor's language, and is accessible."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_missing_instrument_suggests_the_close_code_and_opens_it(
    new_page, embedded_data, accessibility_problems, horizontal_overflow
):
    page = new_page()
    response = page.goto("/instruments/C189/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    suggestion = page.locator(".suggestions a", has_text="Domestic Workers Convention")
    suggestion.first.click()
    page.wait_for_url("**/instruments/ILO-C189/")
    assert "ILO-C189" in page.content()
    assert page.locator("link[rel=icon]").get_attribute("href").endswith(".svg")

    french = new_page()
    french.goto("/fr/countries/FRAA/")
    assert french.locator("h1").inner_text() == "Page non trouvée"
    assert french.locator('.suggestions a[href="/fr/countries/FRA/"]').count() == 1
    assert accessibility_problems(french) == []
    french.fill("input[type=search]", "Philippines")
    french.press("input[type=search]", "Enter")
    french.wait_for_url("**/fr/search/?q=Philippines")
    assert french.locator('a[href="/fr/countries/PHL/"]').count() >= 1

    phone = new_page(width=320, height=640)
    phone.goto("/es/instruments/C189/")
    assert phone.locator("h1").inner_text() == "Página no encontrada"
    assert accessibility_problems(phone) == [] and horizontal_overflow(phone) == 0
