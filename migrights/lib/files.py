"""Files written whole or not at all: readers and concurrent writers never see half a file."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def aside(target: Path, folder: bool = False) -> Iterator[Path]:
    """A temporary file (``.<name>-…part``) or folder next to ``target`` to write into before moving it into place.

    The parent folder must exist. Whatever is still there on leaving (after a failure, or files not moved out)
    is removed.
    """
    if folder:
        path = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    else:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".part", dir=target.parent)
        os.close(handle)
        path = Path(name)
    try:
        yield path
    finally:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()


def atomic_write(target: Path, write: Callable[[Path], object]) -> Path:
    """Run ``write(path)`` on a temporary file next to ``target``, then move it into place.

    If ``write`` fails, the temporary file is removed and ``target`` is left as it was.
    """
    with aside(target) as temporary:
        write(temporary)
        os.replace(temporary, target)
    return target
