"""The documents library: importing both corpora from scratch (target: under 60 s) and a search's first page
(target: median under 100 ms).

Parses the raw files of ../shared/data (UPR Info's five exports, the General Comments folder) and loads them through
the one loader into a database holding the embedded data but no passages (each round empties the table first), as
`migrights import upr` and `migrights import general-comments` do. Then times the first page (20 passages, with
marked snippets, as the page and the API ask for it) of a set of searches over the whole library, with and without
filters, on the database of DATABASE_URL (SQLite by default: FTS5; PostgreSQL: tsvector and GIN).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")

import django

django.setup()
from django.db import connection  # noqa: E402

from migrights.bootstrap import ensure_ready  # noqa: E402
from migrights.documents.importing import import_general_comments, import_upr  # noqa: E402
from migrights.documents.models import Passage  # noqa: E402
from migrights.documents.queries import passage_record, search_records  # noqa: E402
from migrights.documents.search import Filters  # noqa: E402

SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "data"
UPR = sorted((SHARED / "upr-info" / "sessions-1-20").glob("[0-9]*.csv"))
GENERAL_COMMENTS = SHARED / "treaty-bodies" / "general-comments-2024"
SEARCHES = [
    ("domestic workers", Filters()),
    ("migrant workers", Filters()),
    ("rights", Filters()),  # the commonest word: 17,000 passages
    ("irregular situation", Filters(kind="general-comment-paragraph", committee="CMW")),
    ("ratify convention migrant workers", Filters(kind="upr-recommendation", response="Noted")),
    ("trafficking victims", Filters(issue="Trafficking", year=2013)),
    ("detention children", Filters(group="Migrants")),
    ("", Filters(state_under_review="MYS", issue="Migrants")),
]

start = time.perf_counter()
ensure_ready()
first_start = time.perf_counter() - start


def measure(work, rounds: int = 3) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds (the SQLite writes run in this process: CPU is the work itself, what a
    shared machine's load adds is the difference)."""
    times, cpu, result = [], [], None
    for _ in range(rounds):
        Passage.objects.all().delete()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu), result


load = os.getloadavg()[0]
both, both_cpu, (upr, gc) = measure(lambda: (import_upr(UPR), import_general_comments(GENERAL_COMMENTS)))
print(
    f"UPR Info: {upr.rows_read} rows read, {len(upr.plan.added)} recommendations loaded; "
    f"General Comments: {len(gc.plan.added)} paragraphs loaded ({connection.vendor})"
)
print(
    f"import both corpora from scratch: median {both:.2f} s wall, {both_cpu:.2f} s CPU over 3 rounds "
    f"(target < 60 s; load average {load:.1f} on {os.cpu_count()} CPUs at the start)"
)
print(f"  first start of this data folder (migrate + every embedded file, documents included): {first_start:.1f} s")

times: dict[str, list[float]] = {}
cpu_times: list[float] = []
for round_ in range(11):
    for query, filters in SEARCHES:
        start, start_cpu = time.perf_counter(), time.process_time()
        found, page = search_records(query, filters, 1, 20)
        [passage_record(p, snippet) for p, snippet in found]
        times.setdefault(f"{query!r} {filters.as_dict()}", []).append((time.perf_counter() - start) * 1000)
        if round_:
            cpu_times.append((time.process_time() - start_cpu) * 1000)
every = [t for values in times.values() for t in values[1:]]  # the first round warms the caches
for label, values in times.items():
    print(f"  {label}: median {statistics.median(values[1:]):.1f} ms")
print(
    f"search, first page of 20 with snippets: median {statistics.median(every):.1f} ms, "
    f"p95 {sorted(every)[int(len(every) * 0.95)]:.1f} ms over {len(every)} searches (target: median < 100 ms); "
    f"CPU median {statistics.median(cpu_times):.1f} ms (load average {os.getloadavg()[0]:.1f})"
)
