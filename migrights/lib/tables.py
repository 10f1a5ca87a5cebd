"""Writing records as CSV the same way everywhere (pages' twins, exports)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO


def csv_cell(value: Any) -> Any:
    """Booleans as true/false, lists joined by ``;``, missing as empty."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(map(str, value))
    return "" if value is None else value


def write_csv(records: Iterable[dict[str, Any]], columns: Sequence[str], handle: TextIO) -> None:
    writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: csv_cell(value) for key, value in record.items()})
