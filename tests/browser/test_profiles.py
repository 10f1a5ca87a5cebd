"""Profile pages in headless Chromium: charts draw, maps colour parties and open countries, pages are accessible."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTY_COLOUR = "#1f5fa8"  # reference.views.STATUS_COLOURS["party"], governance.views MEMBER_CATEGORIES "member"


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def drawn(page, chart_id: str):
    chart = page.locator(f"#{chart_id}")
    expect(chart).to_have_attribute("data-ready", "1")
    return chart


def test_country_page_draws_its_trend_chart(new_page, embedded_data, shoot):
    page = new_page()
    page.goto("/countries/PHL/")
    chart = drawn(page, "trend")
    assert chart.locator("svg path").count() > 0  # the commitment line and its points
    assert chart.locator("svg .mark-line path, svg .mark-symbol path").count() > 0
    shoot(page, "country")


def test_instrument_map_colours_parties_and_opens_a_country(new_page, embedded_data, shoot):
    page = new_page()
    page.goto("/instruments/ICRMW/")
    chart = drawn(page, "map")
    shoot(page, "instrument")
    parties = chart.locator(f'svg path[fill="{PARTY_COLOUR}"]')
    assert parties.count() >= 40  # the Migrant Workers Convention has some 60 parties
    # a point inside a party's shape: its box's centre where nothing else is drawn on top
    point = page.evaluate(
        """(colour) => {
            const paths = [...document.querySelectorAll('#map svg path')]
                .filter(p => p.getAttribute('fill') === colour);
            paths.sort((a, b) => b.getBBox().width * b.getBBox().height - a.getBBox().width * a.getBBox().height);
            for (const path of paths) {
                const box = path.getBoundingClientRect();
                const x = box.left + box.width / 2, y = box.top + box.height / 2;
                if (document.elementFromPoint(x, y) === path) return {x, y};
            }
            return null;
        }""",
        PARTY_COLOUR,
    )
    assert point is not None
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(re.compile(r"/countries/[A-Z]{3}/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    party = page.locator("#commitments tr", has=page.locator('a[href$="/instruments/ICRMW/"]'))
    expect(party).to_contain_text("Party")


def test_body_page_draws_its_member_map(new_page, embedded_data):
    page = new_page()
    page.goto("/bodies/ecowas/")
    chart = drawn(page, "members-map")
    assert chart.locator(f'svg path[fill="{PARTY_COLOUR}"]').count() >= 10  # ECOWAS has 12 to 15 members
    drawn(page, "growth")


@pytest.mark.parametrize(
    "url, chart_id",
    [
        ("/countries/PHL/", "trend"),
        ("/instruments/ICRMW/", "map"),
        ("/bodies/ecowas/", "members-map"),
        ("/milestones/", "milestones-chart"),
        ("/fr/countries/MEX/", "trend"),
    ],
)
def test_profile_pages_are_accessible_and_fit_a_phone(
    new_page, embedded_data, accessibility_problems, horizontal_overflow, url, chart_id
):
    page = new_page()
    page.goto(url)
    drawn(page, chart_id)
    assert accessibility_problems(page) == []
    phone = new_page(width=320, height=640)
    phone.goto(url)
    drawn(phone, chart_id)
    assert horizontal_overflow(phone) == 0
