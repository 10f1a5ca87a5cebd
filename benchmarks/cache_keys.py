"""What a cache key costs: the generations of the data (issue 17's one cache design) against the row counts and
newest ids the treaty cache was keyed on, and a cached page served from the file cache and from Redis.

Usage: .venv/bin/python benchmarks/cache_keys.py [REDIS_URL]   (scripts/redis prints one; without it, files only)
CPU time per call (time.process_time) over many calls, in one run, so the ratios hold on a loaded machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")
os.environ["MIGRIGHTS_API_RATE_LIMIT"] = "off"
os.environ.setdefault("MIGRIGHTS_STATIC_HASHED", "0")  # no collected static files needed
REDIS = sys.argv[1] if len(sys.argv) > 1 else ""

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.db.models import Count, Max  # noqa: E402
from django.test import Client  # noqa: E402

from migrights.bootstrap import ensure_ready  # noqa: E402
from migrights.governance.models import Membership  # noqa: E402
from migrights.lib import generations  # noqa: E402
from migrights.publication.cache import page_prefix  # noqa: E402
from migrights.reference.models import Country, TreatyAction  # noqa: E402

ensure_ready()


def per_call(function, calls: int) -> float:
    """CPU microseconds per call."""
    function()
    start = time.process_time()
    for _ in range(calls):
        function()
    return (time.process_time() - start) / calls * 1e6


def counted_key() -> tuple:
    """The key the treaty cache had: three aggregates (count and newest id of two tables, a count of a third)."""
    actions = TreatyAction.objects.aggregate(n=Count("id"), last=Max("id"))
    members = Membership.objects.aggregate(n=Count("id"), last=Max("id"))
    return actions["n"], actions["last"], members["n"], members["last"], Country.objects.count()


def generation_key() -> str:
    return generations.key("reference", "governance")


def page(client: Client) -> None:
    assert client.get("/countries/PHL/").status_code == 200


def measure(label: str) -> None:
    client = Client()
    key = per_call(generation_key, 2000)
    prefix = per_call(page_prefix, 2000)
    served = per_call(lambda: page(client), 200)
    print(
        f"{label}: treaty data's generations key {key:.0f} µs CPU; a page's (7 scopes) {prefix:.0f} µs; "
        f"a cached country page served whole {served:.0f} µs CPU"
    )


if settings.REDIS_URL:  # the second run (below): the same data folder, the caches in Redis
    measure(f"Redis ({settings.REDIS_URL})")
    sys.exit(0)
old = per_call(counted_key, 500)
print(f"row counts and newest ids (the old treaty key, SQLite): {old:.0f} µs CPU per key")
measure("file cache (the embedded default)")
if REDIS:
    subprocess.run([sys.executable, __file__], env={**os.environ, "MIGRIGHTS_REDIS_URL": REDIS}, check=True)
