"""Helpers of scripts/release-screenshots: fixture answers (test values, never real coding) and page screenshots.

release-fixture-answers.py answers FRAMEWORK.yaml      -> CSV on standard output
release-fixture-answers.py shoot BASE_URL OUTDIR TAG   -> OUTDIR/TAG-{home,phl,xkx,rankings,methodology}.png
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

PAGES = {"home": "/", "phl": "/countries/PHL/", "xkx": "/countries/XKX/", "rankings": "/rankings/"}


def answers(framework: str) -> None:
    document = yaml.safe_load(Path(framework).read_text(encoding="utf-8"))
    out = csv.writer(sys.stdout)
    out.writerow(["indicator", "value", "confidence", "comment", "evidence_citation", "evidence_url"])
    n = 0
    for category in document["categories"]:
        for right in category["rights"]:
            for indicator in right["indicators"]:
                if indicator.get("derived"):
                    continue  # commitment indicators are computed, never coded
                scale = indicator.get("scale") or {}
                if scale.get("levels"):
                    value = scale["levels"][n % len(scale["levels"])]["value"]
                elif scale.get("kind") in ("numeric", "percentage"):
                    low, high = scale.get("min", 0), scale.get("max", 100)
                    value = low + (high - low) * ((n % 4) + 1) / 5
                else:
                    value = "Yes" if n % 3 else "No"
                n += 1
                out.writerow(
                    [
                        indicator["code"],
                        value,
                        "medium",
                        "fixture value (screenshots)",
                        "Fixture",
                        "https://example.org/fixture",
                    ]
                )


def shoot(base: str, folder: str, tag: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for name, path in PAGES.items():
            page.goto(base + path, wait_until="networkidle", timeout=120_000)
            page.wait_for_timeout(1500)  # the charts draw after the page has loaded
            page.screenshot(path=f"{folder}/{tag}-{name}.png")
        page.goto(base + "/methodology/", wait_until="networkidle", timeout=120_000)
        page.locator("#uncertainty").scroll_into_view_if_needed()
        page.screenshot(path=f"{folder}/{tag}-methodology.png")
        browser.close()


if __name__ == "__main__":
    {"answers": lambda: answers(sys.argv[2]), "shoot": lambda: shoot(*sys.argv[2:5])}[sys.argv[1]]()
