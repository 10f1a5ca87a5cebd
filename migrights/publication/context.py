"""What every public page shows around its content: languages, addresses in the current language, the release."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy

# The site's main navigation: (first part of the address, label), in the header's order.
MAIN_NAV = (
    ("countries", gettext_lazy("Countries")),
    ("compare", gettext_lazy("Compare")),
    ("rankings", gettext_lazy("Rankings")),
    ("instruments", gettext_lazy("Instruments")),
    ("bodies", gettext_lazy("Governance bodies")),
    ("corridors", gettext_lazy("Corridors")),
    ("documents", gettext_lazy("Documents")),
    ("milestones", gettext_lazy("Milestones")),
    ("methodology", gettext_lazy("Methodology")),
    ("data", gettext_lazy("Data & API")),
    ("sources", gettext_lazy("Sources")),
)


def unprefixed_path(path: str) -> str:
    """``/fr/countries/FRA/`` → ``/countries/FRA/``: the page's address in the default language."""
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}/" or path.startswith(f"/{code}/")):
            return path[len(code) + 1 :]
    return path


def language_prefix(language: str | None = None) -> str:
    """``""`` in the default language, ``"/fr"`` in French: put it in front of every public address."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def local_country_name(code: str, name: str) -> str:
    """The country's name in the page's language (``reference.countries.localized_country_name``)."""
    from migrights.reference.countries import localized_country_name

    return localized_country_name(code, name, get_language() or "en")


def current_release() -> dict[str, Any] | None:
    """The newest published release, or None before the first."""
    from migrights.assessments.public import latest_release, release_dict

    release = latest_release()
    return release_dict(release) if release else None


def site(request: HttpRequest) -> dict[str, Any]:
    path = unprefixed_path(request.path)
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    section = path.strip("/").split("/")[0].split(".")[0]
    return {
        "lang_prefix": language_prefix(),
        "main_nav": [
            {"url": f"{language_prefix()}/{key}/", "label": name, "current": key == section} for key, name in MAIN_NAV
        ],
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": f"{language_prefix(code)}{path}{query}",
                "current": code == get_language(),
            }
            for code, name in settings.LANGUAGES
        ],
        "current_release": SimpleLazyObject(current_release),
    }
