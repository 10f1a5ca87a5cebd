"""Headless Chromium for the browser tests: the system's Chromium, never a downloaded build.

Without Chromium the tests skip with the reason, except in CI (``CI=true``) where they fail: CI installs it
with ``scripts/chromium``. ``--screenshots DIR`` keeps screenshots of the main screens for the guides.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless told it is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--screenshots", default=None, help="folder to keep screenshots of the main screens in")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("MIGRIGHTS_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator:
    executable = chromium_path()
    if executable is None:
        reason = "Chromium not found at /usr/bin/chromium (install it with scripts/chromium, or set MIGRIGHTS_CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + ": CI must run the browser tests")
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """Pages in their own browser context (own cookies), at a desktop or a phone width."""
    contexts = []

    def open_page(width: int = 1100, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
        context.set_default_timeout(30_000)  # a loaded machine (parallel workers) can take over 10 s
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    # the live server's request threads close their database connection when the browser's keep-alive connections
    # end; one still running once the test's thread sharing has ended raises (a warning, a traceback in the log)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.02)


@pytest.fixture
def shoot(request):
    """``shoot(page, name)`` keeps a PNG of the page when ``--screenshots DIR`` is given."""
    folder = request.config.getoption("--screenshots")

    def screenshot(page, name: str, full_page: bool = False) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)

    return screenshot


@pytest.fixture
def embedded_data(transactional_db, restore_embedded):
    """Transactional tests end with an emptied database: each starts from the database as it was set up."""
    restore_embedded()


@pytest.fixture
def accessibility_problems():
    return find_accessibility_problems


@pytest.fixture
def horizontal_overflow():
    return measure_horizontal_overflow


def find_accessibility_problems(page) -> list[str]:
    """Violations of WCAG 2.1 A/AA rules found by axe-core, plus any control without an accessible name."""
    page.evaluate(AXE.read_text("utf-8") + "\n;undefined")  # not a <script> tag: the site's CSP refuses inline script
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
            return r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }"""
    )
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
            .map(el => el.outerHTML.slice(0, 120))"""
    )
    return result + [f"no accessible name: {html}" for html in unnamed]


def measure_horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no horizontal scroll)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
