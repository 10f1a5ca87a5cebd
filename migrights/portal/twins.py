"""Every page has a machine-readable twin: the same data as JSON (one envelope) or its table as CSV."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from migrights.lib.tables import write_csv

LICENCE = "Data: CC BY 4.0 for the observatory's own compilation; each source's licence applies to its facts."


def respond(
    request: HttpRequest,
    fmt: str | None,
    template: str,
    data: dict[str, Any],
    table: Sequence[dict[str, Any]],
    columns: Sequence[str],
    filename: str,
) -> HttpResponse:
    """Render ``template`` for HTML, ``data`` for ``.json`` and ``table`` for ``.csv``."""
    if fmt == "json":
        return JsonResponse({"data": data, "meta": {"licence": LICENCE}}, json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        buffer = io.StringIO()
        write_csv(table, columns, buffer)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    return render(request, template, {**data, "data": data, "licence": LICENCE, "table": table})
