"""The JSON API, /api/v1/: one envelope, one error shape, OpenAPI at /api/v1/docs."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.throttling import BaseThrottle

from migrights.assessments.api import router as assessments_router
from migrights.corridors.api import router as corridors_router
from migrights.documents.api import router as documents_router
from migrights.framework.api import router as framework_router
from migrights.governance.api import router as governance_router
from migrights.law.api import router as law_router
from migrights.lib.errors import ERROR_CODES, error_body
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


# every error answer's body: the one Error schema below, declared once in the schema's components
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
RATE_LIMITED = {
    "description": (
        "Too many requests from this client: anonymous clients may make `MIGRIGHTS_API_RATE_LIMIT` requests "
        "(default 60 a minute) per address that the page cache does not answer; try again after `Retry-After` "
        "seconds. Error code `rate_limited`."
    ),
    "headers": {"Retry-After": {"description": "Seconds until the limit resets", "schema": {"type": "integer"}}},
    "content": ERROR_CONTENT,
}


# The one error body (see ``error_response``), declared once in the schema's components.
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "details"],
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status, again"},
                "code": {"type": "string", "description": "not_found, method_not_allowed, invalid_request, ..."},
                "message": {"type": "string", "description": "What went wrong, in words"},
                "details": {
                    "type": "array",
                    "description": "For invalid_request: each parameter (`where`) and why (`reason`)",
                    "items": {"type": "object"},
                },
            },
        }
    },
}
# Query parameters that name one thing, so that an unknown value answers 404 (path parameters always do).
QUERY_LOOKUPS = {
    "/answers": ("release", "country"),
    "/scores": ("release", "country", "framework"),
    "/commitments": ("country", "version"),
    "/law": ("country", "variable"),
    "/law/gaps": ("country", "state"),
    "/agreements": ("country", "partner", "provision"),
    "/corridors": ("origin", "destination", "year"),
    "/corridors/coverage": ("year", "by"),
    "/corridors/refugees": ("origin", "destination"),
}
# The query parameter whose value is parsed by the operation itself: a bad date answers 400.
DATE_PARAMETERS = ("on",)


def _types(parameter: dict[str, Any]) -> set[str]:
    schema = parameter.get("schema", {})
    return {schema.get("type", "")} | {option.get("type", "") for option in schema.get("anyOf", ())}


def _error_responses(path: str, operation: dict[str, Any]) -> dict[str, str]:
    """The error answers an operation gives, from its parameters: status → description."""
    parameters = operation.get("parameters", [])
    path_ids = [p["name"] for p in parameters if p["in"] == "path"]
    lookups = path_ids + list(QUERY_LOOKUPS.get(path, ()))
    answers = {}
    if any(p["name"] in DATE_PARAMETERS for p in parameters):
        answers["400"] = "A date parameter (`on`) is not a date written YYYY-MM-DD."
    if any(p["name"] == "cursor" for p in parameters):
        answers["400"] = "The `cursor` is not one this list gave, or it belongs to another edition or release."
    if lookups:
        names = ", ".join(f"`{name}`" for name in lookups)
        answers["404"] = f"Not found: nothing has the {names} given (or there is no data for it yet)."
    answers["405"] = "Method not allowed: this address answers GET only (the `Allow` header says so)."
    if any((p.get("required") and p["in"] == "query") or _types(p) & {"integer", "number"} for p in parameters):
        answers["422"] = "A parameter is missing or not valid: `details` names each (`where`) and why (`reason`)."
    return answers


class ObservatoryAPI(NinjaAPI):
    """NinjaAPI whose schema declares the error answers (400, 404, 405, 422, and the rate limit's 429 on every
    operation) and whose 405 has the error shape."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        prefix = path_prefix if path_prefix is not None else self.get_root_path(path_params or {})
        for path, methods in schema["paths"].items():
            route = "/" + path.removeprefix(prefix).lstrip("/")
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status, description in _error_responses(route, operation).items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": ERROR_CONTENT,
                        },
                    )
                responses["429"] = RATE_LIMITED
        return schema

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _method_errors_as_json(pattern.callback)
        return patterns


def _method_errors_as_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a wrong method with a plain-text 405: give it the API's error shape (keeping ``Allow``)."""

    @wraps(view)  # keeps csrf_exempt
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            message = f"{request.method} is not allowed here; allowed: {allowed}"
            response = error_response(request, 405, "method_not_allowed", message)
            response["Allow"] = allowed
        return response

    return answer


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
api.add_router("/", law_router)
api.add_router("/", corridors_router)
api.add_router("/", documents_router)


def error_response(request: HttpRequest, status: int, code: str, message: str, details: Any = None) -> HttpResponse:
    return api.create_response(request, error_body(status, message, code, details), status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", str(exc) or "not found")


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [{"where": ".".join(map(str, e.get("loc", []))), "reason": e.get("msg", "")} for e in exc.errors]
    reasons = "; ".join(f"{d['where'].rpartition('.')[2]}: {d['reason']}" for d in details)
    message = "the request's parameters are not valid" + (f" ({reasons})" if reasons else "")
    return error_response(request, 422, "invalid_request", message, details)


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
    return error_response(request, exc.status_code, ERROR_CODES.get(exc.status_code, "error"), str(exc))
