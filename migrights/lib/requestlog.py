"""One log line per request: its id, method, path, status and duration (``migrights.requests``, INFO).

The id is the proxy's ``X-Request-ID`` when it sends a plausible one, else a new one; it is sent back in the
response's ``X-Request-ID``, so a visitor's report, the proxy's log and this one meet. With
``MIGRIGHTS_LOG_FORMAT=json`` each line is one JSON object (python-json-logger) whose fields are these.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("migrights.requests")
_PLAUSIBLE = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _PLAUSIBLE.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        started = time.perf_counter()
        response = self.get_response(request)
        duration = time.perf_counter() - started
        response["X-Request-ID"] = request_id
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s %s %.1f ms",
                request.method,
                request.path,
                response.status_code,
                duration * 1000,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(duration * 1000, 1),
                },
            )
        return response
