"""The vocabulary's names in the active language: the Django side of ``lib.vocabulary``, which stays Django-free
so that the index engine can take its words from there."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, gettext_lazy


def label(labels: Mapping[str, str], code: str) -> str:
    """The name of ``code`` in ``labels`` translated into the active language (the code itself when unnamed)."""
    return gettext(labels[code]) if code in labels else code


def lazy_label(labels: Mapping[str, str], code: str) -> Any:
    """``label()`` translated when the text is used (for names fixed at import time)."""
    return gettext_lazy(labels[code]) if code in labels else code


class LocalText(str):
    """A data text with the language it is written in (``language``), so that a page can mark a fallback."""

    language: str

    def __new__(cls, text: str, language: str) -> LocalText:
        made = super().__new__(cls, text)
        made.language = language
        return made


def translated(
    english: str, translations: Mapping[str, Any] | None, field: str, language: str | None = None
) -> LocalText:
    """The text ``field`` in the active language from a record's ``translations`` (``{"fr": {"title": ...}}``), or
    ``english`` (marked as English) where that language has none: data texts are never translated on the fly."""
    from django.utils.translation import get_language

    language = (language or get_language() or "en").split("-")[0]
    text = ((translations or {}).get(language) or {}).get(field) if language != "en" else None
    return LocalText(text, language) if text else LocalText(english, "en")
