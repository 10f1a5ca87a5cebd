"""Batch work (an edition's download files, a PDF's layout) with Python's cyclic garbage collector paused.

The collector runs each time some hundreds of container objects have been made and walks the young ones again; a
layout or a table of hundreds of thousands of rows makes millions of them, nearly all freed by reference counting
anyway. Paused, then run once over the young objects when the block ends (so a block pays for its own garbage, not
the next one), the codebook's layout costs about a sixth less CPU (a few MB more at its peak). Blocks may nest or
run in several threads at once: the collector runs again when the last one ends, and only if it ran before the
first began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_blocks = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector paused (see the module)."""
    global _blocks, _was_enabled
    with _lock:
        if _blocks == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _blocks += 1
    try:
        yield
    finally:
        with _lock:
            _blocks -= 1
            if _blocks == 0 and _was_enabled:
                gc.collect(0)  # the young objects once (the block's cycles freed, the rest made older)
                gc.enable()
