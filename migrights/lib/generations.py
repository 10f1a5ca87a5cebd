"""What changed, and when: one generation token per scope of data, the one invalidation rule of every cache.

A **scope** names a family of public data by the Django app that holds it (``reference``: countries, instruments,
treaty actions, sources, import runs; ``governance``, ``law``, ``documents``, ``framework``;
``scores``: computed editions; ``assessments``: releases). A write to a scope *changes* it: once the write's
transaction commits, the scope gets a new random token in the generations cache (``CACHES["generations"]``: the
shared Redis when ``MIGRIGHTS_REDIS_URL`` is set, else a folder of the data folder every process of the machine
shares). A cache key includes the tokens of the scopes its value was built from (``key("reference", "governance")``),
so a change makes the old entries unreachable: nothing is cleared, nothing counts rows, and every server sees the new
token at its next read.

Inside a transaction that changed a scope, the token read carries a mark of that transaction's writes, so the writer
sees its own changes (and a value built from them is never kept under the committed token); a rollback drops the
mark with the transaction's commit callbacks. A token missing from the cache (evicted, a new cache) is replaced by a
new random one, never by a number that an old entry could still carry. ``change_everything()`` (a restored backup,
a test database put back) changes every scope at once.

A read-only request (GET, HEAD: ``OneReadingMiddleware``) reads each scope's token once, at its first use, and keeps
it to its end: the values it builds and the page it stores are all keyed on the state it read, and the generations
cache (a file or a Redis round trip) is read once per scope, not once per value. A change made in the request itself
ends that reading.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import secrets
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)


def unreachable() -> tuple[type[Exception], ...]:
    """What a cache that cannot be reached raises (see tokens()): the shared Redis down, a cache folder gone.

    Redis's errors are named once its client is loaded: none can be raised before, and a server without a Redis
    cache does without the client (7 MB, issue 17)."""
    exceptions = sys.modules.get("redis.exceptions")
    return (exceptions.RedisError, OSError) if exceptions is not None else (OSError,)


ALIAS = "generations"
# the scopes of what the public sees (drafts and answers in ``assessments`` change nothing public: only releases
# change that scope); a page or a brief reads from several of them (a country's page ranks it among all states)
PUBLIC = ("reference", "governance", "law", "documents", "framework", "assessments", "scores")
EPOCH = "generation:*"  # changed by change_everything(): part of every key

_serials = itertools.count(1)
_publishing = threading.Lock()
_unpublished: list[set[str]] = []  # changes committed while the cache could not be written: published at next read
_reading: ContextVar[dict[str, str] | None] = ContextVar("generations_reading", default=None)  # one_reading()


def _token() -> str:
    return secrets.token_hex(6)


def _name(scope: str) -> str:
    return f"generation:{scope}"


class _Changes:
    """The scopes one transaction changed, published when it commits (a commit callback: rolled back with it)."""

    def __init__(self) -> None:
        self.scopes: set[str] = set()
        self.serial = next(_serials)
        self.published = False

    def __call__(self) -> None:
        _forget_reading()
        _unpublished.append(set(self.scopes))
        _publish()
        self.published = True  # run by a test's capture of commit callbacks, it stays in the list: no longer pending


def _publish() -> None:
    """New tokens for the scopes committed since the last publication; kept to try again when the cache cannot be
    written (the data are committed whatever the cache says)."""
    if not _unpublished:
        return
    with _publishing:
        count = len(_unpublished)  # a thread may add more meanwhile: they wait for the next publication
        scopes = set().union(*_unpublished[:count])
        try:
            caches[ALIAS].set_many({_name(scope): _token() for scope in scopes}, timeout=None)
        except unreachable() as error:
            logger.error(
                "the generations of %s could not be changed (%s): tried at the next read", sorted(scopes), error
            )
            return
        del _unpublished[:count]


def _pending(using: str | None) -> _Changes | None:
    connection = transaction.get_connection(using)
    for _savepoints, callback, _robust in reversed(connection.run_on_commit):
        if isinstance(callback, _Changes) and not callback.published:
            return callback
    return None


def changed(*scopes: str, using: str | None = None) -> None:
    """The scopes changed: new tokens once the current transaction commits (at once outside a transaction)."""
    _forget_reading()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        changes = _Changes()
        changes.scopes.update(scopes)
        changes()
        return
    changes = _pending(using)
    if changes is None:
        changes = _Changes()
        transaction.on_commit(changes, using=using)
    changes.scopes.update(scopes)
    changes.serial = next(_serials)  # a value built between two writes of the transaction is not reused after


def changed_model(model: type, using: str | None = None) -> None:
    changed(model._meta.app_label, using=using)


def model_written(sender: type, using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    """A ``post_save`` / ``post_delete`` receiver: the model's scope changed."""
    changed_model(sender, using=using)


def tokens(scopes: Iterable[str], using: str | None = None) -> tuple[str, ...]:
    """The current token of each scope (one read of the generations cache), the epoch's first."""
    names = [EPOCH, *(_name(scope) for scope in scopes)]
    _publish()
    try:
        if _unpublished:  # still not written: what the cache holds may be older than the data
            raise ConnectionError("changes not yet published")
        reading = _reading.get()
        if reading is None:
            found = _read(names)
        else:  # a read-only request: each token read once
            if unread := [name for name in names if name not in reading]:
                reading.update(_read(unread))
            found = reading
    except unreachable() as error:  # never a stale value: tokens no one has, so every value is built afresh
        logger.warning("the generations cache cannot be read (%s): nothing kept is reused", error)
        found = {name: f"unreachable-{_token()}" for name in names}
    values = [str(found.get(name, "")) for name in names]
    changes = _pending(using)
    if changes is not None:
        values = [
            f"{value}+{changes.serial}" if name != EPOCH and name[len("generation:") :] in changes.scopes else value
            for name, value in zip(names, values, strict=True)
        ]
    return tuple(values)


def _read(names: list[str]) -> dict[str, str]:
    cache = caches[ALIAS]
    found = cache.get_many(names)
    missing = [name for name in names if name not in found]
    if missing:
        for name in missing:
            cache.add(name, _token(), timeout=None)  # another process may add its own first: then that one holds
        found.update(cache.get_many(missing))
    return found


def _forget_reading() -> None:
    if (reading := _reading.get()) is not None:
        reading.clear()


@contextmanager
def one_reading() -> Iterator[None]:
    """Each scope's token read once within the block (unless a change is made in it): a request's view of the data."""
    marker = _reading.set({})
    try:
        yield
    finally:
        _reading.reset(marker)


class OneReadingMiddleware:
    """GET and HEAD requests read each scope's token once (``one_reading``); others read it at each use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with one_reading():
            return self.get_response(request)


def key(*scopes: str, using: str | None = None) -> str:
    """A text naming the state of the scopes: part of the key of any value built from them."""
    return ".".join(tokens(scopes, using=using))


def digest(*scopes: str) -> str:
    """``key()`` in 16 hex digits, for a file name or a key of bounded length."""
    return hashlib.sha256(key(*scopes).encode()).hexdigest()[:16]


def change_everything() -> None:
    """Every scope changed (a database replaced by a backup or a copy): at once."""
    _forget_reading()
    caches[ALIAS].set(EPOCH, _token(), timeout=None)
