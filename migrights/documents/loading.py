"""The row schema of documents for the one loader, and the vocabulary the rows may use.

The derived files (``migrights/data/documents/*.csv``) and the importers of the raw corpora both end in
:data:`PASSAGES`: every cell is checked (file, row, column, reason), an unknown issue tag or concerned-group
label refuses the file, and the rows are loaded atomically, replacing what the same dataset held before.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from migrights.documents.models import GC_PARAGRAPH, KINDS, SEPARATOR, UPR_RECOMMENDATION, Passage
from migrights.documents.vocabulary import VOCABULARY_FILE, committees, group_labels, issue_tags
from migrights.reference.loading import (
    CellError,
    Lookups,
    RowErrors,
    RowSchema,
    collect_cells,
    read_choice,
    read_ref,
    read_text,
)

RESPONSES = ("Accepted", "Noted")


def whole_dataset(rows: list[dict[str, Any]]) -> Q:
    """A new file set of a corpus replaces everything its dataset held (it is one library)."""
    return Q()


def _number(row: dict[str, str], column: str, low: int, high: int) -> int | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise CellError(column, f"{value!r} is not a number from {low} to {high}")
    return int(value)


def _names(row: dict[str, str], column: str, known: list[str], what: str) -> str:
    value = (row.get(column) or "").strip()
    names = [n.strip() for n in value.split(SEPARATOR) if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CellError(column, f"unknown {what} {unknown[0]!r} (declared in {VOCABULARY_FILE.name}: add it there)")
    return SEPARATOR.join(names)


def _read_passage(row: dict[str, str], lookups: Lookups) -> dict[str, Any]:
    values = collect_cells(
        {
            "key": lambda: read_text(row, "key", 80, required=True),
            "kind": lambda: read_choice(row, "kind", KINDS),
            "symbol": lambda: read_text(row, "symbol", 120),
            "title": lambda: read_text(row, "title", 300),
            "committees": lambda: _names(row, "committees", committees(), "committee"),
            "year": lambda: _number(row, "year", 1945, 2100),
            "cycle": lambda: _number(row, "cycle", 1, 20),
            "session": lambda: _number(row, "session", 1, 200),
            "state_under_review": lambda: read_ref(
                row, "state_under_review", lookups.countries, "country code", required=False
            ),
            "recommending_state": lambda: read_ref(
                row, "recommending_state", lookups.countries, "country code", required=False
            ),
            "recommending_name": lambda: read_text(row, "recommending_name", 80),
            "response": lambda: read_text(row, "response", 20),
            "action": lambda: _number(row, "action", 1, 5),
            "issues": lambda: _names(row, "issues", issue_tags(), "UPR issue tag"),
            "groups": lambda: _names(row, "groups", group_labels(), "concerned-group label"),
            "paragraph": lambda: read_text(row, "paragraph", 20),
            "position": lambda: _number(row, "position", 0, 10**8) or 0,
            "text": lambda: read_text(row, "text", 100_000, required=True),
            "url": lambda: read_text(row, "url", 400),
            "licence": lambda: read_text(row, "licence", 120, required=True),
            "note": lambda: read_text(row, "note", 2000),
            "source": lambda: read_ref(row, "source", lookups.sources, "source key"),
        }
    )
    errors = []
    if values["kind"] == UPR_RECOMMENDATION:
        if values["state_under_review"] is None:
            errors.append(CellError("state_under_review", "a recommendation has a State under review"))
        if values["response"] and values["response"] not in RESPONSES:
            errors.append(CellError("response", f"{values['response']!r} is not one of {', '.join(RESPONSES)}"))
        if values["session"] is None:
            errors.append(CellError("session", "a recommendation has a session"))
    if values["kind"] == GC_PARAGRAPH and not values["symbol"]:
        errors.append(CellError("symbol", "a General Comment paragraph has its document's UN symbol"))
    if errors:
        raise RowErrors(errors)
    return values


PASSAGES = RowSchema(
    kind="passages",
    model=Passage,
    columns=(
        "key",
        "kind",
        "symbol",
        "title",
        "committees",
        "year",
        "cycle",
        "session",
        "state_under_review",
        "recommending_state",
        "recommending_name",
        "response",
        "action",
        "issues",
        "groups",
        "paragraph",
        "position",
        "text",
        "url",
        "licence",
        "note",
        "source",
    ),
    required=("key", "kind", "text", "licence", "source"),
    read=_read_passage,
    key=lambda v: (v["key"],),
    label=lambda v: v["kind"],
)
