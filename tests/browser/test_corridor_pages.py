"""The corridor pages in headless Chromium: charts drawn, the flow map's table, accessible (axe), fitting a phone."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def charts_drawn(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart[data-spec]')].every(c => c.dataset.ready === '1')"
    )


@pytest.mark.parametrize("url", ["/corridors/PHL/SAU/", "/corridors/", "/fr/corridors/?year=2000&kind=bla"])
def test_corridor_pages_draw_their_charts_are_accessible_and_fit_a_phone(
    new_page, embedded_data, accessibility_problems, horizontal_overflow, url
):
    page = new_page()
    page.goto(url)
    charts_drawn(page)
    assert page.locator(".chart[data-spec] svg").count() == page.locator(".chart[data-spec]").count() >= 2
    assert accessibility_problems(page) == []
    phone = new_page(width=320, height=640)
    phone.goto(url)
    assert horizontal_overflow(phone) == 0


def test_the_country_pages_flow_map_is_drawn_and_its_table_lists_the_corridors(new_page, embedded_data):
    page = new_page()
    page.goto("/countries/PHL/")
    charts_drawn(page)
    block = page.locator("#corridor-map-block")
    expect(block.locator("#corridor-map svg")).to_be_visible()
    block.get_by_role("tab", name="Table").click()
    table = block.locator("#corridor-map-panel-table table")
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() == 20  # ten corridors each way
    expect(table.locator("tbody")).to_contain_text("United States")
