"""The law layer's pages in headless Chromium: accessible (axe) and fitting a phone."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("url", ["/agreements/?country=PHL", "/agreements/757/", "/instruments/CRC/"])
def test_agreement_pages_are_accessible_and_fit_a_phone(
    new_page, embedded_data, accessibility_problems, horizontal_overflow, url
):
    page = new_page()
    page.goto(url)
    assert accessibility_problems(page) == []
    phone = new_page(width=320, height=640)
    phone.goto(url)
    assert horizontal_overflow(phone) == 0
