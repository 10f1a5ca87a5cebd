"""The parts ``/health`` reports on: each a named check returning whether it works and what it saw.

The database, caches, migrations and the embedded data are checked by ``migrights.health``; another part (the job
queue's worker) adds its own with ``register("worker", check)`` in its ``AppConfig.ready()``. A check that raises
counts as down, with the exception's one line as its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = Callable[[], tuple[bool, dict[str, Any]]]
CHECKS: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    CHECKS[name] = check


def run_checks() -> tuple[bool, dict[str, dict[str, Any]]]:
    """Every check's result: ``{"database": {"ok": true, ...}, ...}``; all ok or not."""
    results: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        try:
            ok, detail = check()
        except Exception as error:  # a part that cannot even be asked is down
            ok, detail = False, {"error": f"{type(error).__name__}: {error}".splitlines()[0]}
        results[name] = {"ok": ok, **detail}
    return all(result["ok"] for result in results.values()), results
