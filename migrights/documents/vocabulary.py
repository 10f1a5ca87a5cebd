"""The words the documents may use (``data/documents/vocabulary.yaml``): UPR Info's issue tags, the corpus's
concerned-group labels, the committees and the UPR sessions. Plain Python (no Django), so that the framework's
check can read it too."""

from __future__ import annotations

from functools import cache
from typing import Any

from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.lib.yamlfiles import load_yaml

VOCABULARY_FILE = EMBEDDED_DATA_DIR / "documents" / "vocabulary.yaml"


@cache
def vocabulary() -> dict[str, Any]:
    """The vocabulary file as read: UPR Info's issue tags, the corpus's group labels, UPR sessions."""
    return load_yaml(VOCABULARY_FILE)


def issue_tags() -> list[str]:
    return list(vocabulary()["upr_issues"])


def group_labels() -> list[str]:
    return list(vocabulary()["concerned_groups"])


def committees() -> list[str]:
    return list(vocabulary()["committees"])


def upr_sessions() -> dict[int, dict[str, Any]]:
    """Session → its cycle and (where a read source dates it) year."""
    return {int(k): v for k, v in vocabulary()["upr_sessions"].items()}
