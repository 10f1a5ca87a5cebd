"""Experts autosaving at the same time through a real server: no save lost, no error (issue 16, item 1).

Starts `migrights up` (waitress, threads) or gunicorn on a temporary data folder, signs in N experts
over HTTP (CSRF as in a browser) and has each autosave a different answer once a second for the
given time; then checks in the database that every accepted save is there (the answer's version
equals the saves accepted). Then the same-answer race: M saves of one answer sent at once with the
same version must give exactly one winner and M-1 refusals as stale (the question's fragment saying
"saved elsewhere", 200 to HTMX as the screen expects, 409 to a plain form post), never a 500.

Target: 8 experts for 60 s lose 0 saves and see 0 errors; the race has 1 winner and 0 errors.

    .venv/bin/python benchmarks/autosave_concurrent.py [--experts 8] [--seconds 60] [--race 50]
        [--server up|gunicorn] [--workers 4]
"""

from __future__ import annotations

import argparse
import collections
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "benchmark password 16"
LATENCIES: list[float] = []
VALUES = ["None", "Partial", "Full"]  # the ordinal questions of the synthetic framework (BEN.1.Q1, Q4, ...)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(experts: int) -> tuple[int, list[str]]:
    """The data folder, N experts assigned to Kenya and an open assessment of the synthetic framework."""
    sys.path.insert(0, str(ROOT))
    from _workspace import synthetic_framework  # sets DJANGO_SETTINGS_MODULE and calls django.setup()

    from migrights.assessments import workflow
    from migrights.bootstrap import collect_static, ensure_ready
    from migrights.framework.loading import load_framework_file
    from migrights.reference.models import Country

    ensure_ready()
    collect_static()
    framework = load_framework_file(synthetic_framework(Path(tempfile.mkdtemp()), indicators=3 * experts + 3)).framework
    kenya = Country.objects.get(code="KEN")
    names = [f"expert{n}" for n in range(1, experts + 1)]
    for name in names:
        workflow.assign(workflow.add_user(name, ["expert"], PASSWORD), kenya, "expert")
    assessment = workflow.open_assessment(kenya, 2024, framework)
    from django.db import connections

    connections.close_all()
    return assessment.pk, names


class Expert:
    """One browser: a cookie jar, a CSRF token, a signed-in session."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.open(f"{base}/accounts/login/", timeout=30).read()
        form = {"username": name, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf}
        self.post("/accounts/login/", form, htmx=False)
        if not any(c.name == "sessionid" for c in self.jar):
            raise SystemExit(f"{name} could not sign in")

    @property
    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, path: str, form: dict[str, str], htmx: bool = True) -> tuple[int, str]:
        headers = {"X-CSRFToken": self.csrf, "Referer": self.base + path}
        if htmx:
            headers["HX-Request"] = "true"
        request = urllib.request.Request(
            self.base + path, data=urllib.parse.urlencode(form).encode(), headers=headers, method="POST"
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError as error:
            return 0, str(error)


def version_in(html: str) -> int | None:
    found = re.search(r'-version" value="(\d+)"', html)
    return int(found.group(1)) if found else None


def outcome(status: int, html: str) -> str:
    """What the expert sees: saved, stale (saved elsewhere: refused, text kept), refused, or an HTTP error.
    HTMX answers a stale or refused save with 200 and the question's fragment; a form post with 409/422."""
    for name in ("saved", "stale", "refused", "busy"):
        if f'class="outcome-{name}"' in html:
            return name if status in (200, 409, 422, 503) else f"{name} {status}"
    return f"HTTP {status}" if status else "no answer"


