"""Files written whole or not at all: readers and concurrent writers never see half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(target: Path, write: Callable[[Path], object]) -> Path:
    """Run ``write(path)`` on a temporary file next to ``target`` (``.<name>-…part``), then move it into place.

    The folder must exist. If ``write`` fails, the temporary file is removed and ``target`` is left as it was.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".part", dir=target.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
