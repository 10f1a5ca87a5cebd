"""The public pages, their twins and the API are cached whole for visitors who are not signed in.

Public data changes only when data are imported, a framework is loaded, an edition is computed or a release is
published: each of those changes its scope's generation (``lib.generations``) once its transaction commits, and a
page's key holds the generations of the public scopes read when its request began, so the next request looks for
a new key; nothing is cleared (entries under old keys expire). The cache is shared by every server process (a folder
under the data folder by default, Redis with ``MIGRIGHTS_REDIS_URL``), so no process serves a page older than the
data.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.middleware.gzip import GZipMiddleware

from migrights.lib import generations
from migrights.publication.context import unprefixed_path

logger = logging.getLogger(__name__)
PRIVATE_PREFIXES = ("/work/", "/admin/", "/accounts/")
PUBLIC_SCOPES = generations.PUBLIC
_PREFIX: ContextVar[str] = ContextVar("public_cache_prefix", default="public")


def page_prefix() -> str:
    """The page cache's key prefix now: the generations of the public scopes."""
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}.{generations.digest(*PUBLIC_SCOPES)}"  # keys stay short


def private_address(path: str) -> bool:
    """The workspace, admin and sign-in, in any language (``/work/``, ``/fr/work/``, ``/es/accounts/login/``)."""
    return unprefixed_path(path).startswith(PRIVATE_PREFIXES)


def cacheable(request: HttpRequest) -> bool:
    """Anonymous reads of public addresses only: screens, admin and sign-in are never cached."""
    if private_address(request.path) or request.method not in ("GET", "HEAD"):
        return False
    return not (hasattr(request, "user") and request.user.is_authenticated)


class _RequestPrefix:
    """Django's cache middleware reads ``self.key_prefix``: here the prefix read when the request began (kept on the
    request), so a page built from data read before a change is stored under the key of before."""

    @property
    def key_prefix(self) -> str:
        return _PREFIX.get()

    @key_prefix.setter
    def key_prefix(self, value: str) -> None:  # Django's __init__ sets the static prefix: unused
        pass


class UpdatePublicCacheMiddleware(_RequestPrefix, UpdateCacheMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        prefix = getattr(request, "_public_cache_prefix", None)
        if not cacheable(request) or prefix is None:
            return response
        _PREFIX.set(prefix)
        try:
            return super().process_response(request, response)
        except generations.unreachable() as error:  # the page is served, not kept
            logger.warning("the page cache cannot be written (%s)", error)
            return response


class FetchPublicCacheMiddleware(_RequestPrefix, FetchFromCacheMiddleware):
    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if not cacheable(request):
            request._cache_update_cache = False
            return None
        request._public_cache_prefix = page_prefix()
        _PREFIX.set(request._public_cache_prefix)
        try:
            return super().process_request(request)
        except generations.unreachable() as error:  # the shared cache down: pages are built, as with no cache
            logger.warning("the page cache cannot be read (%s)", error)
            request._cache_update_cache = False
            return None


class GZipPublicMiddleware(GZipMiddleware):
    """Compress public pages only: they hold no secret, so compression cannot leak one (BREACH); the screens'
    pages carry CSRF tokens and stay uncompressed."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not cacheable(request):
            return response
        return super().process_response(request, response)
