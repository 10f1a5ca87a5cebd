"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent


def _shared_data_dir() -> Path:
    return Path(os.environ.get("MIGRIGHTS_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The publishers' raw files in ../shared/data; tests using them skip where absent."""
    path = _shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"real source files not found at {path} (set MIGRIGHTS_SHARED_DATA)")
    return path
