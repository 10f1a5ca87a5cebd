"""Every page has a machine-readable twin: the same data as JSON (one envelope) or its table as CSV."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from migrights.lib.dates import parse_on
from migrights.lib.errors import error_body
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


class BadRequest(Exception):
    """A visitor's input a page cannot answer; the message says why (answered 400 by ``error``)."""


def twin_error(fmt: str, status: int, message: str, details: Any = None) -> HttpResponse:
    """A twin's error: the API's error body (``lib.errors.error_body``) in JSON for ``.json``; for ``.csv`` the
    same fields as a one-row CSV (``details``, when there are any, as JSON text in its cell), so that a
    spreadsheet or ``read_csv`` opening the address gets a table that says what went wrong, with the status."""
    body = error_body(status, message, details=details)
    if fmt != "csv":
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    fields = body["error"]
    row = {**fields, "details": json.dumps(fields["details"], ensure_ascii=False) if fields["details"] else ""}
    buffer = io.StringIO()
    write_csv([row], list(row), buffer)
    return HttpResponse(buffer.getvalue(), status=status, content_type="text/csv; charset=utf-8")


def error(
    request: HttpRequest,
    fmt: str | None,
    status: int,
    message: str,
    *,
    template: str = "portal/error.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The one error answer of every page and twin: a twin (``.json`` or ``.csv``) answers the API's error body
    in its own format (``twin_error``); a page renders ``template`` with ``error`` (the message) in its context,
    by default the error page."""
    if fmt:
        return twin_error(fmt, status, message)
    return render(request, template, {**(context or {}), "error": message, "status": status}, status=status)


def day_on(request: HttpRequest) -> dt.date:
    """The day a page shows, from ``?on=YYYY-MM-DD`` (today without it): every page that takes a date reads it
    here. A malformed date raises ``BadRequest`` with the reason."""
    try:
        return parse_on(request.GET.get("on"))
    except ValueError as problem:
        raise BadRequest(str(problem)) from None


def bad_date(request: HttpRequest, fmt: str | None, problem: BadRequest) -> HttpResponse:
    """A malformed ``?on=`` (``day_on``'s error): a 400 that says what is wrong, as a page or in the error
    shape."""
    context = {"value": request.GET.get("on", ""), "path": request.path}
    return error(request, fmt, 400, str(problem), template="reference/bad_date.html", context=context)
