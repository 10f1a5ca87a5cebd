"""Several servers (docs/operations.md, "Production deployment"): two app servers and a worker, each its own process,
against one PostgreSQL and one Redis, as production runs them. A write through one server is seen at once through
the other, even on a page the other had cached; a release published through one is built once, by the worker.

The processes share one database (a copy of the kept embedded data: ``postgres_copy``), one Redis database
(``redis_database``) and one data folder (the shared storage of a deployment). The test is marked ``postgres``: the
PostgreSQL pass of ``scripts/test`` runs it, and in CI a missing Redis fails it.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import lxml.html
import psycopg
import pytest

from migrights.assessments.tests.builders import PASSWORD
from migrights.jobs.runner import HOST
from tests.test_up import free_port

# django_db: pytest-django sets up the test database (and with it the kept copy of the embedded data) only for tests
# that ask for one; the tests themselves read and write the servers' database alone
pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SITE = "localhost"  # the Host a proxy passes on to every server: a page's cache key holds its address
WAIT = 240  # seconds at most for a server to answer, or for the worker to finish a job (a loaded 2-core machine)
# What a first start leaves in the shared database and data folder (docs/operations.md, step 4), and the people:
# the Philippines 2024 on the tiny framework answered and approved (ready to release), a coordinator and an admin.
PREPARE = """
import django
django.setup()
from migrights.assessments import workflow
from migrights.assessments.tests.builders import PASSWORD, answer_all, build_cast
from migrights.bootstrap import collect_static
cast = build_cast()
answer_all(cast.expert, cast.assessment)
workflow.submit(cast.expert, cast.assessment)
workflow.approve(cast.reviewer, cast.assessment)
workflow.add_user("erin", ["admin"], PASSWORD)
collect_static()
"""


@dataclass
class Deployment:
    a: str
    b: str
    database: str
    data: Path
    worker: subprocess.Popen[bytes]
    log: Callable[[], str]

    def jobs(self) -> list[tuple[str, str, int, str, dict | None]]:
        """The ``jobs.Job`` rows (table ``work_job``): key, state, attempts, worker (``host:pid``) and result."""
        with psycopg.connect(self.database) as db:
            rows = db.execute("SELECT key, state, attempts, worker, result FROM work_job ORDER BY id").fetchall()
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def wait(self, done: Callable[[], bool]) -> None:
        """Until ``done()``; failed at once when the worker stops or a job fails (a retry pending counts)."""
        deadline = time.monotonic() + WAIT
        while not done():
            jobs = self.jobs()
            failing = [job for job in jobs if job[1] == "failed" or (job[1] == "queued" and job[2] > 0)]
            assert not failing and self.worker.poll() is None, (jobs, self.log())
            assert time.monotonic() < deadline, (f"not done in {WAIT} s", jobs, self.log())
            time.sleep(0.5)


def _control_socket_off() -> list[str]:
    """gunicorn 25.1 and later open a control socket at one path per user: two servers on one machine would share it."""
    from gunicorn.config import KNOWN_SETTINGS

    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


def _answering(url: str, processes: list[subprocess.Popen[bytes]], log: Callable[[], str]) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert all(p.poll() is None for p in processes), log()
        try:
            if Browser().get(f"{url}/health").status == 200:
                return
        except OSError:  # not listening yet (refused, or reset while it starts)
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer /health in {WAIT} s\n{log()}")


@pytest.fixture(scope="module")
def deployment(postgres_copy, redis_database, tmp_path_factory) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp("several-servers")
    data = folder / "data"
    data.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": postgres_copy,
        "MIGRIGHTS_REDIS_URL": redis_database,
        "MIGRIGHTS_DATA_DIR": str(data),
        "MIGRIGHTS_SECRET_KEY": "several-servers-one-key-" + "k" * 40,  # the same key on every process
        "MIGRIGHTS_SCORE_DRAWS": "0",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "migrights.settings",
    }
    ports = {"a": free_port(), "b": free_port()}
    # each app server as docs/operations.md runs it (one gunicorn worker process each: two servers are the point)
    gunicorn = [str(BIN / "gunicorn"), "migrights.wsgi:application", "-w", "1", *_control_socket_off(), "-b"]
    commands = {
        "prepare": [sys.executable, "-c", PREPARE],
        "a": [*gunicorn, f"127.0.0.1:{ports['a']}"],
        "b": [*gunicorn, f"127.0.0.1:{ports['b']}"],
        "worker": [str(BIN / "migrights"), "worker", "--workers", "2"],
    }
    processes = {}
    for name, command in commands.items():
        with (folder / f"{name}.log").open("wb") as out:
            processes[name] = subprocess.Popen(command, env=env, cwd=folder, stdout=out, stderr=subprocess.STDOUT)

    def log() -> str:
        return "\n".join(f"--- {name}\n{(folder / f'{name}.log').read_text()[-3000:]}" for name in commands)

    servers = [processes["a"], processes["b"], processes["worker"]]
    try:
        assert processes["prepare"].wait(timeout=WAIT) == 0, log()
        for port in ports.values():
            _answering(f"http://127.0.0.1:{port}", servers, log)
        yield Deployment(
            f"http://127.0.0.1:{ports['a']}",
            f"http://127.0.0.1:{ports['b']}",
            postgres_copy,
            data,
            processes["worker"],
            log,
        )
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)  # gunicorn: a quick shutdown; the worker: a graceful one
        for process in processes.values():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Browser:
    """A browser behind the deployment's proxy: one cookie jar whichever server answers, the site's ``Host`` on every
    request, redirects not followed (the test reads them)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, url: str) -> Answer:
        return self._open(urllib.request.Request(url, headers={"Host": SITE}))

    def post(self, url: str, form: dict[str, str]) -> Answer:
        data = urllib.parse.urlencode(form).encode()
        return self._open(urllib.request.Request(url, data=data, headers={"Host": SITE}, method="POST"))

    def form(self, url: str, field: str) -> dict[str, str]:
        """The fields of the page's form holding ``field``, as a browser sends them (with the CSRF token)."""
        page = self.get(url)
        assert page.status == 200, page.text[-1000:]
        form = next(f for f in lxml.html.fromstring(page.text).forms if field in f.fields)
        return dict(form.form_values())

    def _open(self, request: urllib.request.Request) -> Answer:
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:  # a redirect or an error: answered as it is
            return Answer(error.code, error.headers, error.read())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


