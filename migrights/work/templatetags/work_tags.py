"""Small template helpers of the workspace."""

from __future__ import annotations

from typing import Any

from django import template

from migrights.framework.definition import IndicatorDef

register = template.Library()


@register.filter
def html_id(code: str) -> str:
    """An indicator code as the HTML id of its section (LAB.1.P1 → ind-LAB-1-P1)."""
    return "ind-" + "".join(c if c.isalnum() else "-" for c in code)


@register.simple_tag
def value_label(indicator: IndicatorDef, given: Any) -> str:
    """An answer's or adjudication's value as its level label or number, or its status."""
    if given.status != "value":
        return given.get_status_display()
    return indicator.scale.label_of(given.value)


@register.simple_tag
def login_lockout() -> str:
    """The sign-in rate limit in words, from the settings (five failures, 15 minutes)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return f"after {settings.AXES_FAILURE_LIMIT} failed attempts, signing in is locked for {minutes} minutes"
