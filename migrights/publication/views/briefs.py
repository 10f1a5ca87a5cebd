"""The brief's download address: /countries/{iso3}/brief.pdf in the address's language."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from migrights.briefs.cache import cached_brief
from migrights.reference.models import Country


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