def sign_in(server: str, username: str) -> Browser:
    """Signed in through the sign-in form of ``server``; the session is kept in the shared database."""
    browser = Browser()
    values = browser.form(f"{server}/accounts/login/", "username")
    answer = browser.post(f"{server}/accounts/login/", {**values, "username": username, "password": PASSWORD})
    assert answer.status == 302, answer.text[-1000:]
    return browser


def test_a_change_through_one_server_is_seen_at_once_through_the_other(deployment) -> None:
    public = Browser()
    cached = public.get(f"{deployment.b}/countries/PHL/")
    assert cached.status == 200 and "Philippines" in cached.text and "edited through A" not in cached.text
    time.sleep(1.1)  # a page built again would expire a second later
    again = public.get(f"{deployment.a}/countries/PHL/")
    assert again.headers["Expires"] == cached.headers["Expires"]  # A served the page B cached: one shared cache
    admin = sign_in(deployment.a, "erin")
    found = admin.get(f"{deployment.a}/admin/reference/country/?q=PHL").text
    change = re.search(r'href="(/admin/reference/country/\d+/change/)', found)
    assert change is not None, found[-1000:]
    values = admin.form(deployment.a + change[1], "official_name")
    saved = admin.post(deployment.a + change[1], {**values, "name": "Philippines (edited through A)", "_save": "Save"})
    assert saved.status == 302, saved.text[-1000:]
    fresh = public.get(f"{deployment.b}/countries/PHL/")
    assert "Philippines (edited through A)" in fresh.text  # B's cached page was not served again
    # the admin's session, opened through A, is valid on B, which reads the same row
    assert "Philippines (edited through A)" in admin.get(deployment.b + change[1]).text


def test_a_release_published_through_one_server_is_built_once_by_the_worker(deployment) -> None:
    public = Browser()
    before = public.get(f"{deployment.b}/data/")  # cached by B before the release
    assert before.status == 200 and "Release 2026.1" not in before.text
    coordinator = sign_in(deployment.a, "dana")
    values = coordinator.form(f"{deployment.a}/work/releases/new/", "version")
    started = coordinator.post(f"{deployment.a}/work/releases/new/", {**values, "version": "2026.1", "notes": "first"})
    assert started.status == 302 and "/work/jobs/" in started.headers["Location"], started.text[-1000:]
    # the coordinator follows the job through B, on the page A sent her to
    job_page = deployment.b + started.headers["Location"]
    deployment.wait(lambda: "Release 2026.1 published" in coordinator.get(job_page).text)
    deployment.wait(lambda: ("downloads:2026.1", "done") in {job[:2] for job in deployment.jobs()})
    jobs = deployment.jobs()
    by_worker = f"{HOST}:{deployment.worker.pid}"
    assert [(key, state, attempts, worker) for key, state, attempts, worker, _ in jobs] == [
        ("publish-release", "done", 1, by_worker),
        ("downloads:2026.1", "done", 1, by_worker),
    ]  # one job per key, each run once, by the worker
    downloads = deployment.data / "downloads"
    assert [p.name for p in downloads.iterdir()] == ["2026.1"]  # one folder: nothing left half-written beside it
    files = sorted(p.name for p in (downloads / "2026.1").iterdir())
    assert len(files) == jobs[1][4]["files"] and not [name for name in files if name.startswith(".")]
    package = downloads / "2026.1" / "datapackage.zip"
    built = package.stat()
    after = public.get(f"{deployment.b}/data/")
    assert "Release 2026.1" in after.text  # B's cached page was not served again
    served = public.get(f"{deployment.b}/data/2026.1/datapackage.zip")
    assert served.status == 200 and len(served.body) == built.st_size
    assert (package.stat().st_ino, package.stat().st_mtime_ns) == (built.st_ino, built.st_mtime_ns)  # not built again
