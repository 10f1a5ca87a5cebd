"""The one error body of the API and of the pages' twins: ``{"error": {"status", "code", "message", "details"}}``."""

from __future__ import annotations

from typing import Any

ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid_request",
    429: "rate_limited",
    500: "server_error",
}


def error_body(status: int, message: str, code: str | None = None, details: Any = None) -> dict[str, Any]:
    """The error as the API and every twin answer it; ``code`` defaults to the status's (``not_found``...)."""
    return {
        "error": {
            "status": status,
            "code": code or ERROR_CODES.get(status, "error"),
            "message": message,
            "details": details or [],
        }
    }
