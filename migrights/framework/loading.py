"""Store a checked framework version in the database: atomic, and immutable once assessed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from migrights.framework.definition import FrameworkDefinition, check_framework, embedded_frameworks, read_framework
from migrights.framework.models import Category, Framework, FrameworkDocument, Indicator, Right
from migrights.governance.models import GovernanceBody
from migrights.lib.yamlfiles import DataFileError
from migrights.reference.models import Instrument


@dataclass(frozen=True)
class LoadOutcome:
    framework: Framework
    outcome: str  # created | replaced | translated | unchanged


def predecessor_definition(code: str, version: str | None) -> FrameworkDefinition | None:
    """The predecessor from the database, else from the embedded frameworks folder."""
    if version is None:
        return None
    stored = Framework.objects.filter(code=code, version=version).first()
    if stored is not None:
        return stored.definition()
    for path in embedded_frameworks():
        candidate = read_framework(path)
        if candidate.code == code and candidate.version == version:
            return candidate
    return None


def check_framework_file(path: Path) -> FrameworkDefinition:
    """Everything ``framework check`` verifies, against the registry in the database."""
    definition = read_framework(path)  # read once (a 6,500-line file): checked below as load_framework does
    problems = check_framework(
        definition,
        where=str(path),
        instruments=set(Instrument.objects.values_list("code", flat=True)),
        bodies=set(GovernanceBody.objects.values_list("slug", flat=True)),
        predecessor=predecessor_definition(definition.code, definition.predecessor),
        require_predecessor=True,
    )
    if problems:
        raise DataFileError("\n".join(problems))
    return definition


# what no score, answer or edition rests on: the French and Spanish texts, and the General Comment paragraphs cited
NOT_SCORED = ("translations", "documents")


def _without_translations(value: Any) -> Any:
    """The framework document without its ``translations`` and ``documents`` (what scores and answers depend on)."""
    if isinstance(value, dict):
        return {k: _without_translations(v) for k, v in value.items() if k not in NOT_SCORED}
    if isinstance(value, list):
        return [_without_translations(v) for v in value]
    return value


@transaction.atomic
def store_framework(definition: FrameworkDefinition) -> LoadOutcome:
    existing = Framework.objects.filter(code=definition.code, version=definition.version).first()
    if existing is not None:
        if existing.checksum == definition.checksum:
            return LoadOutcome(existing, "unchanged")
        if _without_translations(existing.definition().document) == _without_translations(definition.document):
            # only the French or Spanish texts or the cited paragraphs changed: nothing an assessment or an
            # edition rests on, updated in place
            FrameworkDocument.objects.filter(framework=existing).update(
                text=json.dumps(definition.document, ensure_ascii=False)
            )
            Framework.objects.filter(pk=existing.pk).update(checksum=definition.checksum)
            existing.refresh_from_db()
            return LoadOutcome(existing, "translated")
        used = existing.assessments.count() if hasattr(existing, "assessments") else 0
        if used:
            raise DataFileError(
                f"{definition.label} is already used by {used} assessment(s) and cannot change; "
                "publish the change as a new version that maps to this one"
            )
        existing.delete()
    predecessor = (
        Framework.objects.filter(code=definition.code, version=definition.predecessor).first()
        if definition.predecessor
        else None
    )
    framework = Framework.objects.create(
        code=definition.code,
        version=definition.version,
        title=definition.title,
        published=definition.published,
        predecessor=predecessor,
        description=definition.description,
        licence=definition.licence,
        checksum=definition.checksum,
    )
    FrameworkDocument.objects.create(framework=framework, text=json.dumps(definition.document, ensure_ascii=False))
    indicators = []
    for cpos, cdef in enumerate(definition.categories, start=1):
        category = Category.objects.create(
            framework=framework, code=cdef.code, title=cdef.title, description=cdef.description, position=cpos
        )
        for rpos, rdef in enumerate(cdef.rights, start=1):
            right = Right.objects.create(
                category=category,
                code=rdef.code,
                title=rdef.title,
                description=rdef.description,
                provisions=list(rdef.provisions),
                position=rpos,
            )
            indicators += [
                Indicator(
                    framework=framework,
                    right=right,
                    code=i.code,
                    wording=i.wording,
                    guidance=i.guidance,
                    dimension=i.dimension,
                    type=i.type,
                    groups=list(i.groups),
                    scale=asdict(i.scale),
                    direction=i.direction,
                    weight=i.weight,
                    provisions=list(i.provisions),
                    evidence_required=i.evidence_required,
                    evidence_kinds=list(i.evidence_kinds),
                    derived=i.derived,
                    relation=i.relation,
                    predecessors=list(i.predecessors),
                    position=i.position,
                )
                for i in rdef.indicators
            ]
    Indicator.objects.bulk_create(indicators)
    return LoadOutcome(framework, "replaced" if existing is not None else "created")


def load_framework_file(path: Path) -> LoadOutcome:
    """Check then store a framework file (``migrights framework load``)."""
    return store_framework(check_framework_file(path))


def load_embedded_frameworks() -> list[LoadOutcome]:
    return [load_framework_file(path) for path in embedded_frameworks()]
