"""The chart block (portal/chart.html, grapher.js) in headless Chromium: tabs, downloads, the link that restores a view;
and every public page template free of WCAG A/AA violations with the site's design."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def charts_drawn(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart[data-spec]')].every(c => c.dataset.ready === '1')"
    )


def test_the_tabs_switch_between_chart_and_table(embedded_data, new_page):
    page = new_page()
    page.goto("/countries/PHL/")
    charts_drawn(page)
    block = page.locator("#trend-block")
    table_tab = block.get_by_role("tab", name="Table")
    expect(block.locator("#trend-panel-table")).to_be_hidden()
    table_tab.click()
    expect(table_tab).to_have_attribute("aria-selected", "true")
    expect(block.locator("#trend-panel-chart")).to_be_hidden()
    table = block.locator("#trend-panel-table table")
    expect(table).to_be_visible()
    # one row per year of the trend, titled as the chart's tooltip is, with the interval's bounds
    expect(table.locator("thead")).to_contain_text("Year")
    expect(table.locator("thead")).to_contain_text("Lower bound (90 %)")
    assert table.locator("tbody tr").count() >= 30  # 1990 to this year
    block.get_by_role("tab", name="Chart").press("ArrowRight")  # the keyboard moves between tabs too
    expect(table_tab).to_have_attribute("aria-selected", "true")
    block.get_by_role("tab", name="Chart").click()
    expect(block.locator("#trend svg")).to_be_visible()


def test_the_downloads_give_an_svg_a_png_and_the_data(embedded_data, new_page):
    page = new_page()
    page.goto("/?measure=core-treaties&year=2000")
    charts_drawn(page)
    block = page.locator("#map-block")
    files = {}
    for name in ("Image (SVG)", "Image (PNG)", "Data (CSV)"):
        with page.expect_download() as arrival:
            block.get_by_role("button", name=name).click()
        download = arrival.value
        files[Path(download.suggested_filename).suffix] = Path(download.path()).read_bytes()
        assert download.suggested_filename.startswith("home-map-2000.")
    svg = files[".svg"].decode()
    assert svg.startswith("<svg") and "World map" in svg  # drawn with its title (the section's heading)
    assert "Source:" in svg and "United Nations" in svg  # and its source line
    assert files[".png"].startswith(b"\x89PNG\r\n\x1a\n")
    lines = files[".csv"].decode("utf-8-sig").splitlines()
    assert lines[0] == "Country,UN core human rights treaties ratified"
    values = dict(line.rsplit(",", 1) for line in lines[1:])
    assert len(values) > 150 and all(v.isdigit() and 0 <= int(v) <= 9 for v in values.values())
    # the values of the year shown (2000), not of the latest year: the page's own table says the same
    first = page.locator("#map-values tbody tr").first.locator("td")
    assert values[first.nth(1).inner_text()] == first.nth(2).inner_text()


def test_the_share_link_restores_the_tab_and_the_year(embedded_data, new_page):
    page = new_page()
    page.goto("/?measure=core-treaties")
    charts_drawn(page)
    page.locator("#year").fill("1995")
    page.locator("#year").dispatch_event("change")
    block = page.locator("#map-block")
    block.get_by_role("tab", name="Table").click()
    block.get_by_role("button", name="Share").click()
    link = block.get_by_label("Link to this view").input_value()
    assert "year=1995" in link and link.endswith("#view=map&tab=table")
    other = new_page()
    other.goto(link)
    restored = other.locator("#map-block")
    expect(restored.get_by_role("tab", name="Table")).to_have_attribute("aria-selected", "true")
    expect(restored.locator("#map-panel-table table tbody tr").first).to_be_visible()
    expect(other.locator("output[for='year']")).to_have_text("1995")


def test_the_ranking_is_paged_and_its_map_tab_draws_every_country(embedded_data, new_page, accessibility_problems):
    page = new_page()
    page.goto("/rankings/?measure=core-treaties&year=2015")
    charts_drawn(page)
    assert page.locator("#ranking tbody tr").count() == 50
    page.get_by_role("navigation", name="Pages of the ranking").first.get_by_role("link", name="51\u2013100").click()
    charts_drawn(page)
    expect(page.locator("#ranking tbody tr").first.locator("td").first).not_to_have_text("1")
    block = page.locator("#ranking-chart-block")
    block.get_by_role("tab", name="Map").click()
    expect(page.locator("#ranking-chart-map")).to_have_attribute("data-ready", "1")
    assert page.locator("#ranking-chart-map svg path").count() > 150
    assert accessibility_problems(page) == []


PUBLIC_PAGES = [
    "/countries/",
    "/instruments/",
    "/bodies/",
    "/milestones/",
    "/sources/",
    "/sources/quality/",
    "/methodology/",
    "/search/?q=phil",
    "/rankings/?page=2",
    "/instruments/ICRMW/",
    "/fr/rankings/",
    "/es/milestones/",
    "/fr/bodies/colombo-process/",
    "/es/methodology/indicators/",
    "/fr/methodology/indicators/NDE.1.P1/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_no_accessibility_violation(embedded_data, new_page, accessibility_problems, url):
    page = new_page()
    page.goto(url)
    charts_drawn(page)
    assert accessibility_problems(page) == []


def test_the_sources_page_filters_as_one_types(embedded_data, new_page):
    page = new_page()
    page.goto("/sources/")
    shown = page.locator("#source-list .source:visible")
    total = shown.count()
    page.get_by_label("Find a source (title, publisher, address, licence, key)").fill("normlex")
    expect(page.locator("[data-filter-status]")).to_contain_text("/")
    assert 0 < shown.count() < total
    for text in shown.all_inner_texts():
        assert "normlex" in text.casefold() or "NORMLEX" in text
