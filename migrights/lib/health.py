"""The parts ``/health`` reports on: each a named check returning whether it works and what it saw.

The database, caches, migrations and the embedded data are checked by ``migrights.health``; another part (the job
queue's worker) adds its own with ``register("worker", check, required=False)`` in its ``AppConfig.ready()``. A check
that raises counts as down, with the exception's one line as its reason. A part this server needs to answer requests
is *required*: when it is down the server is down (503, a load balancer takes it out). A part it does not need (the
worker: pages are served without it, only long work waits) makes the server *degraded* (200, for a monitor to warn).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

Check = Callable[[], tuple[bool, dict[str, Any]]]
Status = Literal["ok", "degraded", "down"]
CHECKS: dict[str, Check] = {}
OPTIONAL: set[str] = set()


def register(name: str, check: Check, required: bool = True) -> None:
    CHECKS[name] = check
    if required:
        OPTIONAL.discard(name)
    else:
        OPTIONAL.add(name)


def run_checks() -> tuple[Status, dict[str, dict[str, Any]]]:
    """Every check's result (``{"database": {"ok": true, ...}, ...}``) and the server's status: ``down`` when a
    required part is down, ``degraded`` when only an optional one is, else ``ok``."""
    results: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        try:
            ok, detail = check()
        except Exception as error:  # a part that cannot even be asked is down
            ok, detail = False, {"error": f"{type(error).__name__}: {error}".splitlines()[0]}
        results[name] = {"ok": ok, **detail, **({"required": False} if name in OPTIONAL else {})}
    failing = {name for name, result in results.items() if not result["ok"]}
    status: Status = "ok" if not failing else "degraded" if failing <= OPTIONAL else "down"
    return status, results
