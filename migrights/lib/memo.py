"""Values kept in a process between requests, safe when the server answers several requests at once.

A threaded server (``migrights up``, gunicorn with threads) runs requests side by side: a value kept in a
module must never be seen half built. Both kinds here build a value whole, under a lock, and only then publish
it with one assignment; a request that finds it missing waits for the one build instead of starting its own.
A build that raises publishes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Latest(Generic[T]):
    """One value, the one built for the latest key (say, a count of rows and today's date): a new key rebuilds it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[Hashable, T] | None = None

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        entry = self._entry  # one read: key and value always belong together
        if entry is not None and entry[0] == key:
            return entry[1]
        with self._lock:
            entry = self._entry
            if entry is not None and entry[0] == key:  # built by the request this one waited for
                return entry[1]
            value = build()
            self._entry = (key, value)
            return value

    def clear(self) -> None:
        with self._lock:
            self._entry = None


class Once(Generic[T]):
    """A value per key, each built once per process (keys whose value never changes, such as a stored edition).

    Each key has its own lock, so building one value may use another (an edition's medians read its table).
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._values: dict[Hashable, T] = {}
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        try:
            return self._values[key]
        except KeyError:
            pass
        with self._guard:
            lock = self._building.setdefault(key, threading.Lock())
        try:
            with lock:
                try:
                    return self._values[key]
                except KeyError:
                    value = build()
                    self._values[key] = value
                    return value
        finally:
            with self._guard:
                if self._building.get(key) is lock:
                    del self._building[key]

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)


R = TypeVar("R")


def share_related(rows: Iterable[R], **related: Mapping[Any, Any]) -> list[R]:
    """Rows kept between requests, each foreign key set to one shared instance of its row (``related`` maps the
    key's name to the rows by primary key) rather than the copy per row that ``select_related`` makes: a source's
    citation is then kept once, not once per treaty act."""
    shared = list(rows)
    for row in shared:
        for name, objects in related.items():
            setattr(row, name, objects.get(getattr(row, f"{name}_id")))
    return shared


V = TypeVar("V")


def one_copy_each(values: Iterable[V]) -> list[V]:
    """The values in order, equal ones sharing one object: a table kept between requests whose codes repeat holds
    each code once, not once per row."""
    seen: dict[Any, Any] = {}
    return [seen.setdefault(value, value) for value in values]
