"""Many visitors on distinct, uncached addresses while the data changes: no request may fail (issue 16, item 4).

Starts `migrights up` (waitress, 8 threads) or gunicorn on a temporary data folder with the page cache off
(``MIGRIGHTS_PAGE_CACHE_SECONDS=0``) and the API's limits off (the limiters are not what is measured here),
then has N clients request, for the given time, addresses no earlier request used: country profiles on a
date, comparisons of random sets of states, instrument pages, and the API's countries, instruments and
instrument status on a date, in the three languages. Every few seconds the benchmark replaces one treaty
action by an identical one (a new row id, as an import does), which invalidates the page cache and the
server's kept treaty data: the requests right after it are those that used to fail (`KeyError: 'data'`).

Prints the requests, the errors by status, the latency percentiles and the tracebacks in the server's log.
Target: 0 errors with 32 clients for 60 s.

    .venv/bin/python benchmarks/load_distinct_urls.py [--clients 32] [--seconds 60] [--invalidate 5]
        [--server up|gunicorn] [--workers 4]
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare() -> None:
    """The data folder with the embedded data (and its commitments edition), as a first start leaves it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from migrights.bootstrap import collect_static, ensure_ready

    ensure_ready()
    collect_static()
    from django.db import connections

    connections.close_all()


def invalidate() -> None:
    """Replace one treaty action by an identical row (a new id), as an import does: the data key changes."""
    from django.db import transaction

    from migrights.reference.models import TreatyAction

    with transaction.atomic():
        action = TreatyAction.objects.order_by("?").first()
        action.delete()
        action.pk = None
        action.save()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return 0, str(error).encode()


def addresses(base: str) -> itertools.count:
    """An endless supply of distinct addresses (a counter in each makes it one no request asked for before)."""
    states = [c["code"] for c in json.loads(get(f"{base}/api/v1/countries?kind=state&page_size=500")[1])["data"]]
    instruments = [i["code"] for i in json.loads(get(f"{base}/api/v1/instruments?page_size=500")[1])["data"]]
    counter = itertools.count()
    lock = threading.Lock()

    def next_address(rng: random.Random) -> str:
        with lock:
            n = next(counter)
        language = rng.choice(["", "/fr", "/es"])
        on = f"{rng.randint(1990, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        kind = n % 6
        if kind == 0:
            return f"{language}/compare/?countries={','.join(rng.sample(states, rng.randint(2, 6)))}&n={n}"
        if kind == 1:
            return f"{language}/countries/{rng.choice(states)}/?on={on}&n={n}"
        if kind == 2:
            return f"{language}/instruments/{rng.choice(instruments)}/?n={n}"
        if kind == 3:
            return f"/api/v1/countries/{rng.choice(states)}?on={on}&n={n}"
        if kind == 4:
            return f"/api/v1/instruments/{rng.choice(instruments)}/status?on={on}&n={n}"
        return f"/api/v1/instruments/{rng.choice(instruments)}?n={n}"

    return next_address  # type: ignore[return-value]


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--invalidate", type=float, default=5.0, help="seconds between two data changes (0: none)")
    parser.add_argument("--server", choices=["up", "gunicorn"], default="up")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (2 threads each)")
    args = parser.parse_args()
    os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    os.environ["MIGRIGHTS_PAGE_CACHE_SECONDS"] = "0"  # every request renders
    os.environ["MIGRIGHTS_API_RATE_LIMIT"] = "0"  # anonymous clients unlimited: the limiters are not measured here
    os.environ["MIGRIGHTS_API_CONCURRENT"] = "0"
    started = time.perf_counter()
    prepare()
    print(f"data folder {os.environ['MIGRIGHTS_DATA_DIR']} ready in {time.perf_counter() - started:.1f} s")
    port = free_port()
    if args.server == "up":
        cli = "import sys; from migrights.cli import main; sys.argv[0] = 'migrights'; main()"
        command = [sys.executable, "-c", cli, "up", "--port", str(port)]
    else:
        command = [str(BIN / "gunicorn"), "migrights.wsgi:application", "-w", str(args.workers)]
        command += ["--threads", "2", "-b", f"127.0.0.1:{port}"]
    log_path = Path(os.environ["MIGRIGHTS_DATA_DIR"]) / "server.log"
    log = log_path.open("wb")
    server = subprocess.Popen(command, env=os.environ, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if get(base + "/api/v1/releases")[0] == 200:
                break
            time.sleep(0.2)
        next_address = addresses(base)
        statuses: collections.Counter = collections.Counter()
        failed: dict[int, str] = {}
        latencies: list[float] = []
        lock = threading.Lock()
        end = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < end:
                path = next_address(rng)
                began = time.perf_counter()
                status, _ = get(base + path)
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    statuses[status] += 1
                    latencies.append(elapsed)
                    if status != 200:
                        failed.setdefault(status, path)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        changes = 0
        while args.invalidate and time.monotonic() < end - args.invalidate / 2:
            time.sleep(args.invalidate)
            invalidate()
            changes += 1
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()
        log.close()
    total = sum(statuses.values())
    errors = {status: n for status, n in sorted(statuses.items()) if status != 200}
    latencies.sort()
    label = "migrights up (waitress, 8 threads)" if args.server == "up" else f"gunicorn, {args.workers} workers x 2"
    label += ", PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else ", SQLite"
    print(
        f"{label}, page cache off, distinct addresses: {args.clients} clients x {args.seconds} s, "
        f"{changes} data changes: {total} requests ({total / args.seconds:.1f}/s), "
        f"{sum(errors.values())} errors {errors or ''} (target: 0)"
    )
    for status, path in sorted(failed.items()):
        print(f"  first {status}: {path}")
    if latencies:
        print(
            f"latency: p50 {percentile(latencies, 0.5):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
            f"p99 {percentile(latencies, 0.99):.0f} ms, max {latencies[-1]:.0f} ms"
        )
    text = log_path.read_text(errors="replace")
    print(f"server log: {text.count('Traceback')} tracebacks, {text.count('KeyError')} KeyError ({log_path})")


if __name__ == "__main__":
    main()
