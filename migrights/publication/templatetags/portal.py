"""Template helpers of the public pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import floatformat
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
EN_DASH = "\u2013"  # between the ends of an interval; alone, no value


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


def _rendering(context: template.Context) -> Callable[[Any], str]:
    """How a template writes a value in ``context`` (``{{ value }}``: localised, escaped unless safe), for the rows
    the tags below build."""
    return lambda value: render_value_in_context(value, context)


@register.simple_tag(takes_context=True)
def commitment_rows(context: template.Context, rows: Iterable[dict[str, Any]]) -> SafeString:
    """``{% commitment_rows commitments %}``: the rows of a country's commitments table, an instrument a row with its
    status and its acts (``views.reference._commitment_row``). Built here rather than by template loops: the table
    has a row per instrument and several acts a row, the page's largest loop (a sixth of its rendering)."""
    show = _rendering(context)
    prefix = show(context.get("lang_prefix", ""))
    reservations = conditional_escape(gettext("reservations or declarations"))
    closed = conditional_escape(gettext("cannot become party"))
    partial = conditional_escape(gettext("partial data: status unknown"))
    unverified = conditional_escape(gettext("unverified"))
    source = conditional_escape(gettext("source"))
    effective = gettext("effective %(date)s")
    html = []
    for row in rows:
        code = conditional_escape(row["instrument"])
        html.append(
            f'<tr><td><a href="{prefix}/instruments/{code}/">'
            f"{instrument_title(context, row['instrument'], row['short_title'])}</a>"
            f' <span class="muted">{code}</span></td>\n<td>{status_badge(row["badge"], row["status_label"])}'
        )
        if row["reservation"]:
            html.append(f' <span class="flag">({reservations})</span>')
        if row["closed"]:
            html.append(f' <span class="flag">{closed}</span>')
        elif row["status_unknown"]:
            html.append(f' <span class="flag">{partial}</span>')
        since = show(row["since"]) if row["since"] else ""
        html.append(f'</td><td class="date">{since}</td>\n<td>')
        acts = []
        for act in row["actions"]:
            text = f'{show(act["action_label"])} <span class="date">{show(act["date"])}</span>'
            if act["effective"]:
                text += f" ({effective % {'date': show(act['effective'])}})"
            if not act["verified"]:
                text += f' <span class="flag">{unverified}</span>'
            if act["source_url"]:
                text += f' <a href="{show(act["source_url"])}">{source}</a>'
            acts.append(text)
        html.append("; ".join(acts) + "</td></tr>")
    return SafeString("".join(html))


@register.simple_tag(takes_context=True)
def corridor_rows(context: template.Context, rows: Iterable[dict[str, Any]]) -> SafeString:
    """``{% corridor_rows d.top %}``: the rows of a country's largest corridors in one direction, each with its
    migrants, how each kind of governance covers it and the instruments both states are party to (built here, as
    ``commitment_rows``: rows by the dozen, each with a badge per kind)."""
    show = _rendering(context)
    none = conditional_escape(gettext("none"))
    comma = conditional_escape(", ")
    html = []
    for row in rows:
        badges = "".join(f"<td>{status_badge(kind['badge'], kind['state_label'])}</td>" for kind in row["kinds"])
        both = comma.join(conditional_escape(code) for code in row["both_parties"]) or none
        unknown = comma.join(conditional_escape(code) for code in row["unknown_instruments"]) or none
        html.append(
            f'<tr><td><a href="{show(row["url"])}">'
            f"{show(row['partner_local'])}</a></td>"
            f'<td class="num">{show(floatformat(row["migrants"]["total"], "0g"))}</td>'
            f"{badges}<td>{both}</td><td>{unknown}</td></tr>"
        )
    return SafeString("".join(html))


@register.simple_tag(takes_context=True)
def corridor_share_rows(context: template.Context, rows: Iterable[dict[str, Any]]) -> SafeString:
    """``{% corridor_share_rows corridors_page.share_table %}``: the share of a country's migrants each kind of
    governance covers, a row a kind and a cell a direction (a dash: no share), the unknown share beneath (built
    here, as the corridors' rows)."""
    show = _rendering(context)
    unknown = gettext("unknown %(share)s")
    html = []
    for row in rows:
        cells = []
        for cell in row["cells"]:
            if not cell:
                cells.append(f'<td class="num">{EN_DASH}</td>')
                continue
            text = floatformat(cell["covered_pct"], 1)
            if cell["unknown_pct"]:
                share = show(floatformat(cell["unknown_pct"], 1))
                text += f'<br><span class="muted">{unknown % {"share": share}}</span>'
            cells.append(f'<td class="num">{text}</td>')
        html.append(f'<tr><th scope="row">{show(row["label"])}</th>{"".join(cells)}</tr>')
    return SafeString("".join(html))


@register.simple_tag(takes_context=True)
def recommendation_rows(context: template.Context, rows: Iterable[dict[str, Any]]) -> SafeString:
    """``{% recommendation_rows upr.recommendations %}``: the UPR recommendations a country received, each with its
    session, the recommending State (linked), the response and the text in English (built here: rows by the
    dozen)."""

    show = _rendering(context)
    prefix = show(context.get("lang_prefix", ""))
    unnamed = conditional_escape(gettext("not named by the source"))
    accepted = conditional_escape(gettext("Accepted"))
    noted = conditional_escape(gettext("Noted"))
    html = []
    for row in rows:
        session = show(row.get("session", ""))
        if row.get("year"):
            session += f" ({show(row['year'])})"
        if row.get("symbol"):
            session += f", {show(row['symbol'])}"
        state = row.get("recommending_state")
        if state:
            name = country_name(row.get("recommending_name"), state)
            recommending = f'<a href="{prefix}/countries/{show(state)}/">{show(name)}</a>'
        else:
            recommending = unnamed
        response = accepted if row.get("response") == "Accepted" else noted
        html.append(
            f'<tr><td>{session}</td><td>{recommending}</td><td>{response}</td><td lang="en">{show(row.get("text", ""))}'
            "</td></tr>"
        )
    return SafeString("".join(html))


