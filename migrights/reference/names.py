"""Country-name harmonisation is data: one mapping file per source, failing on any unmapped name."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from migrights.lib.paths import EMBEDDED_DATA_DIR

NAMES_DIR = EMBEDDED_DATA_DIR / "names"


def normalise_name(name: str) -> str:
    """Compare names without case, repeated spaces or typographic apostrophes."""
    text = unicodedata.normalize("NFC", name).replace("\u2019", "'").replace("\xa0", " ")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class NameMap:
    """``name → code`` for one source; an empty code means deliberately not loaded."""

    file: Path
    codes: dict[str, str]

    def lookup(self, name: str) -> str | None:
        """The code for ``name``; ``""`` when excluded on purpose; ``None`` when unmapped."""
        return self.codes.get(normalise_name(name))


@cache
def name_map(source: str) -> NameMap:
    path = NAMES_DIR / f"{source}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        codes = {normalise_name(row["name"]): (row["code"] or "").strip() for row in csv.DictReader(handle)}
    return NameMap(path, codes)
