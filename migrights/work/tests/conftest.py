"""The workflow cast of ``assessments.tests.builders``, signed in through the screens' client."""

from __future__ import annotations

import pytest
from django.test import Client

from migrights.assessments.tests.builders import build_cast


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def signed_in():
    """A client signed in as ``user`` (CSRF checks on, as in a browser)."""

    def sign_in(user, csrf: bool = False) -> Client:
        client = Client(enforce_csrf_checks=csrf)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def queue():
    """The job queue as in production, in memory: tasks wait on it until the test runs them (``run_waiting``)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = False  # a new, empty queue (MemoryHuey)
    yield HUEY
    HUEY.immediate = True


def run_waiting(huey, later: bool = False) -> int:
    """Run the tasks on the queue as a worker would, and with ``later`` those put off (retries); how many ran."""
    import datetime as dt
    from unittest import mock

    ran = 0
    # a worker closes its database connection around each task (djhuey's ``close_db``); here that connection holds
    # the test's transaction, which PostgreSQL would lose (SQLite's in-memory test database ignores the close)
    with mock.patch("huey.contrib.djhuey.close_old_connections", lambda: None):
        if later:
            future = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1)
            for task in huey.read_schedule(future):
                huey.execute(task, future)
                ran += 1
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
            ran += 1
    return ran


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what waits for the commit (putting a job on the queue) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
