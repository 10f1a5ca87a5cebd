"""What the machine must give the observatory, checked before it starts: each problem said in one line with its fix."""

from __future__ import annotations

import os
import tempfile
from ctypes.util import find_library
from pathlib import Path

# WeasyPrint draws the policy briefs (PDF) with Pango; it loads these libraries when the first brief is made
PANGO = {"pango-1.0": "libpango-1.0-0", "pangoft2-1.0": "libpangoft2-1.0-0"}


def unwritable_folder(path: Path) -> str | None:
    """Why the observatory cannot keep its data in ``path`` (creating it if missing), or None."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-check-"):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return (
            f"the data folder {path} cannot be written ({reason}): make it writable by this user "
            f"(uid {os.getuid()}), or choose another with --data-dir or MIGRIGHTS_DATA_DIR"
        )
    return None


def missing_libraries() -> str | None:
    """The system libraries that are missing, with the Debian packages that bring them, or None."""
    missing = [package for library, package in PANGO.items() if find_library(library) is None]
    if not missing:
        return None
    return (
        f"Pango, which the policy briefs (PDF) need, is missing: install it with "
        f"`apt-get install {' '.join(missing)}` (as root; scripts/system-packages does it)"
    )
