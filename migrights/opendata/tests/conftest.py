"""One package of the commitments edition, built once and shared by the tests that only read it."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def downloads_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("opendata")


@pytest.fixture
def shared_downloads(settings, downloads_dir, db):
    """Point the download cache at a folder kept for the session (the commitments edition does not change)."""
    settings.DATA_DIR = downloads_dir
    return downloads_dir


@pytest.fixture
def package_dir(shared_downloads):
    from migrights.opendata.downloads import package_folder
    from migrights.opendata.tables import resolve

    return package_folder(resolve("commitments"))


@pytest.fixture
def small_scores(monkeypatch):
    """Tables cut to a few countries, for tests of the workbook and the release package (the full scores take
    a minute to write as XLSX on a small machine)."""
    from migrights.opendata import tables

    few = {"PHL", "FRA", "MEX"}
    for name in ("scores", "commitments", "gaps"):
        full = tables.TABLE_ROWS[name]
        monkeypatch.setitem(
            tables.TABLE_ROWS, name, lambda edition, full=full: [r for r in full(edition) if r["country"] in few]
        )
