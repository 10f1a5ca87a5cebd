"""The error answers of the whole site (``handler404``, ``handler500``): the API answers its JSON error body and
the pages' twins the same fields in their format (``twins.twin_error``), a twin's 404 with the suggestions as
``details``; a page answers the styled, translated error page with a search box and, for an address that
does not exist, the pages whose code or name comes closest to it (``/instruments/C189/`` → ``ILO-C189``)."""

from __future__ import annotations

import difflib
import logging
import re
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _

from migrights.governance.models import GovernanceBody
from migrights.lib.errors import error_body
from migrights.publication.context import language_prefix, local_country_name, unprefixed_path
from migrights.publication.twins import twin_error
from migrights.publication.views.explore import search_results
from migrights.reference.models import Country, Instrument

TWIN = re.compile(r"\.(json|csv)$")
MAX_SUGGESTIONS = 6
SECTIONS = {"countries": "countries", "instruments": "instruments", "bodies": "bodies"}
logger = logging.getLogger(__name__)


def _twin_format(request: HttpRequest) -> str | None:
    """``"json"`` or ``"csv"`` for an address of a page's twin, None for a page."""
    found = TWIN.search(request.path)
    return found.group(1) if found else None


def _candidates() -> dict[str, dict[str, tuple[str, str]]]:
    """Every page a suggestion can name, by section: code (as typed in addresses) → (address code, label)."""
    return {
        "instruments": {i.code: (i.code, i.short_title or i.title) for i in Instrument.objects.all()},
        "countries": {
            c.code: (c.code, local_country_name(c.code, c.name))
            for c in Country.objects.exclude(kind=Country.Kind.TERRITORY)
        },
        "bodies": {b.slug.upper(): (b.slug, b.name) for b in GovernanceBody.objects.all()},
    }


def suggestions(path: str) -> tuple[str, list[dict[str, Any]]]:
    """What the visitor may have meant by ``path``: the word searched for (the address's last part) and up to six
    pages whose code contains it or comes close to it, pages of the address's own section first."""
    parts = [p for p in TWIN.sub("", unprefixed_path(path)).split("/") if p]
    if not parts:
        return "", []
    word = parts[-1][:100]
    section = SECTIONS.get(parts[0]) if len(parts) > 1 else None
    found = search_results(word, limit=MAX_SUGGESTIONS)
    named = {
        "instruments": [i["code"] for i in found["instruments"]],
        "countries": [c["code"] for c in found["countries"]],
        "bodies": [b["slug"].upper() for b in found["bodies"]],
    }
    candidates = _candidates()
    prefix = language_prefix()
    order = sorted(candidates, key=lambda name: name != section)  # the address's own section first
    chosen: list[dict[str, Any]] = []
    for name in order:
        close = difflib.get_close_matches(word.upper(), list(candidates[name]), n=3, cutoff=0.6)
        for key in dict.fromkeys([*close, *named[name]]):
            code, title = candidates[name][key]
            chosen.append({"url": f"{prefix}/{name}/{code}/", "code": code, "label": title})
    return word, chosen[:MAX_SUGGESTIONS]


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: the error body for the API and twins; the error page, with suggestions, for a page."""
    if request.path.startswith("/api/"):  # an address the API does not have (its own 404s are answered by it)
        message = f"no API address {request.path}: the addresses are listed at /api/v1/docs"
        return JsonResponse(error_body(404, message), status=404)
    given = exception.args[0] if exception is not None and exception.args else None
    # the message a view gave (a URL that matched no route gives the resolver's details instead)
    # (and Django's "No Assessment matches the given query." names a table, not what the visitor asked for)
    useful = isinstance(given, str) and given and not given.endswith("matches the given query.")
    message = given if useful else _("There is no page at this address.")
    query, suggested = suggestions(request.path)
    fmt = _twin_format(request)
    if fmt:  # the page's suggestions, each as the twin in the format asked for (a script follows the same kind)
        twins = [{**s, "url": s["url"].rstrip("/") + f".{fmt}"} for s in suggested]
        return twin_error(fmt, 404, message, details=twins)
    context = {"status": 404, "error": message, "query": query, "suggestions": suggested}
    return render(request, "portal/error.html", context, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: the error body for the API and twins; the error page otherwise (plain text if even that fails)."""
    message = _("The server could not answer this request. Please try again later.")
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(500, message), status=500, json_dumps_params={"ensure_ascii": False})
    fmt = _twin_format(request)
    if fmt:
        return twin_error(fmt, 500, message)
    try:
        return render(request, "portal/error.html", {"status": 500, "error": message}, status=500)
    except Exception:  # the page itself needs the database, which may be what failed
        logger.exception("the error page could not be rendered")
        return HttpResponseServerError(message, content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``: the site's icon (the pages name it in their ``<head>``)."""
    return redirect(static("portal/favicon.svg"), permanent=True)
