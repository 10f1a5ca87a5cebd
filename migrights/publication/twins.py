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
    sources: Sequence[dict[str, Any]] = (),
) -> HttpResponse:
    """Render ``template`` for HTML, ``data`` for ``.json`` and ``table`` for ``.csv``.

    ``sources`` (``reference.queries.source_dict`` rows) are the sources the page draws on: the page's footer
    and the JSON envelope's ``meta`` name them, with the release of assessment data.
    """
    if fmt == "json":
        from migrights.publication.context import current_release

        release = current_release()
        meta = {"licence": LICENCE, "release": release["version"] if release else None, "sources": list(sources)}
        return JsonResponse({"data": data, "meta": meta}, json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        buffer = io.StringIO()
        write_csv(table, columns, buffer)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    context = {**data, "data": data, "table": table, "sources": list(sources)}
    return render(request, template, context)
