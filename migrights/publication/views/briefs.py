"""The briefs' download addresses, in the address's language.

``/countries/{iso3}/brief.pdf``; ``/briefs/region/{region}.pdf`` (a UN M49 region or sub-region, by name or
slug), ``/briefs/countries/{ISO3,ISO3,...}.pdf`` and ``/briefs/instrument/{code}.pdf``, each also ``.html``.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from migrights.briefs.cache import cached_brief, cached_document
from migrights.briefs.groups import UnknownInstrument, area_names, find_instrument
from migrights.reference.models import Country

MAX_COUNTRIES = 30  # a comparison table beyond this does not fit a page


def brief_pdf(request: HttpRequest, code: str) -> FileResponse:
    code = code.upper()
    if not Country.objects.filter(code=code).exists():
        raise Http404(_("No country has the code “%(code)s”.") % {"code": code})
    language = get_language() or settings.LANGUAGE_CODE
    return FileResponse(
        cached_brief(code, language).open("rb"),
        as_attachment=True,
        filename=f"migrights-brief-{code}-{language}.pdf",
        content_type="application/pdf",
    )


def _subject(kind: str, key: str) -> str:
    """The brief's subject as ``render.build_document`` reads it; a 404 naming what is unknown."""
    if kind == "region":
        wanted = slugify(key)
        found = next((name for name in area_names() if slugify(name) == wanted), None)
        if found is None:
            raise Http404(f"no region or sub-region {key!r}")
        return found
    if kind == "countries":
        codes = [c.upper() for c in key.split(",") if c]
        if not codes or len(codes) > MAX_COUNTRIES or not all(re.fullmatch(r"[A-Z]{3,4}", c) for c in codes):
            raise Http404(f"list between 1 and {MAX_COUNTRIES} country codes separated by commas")
        missing = sorted(set(codes) - set(Country.objects.filter(code__in=codes).values_list("code", flat=True)))
        if missing:
            raise Http404(f"no country {', '.join(missing)}")
        return ",".join(dict.fromkeys(codes))
    try:
        return find_instrument(key).code
    except UnknownInstrument:
        raise Http404(f"no ratifiable instrument {key!r}") from None


def comparative_brief(request: HttpRequest, kind: str, key: str, fmt: str) -> HttpResponse:
    """A region's, a group of countries' or an instrument's brief: PDF as an attachment, HTML shown."""
    subject = _subject(kind, key)
    language = get_language() or settings.LANGUAGE_CODE
    path = cached_document(kind, subject, language, fmt)
    if fmt == "html":
        return HttpResponse(path.read_bytes(), content_type="text/html; charset=utf-8")
    name = slugify(subject.replace(",", "-")) or kind
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"migrights-brief-{kind}-{name}-{language}.pdf",
        content_type="application/pdf",
    )
