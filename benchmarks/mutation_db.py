"""A pytest plugin for mutation runs only (``-p benchmarks.mutation_db``): the embedded data loaded once.

mutmut runs the tests of each mutant in a process forked from its own, and each run sets up a fresh test
database, whose loading of the embedded data (``migrights.bootstrap.load_embedded``, called by the
``django_db_setup`` fixture of ``conftest.py``) takes half a minute. This plugin loads it once, in the
first (un-mutated) run, keeps a copy of the SQLite database in ``$MIGRIGHTS_MUTATION_SNAPSHOT``, and
restores that copy (a few milliseconds) in every later run. The loaded data is therefore what the
un-mutated code loads: a mutant is judged by the tests that call the mutated code, not by the loading.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any


def pytest_configure(config: Any) -> None:
    snapshot = os.environ.get("MIGRIGHTS_MUTATION_SNAPSHOT")
    if not snapshot:
        return
    from migrights import bootstrap

    real = bootstrap.load_embedded
    if getattr(real, "_from_snapshot", False):  # a forked run inherits the patched function
        return

    def load_embedded(*args: Any, **kwargs: Any) -> dict[str, int]:
        from django.db import connection

        path = Path(snapshot)
        if connection.vendor != "sqlite":
            return real(*args, **kwargs)
        connection.ensure_connection()
        if path.exists():
            source = sqlite3.connect(path)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return {}
        counts = real(*args, **kwargs)
        partial = path.with_suffix(".partial")
        copy = sqlite3.connect(partial)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        partial.replace(path)
        return counts

    load_embedded._from_snapshot = True  # type: ignore[attr-defined]
    bootstrap.load_embedded = load_embedded
