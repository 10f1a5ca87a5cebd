"""Where the observatory keeps its database and kept raw files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = PACKAGE_DIR / "data"


def data_dir_path() -> Path:
    """``MIGRIGHTS_DATA_DIR`` or a per-user data folder, as it is named (not created)."""
    return Path(os.environ.get("MIGRIGHTS_DATA_DIR") or platformdirs.user_data_dir("migrights"))


def data_dir() -> Path:
    """``MIGRIGHTS_DATA_DIR`` or a per-user data folder; created on first use."""
    path = data_dir_path()
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()
