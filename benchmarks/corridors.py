"""Coverage of every corridor and stock year (target: under 10 s), and the corridor API's answer time.

On the embedded data: reads the committed corridor files (76,369 corridor-years, 11,463 corridors between 231
areas, 1990-2019), gathers memberships, treaty knowledge and agreements from the database, then computes the
coverage of every corridor in the seven stock years and the shares by development group and region. Then the
median time of `GET /api/v1/corridors?origin=...&year=2019` for 40 origins (in-process client, SQLite), once the
coverage is built; then the corridor page `/corridors/ORIGIN/DESTINATION/` (target: under 100 ms at the median) for the
60 largest corridors of 2019, the global page `/corridors/?year=...` for each stock year, and the country page's
corridor section (its data and its page part, without the rest of the country page) for 40 countries. Each
corridor record carries UNHCR's refugee figures for the pair.

Then the UNHCR import (issue 14): reading population.rda (138,893 rows) with pyreadr, mapping names, reading former
states by the succession rules, reconciling every year's totals and writing the two derived files, against reading
the R file alone; reading the committed refugee file; and the median time of `GET /api/v1/corridors/refugees?origin=...`
for 40 origins. Skipped with a message where ../shared/data is absent.
"""

import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")

import django

django.setup()
from django.core.cache import caches  # noqa: E402
from django.test import Client  # noqa: E402

from migrights.bootstrap import ensure_ready  # noqa: E402
from migrights.corridors import coverage as cov  # noqa: E402
from migrights.corridors import queries, stocks  # noqa: E402

ensure_ready()


def median(work, rounds: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def read_files():
    for cached in (stocks.stock_table, stocks.area_table, stocks.totals_table):
        cached.cache_clear()
    return stocks.stock_table(), stocks.area_table(), stocks.totals_table()


reading, (table, areas, _totals) = median(read_files)
codes = sorted(set(table["origin"]) | set(table["destination"]))
years = stocks.stock_years()
gathering, governance = median(lambda: queries.governance(codes, years))
computing, coverage = median(lambda: cov.corridor_coverage(table, governance, sides=True))
sharing, _ = median(lambda: [cov.coverage_shares(coverage, areas, by) for by in cov.GROUPINGS])
total = reading + gathering + computing + sharing
corridors = len({(o, d) for o, d in zip(table["origin"], table["destination"], strict=True)})
print(f"{len(table):,} corridor-years, {corridors:,} corridors, {len(codes)} areas, {len(years)} years")
print(f"read the committed files: median {reading:.2f} s")
print(f"gather memberships, treaty knowledge ({len(governance.knowledge):,} statuses), agreements: {gathering:.2f} s")
print(f"coverage of every corridor and year, {len(cov.KINDS)} kinds: median {computing:.2f} s")
print(f"shares by world, development group and region: median {sharing:.2f} s")
print(f"all: {total:.2f} s (target < 10 s; {10 / total:.1f}x under it)")

caches["default"].clear()  # the page cache of an earlier run would answer instead
client = Client()
client.get("/api/v1/corridors?origin=PHL&year=2019")  # builds the coverage once
times = []
for origin in codes[:40]:  # a different address each time: no answer comes from the page cache
    start = time.perf_counter()
    assert client.get(f"/api/v1/corridors?origin={origin}&year=2019").status_code == 200
    times.append(time.perf_counter() - start)
print(f"GET /api/v1/corridors?origin=...&year=2019, 40 origins: median {1000 * statistics.median(times):.1f} ms")

pairs = coverage[coverage["year"] == 2019].sort_values("total", ascending=False).head(60)
times = []
for origin, destination in zip(pairs["origin"], pairs["destination"], strict=True):
    start = time.perf_counter()  # a different page each time: none comes from the page cache
    assert client.get(f"/corridors/{origin}/{destination}/").status_code == 200
    times.append(time.perf_counter() - start)
page_median = 1000 * statistics.median(times)
print(
    f"GET /corridors/ORIGIN/DESTINATION/, 60 largest corridors: median {page_median:.1f} ms "
    f"(target < 100 ms; {100 / page_median:.1f}x under it), slowest {1000 * max(times):.1f} ms"
)
times = []
for year in years:
    start = time.perf_counter()
    assert client.get(f"/corridors/?year={year}").status_code == 200
    times.append(time.perf_counter() - start)
print(f"GET /corridors/?year=..., {len(years)} stock years: median {1000 * statistics.median(times):.1f} ms")

from django.utils import translation  # noqa: E402

from migrights.corridors.profiles import country_corridors  # noqa: E402
from migrights.publication.views.corridors import country_corridor_page  # noqa: E402
from migrights.reference.models import Country  # noqa: E402

countries = list(Country.objects.filter(code__in=codes[:40]))
times = []
with translation.override("en"):
    for country in countries:
        start = time.perf_counter()
        country_corridor_page(country_corridors(country, datetime.date.today()), country.code, country.m49)
        times.append(time.perf_counter() - start)
print(
    f"a country page's corridor section (data and page part), {len(countries)} countries: median "
    f"{1000 * statistics.median(times):.1f} ms"
)

shared = Path(os.environ.get("MIGRIGHTS_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
folder = shared / "unhcr" / "2025.12.1"
if not (folder / "population.rda").is_file():
    print(f"UNHCR import: skipped, {folder} not found (set MIGRIGHTS_SHARED_DATA)")
else:
    import pyreadr

    from migrights.corridors.importing import import_unhcr

    out = Path(tempfile.mkdtemp(prefix="migrights-unhcr-"))
    reading_r, _ = median(lambda: pyreadr.read_r(str(folder / "population.rda")))
    importing, report = median(lambda: import_unhcr(folder, output=out))
    print(
        f"UNHCR import: {report.read:,} rows read, {report.rows:,} corridor-years written ({report.corridors:,} "
        f"corridors): median {importing:.2f} s, of which reading the R file {reading_r:.2f} s "
        f"({importing / reading_r:.1f}x the read alone)"
    )

    def read_refugees():
        for cached in (stocks.refugee_table, stocks.refugee_pairs):
            cached.cache_clear()
        return stocks.refugee_pairs()

    reading_refugees, pairs = median(read_refugees)
    print(f"read the committed refugee file and index {len(pairs):,} corridor-years: median {reading_refugees:.2f} s")
    origins = sorted({o for o, _d, _y in pairs})[:40]
    times = []
    for origin in origins:
        start = time.perf_counter()
        assert client.get(f"/api/v1/corridors/refugees?origin={origin}").status_code == 200
        times.append(time.perf_counter() - start)
    print(f"GET /api/v1/corridors/refugees?origin=..., 40 origins: median {1000 * statistics.median(times):.1f} ms")
