"""Which version of the observatory's code is running, for what it keeps across processes."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # the ``migrights`` package folder


@functools.cache
def code_digest() -> str:
    """A hash of the observatory's own modules (its tests left out), read once per process (about 10 ms): what a
    file kept on disk across processes was written by, so that a new version of the code, an upgrade or an edit
    in a working copy alike, never reuses what an older one wrote."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "tests" in relative.parts:
            continue
        digest.update(f"{relative}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