def autosave(expert: Expert, path: str, seconds: float, tally: collections.Counter, lock: threading.Lock) -> int:
    """Save a changed answer once a second; return the saves the server accepted."""
    version, accepted, n = 0, 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        form = {"status": "value", "value": VALUES[n % 3], "confidence": "medium", "comment": f"save {n}"}
        status, html = expert.post(path, form | {"version": str(version)})
        with lock:
            tally[outcome(status, html)] += 1
            LATENCIES.append((time.monotonic() - started) * 1000)
        if status == 200 and 'class="outcome-saved"' in html:
            version, accepted = version_in(html) or version, accepted + 1
        n += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    return accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--race", type=int, default=50, help="simultaneous saves of one answer (0: skip)")
    parser.add_argument("--server", choices=["up", "gunicorn"], default="up")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args()
    os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    started = time.perf_counter()
    pk, names = prepare(args.experts)
    print(f"data folder {os.environ['MIGRIGHTS_DATA_DIR']} ready in {time.perf_counter() - started:.1f} s")
    port = free_port()
    if args.server == "up":
        cli = "import sys; from migrights.cli import main; sys.argv[0] = 'migrights'; main()"
        command = [sys.executable, "-c", cli]
        command += ["up", "--port", str(port)]
    else:
        command = [str(BIN / "gunicorn"), "migrights.wsgi:application", "-w", str(args.workers)]
        command += ["--threads", "2", "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, env=os.environ, cwd=ROOT, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        experts = [Expert(base, name) for name in names]
        tally: collections.Counter = collections.Counter()
        lock = threading.Lock()
        accepted: dict[str, int] = {}
        # the ordinal questions (Q1, Q4, Q7...): one for each expert, each expert their own answer
        paths = {e: f"/work/assessments/{pk}/answers/BEN.1.Q{3 * n + 1}/" for n, e in enumerate(names)}

        def run(expert: Expert, name: str) -> None:
            accepted[name] = autosave(expert, paths[name], args.seconds, tally, lock)

        threads = [threading.Thread(target=run, args=(e, name)) for e, name in zip(experts, names, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        from migrights.assessments.models import Answer

        stored = {
            a.coder.username: a.version
            for a in Answer.objects.filter(assessment_id=pk, coder__username__in=names).select_related("coder")
        }
        lost = sum(accepted[name] - stored.get(name, 0) for name in names)
        attempted = sum(tally.values())
        errors = attempted - tally["saved"]
        label = "migrights up (waitress, 8 threads)" if args.server == "up" else f"gunicorn, {args.workers} workers"
        label += ", PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else ", SQLite"
        print(
            f"{label}: {args.experts} experts autosaving once a second for {args.seconds} s: "
            f"{attempted} saves attempted, {tally['saved']} succeeded, {errors} errors {dict(tally)}, "
            f"{lost} lost (accepted but not stored) (target: 0 errors, 0 lost)"
        )
        LATENCIES.sort()
        print(
            f"save round trip: median {statistics.median(LATENCIES):.0f} ms, "
            f"p95 {LATENCIES[int(len(LATENCIES) * 0.95)]:.0f} ms, max {LATENCIES[-1]:.0f} ms"
        )
        if args.race:
            race(experts[0], f"/work/assessments/{pk}/answers/BEN.1.Q{3 * args.experts + 1}/", args.race)
    finally:
        server.terminate()
        server.wait()


def race(expert: Expert, path: str, saves: int) -> None:
    """Many saves of one answer at once, all over the same version: one may win."""
    expert.post(path, {"status": "value", "value": "None", "confidence": "low", "comment": "start", "version": "0"})
    barrier = threading.Barrier(saves)
    outcomes: list[str] = []

    def one(n: int) -> None:
        barrier.wait()
        form = {"status": "value", "value": VALUES[1 + n % 2], "confidence": "high", "comment": f"racer {n}"}
        outcomes.append(outcome(*expert.post(path, form | {"version": "1"})))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(saves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = collections.Counter(outcomes)
    print(
        f"same-answer race: {saves} saves at once: {counts['saved']} winner(s), {counts['stale']} refused as stale, "
        f"{saves - counts['saved'] - counts['stale']} other {dict(counts)} "
        f"(target: 1 winner, {saves - 1} stale, 0 other)"
    )


if __name__ == "__main__":
    main()
