"""The symbols of the UPR Working Group reports (``data/documents/upr-reports.csv``), as read in public pages.

UPR Info's exports give no report symbol. Each row of the file names, for one review (Working Group session and
State under review), the symbol of the *Report of the Working Group on the Universal Periodic Review* on it
(``A/HRC/<Council session>/<number>``) and the source it was read in (a key of ``data/sources/``, as every embedded
fact cites one); a review without a row has no symbol (never built from the pattern). The file is checked when
read: an unknown State or session, a symbol of another shape, a source not listed as read or a review listed twice
is refused, naming the file and row. Plain Python (no
Django), like ``vocabulary``.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from migrights.documents.vocabulary import upr_sessions
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.lib.yamlfiles import load_yaml
from migrights.reference.names import name_map

REPORTS_FILE = EMBEDDED_DATA_DIR / "documents" / "upr-reports.csv"
COLUMNS = ("session", "state", "symbol", "source", "note")
SOURCES_DIR = EMBEDDED_DATA_DIR / "sources"
SYMBOL = re.compile(r"A/HRC/[1-9][0-9]*/[1-9][0-9]*")


def _sources_read() -> set[str]:
    return {
        entry["key"]
        for file in sorted(SOURCES_DIR.glob("*.yaml"))
        for entry in load_yaml(file, "sources")
        if entry.get("read") is True
    }


def read_report_symbols(path: Path) -> dict[tuple[int, str], str]:
    """(session, State under review) → the Working Group report's symbol; a bad row raises ``ValueError``."""
    read = _sources_read()
    states = {code for code in name_map("upr-info").codes.values() if code}
    sessions = upr_sessions()
    symbols: dict[tuple[int, str], str] = {}
    where: dict[tuple[int, str], int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name} row 1: no column {', '.join(missing)}")
        for number, row in enumerate(reader, start=2):
            session_text = (row["session"] or "").strip()
            state = (row["state"] or "").strip()
            symbol = (row["symbol"] or "").strip()
            source = (row["source"] or "").strip()
            problem = None
            if not session_text.isdigit() or int(session_text) not in sessions:
                problem = f"session {session_text!r} is not a UPR session of vocabulary.yaml"
            elif state not in states:
                problem = f"state {state!r} is not the code of a State under review (names/upr-info.csv)"
            elif not SYMBOL.fullmatch(symbol):
                problem = f"symbol {symbol!r} is not a Working Group report symbol (A/HRC/<session>/<number>)"
            elif source not in read:
                problem = f"source {source!r} is not a source of data/sources/ marked read: true"
            if problem:
                raise ValueError(f"{path.name} row {number}: {problem}")
            review = (int(session_text), state)
            if review in symbols:
                first = where[review]
                raise ValueError(f"{path.name} row {number}: session {review[0]} of {state} is already row {first}")
            symbols[review] = symbol
            where[review] = number
    return symbols


@cache
def report_symbols() -> dict[tuple[int, str], str]:
    """The committed file's symbols, read once."""
    return read_report_symbols(REPORTS_FILE)
