"""Fixtures shared by every test folder."""

from __future__ import annotations

import gc
import os
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from migrights.lib.system import ARROW_POOL, arrow_from_malloc

# Tests make millions of short-lived objects (rows, frames, pages); Python's collector walked the young ones every
# 700 allocations. Every 50,000 costs about a tenth less CPU (measured: 71-72 s against 64-66 s of user CPU on the
# downloads', page languages' and permissions' tests); each worker's memory stays well under its budget.
gc.set_threshold(50_000, 50, 100)

PROJECT_ROOT = Path(__file__).resolve().parent
# Index editions in tests: the one computed while the test database is set up runs a few Monte Carlo
# draws (tests of intervals read it); every later one runs none (``settings.SCORES_UNCERTAINTY_DRAWS`` is read
# when an edition is computed, so the fixture below reaches it; a test wanting draws sets it). Subprocesses (a
# `migrights compute` run by a test) read the variable when their settings load.
# 50 draws, not the spec's 100: the Monte Carlo was more than half of loading the embedded data, paid by every
# worker's set-up; tests that judge the intervals themselves compute an edition with their own runs.
SETUP_EDITION_DRAWS = 50
os.environ.setdefault("MIGRIGHTS_SCORE_DRAWS", "0")
# Arrow's buffers from malloc, as in every server, worker and command of the observatory (``lib.system``): in this
# process (whose pool pytest-django's set-up has already made) and, through the variable, in the commands it starts
arrow_from_malloc()
os.environ.setdefault(ARROW_POOL, "system")


