"""Plain public pages of the governance architecture, each with its .json and .csv twin."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migrights.governance.models import GovernanceBody, Milestone
from migrights.governance.queries import body_dict, body_profile, milestone_dict
from migrights.lib import charts
from migrights.lib.labels import LocalText, lazy_label, translated
from migrights.lib.vocabulary import ROLE_LABELS
from migrights.publication.context import language_prefix
from migrights.publication.maps import country_category_map
from migrights.publication.twins import BadRequest, bad_date, day_on, respond
from migrights.reference.models import Country

KIND_LABELS = {
    "rcp": gettext_lazy("Regional consultative process"),
    "irf": gettext_lazy("Inter-regional forum"),
    "global-process": gettext_lazy("Global process"),
    "mobility-regime": gettext_lazy("Regional mobility regime"),
    "un-entity": gettext_lazy("UN entity or network"),
    "bilateral-agreement": gettext_lazy("Bilateral agreement"),
}
CIVIL_SOCIETY_LABELS = {
    "yes": gettext_lazy("yes"),
    "limited": gettext_lazy("limited"),
    "no": gettext_lazy("no"),
    "unknown": gettext_lazy("not documented"),
}
STAGE_LABELS = {
    1: gettext_lazy("Forum for dialogue on shared concerns"),
    2: gettext_lazy("Common understanding and language"),
    3: gettext_lazy("Plan of action or agreed goals"),
    4: gettext_lazy("Operational cooperation"),
}
MILESTONE_KIND_LABELS = {
    "instrument": gettext_lazy("Instrument"),
    "institution": gettext_lazy("Institution"),
    "mandate": gettext_lazy("Mandate"),
    "meeting": gettext_lazy("Meeting"),
    "report": gettext_lazy("Report"),
    "declaration": gettext_lazy("Declaration"),
}
MILESTONE_COLOURS = {
    "instrument": "#1f5fa8",
    "institution": "#2e7d32",
    "mandate": "#8e44ad",
    "meeting": "#e08e0b",
    "report": "#555555",
    "declaration": "#c0392b",
}
# Map categories of a body's members, in legend order, with the roles each takes in.
MEMBER_CATEGORIES = (
    ("member", gettext_lazy("member"), "#1f5fa8", ("member", "chair")),
    ("observer", gettext_lazy("observer"), "#e8a33d", ("observer",)),
    ("partner", gettext_lazy("partner or associate"), "#7fb77e", ("partner", "associate")),
    ("former", gettext_lazy("former member"), "#b39ddb", ()),
)


# A body's own texts that have French and Spanish versions in ``GovernanceBody.translations``
BODY_TEXTS = ("region", "secretariat", "civil_society_note", "stage_note", "note")


def body_texts(body: GovernanceBody) -> dict[str, LocalText]:
    """The body's own texts (and its focus, as one line) in the page's language, the English marked where missing."""
    texts = {name: translated(getattr(body, name), body.translations, name) for name in BODY_TEXTS}
    focus = {
        lang: {"focus": ", ".join(t["focus"])}
        for lang, t in (body.translations or {}).items()
        if len(t.get("focus") or ()) == len(body.focus)
    }
    return {**texts, "focus": translated(", ".join(body.focus), focus, "focus")}


def milestone_texts(milestone: Milestone) -> dict[str, LocalText]:
    """A milestone's title and description in the page's language, the English marked where missing."""
    return {
        "title": translated(milestone.title, milestone.translations, "title"),
        "description": translated(milestone.description, milestone.translations, "description"),
    }


def body_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    objects = list(GovernanceBody.objects.all().order_by("kind", "name").annotate_member_count())
    bodies = [{**body_dict(b), "members": b.member_count} for b in objects]
    columns = ("slug", "name", "acronym", "kind", "region", "initiated", "formalised", "ended", "stage", "members")
    shown = (
        [
            {**b, "kind_label": KIND_LABELS.get(b["kind"], b["kind"]), "region": body_texts(o)["region"]}
            for b, o in zip(bodies, objects, strict=True)
        ]
        if not fmt
        else bodies
    )
    return respond(request, fmt, "governance/body_list.html", {"bodies": shown}, bodies, columns, "bodies")


def member_category(memberships: list[dict[str, Any]]) -> str | None:
    """One country's place on the member map: its strongest current role, else 'former' if it was a member."""
    current = {m["role"] for m in memberships if m["current"]}
    for key, _label, _colour, roles in MEMBER_CATEGORIES:
        if current & set(roles):
            return key
    if any(m["role"] in ("member", "chair") for m in memberships):
        return "former"
    return None


