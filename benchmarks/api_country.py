"""CPU of one cold-cache request for a country: ``GET /api/v1/countries/{iso3}`` and the page ``/countries/{iso3}/``
in English, French and Spanish, on the embedded data (in-process client, SQLite, page cache off).

Issue 17: the page within 20 ms of CPU, the API within 10 ms. Every country is asked once per address after a
warm-up on other countries, so nothing of the measured country has been built in the process before; what the
process keeps between requests whatever the country (the framework's definition, the commitment data of the
knowledge states, the corridor stock files, the translations, the templates) is warm, as on a server that has
answered a few requests. CPU is ``time.process_time`` of the request (every thread); wall time beside it.

    .venv/bin/python benchmarks/api_country.py [--countries N] [--profile FILE] [--dump DIR]

``--profile FILE`` writes a cProfile of the measured requests (read with ``python -m pstats``); ``--dump DIR``
writes every answer's body (compare two commits with ``diff -r``). Set ``MIGRIGHTS_DATA_DIR`` to a data folder
already loaded to skip the first start.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")
os.environ["MIGRIGHTS_API_RATE_LIMIT"] = "off"  # the rendering is measured, not the limiter
os.environ["MIGRIGHTS_API_CONCURRENT"] = "0"
os.environ["MIGRIGHTS_PAGE_CACHE_SECONDS"] = "0"  # every request builds its answer (the cache keeps nothing)

import django

django.setup()
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from migrights.bootstrap import collect_static, ensure_ready  # noqa: E402
from migrights.reference.models import Country  # noqa: E402

WARM_UP = ["FRA", "PHL", "MEX", "NGA", "DEU"]
ADDRESSES = {
    "API": ("/api/v1/countries/{code}", 10.0),
    "page en": ("/countries/{code}/", 20.0),
    "page fr": ("/fr/countries/{code}/", 20.0),
    "page es": ("/es/countries/{code}/", 20.0),
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=int, default=0, help="measure the first N countries only (0: all)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the measured requests here")
    parser.add_argument("--dump", type=Path, help="write every answer's body under this folder")
    parser.add_argument("--slowest", type=int, default=0, help="name the N countries of most CPU per address")
    options = parser.parse_args()
    assert settings.CACHE_MIDDLEWARE_SECONDS == 0
    ensure_ready()
    collect_static()  # as `migrights up`: the pages name the hashed static files
    client = Client()
    codes = list(
        Country.objects.exclude(kind=Country.Kind.TERRITORY)
        .exclude(code__in=WARM_UP)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if options.countries:
        codes = codes[: options.countries]
    for code in WARM_UP:
        for address, _target in ADDRESSES.values():
            assert client.get(address.format(code=code)).status_code == 200, address.format(code=code)
    profile = cProfile.Profile() if options.profile else None
    cpu: dict[str, list[float]] = {name: [] for name in ADDRESSES}
    measured: list[str] = []
    wall: dict[str, list[float]] = {name: [] for name in ADDRESSES}
    for code in codes:
        measured.append(code)
        for name, (address, _target) in ADDRESSES.items():
            url = address.format(code=code)
            if profile:
                profile.enable()
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            response = client.get(url)
            cpu[name].append((time.process_time() - start_cpu) * 1000)
            wall[name].append((time.perf_counter() - start_wall) * 1000)
            if profile:
                profile.disable()
            assert response.status_code == 200, (url, response.status_code)
            if options.dump:
                path = options.dump / name.replace(" ", "-") / f"{code}.{'json' if name == 'API' else 'html'}"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(response.content)
    if profile:
        profile.dump_stats(options.profile)
    print(f"{len(codes)} countries, each address once, page cache off; load average {os.getloadavg()[0]:.2f}")
    for name, (address, target) in ADDRESSES.items():
        print(
            f"  {address:28} CPU median {statistics.median(cpu[name]):5.1f} ms, p95 {percentile(cpu[name], 0.95):5.1f}"
            f" ms (target {target:.0f} ms); wall median {statistics.median(wall[name]):5.1f} ms,"
            f" p95 {percentile(wall[name], 0.95):5.1f} ms"
        )
        if options.slowest:
            slowest = sorted(zip(cpu[name], measured, strict=True), reverse=True)[: options.slowest]
            print("    slowest: " + ", ".join(f"{code} {ms:.1f}" for ms, code in slowest))


if __name__ == "__main__":
    main()
