"""Parser for the 2014 CSV scrape of UN Treaty Collection status tables (zmjones/untreaties).

Pure Python; no Django. ``parse_untc_csv(text, file)`` returns a
:class:`~migrights.importers.records.ParseResult`.

Format: a header row, then one row per participant. The first column is ``Participant``
(footnote digits already stripped by the scraper). The other columns are recognised by their
header text, not their position:

* a signature column (header mentions "Signature" and no consent word; absent in some files,
  e.g. the 1967 Protocol): a bare date is a ``signature``; ``d`` is a succession to signature
  (``signature`` with that note);
* consent columns (header lists ratification, accession, succession, acceptance, approval...
  and their codes): bare date = ratification, ``a`` accession, ``d`` succession, ``A``
  acceptance, ``AA`` approval, ``c`` consent;
* the 1926 Slavery Convention's "Definitive signature or participation ... Participation(P)"
  column: a bare date is a definitive signature and ``P`` a participation, both read as
  ``consent`` (consent to be bound) with a note saying which.

Cells use the UNTC date strings (``5 Jun 2007 a``). Anything unreadable (bad date, unknown
suffix, wrong number of cells, unknown column, empty name) becomes a problem naming the row
(1 = first participant) and the column; an unclosed quote refuses the file (the line it starts
on). The scrape is an October 2014 snapshot: it does not show later acts, nor denunciations
(those were in the end-notes, which the scrape dropped).
"""

from __future__ import annotations

import re

from migrights.importers.records import ParsedAction, ParseResult
from migrights.importers.textfiles import UnreadableFile, csv_rows
from migrights.importers.untc_html import CONSENT_SUFFIXES, parse_untc_date

__all__ = ["parse_untc_csv"]

_CONSENT_WORDS = ("ratification", "accession", "succession", "acceptance", "approval", "formal confirmation", "consent")


def _kind(header: str) -> str:
    low = header.lower()
    if low.strip() == "participant":
        return "participant"
    if "definitive signature" in low:
        return "definitive"
    if any(word in low for word in _CONSENT_WORDS):
        if "signature" in low and not any(
            word in low for word in ("ratification", "accession", "acceptance", "approval")
        ):
            return "signature"  # "Signature, Succession to signature(d)"
        return "consent"
    if "signature" in low:
        return "signature"
    return "other"


def parse_untc_csv(text: str, file: str = "<csv>") -> ParseResult:
    """Parse one UNTC status table in the 2014 CSV scrape format."""
    result = ParseResult(file)
    try:
        rows = [cells for _line, cells in csv_rows(text.lstrip("\ufeff"), file, multiline=False)]
    except UnreadableFile as error:
        result.problems.append(error.problem)
        return result
    if not rows:
        result.problem(None, None, "empty file")
        return result
    headers = [h.strip() for h in rows[0]]
    kinds = [_kind(h) for h in headers]
    if not kinds or kinds[0] != "participant":
        result.problem(0, headers[0] if headers else None, "first column is not 'Participant'")
        return result
    if not any(k in ("consent", "definitive") for k in kinds):
        result.problem(0, None, f"no consent column among headers {headers!r}")
    for header, kind in zip(headers, kinds, strict=True):
        if kind == "other":
            result.problem(0, header, "column not understood; its cells are not read")
    for index, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(headers):
            result.problem(index, None, f"row has {len(row)} cells, the header has {len(headers)}")
            continue
        name = re.sub(r"\s+", " ", row[0]).strip()
        if not name:
            result.problem(index, headers[0], "empty participant name")
            continue
        for cell, header, kind in zip(row[1:], headers[1:], kinds[1:], strict=True):
            value = cell.strip()
            if not value or kind == "other":
                continue
            try:
                date, suffix = parse_untc_date(value)
            except ValueError as error:
                result.problem(index, header, f"{name}: {error}")
                continue
            note = ""
            if kind == "signature":
                if suffix not in ("", "d"):
                    result.problem(index, header, f"{name}: unknown suffix {suffix!r} in {value!r}")
                    continue
                action = "signature"
                note = "succession to signature" if suffix == "d" else ""
            elif kind == "definitive":
                if suffix not in ("", "P"):
                    result.problem(index, header, f"{name}: unknown suffix {suffix!r} in {value!r}")
                    continue
                action = "consent"
                note = "participation" if suffix == "P" else "definitive signature"
            else:
                if suffix not in CONSENT_SUFFIXES:
                    result.problem(index, header, f"{name}: unknown suffix {suffix!r} in {value!r}")
                    continue
                action = CONSENT_SUFFIXES[suffix]
            result.actions.append(
                ParsedAction(participant=name, action=action, date=date, note=note, location=f"row {index}")
            )
    return result
