"""A 15-indicator synthetic framework, an expert and an open assessment, for the workspace benchmarks."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")

import django

django.setup()
import yaml  # noqa: E402
from django.test import Client  # noqa: E402

from migrights.assessments import workflow  # noqa: E402
from migrights.assessments.models import Assessment  # noqa: E402
from migrights.bootstrap import ensure_ready  # noqa: E402
from migrights.framework.loading import load_framework_file  # noqa: E402
from migrights.reference.models import Country  # noqa: E402

SCALES = [
    {"kind": "binary"},
    {
        "kind": "ordinal",
        "levels": [{"value": 0, "label": "None"}, {"value": 50, "label": "Partial"}, {"value": 100, "label": "Full"}],
    },
    {"kind": "percentage"},
]


def synthetic_framework(folder: Path, indicators: int = 15) -> Path:
    items = [
        {
            "code": f"BEN.1.Q{n}",
            "wording": f"Benchmark question {n}: does the law protect migrant workers in this respect?",
            "guidance": "Answer from the national law in force on 1 January; cite the article.",
            "dimension": "protection",
            "type": "structural",
            "groups": ["migrant-workers"],
            "scale": SCALES[n % len(SCALES)],
            "evidence": {"required": n % 2 == 0, "kinds": ["legal-citation"]},
        }
        for n in range(1, indicators + 1)
    ]
    document = {
        "framework": {"code": "BENCH", "version": "1.0", "title": "Benchmark framework", "published": "2026-01-01"},
        "categories": [
            {"code": "BEN", "title": "Benchmark", "rights": [{"code": "BEN.1", "title": "Work", "indicators": items}]}
        ],
    }
    path = folder / "bench-1.0.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def signed_in_expert() -> tuple[Client, Assessment]:
    """A client signed in as an expert of an open assessment with half of its 15 questions answered."""
    ensure_ready()
    framework = load_framework_file(synthetic_framework(Path(tempfile.mkdtemp()))).framework
    expert = workflow.add_user("bench-screens", ["expert"], "benchmark password")
    country = Country.objects.get(code="KEN")
    workflow.assign(expert, country, "expert")
    assessment = workflow.open_assessment(country, 2024, framework)
    for indicator in framework.definition().indicators[::2]:
        given = workflow.AnswerInput(
            indicator.code,
            value=indicator.scale.levels[-1].label if indicator.scale.levels else "40",
            comment="Benchmark answer",
            evidence=[workflow.EvidenceInput("legal-citation", citation="Benchmark Act, art. 1")],
        )
        workflow.save_answer(expert, assessment, given, None)
    client = Client()
    client.force_login(expert)
    return client, assessment
