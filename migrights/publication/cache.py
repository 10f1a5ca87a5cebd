"""The public pages, their twins and the API are cached whole for visitors who are not signed in.

Public data changes only when data are imported, a framework is loaded, an edition is computed or a release is
published: each of those clears the cache once its transaction commits. The cache is shared by every server
process (a folder under the data folder by default), so no process serves a page older than the data.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.middleware.gzip import GZipMiddleware

from migrights.publication.context import unprefixed_path

PRIVATE_PREFIXES = ("/work/", "/admin/", "/accounts/")


def private_address(path: str) -> bool:
    """The workspace, admin and sign-in, in any language (``/work/``, ``/fr/work/``, ``/es/accounts/login/``)."""
    return unprefixed_path(path).startswith(PRIVATE_PREFIXES)


def cacheable(request: HttpRequest) -> bool:
    """Anonymous reads of public addresses only: screens, admin and sign-in are never cached."""
    if private_address(request.path) or request.method not in ("GET", "HEAD"):
        return False
    return not (hasattr(request, "user") and request.user.is_authenticated)


class UpdatePublicCacheMiddleware(UpdateCacheMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not cacheable(request):
            return response
        return super().process_response(request, response)


class FetchPublicCacheMiddleware(FetchFromCacheMiddleware):
    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if not cacheable(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)


def _clear() -> None:
    caches["default"].clear()


def clear_public_cache(**kwargs: Any) -> None:
    """Clear the page cache once the current transaction commits, once however many rows it wrote (loading the
    embedded data saves thousands of rows in one transaction)."""
    connection = transaction.get_connection()
    if not any(callback is _clear for _savepoints, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_clear)


class GZipPublicMiddleware(GZipMiddleware):
    """Compress public pages only: they hold no secret, so compression cannot leak one (BREACH); the screens'
    pages carry CSRF tokens and stay uncompressed."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not cacheable(request):
            return response
        return super().process_response(request, response)
