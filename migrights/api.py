"""The JSON API, /api/v1/: one envelope, one error shape, OpenAPI at /api/v1/docs."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.throttling import BaseThrottle

from migrights.assessments.api import router as assessments_router
from migrights.framework.api import router as framework_router
from migrights.governance.api import router as governance_router
from migrights.lib.pagination import bounded_page_size
from migrights.lib.ratelimit import parse_rate, take
from migrights.reference.api import router as reference_router
from migrights.scores.api import router as scores_router

RATE_CACHE = "api-rate"
ROWS_PER_REQUEST = 100  # a page of 500 rows counts as five requests


def request_cost(request: HttpRequest) -> int:
    """What a request counts against the rate: one per 100 rows of the page it asks for (at least one)."""
    try:
        rows = bounded_page_size(int(request.GET.get("page_size", 100)))
    except ValueError:
        return 1  # refused as invalid (422) anyway
    return max(1, math.ceil(rows / ROWS_PER_REQUEST))


class ClientRateLimit(BaseThrottle):
    """At most ``API_RATE_LIMIT`` requests per client address in each window (``API_RATE_LIMIT_SIGNED_IN`` for a
    signed-in user, none for staff); past it, 429 with ``Retry-After``: the seconds until the window ends. A
    request for a page of more than 100 rows counts as one per 100 rows (``request_cost``).

    Counted in the ``api-rate`` cache (per process by default); answers served whole from the page cache never
    reach it, so only requests that cost work are counted. The client is ``REMOTE_ADDR`` (behind a proxy,
    the proxy must set it to the client's address, as for sign-in lock-outs: docs/operations.md).
    """

    def __init__(self) -> None:
        self._waits = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and user.is_staff:
            return True
        limit = parse_rate(settings.API_RATE_LIMIT_SIGNED_IN if signed_in else settings.API_RATE_LIMIT)
        if limit is None:
            return True
        client = f"user-{user.pk}" if signed_in else f"address-{request.META.get('REMOTE_ADDR', '')}"
        cost = min(request_cost(request), limit[0])  # a limit below five still lets a page of 500 through
        allowed, self._waits.seconds = take(caches[RATE_CACHE], client, *limit, cost=cost)
        return allowed

    def wait(self) -> float | None:
        return getattr(self._waits, "seconds", None)


RATE_LIMITED = {
    "description": (
        "Too many requests from this client: anonymous clients may make `MIGRIGHTS_API_RATE_LIMIT` requests "
        "(default 60 a minute) per address that the page cache does not answer; try again after `Retry-After` "
        "seconds. Error code `rate_limited`."
    ),
    "headers": {"Retry-After": {"description": "Seconds until the limit resets", "schema": {"type": "integer"}}},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "error": {
                        "type": "object",
                        "properties": {
                            "status": {"type": "integer", "const": 429},
                            "code": {"type": "string", "const": "rate_limited"},
                            "message": {"type": "string"},
                            "details": {"type": "array", "items": {}},
                        },
                        "required": ["status", "code", "message", "details"],
                    }
                },
                "required": ["error"],
            }
        }
    },
}


class ObservatoryAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Ninja's schema, with the rate limit's 429 declared on every operation (every one is limited)."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.setdefault("responses", {})["429"] = RATE_LIMITED
        return schema


api = ObservatoryAPI(
    title="Migrant Rights Observatory API",
    version="1",
    description=(
        "Treaty commitments, governance architecture, milestones, the indicator framework and released "
        "assessments of migrants' rights (never drafts). "
        'Lists answer `{"data": [...], "meta": {"count", "page", "page_size", "pages"}}`; '
        'single objects answer `{"data": {...}}`. Every error answers '
        '`{"error": {"status", "code", "message", "details"}}`. '
        "Pages hold at most 500 rows; the lists of scores and answers also give `meta.next_cursor` and "
        "`meta.next` (keyset pagination: `?cursor=`). Anonymous clients are rate-limited per address "
        "(429 with `Retry-After`)."
    ),
    urls_namespace="api-v1",
    throttle=[ClientRateLimit()],
)
api.add_router("/", reference_router)
api.add_router("/", governance_router)
api.add_router("/", framework_router)
api.add_router("/", assessments_router)
api.add_router("/", scores_router)


def error_response(request: HttpRequest, status: int, code: str, message: str, details: Any = None) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"status": status, "code": code, "message": message, "details": details or []}},
        status=status,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", str(exc) or "not found")


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [{"where": ".".join(map(str, e.get("loc", []))), "reason": e.get("msg", "")} for e in exc.errors]
    return error_response(request, 422, "invalid_request", "the request's parameters are not valid", details)


class AnonymousApiSlots:
    """At most ``API_CONCURRENT_ANONYMOUS`` anonymous API requests computing at once in a server process; one
    more is answered 429 at once, with ``Retry-After: 1``, instead of holding one of the server's threads.

    Listed last of the middleware, so an answer from the page cache never takes a slot (it costs nothing), and
    only anonymous requests count: eight clients paging the API leave threads and processor to the pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.lock = threading.Lock()
        self.running = 0

    def __call__(self, request: HttpRequest) -> HttpResponse:
        slots = settings.API_CONCURRENT_ANONYMOUS
        user = getattr(request, "user", None)
        if not slots or not request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            return self.get_response(request)
        with self.lock:
            free = self.running < slots
            if free:
                self.running += 1
        if not free:
            message = "the server is answering other API requests: ask again in a second"
            response = error_response(request, 429, "rate_limited", message)
            response["Retry-After"] = "1"
            return response
        try:
            return self.get_response(request)
        finally:
            with self.lock:
                self.running -= 1


@api.exception_handler(Throttled)
def rate_limited(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = math.ceil(exc.wait) if exc.wait is not None else None
    message = "too many requests from this address: wait before asking again"
    if wait is not None:
        message += f" ({wait} s, as Retry-After says), or use the downloads at /data/ for whole tables"
    return error_response(request, 429, "rate_limited", message)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "bad_request" if exc.status_code == 400 else "error", str(exc))
