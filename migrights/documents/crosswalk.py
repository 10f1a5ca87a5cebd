"""The crosswalk from the documents library to the framework's categories, as data (``data/documents/crosswalk.yaml``).

Which UPR Info issue tags and which concerned-group labels concern each category: read and checked here against
the library's vocabulary (an unknown tag or label is refused, naming the file and the entry). The framework's own
paragraph references (``documents:`` in the framework file) are checked by ``framework check`` against the
corpus's paragraphs (:func:`corpus_paragraphs`). This module knows category codes only as text: the framework layer,
above it, checks that each one exists.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from migrights.documents.vocabulary import group_labels, issue_tags
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.lib.yamlfiles import DataFileError, load_yaml

CROSSWALK_FILE = EMBEDDED_DATA_DIR / "documents" / "crosswalk.yaml"
CORPUS_FILE = EMBEDDED_DATA_DIR / "documents" / "general-comments-2024.csv"


@dataclass(frozen=True)
class CategoryLink:
    """The tags and labels of one category's recommendations and paragraphs (each on migrants, see ``within``)."""

    category: str
    upr_issues: tuple[str, ...]
    groups: tuple[str, ...]


@dataclass(frozen=True)
class Crosswalk:
    path: Path  # the file read (named in every problem)
    framework: str  # the code of the framework whose categories these are
    upr_within: tuple[str, ...]  # a recommendation is on migrants when tagged with one of these
    groups_within: tuple[str, ...]  # a paragraph is on migrants when labelled with one of these
    categories: dict[str, CategoryLink]

    def link(self, category: str) -> CategoryLink:
        """The category's link; none (no tag, no label) for a category the crosswalk does not name."""
        return self.categories.get(category) or CategoryLink(category, (), ())


def read_crosswalk(path: Path) -> Crosswalk:
    """Read and check a crosswalk file: DataFileError naming the file and every unknown tag or label."""
    data = load_yaml(path, "crosswalk")
    tags, labels = set(issue_tags()), set(group_labels())
    problems = []

    def known(names: list[str], vocabulary: set[str], what: str, where: str) -> tuple[str, ...]:
        for name in names:
            if name not in vocabulary:
                problems.append(f"{path}: {where}: unknown {what} {name!r} (not in vocabulary.yaml)")
        return tuple(names)

    upr_within = known(data["upr"]["within"], tags, "UPR issue tag", "upr/within")
    groups_within = known(data["paragraphs"]["within"], labels, "concerned-group label", "paragraphs/within")
    categories = {
        code: CategoryLink(
            code,
            known(entry["upr_issues"], tags, "UPR issue tag", f"categories/{code}/upr_issues"),
            known(entry["groups"], labels, "concerned-group label", f"categories/{code}/groups"),
        )
        for code, entry in data["categories"].items()
    }
    if problems:
        raise DataFileError("\n".join(problems))
    return Crosswalk(path, data["framework"], upr_within, groups_within, categories)


@cache
def crosswalk() -> Crosswalk:
    """The embedded crosswalk, checked."""
    return read_crosswalk(CROSSWALK_FILE)


@cache
def corpus_paragraphs() -> frozenset[tuple[str, str]]:
    """Every (UN symbol, paragraph number) of the embedded treaty-body corpus, as it numbers them."""
    with CORPUS_FILE.open(encoding="utf-8", newline="") as handle:
        return frozenset((row["symbol"], row["paragraph"]) for row in csv.DictReader(handle) if row["paragraph"])
