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
