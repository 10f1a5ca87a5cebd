"""The methodology page, generated from the spec and the framework of the current edition."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from migrights.framework.queries import framework_versions, law_origin, version_changes
from migrights.lib.labels import translated
from migrights.lib.vocabulary import DIMENSIONS
from migrights.publication.twins import respond
from migrights.reference.models import Source
from migrights.scores.editions import current_edition
from migrights.scores.methodology import (
    SOBOL_MAX_HALF_WIDTH,
    aggregation_rows,
    alternatives,
    edge_summary,
    sensitivity_rows,
    spec_rows,
    spec_yaml,
)
from migrights.scores.models import Edition
from migrights.scores.queries import edition_dict


def methodology_data(release: str | None = None) -> dict[str, Any]:
    edition = current_edition(release)
    if edition is None:
        raise Http404(_("No scores have been computed yet."))
    definition = edition.framework.definition()
    spec = edition.manifest["spec"]
    rows = spec_rows(spec, edition.manifest.get("draws"))
    return {
        **edition_dict(edition),
        "framework_counts": definition.counts(),
        "categories": [
            {
                "code": c.code,
                "title": translated(c.title, c.translations, "title"),
                "indicators": {d: sum(1 for i in c.indicators if i.dimension == d) for d in DIMENSIONS},
            }
            for c in definition.categories
        ],
        "spec": spec,
        "spec_rows": rows,
        "spec_words": {row["key"]: row["value"] for row in rows},
        "aggregation": aggregation_rows(spec["aggregation"]),
        "alternatives": alternatives(spec),
        "engine_version": edition.manifest.get("engine_version"),
        "sensitivity": edition.sensitivity,
        "sensitivity_rows": sensitivity_rows(edition.sensitivity),
        "sobol_max_half_width": SOBOL_MAX_HALF_WIDTH,
        "edge": edge_summary(edition),
        "framework_versions": framework_versions_data(edition.framework_id),
    }


def relation_label(relation: str) -> str:
    """How an indicator relates to the previous version's, in the page's language."""
    return {
        "same": _("same question"),
        "reworded": _("reworded"),
        "split": _("split from"),
        "merged": _("merged from"),
        "new": _("new"),
    }.get(relation, relation)


def framework_versions_data(edition_framework_id: int) -> list[dict[str, Any]]:
    """Every loaded version of the framework: whether the observatory publishes it, its indicators (those derived
    from law datasets apart), whether scores were computed on it, and how its indicators map from the version
    before (only those not kept as they were)."""
    versions = framework_versions()
    computed = set(Edition.objects.filter(framework__in=versions).values_list("framework_id", flat=True).distinct())
    sources = dict(Source.objects.filter(key__in=set(law_sources(versions))).values_list("key", "title"))
    by_pk = {framework.pk: framework for framework in versions}
    rows = []
    for framework in versions:
        definition = framework.definition()
        changes = version_changes(framework) if framework.predecessor_id else []
        for change in changes:
            change["relation_label"] = relation_label(change["relation"])
            change["source_title"] = sources.get(change["source"])
        rows.append(
            {
                "version": framework.version,
                "label": str(framework),
                "published": framework.version == settings.FRAMEWORK_VERSION,
                "shown": framework.pk == edition_framework_id,
                "predecessor": by_pk[framework.predecessor_id].version if framework.predecessor_id in by_pk else None,
                "indicators": len(definition.indicators),
                "law_derived": sum(1 for i in definition.indicators if i.law_derived),
                "computed": framework.pk in computed,
                "changes": changes,
            }
        )
    return rows


def law_sources(versions: list[Any]) -> list[str]:
    return [
        origin["source"]
        for framework in versions
        for indicator in framework.definition().indicators
        if (origin := law_origin(indicator)) is not None and origin["source"]
    ]


def methodology(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    data = methodology_data(request.GET.get("release"))
    table = [{"category": c["code"], "title": c["title"], **c["indicators"]} for c in data["categories"]]
    columns = ("category", "title", "commitment", "protection", "implementation")
    return respond(request, fmt, "scores/methodology.html", data, table, columns, "methodology")


def methodology_spec(request: HttpRequest) -> HttpResponse:
    """The current edition's specification as a YAML file (the raw form of the page's table)."""
    edition = current_edition(request.GET.get("release"))
    if edition is None:
        raise Http404(_("No scores have been computed yet."))
    response = HttpResponse(spec_yaml(edition), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="spec-{edition.label}.yaml"'
    return response
