"""What the observatory needs to know about its database beyond the ORM."""

from __future__ import annotations

from django.db import OperationalError

# PostgreSQL: serialization failure, deadlock detected, lock not available (lock_timeout)
_BUSY_PGCODES = {"40001", "40P01", "55P03"}
_BUSY_SQLITE = ("database is locked", "database table is locked", "database is busy")


def database_busy(error: BaseException) -> bool:
    """True when ``error`` only means another writer held the lock too long: trying again may work."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__ or error
    if getattr(cause, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return True
    pgcode = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if pgcode in _BUSY_PGCODES:
        return True
    return any(text in str(error).lower() for text in _BUSY_SQLITE)
