"""Country profile and API under load: gunicorn on loopback, wrk with 32 concurrent clients.

Targets (issue 5): p95 under 100 ms for the country profile and the API with 32 concurrent clients on the
2-core machine; report requests per second. Needs Debian's `wrk` (apt-get install wrk).

    .venv/bin/python benchmarks/portal_load.py [--clients 32] [--seconds 20] [--workers 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CODES_TEXT = (
    "FRA PHL MEX NGA DEU IND BRA ZAF TUR RUS USA CAN ARG CHL KEN SEN MAR EGY JOR LBN "
    "ARE QAT SAU IDN THA MYS SGP JPN KOR AUS NZL GBR ITA ESP POL UKR BGD NPL LKA PAK"
)
CODES = CODES_TEXT.split()

LUA = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.1f %%.1f %%.1f %%.1f %%d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict[str, str]) -> None:
    """Migrate, load the embedded data and collect the static files, as `migrights up` does."""
    code = (
        "from migrights.cli import setup; setup(None, quiet=True)\n"
        "from migrights.bootstrap import collect_static; collect_static()"
    )
    subprocess.run([str(BIN / "python"), "-c", code], env=env, check=True, cwd=ROOT)


def load(base: str, paths: list[str], clients: int, seconds: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": ", ".join(f'"{p}"' for p in paths)})
    threads = min(clients, 2)
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", script.name, base],
        capture_output=True,
        text=True,
        check=True,
    )
    os.unlink(script.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT"))
    requests, duration_us, p50, p95, p99, worst, errors = line.split()[1:]
    return {
        "requests": int(requests),
        "rps": int(requests) / (int(duration_us) / 1e6),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "max": float(worst),
        "errors": int(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "migrights.settings"}
    env["MIGRIGHTS_API_RATE_LIMIT"] = "off"  # one address stands for many visitors here: throughput, not the limiter
    env["MIGRIGHTS_API_CONCURRENT"] = "0"
    env.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
    started = time.perf_counter()
    prepare(env)
    print(f"data folder {env['MIGRIGHTS_DATA_DIR']} ready in {time.perf_counter() - started:.1f} s")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "migrights.wsgi:application", "-w", str(args.workers), "-b", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        pages = {
            "country profile /countries/{iso3}/": [f"/countries/{c}/" for c in CODES],
            "API /api/v1/countries/{iso3}": [f"/api/v1/countries/{c}" for c in CODES],
            "API /api/v1/scores?country={iso3}": [f"/api/v1/scores?country={c}&level=dimension" for c in CODES],
        }
        for paths in pages.values():  # every worker loads the index tables once
            for path in paths * args.workers:
                urllib.request.urlopen(base + path, timeout=30).read()
        # a first short run under load warms what single requests do not (sockets, worker memory, page cache files)
        load(base, [p for paths in pages.values() for p in paths], args.clients, 5)
        print(f"gunicorn, {args.workers} sync workers; wrk, {args.clients} connections, {args.seconds} s per address")
        for label, paths in pages.items():
            r = load(base, paths, args.clients, args.seconds)
            print(
                f"{label}: {r['rps']:.0f} requests/s, p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
                f"p99 {r['p99']:.1f} ms, max {r['max']:.1f} ms, {r['errors']} errors ({r['requests']} requests)"
                f" (target: p95 < 100 ms)"
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
