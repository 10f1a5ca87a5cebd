"""The job queue's configuration (Huey, through ``huey.contrib.djhuey``), chosen from the environment.

The embedded default keeps the queue in a SQLite file of the data folder, whose consumer ``migrights up`` runs in
its own threads; a deployment with ``MIGRIGHTS_REDIS_URL`` keeps it in Redis, with ``migrights worker`` as its own
process (several app servers and workers share it). Tests run every task where it is enqueued (``immediate``), in
memory, so they stay synchronous and deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

QUEUE_FILE = "queue.sqlite3"
QUEUE_NAME = "migrights"


def huey_settings(data_dir: Path, redis_url: str = "", testing: bool = False, workers: int = 2) -> dict[str, Any]:
    """Django's ``HUEY`` setting: Redis when a URL is given, else the data folder's SQLite file; memory in tests."""
    if testing:
        storage: dict[str, Any] = {"huey_class": "huey.MemoryHuey"}
    elif redis_url:
        storage = {"huey_class": "huey.RedisHuey", "url": redis_url}
    else:
        storage = {"huey_class": "huey.SqliteHuey", "filename": str(data_dir / QUEUE_FILE)}
    return {
        "name": QUEUE_NAME,
        **storage,
        "immediate": testing,  # set explicitly: djhuey would otherwise run tasks inline whenever DEBUG is on
        "results": False,  # a job's result and error are kept on its ``jobs.Job`` row, which its page shows
        "utc": True,
        "consumer": {"workers": workers, "worker_type": "thread", "periodic": False},
    }


def import_huey(redis_url: str = "") -> None:
    """Import Huey without the clients of the storages this process does not use.

    Huey's storage module imports the Redis and PostgreSQL clients whenever they are installed (about 16 MB of a
    server's memory, issue 17); the observatory never keeps its queue in PostgreSQL, and in Redis only with a URL.
    They are hidden from that one import (Huey then takes them for absent) and visible again afterwards: Django's
    PostgreSQL backend or Redis cache imports them when it is used."""
    if "huey.storage" in sys.modules:
        return
    hidden = [name for name in ("psycopg", *(() if redis_url else ("redis",))) if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import huey.storage  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
