"""The JSON API, /api/v1/: one envelope, one error shape, OpenAPI at /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from migrights.assessments.api import router as assessments_router
from migrights.framework.api import router as framework_router
from migrights.governance.api import router as governance_router
from migrights.reference.api import router as reference_router
from migrights.scores.api import router as scores_router

api = NinjaAPI(
    title="Migrant Rights Observatory API",
    version="1",
    description=(
        "Treaty commitments, governance architecture, milestones, the indicator framework and released "
        "assessments of migrants' rights (never drafts). "
        'Lists answer `{"data": [...], "meta": {"count", "page", "page_size", "pages"}}`; '
        'single objects answer `{"data": {...}}`. Every error answers '
        '`{"error": {"status", "code", "message", "details"}}`.'
    ),
    urls_namespace="api-v1",
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


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "bad_request" if exc.status_code == 400 else "error", str(exc))