@register.simple_tag(takes_context=True)
def law_value_rows(context: template.Context, rows: Iterable[dict[str, Any]]) -> SafeString:
    """``{% law_value_rows law_page.values %}``: a country's citizenship-law values, each with its meaning (else its
    code), whether it is carried forward from an earlier year, and its dataset and variable (built here: a row per
    provision)."""

    show = _rendering(context)
    carried = gettext("carried forward from %(year)s")
    html = []
    for row in rows:
        flag = (
            f' <span class="flag">{carried % {"year": show(row["carried_from"])}}</span>'
            if row.get("carried_forward")
            else ""
        )
        html.append(
            f'<tr><td lang="en">{show(row["title"])}</td><td><span lang="en">{show(row.get("meaning") or row["value"])}'
            f'</span>{flag}</td><td><span lang="en">{show(row["source_title"])}</span>'
            f' <span class="muted">{show(row["variable"])}</span></td></tr>'
        )
    return SafeString("".join(html))


@register.simple_tag(takes_context=True)
def agreement_rows(context: template.Context, rows: Iterable[dict[str, Any]]) -> SafeString:
    """``{% agreement_rows law_page.agreements %}``: a country's bilateral labour agreements, each with its partner
    (linked), the days it was signed and ratified and its coded protections (built here: rows by the dozen)."""

    show = _rendering(context)
    prefix = show(context.get("lang_prefix", ""))
    not_known = conditional_escape(gettext("not known"))
    html = []
    for row in rows:
        partner = show(country_name(row["partner_name"], row["partner"]))
        html.append(
            f'<tr><td><a href="{prefix}/agreements/{show(row["key"])}/">{partner}</a></td>'
            f'<td class="date">{show(row["signed"] or not_known)}</td><td class="date">{show(row["ratified"] or "")}'
            f"</td><td>{protections(row)}</td></tr>"
        )
    return SafeString("".join(html))


def _field(item: Any, name: str) -> Any:
    """``item.name`` as a template reads it: a key, else an attribute, else nothing."""
    try:
        return item[name]
    except (TypeError, KeyError, IndexError):
        return getattr(item, name, "")


@register.simple_tag(takes_context=True)
def source_links(context: template.Context, sources: Iterable[Any]) -> SafeString:
    """``{% source_links sources %}``: the footer's sources of a page, each linked to its entry of the sources page
    with its producer, title and the day it was accessed (built here: a country page cites dozens)."""
    show = _rendering(context)

    def field(source: Any, name: str) -> str:
        return show(_field(source, name))

    prefix = show(context.get("lang_prefix", ""))
    accessed = gettext("accessed %(accessed)s")
    links = [
        f'<a href="{prefix}/sources/#{field(source, "key")}"><span lang="en">{field(source, "producer")}</span>,'
        f' <span lang="{show(_field(source, "language") or "en")}">'
        f"{field(source, 'title')}</span></a>"
        f' <span class="muted">({accessed % {"accessed": field(source, "accessed")}})</span>'
        for source in sources
    ]
    return SafeString("; ".join(links))


@register.simple_tag(takes_context=True)
def score_series_rows(context: template.Context, series: Iterable[dict[str, Any]]) -> SafeString:
    """``{% score_series_rows scores.series %}``: a country's dimension scores by year, a row a year (a dash: no
    score), the trend chart as a table (built here: a row for each of some thirty years)."""
    show = _rendering(context)

    def cell(value: Any) -> str:
        return show(floatformat(value, 1) or EN_DASH)

    return SafeString(
        "".join(
            f"<tr><td>{show(year['year'])}</td>"
            f'<td class="num">{cell(year["commitment"])}</td><td class="num">{cell(year["protection"])}</td>'
            f'<td class="num">{cell(year["implementation"])}</td></tr>'
            for year in series
        )
    )


@register.simple_tag(takes_context=True)
def category_score_rows(context: template.Context, categories: Iterable[dict[str, Any]]) -> SafeString:
    """``{% category_score_rows scores.categories %}``: a country's category scores with their interval and
    coverage, a low-coverage score marked (built here, as the other score rows)."""
    show = _rendering(context)
    low_coverage = conditional_escape(gettext("low coverage"))
    html = []
    for category in categories:
        flag = f' <span class="flag" title="{low_coverage}">*</span>' if category["flagged"] else ""
        interval = (
            f"{floatformat(category['score_low'], 1)}{EN_DASH}{floatformat(category['score_high'], 1)}"
            if category["score_low"] is not None
            else ""
        )
        html.append(
            f'<tr><th scope="row"><span class="muted">{show(category["code"])}</span>'
            f' {in_language(category["title"])}</th><td class="num">{floatformat(category["score"], 1)}{flag}</td>'
            f'<td>{interval}</td><td class="num">{floatformat(category["coverage"], 2)}</td></tr>'
        )
    return SafeString("".join(html))


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
