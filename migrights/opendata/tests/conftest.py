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
