"""Row schemas of the governance files (memberships, milestones) and the bodies loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Q

from migrights.governance.models import GovernanceBody, Membership, Milestone
from migrights.lib.yamlfiles import DataFileError, load_yaml, text_or_none
from migrights.reference.loading import (
    CellError,
    Lookups,
    RowErrors,
    RowSchema,
    collect_cells,
    read_bool,
    read_choice,
    read_date,
    read_ref,
    read_text,
)
from migrights.reference.models import Source


def _read_membership(row: dict[str, str], lookups: Lookups) -> dict[str, Any]:
    values = collect_cells(
        {
            "body": lambda: read_ref(row, "body", lookups.bodies, "body slug"),
            "country": lambda: read_ref(row, "country", lookups.countries, "country code", required=False),
            "organisation": lambda: read_text(row, "organisation", 120),
            "role": lambda: read_choice(row, "role", Membership.Role.values),
            "start": lambda: read_date(row, "start", required=False),
            "end": lambda: read_date(row, "end", required=False),
            "verified": lambda: read_bool(row, "verified", default=True),
            "note": lambda: read_text(row, "note", 2000),
            "internal_note": lambda: read_text(row, "internal_note", 2000),
            "source": lambda: read_ref(row, "source", lookups.sources, "source key"),
        }
    )
    if (values["country"] is None) == (values["organisation"] == ""):
        raise RowErrors([CellError("country", "fill exactly one of country and organisation")])
    if values["start"] and values["end"] and values["end"].first < values["start"].first:
        raise RowErrors([CellError("end", "ends before it starts")])
    return values


MEMBERSHIPS = RowSchema(
    kind="memberships",
    model=Membership,
    columns=("body", "country", "organisation", "role", "start", "end", "source", "verified", "note", "internal_note"),
    required=("body", "role", "source"),
    read=_read_membership,
    key=lambda v: (
        v["body"].slug,
        v["country"].code if v["country"] else v["organisation"],
        v["role"],
        v["start"].iso() if v["start"] else "",
    ),
    label=lambda v: v["body"].slug,
)


def _read_milestone(row: dict[str, str], lookups: Lookups) -> dict[str, Any]:
    values = collect_cells(
        {
            "date": lambda: read_date(row, "date", required=True),
            "title": lambda: read_text(row, "title", 300, required=True),
            "kind": lambda: read_choice(row, "kind", Milestone.Kind.values),
            "description": lambda: read_text(row, "description", 4000),
            "body": lambda: read_ref(row, "body", lookups.bodies, "body slug", required=False),
            "instrument": lambda: read_ref(row, "instrument", lookups.instruments, "instrument code", required=False),
            "verified": lambda: read_bool(row, "verified", default=True),
            "source": lambda: read_ref(row, "source", lookups.sources, "source key"),
            **{
                f"{name}_{lang}": lambda name=name, lang=lang: read_text(row, f"{name}_{lang}", 4000)
                for lang in MILESTONE_LANGUAGES
                for name in ("title", "description")
            },
        }
    )
    translations = {
        lang: {name: text for name in ("title", "description") if (text := values.pop(f"{name}_{lang}"))}
        for lang in MILESTONE_LANGUAGES
    }
    for lang, texts in translations.items():
        if texts and "title" not in texts:
            raise RowErrors([CellError(f"title_{lang}", f"a {lang} description needs its {lang} title")])
    return {**values, "translations": {lang: texts for lang, texts in translations.items() if texts}}


# The languages of a milestone's optional translated columns (title_fr, description_fr, ...)
MILESTONE_LANGUAGES = ("fr", "es")

MILESTONES = RowSchema(
    kind="milestones",
    model=Milestone,
    columns=(
        "date",
        "title",
        "kind",
        "description",
        "body",
        "instrument",
        "source",
        "verified",
        *(f"{name}_{lang}" for lang in MILESTONE_LANGUAGES for name in ("title", "description")),
    ),
    required=("date", "title", "kind", "source"),
    read=_read_milestone,
    key=lambda v: (v["date"].iso(), v["title"]),
    label=lambda v: v["kind"],
)


def membership_scope(rows: list[dict[str, Any]]) -> Q:
    return Q(body__in={r["body"] for r in rows})


def milestone_scope(rows: list[dict[str, Any]]) -> Q:
    return Q()


def load_bodies(path: Path) -> int:
    """Create or update the governance bodies of a YAML file (validated by its schema)."""
    entries = load_yaml(path, "bodies")
    sources = {s.key: s for s in Source.objects.all()}
    missing = sorted({k for e in entries for k in e["sources"] if k not in sources})
    if missing:
        raise DataFileError(f"{path}: unknown source keys: {', '.join(missing)}")
    for entry in entries:
        values = {
            "name": entry["name"],
            "acronym": entry.get("acronym") or "",
            "kind": entry["kind"],
            "region": entry.get("region") or "",
            "initiated": text_or_none(entry.get("initiated")),
            "formalised": text_or_none(entry.get("formalised")),
            "ended": text_or_none(entry.get("ended")),
            "secretariat": entry.get("secretariat") or "",
            "focus": entry.get("focus") or [],
            "binding": bool(entry.get("binding")),
            "civil_society": entry.get("civil_society") or "unknown",
            "civil_society_note": entry.get("civil_society_note") or "",
            "stage": entry.get("stage"),
            "stage_basis": entry.get("stage_basis") or "",
            "stage_note": entry.get("stage_note") or "",
            "url": entry.get("url") or "",
            "verified": entry.get("verified", True) is not False,
            "note": entry.get("note") or "",
            "internal_note": entry.get("internal_note") or "",
            "translations": entry.get("translations") or {},
        }
        body, _ = GovernanceBody.objects.update_or_create(slug=entry["slug"], defaults=values)
        body.sources.set([sources[k] for k in entry["sources"]])
    return len(entries)
