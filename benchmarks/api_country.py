"""Median and p95 of GET /api/v1/countries/{iso3} on the embedded data (target: median under 20 ms)."""

import os
import statistics
import tempfile
import time

os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")
os.environ["MIGRIGHTS_API_RATE_LIMIT"] = "off"  # the rendering is measured, not the limiter

import django

django.setup()
from django.test import Client  # noqa: E402

from migrights.bootstrap import ensure_ready  # noqa: E402

ensure_ready()
client = Client()
codes = ["FRA", "PHL", "MEX", "NGA", "DEU", "IND", "BRA", "ZAF", "TUR", "RUS"]
for code in codes:  # warm up
    assert client.get(f"/api/v1/countries/{code}").status_code == 200
timings = []
for _ in range(20):
    for code in codes:
        start = time.perf_counter()
        client.get(f"/api/v1/countries/{code}")
        timings.append((time.perf_counter() - start) * 1000)
timings.sort()
print(
    f"/api/v1/countries/{{iso3}}: {len(timings)} requests, median {statistics.median(timings):.1f} ms, "
    f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms (target: median < 20 ms)"
)
