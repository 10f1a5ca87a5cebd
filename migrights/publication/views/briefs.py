"""The briefs' download addresses, in the address's language.

``/countries/{iso3}/brief.pdf``; ``/briefs/region/{region}.pdf`` (a UN M49 region or sub-region, by name or
slug), ``/briefs/countries/{ISO3,ISO3,...}.pdf`` and ``/briefs/instrument/{code}.pdf``, each also ``.html``.

A brief's file is built by a job on the queue (``briefs.tasks``), never in the request: an address whose file is not
kept yet puts its build on the queue (one job per file, however many ask) and answers at once 202 with a page that
reloads itself every few seconds (``?job=`` its job) until the same address serves the file. A failed build is said
on that page; a new request (without ``?job=``) tries again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import BinaryIO

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from migrights.briefs.cache import brief_file
from migrights.briefs.groups import UnknownInstrument, area_names, find_instrument
from migrights.briefs.tasks import brief_job_key, queue_brief
from migrights.jobs.models import Job
from migrights.jobs.runner import worker_health
from migrights.reference.models import Country

MAX_COUNTRIES = 30  # a comparison table beyond this does not fit a page
RELOAD_SECONDS = 3  # how often the waiting page asks again
RELOAD_SECONDS_WITHOUT_WORKER = 30  # ... while no worker takes jobs (one may start: the job waits for it)


def _open(kind: str, subject: str, language: str, fmt: str) -> BinaryIO | None:
    """The kept file, open (it stays readable if a newer build deletes it meanwhile); None when not built yet."""
    try:
        return brief_file(kind, subject, language, fmt).open("rb")
    except FileNotFoundError:
        return None


def _waiting(request: HttpRequest, job: Job) -> HttpResponse:
    """202 while the job builds the file, reloading itself on the same address; the job's error once it failed."""
    failed = job.state == Job.State.FAILED
    # a job no worker takes may wait long: the page says so and asks less often (the details are /health's)
    stalled = job.state == Job.State.QUEUED and not worker_health()[0]
    reload = RELOAD_SECONDS_WITHOUT_WORKER if stalled else RELOAD_SECONDS
    context = {"job": job, "failed": failed, "stalled": stalled, "reload": reload, "again": request.path}
    response = render(request, "portal/brief_waiting.html", context, status=503 if failed else 202)
    add_never_cache_headers(response)  # the file replaces this answer soon: no cache may keep it
    return response


def _served(
    request: HttpRequest, kind: str, subject: str, language: str, fmt: str, answer: Callable[[BinaryIO], HttpResponse]
) -> HttpResponse:
    """``answer(file)`` once the brief's file is kept; else its build on the queue and the waiting page."""
    handle = _open(kind, subject, language, fmt)
    if handle is not None:
        return answer(handle)
    waited = request.GET.get("job", "")
    if waited.isdigit():  # the waiting page reloading: its job's failure is said, not tried again in a loop
        job = Job.objects.filter(pk=int(waited), key=brief_job_key(kind, subject, language, fmt)).first()
        if job is not None and job.state == Job.State.FAILED:
            return _waiting(request, job)
    job = queue_brief(kind, subject, language, fmt)
    handle = _open(kind, subject, language, fmt)  # built already where the queue runs tasks at once (tests)
    if handle is not None:
        return answer(handle)
    job.refresh_from_db()
    return _waiting(request, job)


def brief_pdf(request: HttpRequest, code: str) -> HttpResponse:
    code = code.upper()
    if not Country.objects.filter(code=code).exists():
        raise Http404(_("No country has the code “%(code)s”.") % {"code": code})
    language = get_language() or settings.LANGUAGE_CODE

    def answer(handle: BinaryIO) -> HttpResponse:
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"migrights-brief-{code}-{language}.pdf",
            content_type="application/pdf",
        )

    return _served(request, "country", code, language, "pdf", answer)


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
    name = slugify(subject.replace(",", "-")) or kind

    def answer(handle: BinaryIO) -> HttpResponse:
        if fmt == "html":
            with handle:
                return HttpResponse(handle.read(), content_type="text/html; charset=utf-8")
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"migrights-brief-{kind}-{name}-{language}.pdf",
            content_type="application/pdf",
        )

    return _served(request, kind, subject, language, fmt, answer)
