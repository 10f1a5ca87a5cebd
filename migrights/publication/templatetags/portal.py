"""Template helpers of the public pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from migrights.lib.labels import LocalText, label
from migrights.lib.vocabulary import (
    ACTION_LABELS,
    DIMENSION_LABELS,
    EDITION_LABELS,
    REGION_LABELS,
    ROLE_LABELS,
    SUBREGION_LABELS,
)
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


@register.filter
def in_language(text: object) -> str:
    """``{{ title|in_language }}``: a data text, wrapped in ``<span lang="en">`` when it is the English fallback on a
    French or Spanish page (``lib.labels.translated``), so that readers and screen readers know its language."""
    if text is None or text == "":
        return ""
    language = getattr(text, "language", None)
    current = (get_language() or "en").split("-")[0]
    if language and language != current:
        return format_html('<span lang="{}">{}</span>', language, text)
    return conditional_escape(text)


@register.simple_tag(takes_context=True)
def instrument_title(
    context: template.Context, code: str, english: str = "", short: bool = True, plain: bool = False
) -> str:
    """``{% instrument_title row.instrument row.short_title %}``: the instrument's official title in the page's
    language where one was read (``Instrument.local_title``), else the English one marked ``lang="en"`` (``plain``:
    unmarked, for the page's ``<title>``); the titles are read once per state of the reference data, looked up once
    per page."""
    from migrights.reference.queries import titled_instruments

    titles = context.render_context.get("instrument_titles")
    if titles is None:
        titles = context.render_context["instrument_titles"] = titled_instruments()
    instrument = titles.get(code)
    text = instrument.local_title(short=short) if instrument else LocalText(english or code, "en")
    return conditional_escape(text) if plain else in_language(text)


@register.simple_tag
def status_badge(status: str, label: object) -> SafeString:
    """``{% status_badge row.status row.status_label %}``: a treaty status or a state of knowledge as a badge whose
    shape, not only its colour, tells it (design.css); status: party (bound), signatory, denounced, none (not
    bound), unknown, not-applicable. Built here rather than by an include: pages show it in rows by the hundred."""
    return format_html('<span class="badge badge-{}">{}</span>', status, label)


@register.simple_tag
def protections(agreement: dict[str, Any]) -> SafeString:
    """``{% protections a %}``: a bilateral labour agreement's coded protections (``provision_labels``: None when the
    agreement is not coded, so unknown; empty when coded without any of them)."""
    labels = agreement["provision_labels"]
    if labels is None:
        return format_html('<span class="muted">{}</span>', gettext("not coded: unknown"))
    if labels:
        return format_html('<span lang="en">{}</span>', format_html_join("; ", "{}", ((text,) for text in labels)))
    return format_html("{}", gettext("none of the coded protections"))


@register.filter
def region_name(name: str) -> str:
    """``{{ country.region|region_name }}``: a UN M49 region or sub-region in the page's language."""
    return label({**REGION_LABELS, **SUBREGION_LABELS}, name or "")


@register.filter
def action_name(action: str) -> str:
    """``{{ act.action|action_name }}``: a treaty act (ratification, accession...) in the page's language."""
    return label(ACTION_LABELS, action or "")


@register.filter
def role_name(role: str) -> str:
    """``{{ m.role|role_name }}``: a role in a governance body (member, observer...) in the page's language."""
    return label(ROLE_LABELS, role or "")


@register.filter
def dimension_name(dimension: str) -> str:
    """``{{ v.dimension|dimension_name }}``: commitment, protection or implementation in the page's language."""
    return label(DIMENSION_LABELS, dimension or "")


@register.filter
def edition_name(edition: str) -> str:
    """``{{ scores.edition|edition_name }}``: an edition's name in the page's language (a release's number as is)."""
    return label(EDITION_LABELS, edition or "")
