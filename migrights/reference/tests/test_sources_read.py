"""Every embedded fact rests on a document that was read (issue 11): CI fails on a row that does not."""

from __future__ import annotations

import csv
import re

import pytest

from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.lib.yamlfiles import load_yaml

FACT_FILES = (
    sorted((EMBEDDED_DATA_DIR / "treaty_actions").glob("*.csv"))
    + [EMBEDDED_DATA_DIR / name for name in ("memberships.csv", "milestones.csv", "votes.csv")]
    + sorted((EMBEDDED_DATA_DIR / "law").glob("*.csv"))  # the law datasets' derived files (issue 13)
    + sorted((EMBEDDED_DATA_DIR / "documents").glob("*.csv"))  # UPR recommendations, General Comments (issue 15)
)
UNREAD_WORDING = re.compile(r"from memory|recollection|not read by us|research notes", re.IGNORECASE)


def sources() -> dict[str, dict]:
    return {
        entry["key"]: entry
        for path in sorted((EMBEDDED_DATA_DIR / "sources").glob("*.yaml"))
        for entry in load_yaml(path, "sources")
    }


@pytest.mark.parametrize("path", FACT_FILES, ids=lambda path: path.name)
def test_every_fact_row_cites_a_source_that_was_read(path):
    known = sources()
    problems = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            key = row["source"]
            if not key:
                problems.append(f"{path.name}, row {number}: no source")
            elif key not in known:
                problems.append(f"{path.name}, row {number}: unknown source {key!r}")
            elif known[key].get("read") is not True:
                problems.append(f"{path.name}, row {number}: source {key!r} is not marked read: true")
            if UNREAD_WORDING.search(row.get("note") or ""):
                problems.append(f"{path.name}, row {number}: the note says the fact was not read")
    assert not problems, "\n".join(problems[:20])


def test_a_source_facts_rest_on_says_what_was_read():
    known = sources()
    cited = set()
    for path in FACT_FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            cited |= {row["source"] for row in csv.DictReader(handle)}
    unread = sorted(key for key in cited if key in known and UNREAD_WORDING.search(known[key].get("note") or ""))
    assert not unread, f"sources of facts whose note says they were not read: {unread}"
    assert all(known[key].get("kind") for key in cited if key in known), "every cited source names its kind"
