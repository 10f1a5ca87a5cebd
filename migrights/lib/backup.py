"""Backing up and restoring the database while the observatory runs, without losing a committed write.

SQLite: the online backup API reads one consistent snapshot through the write-ahead log (a copy of
the file alone misses whatever is still in ``-wal``, e.g. a whole release); restoring writes the
backup into the database in one transaction, so a failed restore changes nothing. PostgreSQL:
``pg_dump`` (one snapshot) and ``pg_restore --single-transaction``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

LOCK_WAIT_SECONDS = 60.0


class BackupFailed(Exception):
    """A backup or restore that did not happen; nothing was changed. The message says why in one line."""


def _partial(output: Path) -> Path:
    return output.with_name(f".{output.name}.partial")


def _check_sqlite(path: Path) -> None:
    """Refuse a file that is not a sound SQLite database of the observatory."""
    if not path.is_file():
        raise BackupFailed(f"there is no file {path}")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in db.execute("PRAGMA quick_check")]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupFailed(f"{path} is not a SQLite database ({error})") from None
    finally:
        db.close()
    if problems != ["ok"]:
        raise BackupFailed(f"{path} is damaged: {'; '.join(problems[:3])}")
    if "django_migrations" not in tables:
        raise BackupFailed(f"{path} is not a database of the observatory (it has no django_migrations table)")


def has_data(settings_dict: dict[str, Any]) -> bool:
    """Whether the database already holds an observatory (restoring over it needs --force)."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        path = Path(settings_dict["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return False
        db = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS)
        try:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone()
        finally:
            db.close()
        return found is not None
    from django.db import connection

    return "django_migrations" in connection.introspection.table_names()


def backup_sqlite(database: Path, output: Path) -> None:
    """Copy one consistent snapshot of ``database`` (and its write-ahead log) to ``output``, a single file."""
    if not database.exists():
        raise BackupFailed(f"there is no database at {database}")
    partial = _partial(output)
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(database, timeout=LOCK_WAIT_SECONDS)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)  # one step: one read transaction, so one snapshot; writers go on meanwhile
        target.execute("PRAGMA journal_mode=DELETE")  # the backup is one self-contained file
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"the backup of {database} failed: {error}") from None
    finally:
        target.close()
        source.close()
    _check_sqlite(partial)
    os.replace(partial, output)


def restore_sqlite(backup: Path, database: Path) -> None:
    """Replace the content of ``database`` by the backup, in one transaction (all or nothing)."""
    _check_sqlite(backup)
    database.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    target = sqlite3.connect(database, timeout=LOCK_WAIT_SECONDS)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        problems = [row[0] for row in target.execute("PRAGMA quick_check")]
    except sqlite3.Error as error:
        raise BackupFailed(f"the restore into {database} failed, nothing was changed: {error}") from None
    finally:
        target.close()
        source.close()
    if problems != ["ok"]:
        raise BackupFailed(f"{database} reads as damaged after the restore: {'; '.join(problems[:3])}")


def _postgres_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    text = done.stderr.strip()
    return text.splitlines()[-1] if text else f"exit code {done.returncode}"


def _postgres_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupFailed(f"{name} is not installed: it comes with PostgreSQL's client tools (postgresql-client)")
    return tool


def backup_postgres(settings_dict: dict[str, Any], output: Path) -> None:
    """``pg_dump`` in its custom format (one snapshot), written under a temporary name then renamed."""
    tool = _postgres_tool("pg_dump")
    args, env = _postgres_args(settings_dict)
    partial = _partial(output)
    done = subprocess.run(
        [tool, "--format=custom", "--no-owner", "--file", str(partial), *args, str(settings_dict["NAME"])],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"pg_dump failed: {_last_line(done)}")
    os.replace(partial, output)


def restore_postgres(settings_dict: dict[str, Any], backup: Path) -> None:
    """``pg_restore`` in one transaction: the database is replaced entirely or not at all."""
    tool = _postgres_tool("pg_restore")
    args, env = _postgres_args(settings_dict)
    options = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
    done = subprocess.run(
        [tool, *options, *args, "--dbname", str(settings_dict["NAME"]), str(backup)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupFailed(f"pg_restore failed, nothing was changed: {_last_line(done)}")