def _member_map(memberships: list[dict[str, Any]]) -> dict[str, Any] | None:
    by_country: dict[str, list[dict[str, Any]]] = {}
    for m in memberships:
        if m["country"]:
            by_country.setdefault(m["country"], []).append(m)
    if not by_country:
        return None
    labels = {key: str(label) for key, label, _colour, _roles in MEMBER_CATEGORIES}
    countries = Country.objects.filter(code__in=by_country).values_list("code", "m49", "name")
    return country_category_map(
        (
            (code, m49, name, labels[category])
            for code, m49, name in countries
            if (category := member_category(by_country[code]))
        ),
        legend_title=_("Role"),
        categories=[(labels[key], colour) for key, _label, colour, _roles in MEMBER_CATEGORIES],
    )


def body_detail(request: HttpRequest, slug: str, fmt: str | None = None) -> HttpResponse:
    body = GovernanceBody.objects.filter(slug=slug.lower()).first()
    if body is None:
        raise Http404(_("No governance body has the name “%(slug)s”.") % {"slug": slug.lower()})
    try:
        on = day_on(request)
    except BadRequest as problem:
        return bad_date(request, fmt, problem)
    data = body_profile(body, on)
    columns = ("member", "country", "organisation", "role", "start", "end", "current", "verified", "source_url")
    table = data["memberships"]
    if not fmt:
        data = {
            **data,
            "memberships": [{**m, "role_label": lazy_label(ROLE_LABELS, m["role"])} for m in table],
            "milestones": [
                {**milestone_dict(m), **milestone_texts(m)}
                for m in body.milestones.select_related("source", "instrument")
            ],
            "page": {
                "texts": body_texts(body),
                "kind": KIND_LABELS.get(data["kind"], data["kind"]),
                "civil_society": CIVIL_SOCIETY_LABELS.get(data["civil_society"], data["civil_society"]),
                "stage": STAGE_LABELS.get(data["stage"]) if data["stage"] else None,
                "map_spec": _member_map(table),
                "growth_spec": charts.step_count(
                    [
                        {"date": _first_day(g["date"]), "label": g["date"], "value": g["members"]}
                        for g in data["growth"]
                    ],
                    y_title=_("Members"),
                    date_title=_("Date"),
                )
                if data["growth"]
                else None,
            },
        }
    return respond(
        request,
        fmt,
        "governance/body_detail.html",
        data,
        table,
        columns,
        f"body-{body.slug}",
        sources=data["sources"],
    )


def milestone_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    objects = list(Milestone.objects.select_related("body", "instrument", "source"))
    milestones = [milestone_dict(m) for m in objects]
    columns = ("date", "precision", "title", "kind", "description", "body", "instrument", "verified", "source_url")
    context: dict[str, Any] = {"milestones": milestones}
    if not fmt:
        prefix = language_prefix()
        shown = [
            {**m, **milestone_texts(o), "kind_label": MILESTONE_KIND_LABELS.get(m["kind"], m["kind"])}
            for m, o in zip(milestones, objects, strict=True)
        ]
        rows = [
            {
                "date": _first_day(m["date"]),
                "label": m["date"],
                "title": str(m["title"]),
                "kind": str(m["kind_label"]),
                "url": f"{prefix}/instruments/{m['instrument']}/"
                if m["instrument"]
                else (f"{prefix}/bodies/{m['body']}/" if m["body"] else None),
            }
            for m in shown
        ]
        colours = {str(MILESTONE_KIND_LABELS[k]): v for k, v in MILESTONE_COLOURS.items()}
        spec = charts.event_timeline(
            rows, kind_title=_("Kind"), date_title=_("Date"), title_title=_("Milestone"), colours=colours
        )
        context = {"milestones": shown, "page": {"timeline_spec": spec if rows else None}}
    return respond(request, fmt, "governance/milestones.html", context, milestones, columns, "milestones")


def _first_day(date: str) -> str:
    """``2018`` → ``2018-01-01``, ``2018-12`` → ``2018-12-01``: where a partial date sits on a time axis."""
    return date + "-01" * (2 - date.count("-"))
