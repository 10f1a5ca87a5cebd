"""The methodology page, generated from the spec and the framework of the current edition."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from migrights.lib.labels import translated
from migrights.lib.vocabulary import DIMENSIONS
from migrights.publication.twins import respond
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
    }


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
