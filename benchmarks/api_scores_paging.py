"""Paging /api/v1/scores costs little and leaves other visitors' pages fast (issue 16, item 5).

1. The cost of one page of the unfiltered scores (460,000 rows on the embedded data's commitments edition):
   before, in this process, the old way (every row turned into a dictionary, then sliced); now, through a
   real server (`migrights up`, waitress, 8 threads), at the start, in the middle and at the end, by page
   number and by cursor.
2. A cached page (a country's API answer, from the page cache) timed alone, then while 8 anonymous clients,
   each from its own loopback address (127.0.0.2...), page the unfiltered scores by cursor as fast as they can
   (each with its own page size, so none of their pages comes from the cache), each in its own process. With
   the default rate limit (60 requests a minute per address, a page of 500 rows counting five) they are soon
   answered 429; polite clients then wait the ``Retry-After`` given, ``--impatient`` ones ask again after
   0.2 s; ``--rate off`` shows the pages' own cost.

Target: the cached page's median under load within 2x of its median alone.

    .venv/bin/python benchmarks/api_scores_paging.py [--clients 8] [--seconds 30] [--rate 60/minute|off]
        [--impatient]
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHED = "/api/v1/countries/PHL"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WAITED: dict[str, float] = {}  # Retry-After of the last 429 per source address (in the pager's process)


def get(port: int, path: str, source: str = "127.0.0.1") -> tuple[int, bytes, float]:
    """Status, body and milliseconds of one request from the given loopback address."""
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300, source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status == 429:
            WAITED[source] = float(response.getheader("Retry-After") or 1)
        return response.status, body, (time.perf_counter() - began) * 1000
    except OSError as error:
        return 0, str(error).encode(), (time.perf_counter() - began) * 1000
    finally:
        connection.close()


def old_page_cost(pages: list[int], page_size: int = 100) -> list[float]:
    """Seconds per page the way the API paged before: every row of the table as a dictionary, then a slice."""
    from migrights.lib.pagination import paginate
    from migrights.scores.editions import current_edition
    from migrights.scores.queries import score_records

    edition = current_edition()
    edition.table()  # read once per process, as a server does
    costs = []
    for page in pages:
        began = time.perf_counter()
        paginate(score_records(edition), page, page_size)
        costs.append(time.perf_counter() - began)
    return costs


def pager(n: int, port: int, end: float, results: multiprocessing.Queue, impatient: bool) -> None:
    """One anonymous client from its own address, paging the scores by cursor until ``end``."""
    source = f"127.0.0.{n + 2}"
    first = path = f"/api/v1/scores?page_size={500 - n}"  # a page size of its own: none of its pages is cached
    statuses: collections.Counter = collections.Counter()
    times: list[float] = []
    while time.time() < end:
        status, body, ms = get(port, path, source)
        statuses[status] += 1
        if status == 200:
            times.append(ms)
            path = json.loads(body)["meta"]["next"] or first
        elif status == 429:  # a polite client waits as long as Retry-After says; an impatient one asks again soon
            time.sleep(0.2 if impatient else min(WAITED.get(source, 1.0), max(0.0, end - time.time())))
    results.put((statuses, times))


def timed(port: int, path: str, times: int) -> list[float]:
    return [get(port, path)[2] for _ in range(times)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--impatient", action="store_true", help="pagers ask again 0.2 s after a 429")
    parser.add_argument("--rate", default="60/minute", help="MIGRIGHTS_API_RATE_LIMIT of the server")
    args = parser.parse_args()
    os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    os.environ["MIGRIGHTS_API_RATE_LIMIT"] = args.rate
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections

    from migrights.bootstrap import collect_static, ensure_ready

    ensure_ready()
    collect_static()
    old = old_page_cost([1, 1900])
    connections.close_all()
    print(
        "before (old paging, in process, table already read): one page of 100 unfiltered scores took "
        + ", ".join(f"{s:.2f} s" for s in old)
        + " (pages 1 and 1900)"
    )

    port = free_port()
    cli = "import sys; from migrights.cli import main; sys.argv[0] = 'migrights'; main()"
    server = subprocess.Popen(
        [sys.executable, "-c", cli, "up", "--port", str(port)], env=os.environ, cwd=ROOT, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(600):
            if get(port, "/api/v1/releases")[0] == 200:
                break
            time.sleep(0.2)
        first = json.loads(get(port, "/api/v1/scores?page_size=100")[1])  # reads the table once
        count = first["meta"]["count"]
        pages = first["meta"]["pages"]
        now = {}
        for label, path in [
            ("page 1", "/api/v1/scores?page_size=100&page=1"),
            ("middle page", f"/api/v1/scores?page_size=100&page={pages // 2}"),
            ("last page", f"/api/v1/scores?page_size=100&page={pages}"),
            ("by cursor", f"/api/v1/scores?page_size=100&cursor={first['meta']['next_cursor']}"),
        ]:
            now[label] = statistics.median(get(port, f"{path}&m={n}")[2] for n in range(5))  # distinct: uncached
        print(
            f"now ({count:,} rows, {pages:,} pages of 100, through the server, uncached): "
            + ", ".join(f"{label} {ms:.0f} ms" for label, ms in now.items())
            + f"; old / new in the middle: {old[-1] * 1000 / now['middle page']:.0f}x"
        )

        get(port, CACHED)  # now in the page cache
        alone = sorted(timed(port, CACHED, 40))
        end = time.time() + args.seconds
        # each pager in its own process: their JSON parsing must not slow down the timing of the cached page
        results: multiprocessing.Queue = multiprocessing.Queue()
        pagers = [
            multiprocessing.Process(target=pager, args=(n, port, end, results, args.impatient), daemon=True)
            for n in range(args.clients)
        ]
        for process in pagers:
            process.start()
        time.sleep(2)
        loaded: list[float] = []
        while time.time() < end - 1:
            loaded.append(get(port, CACHED)[2])
            time.sleep(0.1)
        tally: collections.Counter = collections.Counter()
        paged_ms: list[float] = []
        for _ in pagers:
            statuses, times = results.get(timeout=600)
            tally.update(statuses)
            paged_ms += times
        for process in pagers:
            process.join()
    finally:
        server.terminate()
        server.wait()
    loaded.sort()
    paged_ms.sort()
    print(
        f"cached page {CACHED} alone: median {statistics.median(alone):.1f} ms, "
        f"p95 {alone[int(len(alone) * 0.95)]:.1f} ms"
    )
    print(
        f"while {args.clients} {'impatient' if args.impatient else 'polite'} anonymous clients page the scores for "
        f"{args.seconds} s (rate limit {args.rate}): "
        f"median {statistics.median(loaded):.1f} ms, p95 {loaded[int(len(loaded) * 0.95)]:.1f} ms "
        f"({len(loaded)} requests); ratio median {statistics.median(loaded) / statistics.median(alone):.2f}x, "
        f"p95 {loaded[int(len(loaded) * 0.95)] / alone[int(len(alone) * 0.95)]:.2f}x (target: median under 2x)"
    )
    if paged_ms:
        print(
            f"the pagers: {dict(sorted(tally.items()))} answers by status; pages of ~500 rows served in "
            f"median {statistics.median(paged_ms):.0f} ms, p95 {paged_ms[int(len(paged_ms) * 0.95)]:.0f} ms"
        )


if __name__ == "__main__":
    main()
