"""``/health``: whether this server can serve, for a load balancer or a monitor (JSON, never cached; 503 when a part is
down, 200 with "degraded" when only a part it can serve without is). See docs/operations.md."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from migrights.lib.health import register, run_checks

_MIGRATED: list[bool] = []  # once this process has seen every migration applied, it stays so (code does not change)


def database() -> tuple[bool, dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, {"vendor": connection.vendor}


def migrations() -> tuple[bool, dict[str, Any]]:
    if not _MIGRATED:
        from migrights.bootstrap import needs_migration

        if needs_migration():
            return False, {"error": "migrations not applied: run `migrights up` or `migrights manage migrate`"}
        _MIGRATED.append(True)
    return True, {}


def data() -> tuple[bool, dict[str, Any]]:
    from migrights.bootstrap import EMBEDDED_KIND
    from migrights.reference.models import ImportRun

    last = ImportRun.objects.filter(kind=EMBEDDED_KIND, outcome=ImportRun.Outcome.LOADED).first()
    if last is None:
        return False, {"error": "the embedded data are not loaded: run `migrights up` once"}
    return True, {"embedded_loaded": last.finished.isoformat() if last.finished else None}


def cache() -> tuple[bool, dict[str, Any]]:
    """Each cache answers a write and a read (the page cache, the generations, the API counts)."""
    backends = {}
    for alias in ("default", "generations", "api-rate"):
        store, probe = caches[alias], f"health:{secrets.token_hex(4)}"
        store.set(probe, "ok", timeout=10)
        if store.get(probe) != "ok" and type(store).__name__ != "DummyCache":
            return False, {"error": f"the {alias} cache does not keep what it is given"}
        store.delete(probe)
        backends[alias] = type(store).__name__
    return True, {"backends": backends}


register("database", database)
register("migrations", migrations)
register("data", data)
register("cache", cache)


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    status, checks = run_checks()
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "down" else 200)
