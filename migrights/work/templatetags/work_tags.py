"""Small template helpers of the workspace."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext, ngettext

from migrights.framework.definition import IndicatorDef, Scale
from migrights.lib.labels import LocalText, translated
from migrights.reference.countries import localized_country_name

register = template.Library()


@register.filter
def html_id(code: str) -> str:
    """An indicator code as the HTML id of its section (LAB.1.P1 → ind-LAB-1-P1)."""
    return "ind-" + "".join(c if c.isalnum() else "-" for c in code)


@register.filter
def country_name(country: Any) -> str:
    """A country's name in the page's language (ISO 3166's translations; the registry's name without one)."""
    return localized_country_name(country.code, country.name, (get_language() or "en").split("-")[0])


@register.filter
def framework_text(item: Any, field: str) -> LocalText:
    """``{{ indicator|framework_text:"wording"|in_language }}``: a framework text (category, right, indicator) in the
    page's language from the framework file's ``translations``, else the English, marked as such."""
    return translated(getattr(item, field), getattr(item, "translations", None), field)


@register.filter
def data_text(text: str) -> LocalText:
    """A text the framework gives in English only (an answer level's label, a level's meaning), marked English so
    that ``in_language`` wraps it in ``lang="en"`` on a French or Spanish page."""
    return LocalText(text, "en")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@register.simple_tag
def allowed_answers(scale: Scale) -> str:
    """What an answer may be, in the page's language: the levels (their labels are the framework's, in English)
    or the bounds of a number."""
    if scale.levels:
        return format_html_join(
            ", ",
            '{} (<span lang="en">{}</span>)' if (get_language() or "en")[:2] != "en" else "{} ({})",
            ((_number(level.value), level.label) for level in scale.levels),
        )
    if scale.min is not None and scale.max is not None:
        return gettext("from %(min)s to %(max)s") % {"min": _number(scale.min), "max": _number(scale.max)}
    if scale.min is not None:
        return gettext("from %(min)s") % {"min": _number(scale.min)}
    if scale.max is not None:
        return gettext("up to %(max)s") % {"max": _number(scale.max)}
    return gettext("any number")


@register.simple_tag
def value_label(indicator: IndicatorDef, given: Any) -> str:
    """An answer's or adjudication's value as its level label or number, or its status."""
    if given.status != "value":
        return given.get_status_display()
    label = indicator.scale.label_of(given.value)
    if indicator.scale.levels and (get_language() or "en")[:2] != "en":
        return format_html('<span lang="en">{}</span>', label)
    return label


@register.simple_tag
def login_lockout() -> str:
    """The sign-in rate limit in words, from the settings (five failures, 15 minutes)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    failures = settings.AXES_FAILURE_LIMIT
    attempts = ngettext("after %(count)d failed attempt", "after %(count)d failed attempts", failures) % {
        "count": failures
    }
    locked = ngettext(
        "signing in is locked for %(count)d minute", "signing in is locked for %(count)d minutes", minutes
    ) % {"count": minutes}
    return f"{attempts}, {locked}"


@register.filter
def answer_status(status: str | None) -> str:
    """A released value's stored status in the page's language; empty for a value (the value itself is shown)."""
    from migrights.assessments.models import Answer

    if not status or status == Answer.Status.VALUE:
        return ""
    return Answer.Status(status).label if status in Answer.Status.values else status
