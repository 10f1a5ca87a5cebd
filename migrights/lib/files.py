"""Files written whole or not at all: readers and concurrent writers never see half a file."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    """This process's file-creation mask, read without changing it (``os.umask`` sets it, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
    # tempfile makes them private (0600, 0700); once moved into place they get the modes a file or folder written
    # plainly would (0644, 0755 under the usual umask), so an app server running as another user than the worker
    # that built them can serve them
    os.chmod(path, (0o777 if folder else 0o666) & ~_umask())
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


def _modified_time(path: Path) -> float:
    """When ``path`` was last modified (0 when another process removed it meanwhile)."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def beyond_most_recent(paths: Iterable[Path], keep: int) -> list[Path]:
    """The ``paths`` but the ``keep`` most recently modified (used): what a folder of kept files lets go."""
    return sorted(paths, key=_modified_time, reverse=True)[keep:]
