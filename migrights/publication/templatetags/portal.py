"""Template helpers of the public pages."""

from __future__ import annotations

from django import template

from migrights.publication.context import local_country_name

register = template.Library()


@register.filter
def country_name(name: str, code: str) -> str:
    """``{{ row.name|country_name:row.code }}``: the name in the page's language."""
    return local_country_name(code or "", name or "")
