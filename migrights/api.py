"""The JSON API, /api/v1/: one envelope, one error shape, OpenAPI at /api/v1/docs."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from migrights.assessments.api import router as assessments_router
from migrights.framework.api import router as framework_router
from migrights.governance.api import router as governance_router
from migrights.reference.api import router as reference_router
from migrights.scores.api import router as scores_router

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
QUERY_LOOKUPS = {"/answers": ("release",), "/scores": ("release",), "/commitments": ("country", "version")}
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
    if lookups:
        names = ", ".join(f"`{name}`" for name in lookups)
        answers["404"] = f"Not found: nothing has the {names} given (or there is no data for it yet)."
    answers["405"] = "Method not allowed: this address answers GET only (the `Allow` header says so)."
    if any((p.get("required") and p["in"] == "query") or _types(p) & {"integer", "number"} for p in parameters):
        answers["422"] = "A parameter is missing or not valid: `details` names each (`where`) and why (`reason`)."
    return answers


class ObservatoryAPI(NinjaAPI):
    """NinjaAPI whose schema declares the error answers (400, 404, 405, 422) and whose 405 has the error shape."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        prefix = path_prefix if path_prefix is not None else self.get_root_path(path_params or {})
        for path, methods in schema["paths"].items():
            route = "/" + path.removeprefix(prefix).lstrip("/")
            for operation in methods.values():
                for status, description in _error_responses(route, operation).items():
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        },
                    )
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
