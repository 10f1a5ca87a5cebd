"""Storing a framework version: created once, unchanged when loaded again, immutable once assessed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from migrights.assessments import workflow
from migrights.framework.loading import load_framework_file
from migrights.framework.models import Framework, Indicator
from migrights.lib.yamlfiles import DataFileError
from migrights.reference.models import Country

FILES = Path(__file__).parent / "files"
NEW_WORDING = "Does a statute guarantee equal pay to every migrant worker?"
pytestmark = pytest.mark.django_db


def reworded(tmp_path: Path) -> Path:
    """TINY 1.0 again, its first question reworded: the same version with other content."""
    document = yaml.safe_load((FILES / "tiny-1.0.yaml").read_text())
    document["categories"][0]["rights"][0]["indicators"][0]["wording"] = NEW_WORDING
    path = tmp_path / "tiny-1.0.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def wording() -> str:
    return Indicator.objects.get(framework__code="TINY", code="LAB.1.P1").wording


def test_a_version_is_created_then_unchanged_then_replaced_while_unused(tmp_path):
    assert load_framework_file(FILES / "tiny-1.0.yaml").outcome == "created"
    assert load_framework_file(FILES / "tiny-1.0.yaml").outcome == "unchanged"
    assert load_framework_file(reworded(tmp_path)).outcome == "replaced"  # no assessment uses it
    assert Framework.objects.filter(code="TINY").count() == 1
    assert wording() == NEW_WORDING


def test_a_version_in_use_refuses_to_change_and_stays_as_it_was(tmp_path):
    framework = load_framework_file(FILES / "tiny-1.0.yaml").framework
    workflow.open_assessment(Country.objects.get(code="PHL"), 2024, framework)
    checksum = framework.checksum
    with pytest.raises(DataFileError, match=r"TINY 1\.0 is already used by 1 assessment\(s\) and cannot change"):
        load_framework_file(reworded(tmp_path))
    stored = Framework.objects.get(code="TINY")
    assert (stored.pk, stored.checksum) == (framework.pk, checksum)
    assert wording() == "Does the law guarantee migrant workers equal pay?"
    assert stored.assessments.count() == 1
    assert load_framework_file(FILES / "tiny-1.0.yaml").outcome == "unchanged"


def test_a_version_in_use_gains_cited_paragraphs_in_place(tmp_path):
    """Cited General Comment paragraphs are not what scores rest on: like a translation, they change in place."""
    framework = load_framework_file(FILES / "tiny-1.0.yaml").framework
    workflow.open_assessment(Country.objects.get(code="PHL"), 2024, framework)
    document = yaml.safe_load((FILES / "tiny-1.0.yaml").read_text())
    document["categories"][0]["documents"] = [{"symbol": "CMW/C/GC/2", "paragraphs": [62, 65]}]
    path = tmp_path / "tiny-1.0.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    assert load_framework_file(path).outcome == "translated"
    stored = Framework.objects.get(code="TINY")
    assert stored.pk == framework.pk and stored.assessments.count() == 1
    assert stored.definition().categories[0].documents == (("CMW/C/GC/2", "62"), ("CMW/C/GC/2", "65"))
