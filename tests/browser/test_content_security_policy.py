"""The Content-Security-Policy holds in Chromium: no page needs inline script or eval, and charts still draw."""

from __future__ import annotations

import pytest

from migrights.assessments.tests.builders import PASSWORD, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of the page (init scripts are not subject to the page's policy).
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
    window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' +
                             e.sourceFile + ':' + e.lineNumber));
"""


def watched(new_page):
    page = new_page()
    page.add_init_script(LISTEN)
    errors: list[str] = []

    def console(message) -> None:  # a missing /favicon.ico is also a console error: keep the policy's own
        if message.type == "error" and ("Content Security Policy" in message.text or "eval" in message.text):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))  # e.g. an EvalError thrown by a script
    return page, errors


def problems(page, errors: list[str]) -> list[str]:
    return page.evaluate("() => window.__violations") + errors


def charts_drawn(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart[data-spec]')].every(c => c.dataset.ready === '1')"
    )


def test_no_policy_violation_on_the_home_page_a_country_page_and_a_work_page(new_page, embedded_data, live_server):
    page, errors = watched(new_page)
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "unsafe-eval" not in policy
    charts_drawn(page)  # the map: Vega runs its expressions without eval
    assert page.locator("#map svg path").count() > 150
    page.goto("/countries/PHL/")
    charts_drawn(page)
    assert page.locator("#trend svg path").count() > 0
    assert problems(page, errors) == []

    cast = build_cast()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(cast.expert.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/work/")
    response = page.goto(f"/work/assessments/{cast.assessment.pk}/category/LAB/")
    assert response.status == 200 and "no-store" in response.headers["cache-control"]
    page.wait_for_load_state("networkidle")  # htmx and the autosave script loaded and ran
    assert page.evaluate("() => typeof htmx") == "object"
    assert problems(page, errors) == []
