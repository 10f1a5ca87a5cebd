"""Headers every response carries: the Content-Security-Policy, and no caching of private pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from migrights.publication.cache import private_address


def private(request: HttpRequest) -> bool:
    """The workspace, admin and sign-in pages, and any page answered to someone signed in."""
    if private_address(request.path):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    """``Content-Security-Policy`` from ``settings.CONTENT_SECURITY_POLICY`` on every response; private pages get
    ``Cache-Control: private, no-store`` (no browser, proxy or back button keeps a copy)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if private(request):
            add_never_cache_headers(response)
        return response
