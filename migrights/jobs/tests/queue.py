"""Running the job queue's waiting tasks in a test, as a worker would (with the ``queue`` fixture of conftest.py)."""

from __future__ import annotations


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


def worker_threads(workers: int = 1):
    """The queue's worker in daemon threads of the test's process (its database is the test's); ``stop`` them."""
    from migrights.jobs.runner import consumer, interrupted, start_heartbeat

    running = consumer(workers)
    interrupted()
    start_heartbeat()
    running.scheduler.start()  # not ``start()``: it would take the test process's signals
    for _, thread in running.worker_threads:
        thread.start()
    return running
