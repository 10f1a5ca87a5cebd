"""One vocabulary (issue 10, point 8): dimensions, gaps, statuses and regions are defined once, in
``migrights.lib.vocabulary`` (the index's own words in ``migrights.indexengine.words``, which it re-exports), and
every page, twin, download and brief words them alike."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from migrights.indexengine import words
from migrights.lib import labels, vocabulary

PACKAGE = Path(vocabulary.__file__).resolve().parents[1]
SHARED_NAMES = {
    "DIMENSIONS",
    "DIMENSION_LABELS",
    "MEASURE_LABELS",
    "GAPS",
    "GAP_LABELS",
    "TREATY_STATUSES",
    "STATUS_LABELS",
    "REGIONS",
    "REGION_LABELS",
    "SUBREGION_LABELS",
    "ACTION_LABELS",
    "ROLE_LABELS",
    "EDITION_LABELS",
}


# the words the index engine computes with: defined with the engine (it imports nothing of the observatory)
ENGINE_WORDS = Path(words.__file__).resolve()
ENGINE_NAMES = {"DIMENSIONS", "GAPS"}


def module_level_definitions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def test_the_vocabulary_is_defined_in_one_module_only():
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path == Path(vocabulary.__file__).resolve():
            continue
        twice = module_level_definitions(path) & SHARED_NAMES
        if path == ENGINE_WORDS:
            twice -= ENGINE_NAMES
        if twice:
            found[str(path.relative_to(PACKAGE))] = sorted(twice)
    assert not found, f"define these in migrights/lib/vocabulary.py and import them: {found}"
    assert module_level_definitions(Path(vocabulary.__file__)) & ENGINE_NAMES == set()  # re-exported, not redefined


def test_the_vocabulary_imports_no_django_and_the_engine_takes_it_from_there():
    code = (
        "import sys, migrights.lib.vocabulary, migrights.indexengine; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)
    from migrights.indexengine import edition, framework

    assert edition.GAPS is vocabulary.GAPS is words.GAPS and framework.DIMENSIONS is vocabulary.DIMENSIONS


def test_every_gap_named_is_a_gap_the_engine_computes():
    assert set(vocabulary.GAP_LABELS) == {name for name, _, _ in vocabulary.GAPS}
    assert set(vocabulary.STATUS_LABELS) == set(vocabulary.TREATY_STATUSES)
    assert set(vocabulary.REGION_LABELS) == set(vocabulary.REGIONS)


@pytest.mark.django_db
def test_pages_and_briefs_word_a_treaty_status_alike(client):
    from migrights.briefs.brief import gather

    not_party = vocabulary.STATUS_LABELS["none"]
    compare = client.get("/compare/?countries=USA").content.decode()
    instrument = client.get("/instruments/ICRMW/").content.decode()
    assert not_party in compare and not_party in instrument
    for other in ("no action", "not a party"):
        assert other not in compare and other not in instrument
    brief = gather("USA")
    statuses = {row["status"]: row["status_label"] for group in brief["commitment_groups"] for row in group["rows"]}
    assert statuses["none"] == not_party and statuses["party"] == vocabulary.STATUS_LABELS["party"]


@pytest.mark.django_db
def test_region_names_are_translated_once(client):
    from django.utils import translation

    with translation.override("fr"):
        french = labels.label(vocabulary.REGION_LABELS, "Americas")
    assert french != "Americas"
    assert french in client.get("/fr/rankings/").content.decode()
