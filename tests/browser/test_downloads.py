"""Data & API in headless Chromium: a CSV download has the expected header and rows; no accessibility problems."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_csv_download_from_the_data_page(new_page, live_server, embedded_data, settings, tmp_path, small_scores):
    from migrights.reference.models import Country

    settings.DATA_DIR = tmp_path
    page = new_page()
    page.goto("/data/")
    link = page.get_by_role("link", name="countries.csv").first
    with page.expect_download(timeout=120_000) as arrival:
        link.click()
    download = arrival.value
    assert download.suggested_filename == "migrights-commitments-countries.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert list(rows[0])[:4] == ["code", "iso2", "m49", "name"]
    assert len(rows) == Country.objects.count()
    assert next(r for r in rows if r["code"] == "PHL")["name"] == "Philippines"


@pytest.mark.parametrize("address", ["/data/", "/sources/", "/fr/data/"])
def test_no_accessibility_problems(new_page, live_server, embedded_data, accessibility_problems, address):
    page = new_page()
    page.goto(address)
    assert accessibility_problems(page) == []


def test_the_pages_fit_a_phone(new_page, live_server, embedded_data, horizontal_overflow):
    page = new_page(width=320, height=700)
    for address in ("/data/", "/sources/"):
        page.goto(address)
        assert horizontal_overflow(page) == 0, address
