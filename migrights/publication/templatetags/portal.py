"""Template helpers of the public pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.translation import ngettext

from migrights.publication.context import local_country_name

register = template.Library()


@register.filter
def country_name(name: str, code: str) -> str:
    """``{{ row.name|country_name:row.code }}``: the name in the page's language."""
    return local_country_name(code or "", name or "")


@register.filter
def producers(sources: Iterable[dict[str, Any]], most: int = 3) -> str:
    """``{{ sources|producers }}``: a chart's source line, each source's producer once, in order, the first
    ``most`` named and the others counted ("A; B; C and 4 others")."""
    names = list(dict.fromkeys(str(s["producer"]) for s in sources if s.get("producer")))
    shown = "; ".join(names[:most])
    rest = len(names) - most
    if rest <= 0:
        return shown
    return ngettext("%(names)s and %(count)s other", "%(names)s and %(count)s others", rest) % {
        "names": shown,
        "count": rest,
    }
