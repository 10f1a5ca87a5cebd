"""Resident memory of a server process after it has served a set of pages (issue 17: a server process <= 400 MB).

Prepares a data folder as a first start leaves it, then, one kind at a time, starts a server on it, waits until it
answers and is idle, and reads its memory from ``/proc/PID/smaps_rollup`` (RSS; PSS; USS, the private pages that
would be freed if it stopped) and its peak (``VmHWM``): once ready, then after the page set (country pages in three
languages, rankings, /data/, /api/v1/scores pages, document searches, a brief PDF rendered anew), then after the
set again. The page cache is off, so every request renders. Kinds:

- ``up-no-worker``: ``migrights up --no-worker`` (waitress, 8 threads);
- ``up``: ``migrights up``, whose worker is a child process (``migrights worker``; it builds the /data/ files right
  after the start): the server process is measured, the worker child beside it (the benchmark waits for both to be
  idle before it measures);
- ``gunicorn``: ``gunicorn migrights.wsgi:application -w 1`` (the worker process is measured; the master beside it).

    .venv/bin/python benchmarks/server_memory.py [--kinds up-no-worker,up,gunicorn] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KINDS = ("up-no-worker", "up", "gunicorn")
PAGES = [
    *[f"{language}/countries/{code}/" for language in ("", "/fr", "/es") for code in ("PHL", "MEX", "DEU", "ZAF")],
    "/rankings/",
    "/fr/rankings/?level=dimension&code=commitment",
    "/data/",
    "/es/data/",
    "/",
    "/methodology/",
    "/api/v1/scores?page_size=500",
    "/api/v1/scores?country=PHL&level=dimension",
    "/api/v1/scores?year=2020&level=overall&page_size=200",
    "/api/v1/countries/PHL",
    "/api/v1/countries/MEX",
    "/documents/?q=domestic+workers",
    "/fr/documents/?q=migrant+workers",
    "/api/v1/documents?q=trafficking",
    "/instruments/ICRMW/",
    "/corridors/PHL/SAU/",
    "/countries/PHL/brief.pdf",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(folder: str) -> None:
    """A first start on the folder, in a process of its own (collects the static files too)."""
    command = [str(BIN / "migrights"), "export", "status", "--on", "2000-01-01", "--data-dir", folder]
    subprocess.run([*command, "-o", f"{folder}/status.csv"], check=True, capture_output=True, env=os.environ)
    code = "import django; django.setup(); from migrights.bootstrap import collect_static; collect_static()"
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ, cwd=ROOT)


def get(url: str) -> tuple[int, int]:
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())
    except OSError:
        return 0, 0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def _worker_child(pid: int, timeout: float = 60.0) -> int:
    """``migrights up``'s worker child, once started."""
    began = time.perf_counter()
    while not (found := children(pid)):
        if time.perf_counter() - began > timeout:
            raise SystemExit(f"migrights up (pid {pid}) started no worker child in {timeout:.0f} s")
        time.sleep(0.2)
    return found[0]


def memory(pid: int) -> dict[str, float]:
    """RSS, PSS, USS and peak RSS in MB."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    peak = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmHWM"))
    return {
        "rss": fields["Rss"] / 1024,
        "pss": fields["Pss"] / 1024,
        "uss": (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024,
        "peak": int(peak.split()[1]) / 1024,
    }


def cpu_seconds(pid: int) -> float:
    parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, quiet_for: float = 3.0, timeout: float = 600.0) -> float:
    """Wait until the process has used under 2 % of a CPU for ``quiet_for`` seconds; return the seconds waited."""
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        before = cpu_seconds(pid)
        time.sleep(quiet_for)
        if cpu_seconds(pid) - before < 0.02 * quiet_for:
            break
    return time.perf_counter() - began


def show(label: str, pid: int) -> None:
    m = memory(pid)
    print(
        f"  {label}: RSS {m['rss']:.0f} MB, PSS {m['pss']:.0f} MB, USS {m['uss']:.0f} MB (peak RSS {m['peak']:.0f} MB)",
        flush=True,
    )


def run(kind: str, folder: str) -> None:
    port = free_port()
    if kind == "gunicorn":
        command = [str(BIN / "gunicorn"), "migrights.wsgi:application", "-w", "1", "-b", f"127.0.0.1:{port}"]
    else:
        cli = "import sys; from migrights.cli import main; sys.argv[0] = 'migrights'; main()"
        command = [sys.executable, "-c", cli, "up", "--port", str(port)]
        if kind == "up-no-worker":
            command.append("--no-worker")
    shutil.rmtree(Path(folder) / "briefs", ignore_errors=True)  # each server renders the brief PDF itself
    log = (Path(folder) / f"server-{kind}.log").open("wb")
    server = subprocess.Popen(command, env=os.environ, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        began = time.perf_counter()
        while get(base + "/health")[0] != 200:
            if server.poll() is not None:
                raise SystemExit(f"{kind} stopped: see {log.name}")
            time.sleep(0.2)
        pid, beside = server.pid, None  # the process measured; the one beside it (gunicorn's master, up's worker)
        if kind == "gunicorn":
            pid, beside = children(server.pid)[0], server.pid
        elif kind == "up":
            beside = _worker_child(server.pid)
        ready = time.perf_counter() - began
        idle = max(wait_idle(pid), wait_idle(beside) if beside else 0.0)
        print(f"{kind} (pid {pid}): answering after {ready:.1f} s, idle after {idle:.1f} s more", flush=True)
        show("ready", pid)
        for round_number in (1, 2):
            began = time.perf_counter()
            failed = [(page, status) for page in PAGES if (status := get(base + page)[0]) != 200]
            seconds = time.perf_counter() - began
            wait_idle(pid)
            if beside:
                wait_idle(beside)
            print(f"  {len(PAGES)} pages in {seconds:.1f} s" + (f"; not 200: {failed}" if failed else ""))
            show(f"after the pages ({'first' if round_number == 1 else 'second'} time)", pid)
        if beside:
            show("gunicorn master" if kind == "gunicorn" else f"worker child (pid {beside})", beside)
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of {', '.join(KINDS)}")
    parser.add_argument("--data-dir", help="a data folder a first start has prepared (default: a new one)")
    args = parser.parse_args()
    folder = args.data_dir or tempfile.mkdtemp(prefix="migrights-memory-")
    os.environ["MIGRIGHTS_DATA_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "migrights.settings"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    os.environ["MIGRIGHTS_PAGE_CACHE_SECONDS"] = "0"  # every request renders
    os.environ["MIGRIGHTS_API_RATE_LIMIT"] = "0"
    if not args.data_dir:
        began = time.perf_counter()
        prepare(folder)
        print(f"data folder {folder} prepared in {time.perf_counter() - began:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for kind in args.kinds.split(","):
        run(kind, folder)


if __name__ == "__main__":
    main()
