"""One envelope for every list the API and the page twins return, and what bounds the cost of a page.

Every list is paged: at most ``MAX_PAGE_SIZE`` rows, and only the rows of the page are turned into
dictionaries (a query set is counted and sliced in the database, never read whole). The lists that grow with
the data (scores, released values) also take a **cursor**: ``meta.next_cursor`` names the last row given, and
``?cursor=`` continues after it (keyset pagination: each page costs the same however deep it is, and every row
comes exactly once however many pages are read).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet

MAX_PAGE_SIZE = 500


class CursorError(ValueError):
    """A cursor this list did not give (garbled, or from another list or edition)."""


def bounded_page_size(page_size: int) -> int:
    return max(1, min(page_size, MAX_PAGE_SIZE))


def paginate(
    items: Sequence[Any] | QuerySet[Any],
    page: int,
    page_size: int,
    render: Callable[[Any], Any] | None = None,
) -> tuple[list[Any], dict[str, Any]]:
    """Slice ``items``; return the page (each item through ``render``) and its ``meta`` (count, page, page_size,
    pages). A query set is counted and sliced by the database."""
    page_size = bounded_page_size(page_size)
    count = items.count() if isinstance(items, QuerySet) else len(items)
    pages = max(1, -(-count // page_size))
    page = max(1, page)
    start = (page - 1) * page_size
    chosen = list(items[start : start + page_size])
    return [render(item) for item in chosen] if render else chosen, {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
    }


def encode_cursor(scope: str, key: Sequence[Any]) -> str:
    """An opaque cursor: the list's scope (say, the edition it pages) and the key of the last row given."""
    text = json.dumps([scope, *key], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, scope: str, kinds: Sequence[type]) -> list[Any]:
    """The key a cursor names, its parts of the given types; ``CursorError`` when it is garbled or belongs to
    another scope."""
    try:
        found = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise CursorError("the cursor is not one this list gave: start again without it") from None
    if (
        not isinstance(found, list)
        or len(found) != len(kinds) + 1
        or not isinstance(found[0], str)
        or not all(type(part) is kind for part, kind in zip(found[1:], kinds, strict=True))
    ):
        raise CursorError("the cursor is not one this list gave: start again without it")
    if found[0] != scope:
        raise CursorError(
            f"the cursor pages {found[0]}, but this request answers from {scope}: "
            "start again without a cursor (or ask for the release the cursor was made for)"
        )
    return found[1:]


def cursor_meta(
    count: int, page_size: int, page: int | None, next_cursor: str | None, path: str, query: dict[str, Any]
) -> dict[str, Any]:
    """The ``meta`` of a list that takes a cursor: the paging fields, ``next_cursor`` and ``next`` (its address);
    ``page`` is null once a cursor is followed (the page's number is not counted)."""
    following = {k: v for k, v in query.items() if k not in ("page", "cursor") and v is not None}
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": max(1, -(-count // page_size)),
        "next_cursor": next_cursor,
        "next": f"{path}?{urlencode(following | {'cursor': next_cursor})}" if next_cursor else None,
    }
