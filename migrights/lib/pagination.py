"""One envelope for every list the API and the page twins return."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_PAGE_SIZE = 500


def paginate(items: Sequence[Any], page: int, page_size: int) -> tuple[list[Any], dict[str, Any]]:
    """Slice ``items``; return the page and its ``meta`` (count, page, page_size, pages)."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    count = len(items)
    pages = max(1, -(-count // page_size))
    page = max(1, page)
    start = (page - 1) * page_size
    return list(items[start : start + page_size]), {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
    }
