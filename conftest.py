"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent
# Index editions in tests: the one computed while the test database is set up runs the spec's own Monte Carlo
# draws (tests of intervals read it); every later one runs none (``settings.SCORES_UNCERTAINTY_DRAWS`` is read
# when an edition is computed, so the fixture below reaches it; a test wanting draws sets it). Subprocesses (a
# `migrights compute` run by a test) read the variable when their settings load.
SETUP_EDITION_DRAWS = None  # None: the spec's uncertainty.draws
os.environ.setdefault("MIGRIGHTS_SCORE_DRAWS", "0")


def _shared_data_dir() -> Path:
    return Path(os.environ.get("MIGRIGHTS_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def skip_unless_in_ci(reason: str) -> None:
    """Skip with the reason; in CI (``CI=true``), where every input is laid out, fail with it instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason + ": CI must run this test")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The publishers' raw files in ../shared/data; tests using them skip where absent, and fail in CI."""
    path = _shared_data_dir()
    if not path.is_dir():
        skip_unless_in_ci(f"real source files not found at {path} (set MIGRIGHTS_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def shared_file(shared_data):
    """``shared_file("ilo/2026/x.csv")``: a file of ../shared/data, skipped where absent and failed in CI."""

    def find(relative: str) -> Path:
        path = shared_data / relative
        if not path.is_file():
            skip_unless_in_ci(f"{path} not found (set MIGRIGHTS_SHARED_DATA)")
        return path

    return find


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the embedded data, loaded once by the same code as `migrights up`."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(SCORES_UNCERTAINTY_DRAWS=SETUP_EDITION_DRAWS):
        from migrights.bootstrap import load_embedded

        load_embedded()


@pytest.fixture(autouse=True)
def _data_dir_in_tmp(settings, tmp_path):
    """Kept raw files go to a temporary folder, never to the user's data folder."""
    settings.DATA_DIR = tmp_path
    settings.RAW_FILES_DIR = tmp_path / "raw"
    # a deliberately slow password hash is a cost tests need not pay
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # editions computed during a test run no Monte Carlo: the zero-draw path every page must render
    settings.SCORES_UNCERTAINTY_DRAWS = 0


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks():
    """A request to /fr/ or /es/ leaves its language active in the thread; each test starts in English."""
    from django.utils import translation

    with translation.override("en"):
        yield
