"""What the machine must give the observatory, checked before it starts: each problem said in one line with its fix."""

from __future__ import annotations

import ctypes
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


# glibc's mallopt parameters (malloc.h) and the environment variables that set the same before a process starts
M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8
SERVER_ALLOCATOR = (("MALLOC_ARENA_MAX", M_ARENA_MAX, 2), ("MALLOC_MMAP_THRESHOLD_", M_MMAP_THRESHOLD, 256 * 1024))
ARROW_POOL = "ARROW_DEFAULT_MEMORY_POOL"  # Arrow's buffers from glibc's malloc, tuned as above


def tune_allocator() -> list[str]:
    """Set glibc's allocator for a long-running server process, before its threads start; returns what was set.

    Two arenas at most instead of eight per core (each of waitress's threads would otherwise keep one, freed memory
    included), and blocks of 256 KiB or more (numpy and pandas columns) taken from and given back to the system
    whole: glibc otherwise raises that threshold to 32 MB after the first large block is freed, and the freed blocks
    stay in the heap between requests. Arrow (pandas' text columns) allocates through the same glibc rather than its
    own mimalloc, which kept about 35 MB of what a server's requests had freed. A variable an operator set
    (``MALLOC_ARENA_MAX``, ``MALLOC_MMAP_THRESHOLD_``, ``ARROW_DEFAULT_MEMORY_POOL``) is left to take effect; other C
    libraries are left alone. The commands (``migrights up``'s worker among them) keep glibc's defaults and set only
    Arrow's pool (``arrow_from_malloc``)."""
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018  (glibc only: musl's mallopt does nothing)
    except (OSError, AttributeError):
        return []
    done = [
        f"{variable}={value}"
        for variable, parameter, value in SERVER_ALLOCATOR
        if variable not in os.environ and libc.mallopt(parameter, value) == 1
    ]
    if arrow_from_malloc():
        done.append(f"{ARROW_POOL}=system")
    return done


def arrow_from_malloc() -> bool:
    """Have Arrow allocate through glibc's malloc rather than its own mimalloc, unless the operator chose a pool
    (``ARROW_DEFAULT_MEMORY_POOL``); True when set here. Every server does (``tune_allocator``), and every command
    that opens the data folder (``migrights worker`` and the others), before it reads a table.

    mimalloc gives a large block back to the system as soon as it is freed, so each large buffer of a batch job faults
    its pages in anew: building an edition's package cost 3.7-4.0 s of CPU instead of 3.1-3.2 s with malloc, whose
    freed blocks stay in the process (0.5-0.9 s of system time in its largest CSV write alone), and in a server it
    kept memory the requests had freed."""
    if ARROW_POOL in os.environ:
        return False
    import pyarrow  # imported anyway by whatever uses pandas' text columns

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    return True
