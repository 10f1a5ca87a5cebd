"""The explore pages in headless Chromium: map and slider, click-through, compare, CSV, accessibility, phones."""

from __future__ import annotations

import csv
import io
import re

import pytest

from migrights.lib.charts import MISSING_COLOUR
from migrights.publication.measures import ROW_FIELDS, latest_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/rankings/", "/compare/?countries=FRA,PHL"]


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def wait_for_charts(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart[data-spec]')].every(c => c.dataset.ready === '1')"
    )


def coloured_fills(page) -> list[str]:
    """The fill of every country drawn in a colour of the scale (not the grey of 'no value')."""
    return page.evaluate(
        """(missing) => [...document.querySelectorAll('#map svg path')]
            .map(p => (p.getAttribute('fill') || '').toLowerCase())
            .filter(f => f && f !== 'none' && f !== 'transparent' && f !== missing)""",
        MISSING_COLOUR,
    )


def move_slider(page, year: int) -> None:
    page.locator("#year").fill(str(year))  # a range input takes fill() and fires "input"
    expect(page.locator("output[for='year']")).to_have_text(str(year))


def test_the_map_colours_countries_and_the_slider_changes_it(embedded_data, new_page, shoot):
    page = new_page()
    page.goto("/?measure=core-treaties")
    wait_for_charts(page)
    latest = coloured_fills(page)
    assert len(latest) > 150
    shoot(page, "home")
    move_slider(page, 1990)
    # the view re-renders asynchronously: wait until the set of fills differs from the latest year's
    page.wait_for_function(
        """([missing, before]) => {
            const now = [...document.querySelectorAll('#map svg path')]
                .map(p => (p.getAttribute('fill') || '').toLowerCase())
                .filter(f => f && f !== 'none' && f !== 'transparent' && f !== missing).sort().join();
            return now !== before;
        }""",
        arg=[MISSING_COLOUR, ",".join(sorted(latest))],
    )
    earlier = coloured_fills(page)
    assert earlier and sorted(earlier) != sorted(latest)
    move_slider(page, latest_year())
    page.wait_for_function(
        """([missing, before]) => [...document.querySelectorAll('#map svg path')]
            .map(p => (p.getAttribute('fill') || '').toLowerCase())
            .filter(f => f && f !== 'none' && f !== 'transparent' && f !== missing).sort().join() === before""",
        arg=[MISSING_COLOUR, ",".join(sorted(latest))],
    )


def test_australia_is_coloured_in_both_its_shapes(embedded_data, new_page):
    """world-atlas draws Australia as two shapes with id 036: both take its value (issue 10)."""
    page = new_page()
    page.goto("/?measure=core-treaties")
    wait_for_charts(page)
    fills = page.evaluate(
        """(missing) => [...document.querySelectorAll('#map svg path[aria-label*="Australia"]')]
            .map(p => (p.getAttribute('fill') || '').toLowerCase())
            .filter(f => f && f !== 'none' && f !== 'transparent' && f !== missing)""",
        MISSING_COLOUR,
    )
    assert len(fills) == 2 and len(set(fills)) == 1, fills


def test_clicking_a_country_opens_its_profile(embedded_data, new_page):
    page = new_page()
    page.goto("/?measure=core-treaties")
    wait_for_charts(page)
    page.locator("#map svg").scroll_into_view_if_needed()  # the mouse clicks where the map is on screen
    box = page.locator("#map svg").bounding_box()
    # Brazil sits well inside its borders at about a third from the left and 60 % down an Equal Earth world map
    page.mouse.click(box["x"] + box["width"] * 0.36, box["y"] + box["height"] * 0.62)
    page.wait_for_url(re.compile(r"/countries/[A-Z]{3}/$"))
    assert page.locator("h1").count() == 1


def test_compare_shows_both_countries_in_chart_and_table(embedded_data, new_page, shoot):
    page = new_page()
    page.goto("/compare/?countries=FRA,PHL")
    wait_for_charts(page)
    shoot(page, "compare", full_page=True)
    for name in ("France", "Philippines"):
        expect(page.locator("#compare-scores thead")).to_contain_text(name)
        expect(page.locator("#compare-treaties thead")).to_contain_text(name)
        assert page.locator("#compare-dimensions svg").get_by_text(name, exact=True).count() >= 1
    page.get_by_label("Add a country (up to 6)").select_option("SEN")
    page.get_by_role("button", name="Update").click()
    page.wait_for_url(re.compile(r"countries=FRA%2CPHL%2CSEN"))
    expect(page.locator("#compare-scores thead")).to_contain_text("Senegal")


def test_rankings_csv_download(embedded_data, new_page):
    page = new_page()
    page.goto("/rankings/?measure=core-treaties&year=2015")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "rankings-core-treaties-2015.csv"
    with open(download.path(), encoding="utf-8") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    assert list(rows[0]) == list(ROW_FIELDS)
    assert len(rows) > 150 and rows[0]["rank"] == "1" and {r["year"] for r in rows} == {"2015"}


@pytest.mark.parametrize("url", PAGES)
def test_no_accessibility_violations(embedded_data, new_page, accessibility_problems, url):
    page = new_page()
    page.goto(url)
    wait_for_charts(page)
    assert accessibility_problems(page) == []


@pytest.mark.parametrize("url", PAGES)
def test_no_horizontal_overflow_on_a_phone(embedded_data, new_page, horizontal_overflow, shoot, url):
    page = new_page(width=320, height=640)
    page.goto(url)
    wait_for_charts(page)
    assert horizontal_overflow(page) == 0
    shoot(page, "explore" + url.split("?")[0].replace("/", "-").rstrip("-") + "-320")


def test_search_shows_results_as_one_types(embedded_data, new_page):
    page = new_page()
    page.goto("/")
    page.get_by_label("Search for a country, an instrument or a governance body").press_sequentially("philipp")
    expect(page.locator("#search-results").get_by_role("link", name="Philippines")).to_be_visible()