def _shared_data_dir() -> Path:
    return Path(os.environ.get("MIGRIGHTS_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def skip_unless_in_ci(reason: str) -> None:
    """Skip with the reason; in CI (``CI=true``), where every input is laid out, fail with it instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason + ": CI must run this test")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The publishers' raw files in ../shared/data; tests using them skip where absent, and fail in CI."""
    path = _shared_data_dir()
    if not path.is_dir():
        skip_unless_in_ci(f"real source files not found at {path} (set MIGRIGHTS_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def shared_file(shared_data):
    """``shared_file("ilo/2026/x.csv")``: a file of ../shared/data, skipped where absent and failed in CI."""

    def find(relative: str) -> Path:
        path = shared_data / relative
        if not path.is_file():
            skip_unless_in_ci(f"{path} not found (set MIGRIGHTS_SHARED_DATA)")
        return path

    return find


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The throw-away Redis of ``scripts/redis`` (``MIGRIGHTS_TEST_REDIS_URL``, set by ``scripts/test``): tests of the
    shared cache skip where it is absent, and fail in CI."""
    url = os.environ.get("MIGRIGHTS_TEST_REDIS_URL", "")
    if not url:
        skip_unless_in_ci("no Redis to test the shared cache against (scripts/redis; set MIGRIGHTS_TEST_REDIS_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        skip_unless_in_ci(f"Redis at {url} does not answer ({error})")
    return url


@pytest.fixture(scope="module")
def redis_database(redis_url) -> Iterator[str]:
    """A database of the test Redis for a module alone (``OWN_REDIS_DB``), emptied before and after: for processes
    that use the deployment's fixed key prefixes and queue name (several servers and a worker). Two runs on one
    machine take turns (a lock file), so neither empties the other's queue."""
    import redis

    parts = urlsplit(redis_url)
    url = parts._replace(path=f"/{OWN_REDIS_DB}").geturl()
    with _file_lock(Path(tempfile.gettempdir()) / f"migrights-redis-{parts.port}-{OWN_REDIS_DB}.lock"):
        client = redis.Redis.from_url(url)
        client.flushdb()
        try:
            yield url
        finally:
            client.flushdb()
            client.close()


OWN_REDIS_DB = 14  # the other Redis tests use the URL's own database under prefixes of their own


@pytest.fixture(scope="session")
def embedded_template(tmp_path_factory) -> Path:
    """Where the SQLite test database is kept once the embedded data are loaded, shared by the xdist workers."""
    folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        folder = folder.parent  # the run's folder, above each worker's own
    return folder / "embedded.sqlite3"


def _sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def _uses_the_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(DATABASE_FIXTURES & set(item.fixturenames))


# The longest test files, measured (`pytest --durations`), go first: xdist hands out files in the order they are
# collected (`--dist loadfile`), so the two workers finish together instead of one running a long file alone at the
# end while the other waits. A file missing from the list only runs later; none depends on the order.
LONGEST_FIRST = (
    "tests/browser/test_expert_workflow.py",
    "migrights/lib/tests/test_backup.py",
    "migrights/publication/tests/test_zero_draws.py",
    "tests/test_several_servers.py",  # PostgreSQL pass only: two servers and a worker, a release's downloads built
    "migrights/opendata/tests/test_formula_cells.py",
    "migrights/work/tests/test_publishing.py",
    "migrights/publication/tests/test_first_release.py",
    "migrights/opendata/tests/test_downloads.py",
    "migrights/scores/tests/test_methodology.py",
    "migrights/scores/tests/test_scores.py",
    "migrights/work/tests/test_coordination.py",
    "tests/browser/test_brief.py",
    "migrights/opendata/tests/test_cli.py",
    "migrights/law/tests/test_cli.py",
    "tests/browser/test_chart_block.py",
    "tests/browser/test_review_page.py",
    "tests/browser/test_downloads.py",
    "tests/browser/test_profiles.py",
    "migrights/work/tests/test_permissions.py",
)


def _file(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def _longest_first(item: pytest.Item) -> int:
    path = _file(item)
    return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)


def _needs_the_embedded_data(item: pytest.Item) -> bool:
    return _uses_the_database(item) or "django_db_setup" in getattr(item, "fixturenames", ())


def _run_order(items: list[pytest.Item]) -> dict[str, tuple[bool, int]]:
    """Per test file: files that need no database first, then the longest first (``LONGEST_FIRST``). While one
    worker loads the embedded data (half a minute), the other runs pure tests instead of waiting for it."""
    needs = {_file(i) for i in items if _needs_the_embedded_data(i)}
    return {_file(i): (_file(i) in needs, _longest_first(i)) for i in items}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Files needing no database first, then the longest first (``_run_order``). On PostgreSQL, run what PostgreSQL
    can change: a test that never touches the test database (pure code, or commands run in subprocesses on their own
    SQLite data folder) would only repeat the SQLite run."""
    from django.conf import settings

    order = _run_order(items)
    items.sort(key=lambda item: order[_file(item)])  # stable: a file's tests stay together, in their own order
    if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
        # a test of several server processes sharing one database needs a database server: the PostgreSQL pass runs it
        only_postgres = [i for i in items if i.get_closest_marker("postgres")]
        if only_postgres:
            config.hook.pytest_deselected(items=only_postgres)
            items[:] = [i for i in items if i not in only_postgres]
        return
    # a test of commands run on a data folder copied from the loaded snapshot (``loaded_data_folder``) runs them on
    # SQLite whatever the test database is: on PostgreSQL it would repeat the SQLite run after a first start (a minute)
    repeats = {i for i in items if not _uses_the_database(i) or "loaded_data_folder" in getattr(i, "fixturenames", ())}
    if repeats:
        config.hook.pytest_deselected(items=list(repeats))
        items[:] = [i for i in items if i not in repeats]


def _copy_sqlite(source, target) -> None:
    """Copy a whole SQLite database with SQLite's backup API (a few hundredths of a second)."""
    source.backup(target)


def _postgres_template(embedded_template: Path) -> Path:
    """The file naming the PostgreSQL database kept with the embedded data loaded (written once it exists): a name of
    this run's own, so that a server reused by another run never hands it an older copy."""
    run = embedded_template.parent.name.replace("-", "_").lower()
    return embedded_template.with_name(f"test_migrights_embedded_{run}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On PostgreSQL, the run's kept database (``_postgres_template``) is dropped once every worker is done: the
    controller (or the only process) drops it, so that a server reused by later runs does not pile copies up."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not os.environ.get("DATABASE_URL"):
        return
    kept = _postgres_template(session.config._tmp_path_factory.getbasetemp() / "embedded.sqlite3")
    if not kept.exists():
        return
    import psycopg

    with psycopg.connect(urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()) as server:
        server.autocommit = True
        server.execute(f'DROP DATABASE IF EXISTS "{kept.read_text()}" WITH (FORCE)')


def _copy_postgres(source: str, target: str) -> None:
    """``target`` becomes a copy of the PostgreSQL database ``source`` (``CREATE DATABASE ... TEMPLATE``: a file copy,
    a few seconds, where loading the embedded data again takes a minute). Both lose their connections first."""
    from django.db import connection

    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [source])
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


@pytest.fixture(scope="module")
def postgres_copy(django_db_setup, django_db_blocker, embedded_template) -> Iterator[str]:
    """The ``DATABASE_URL`` of a PostgreSQL database of the module's own holding the embedded data, for processes a
    test starts (several servers sharing one database): a copy of the kept database (a second or two, where loading
    takes a minute), under a name of its own (never a test database of pytest-django), dropped afterwards."""
    from django.db import connection

    name = f"migrights_copy_{os.getpid()}_{secrets.token_hex(4)}"
    with django_db_blocker.unblock():
        assert not _sqlite(), "a copy of the PostgreSQL database: the test is marked postgres"
        with _file_lock(embedded_template.with_suffix(".lock")), connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_postgres_template(embedded_template).read_text()}"')
    try:
        yield urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    finally:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """One process at a time: the first xdist worker loads the embedded data, the others wait and copy it."""
    import fcntl

    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, embedded_template):
    """The test database holds the embedded data, loaded once by the same code as `migrights up`.

    The loaded database is kept, as a file on SQLite and as a database of the server on PostgreSQL: other xdist workers
    copy it instead of loading it again, and ``restore_embedded`` puts it back after a transactional test (browser
    tests, a background job) emptied the database.
    """
    from django.db import connection
    from django.test import override_settings

    from migrights.bootstrap import load_embedded

    with django_db_blocker.unblock(), override_settings(SCORES_UNCERTAINTY_DRAWS=SETUP_EDITION_DRAWS):
        if not _sqlite():
            with _file_lock(embedded_template.with_suffix(".lock")):
                kept = _postgres_template(embedded_template)
                if kept.exists():
                    _copy_postgres(kept.read_text(), connection.settings_dict["NAME"])
                else:
                    load_embedded()
                    _copy_postgres(connection.settings_dict["NAME"], kept.stem)
                    kept.write_text(kept.stem)
            return
        connection.ensure_connection()
        with _file_lock(embedded_template.with_suffix(".lock")):
            if embedded_template.exists():
                with closing(sqlite3.connect(embedded_template)) as kept:
                    _copy_sqlite(kept, connection.connection)
            else:
                load_embedded()
                partial = embedded_template.with_suffix(".partial")
                with closing(sqlite3.connect(partial)) as kept:
                    _copy_sqlite(connection.connection, kept)
                partial.replace(embedded_template)


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    transaction = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    names = getattr(item, "fixturenames", ())
    return transaction or "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """A transactional test (the browser tests) ends with an emptied database: put the embedded data back at once,
    so that the next test finds the database as it was set up, whichever worker runs it and in whatever order."""
    yield
    restore = _RESTORE.get("restore")
    if nextitem is not None and restore is not None and _transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore()


_RESTORE: dict[str, object] = {}


@pytest.fixture(scope="session", autouse=True)
def _restore_instead_of_emptying():
    """After a transactional test Django empties every table (on SQLite one DELETE per row, the 47,600 passages of
    the document library through their full-text triggers: 2-4 s a test), and ``pytest_runtest_teardown`` then puts
    the loaded database back over it anyway: the emptying is skipped whenever that restore follows."""
    from django.test import TransactionTestCase

    emptying = TransactionTestCase._fixture_teardown

    def teardown(self: TransactionTestCase) -> None:
        if "restore" not in _RESTORE:
            emptying(self)

    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = emptying


@pytest.fixture(scope="session")
def restore_embedded(django_db_setup, embedded_template):
    """``restore_embedded()``: the test database as it was set up (the embedded data and their edition).

    SQLite: a copy of the kept file (0.02 s); PostgreSQL: a copy of the kept database (a few seconds).
    """
    from django.db import connection

    from migrights.lib.generations import change_everything

    def restore() -> None:
        if _sqlite():
            connection.ensure_connection()
            with closing(sqlite3.connect(embedded_template)) as kept:
                _copy_sqlite(kept, connection.connection)
        else:
            _copy_postgres(_postgres_template(embedded_template).read_text(), connection.settings_dict["NAME"])
        change_everything()  # values kept from the replaced database are not looked up again

    _RESTORE["restore"] = restore
    yield restore
    _RESTORE.clear()


@pytest.fixture(scope="session")
def embedded_sqlite(django_db_setup, embedded_template) -> Path:
    """A SQLite file holding the embedded data, as `migrights` leaves a data folder after its first start: the test
    database as set up. SQLite only: on PostgreSQL the tests of commands on a data folder are deselected."""
    assert _sqlite(), "commands run on a SQLite data folder: their tests are deselected on PostgreSQL"
    return embedded_template


@pytest.fixture(scope="session")
def loaded_data_folder(embedded_sqlite):
    """``loaded_data_folder(path)``: a data folder whose database already holds the embedded data, for commands
    run in subprocesses (each would otherwise load them on its first start)."""

    def make(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(embedded_sqlite)) as kept,
            closing(sqlite3.connect(folder / "migrights.sqlite3")) as db,
        ):
            _copy_sqlite(kept, db)
        return folder

    return make


@pytest.fixture
def released(db):
    """The Philippines 2024 on the tiny framework, answered, approved and released as 2026.1, its scores computed."""
    from migrights.assessments.tests.builders import build_cast, release_with_scores

    return release_with_scores(build_cast())


@pytest.fixture
def small_scores(monkeypatch):
    """Tables cut to a few countries, for tests of the workbook, the release package and the downloads (the full
    scores take a minute to write as XLSX on a small machine)."""
    from migrights.opendata import tables

    few = {"PHL", "FRA", "MEX"}
    for name in ("scores", "commitments", "gaps"):
        full = tables.TABLE_ROWS[name]
        monkeypatch.setitem(
            tables.TABLE_ROWS, name, lambda edition, full=full: [r for r in full(edition) if r["country"] in few]
        )
        whole = tables.TABLE_FRAMES[name]  # the package's long tables, read as DataFrames
        monkeypatch.setitem(
            tables.TABLE_FRAMES,
            name,
            lambda edition, whole=whole: (lambda f: f[f["country"].isin(few)])(whole(edition)),
        )


@pytest.fixture(autouse=True)
def _data_dir_in_tmp(settings, tmp_path):
    """Kept raw files go to a temporary folder, never to the user's data folder."""
    settings.DATA_DIR = tmp_path
    settings.RAW_FILES_DIR = tmp_path / "raw"
    # a deliberately slow password hash is a cost tests need not pay
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # editions computed during a test run no Monte Carlo: the zero-draw path every page must render
    settings.SCORES_UNCERTAINTY_DRAWS = 0


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks():
    """A request to /fr/ or /es/ leaves its language active in the thread; each test starts in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def queue():
    """The job queue as in production, in memory: tasks wait on it until the test runs them (``run_waiting``)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False  # a new, empty queue (MemoryHuey)
    yield HUEY
    HUEY.immediate = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what waits for the commit (putting a job on the queue) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
