"""UPR Info's database of Universal Periodic Review recommendations (CSV exports, sessions 1-20).

The files are **Mac Roman** with **CR line ends** (a UTF-8 read fails), one row per recommendation: ``To`` (State
under review), ``To-Rgrp``, ``To-Org``, ``Text``, ``From`` (recommending State), ``From-Rgrp``, ``From-Org``,
``Response`` (``Accepted`` / ``Noted``), ``Action`` (UPR Info's category 1-5), ``Issue`` (comma-separated tags),
``Session``. Pure: names stay as UPR Info writes them (mapping them is the importer's job).

- A file that is valid UTF-8 with non-ASCII characters is not a Mac Roman export: refused (``encoding`` says
  which encoding to read), never decoded by guess.
- ``&#40;Unknown&#41;`` in ``From`` (HTML-escaped ``(Unknown)``) is UPR Info's "recommending State not known".
- An exact repeat of an earlier row (every cell the same but for spaces, in the same or another file) is one
  recommendation listed twice: kept once, the repeat reported as not loaded with both places (3 in sessions
  1-20, as UPR Info's copy says).
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass, field

from migrights.importers.records import ParseProblem

COLUMNS = ("To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response", "Action", "Issue", "Session")
RESPONSES = ("Accepted", "Noted")
ACTIONS = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class Recommendation:
    """One recommendation as UPR Info states it."""

    file: str
    row: int  # as a spreadsheet shows it: the header is row 1
    state_under_review: str
    recommending_state: str | None  # None: the source says it does not know
    text: str
    response: str
    action: int
    issues: tuple[str, ...]
    session: int


@dataclass
class ParsedUPR:
    recommendations: list[Recommendation] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    not_loaded: list[ParseProblem] = field(default_factory=list)
    rows_read: int = 0
    # every row read so far (its cells) → where: an exact repeat, in this file or an earlier one, is found
    seen: dict[tuple[str, ...], tuple[str, int]] = field(default_factory=dict, repr=False)


def decode_upr(content: bytes, file: str, encoding: str = "mac_roman") -> str:
    """The text of an export, read in ``encoding``; a UTF-8 file read as Mac Roman is refused (it would read)."""
    if encoding == "mac_roman" and any(byte > 127 for byte in content):
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise ValueError(
                "the file is UTF-8, not Mac Roman as UPR Info's exports are: read it with --encoding utf-8"
            )
    try:
        text = content.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise ValueError(f"cannot be read as {encoding}: {error}") from None
    if "\x00" in text:
        raise ValueError("the file holds NUL bytes: it is not a text export")
    return text


def parse_upr(content: bytes, file: str, encoding: str = "mac_roman", into: ParsedUPR | None = None) -> ParsedUPR:
    """Read one export into ``into`` (several files make one set: repeats across files are found)."""
    parsed = into if into is not None else ParsedUPR()
    try:
        text = decode_upr(content, file, encoding)
    except ValueError as error:
        parsed.problems.append(ParseProblem(file, None, None, str(error)))
        return parsed
    # CR (classic Mac), CRLF or LF line ends: the csv module splits all three outside quoted cells
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        parsed.problems.append(ParseProblem(file, 1, None, "the file is empty: expected UPR Info's header row"))
        return parsed
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        parsed.problems.append(ParseProblem(file, 1, None, f"not a UPR Info export: no column {', '.join(missing)}"))
        return parsed
    seen = parsed.seen
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        parsed.rows_read += 1
        if len(cells) != len(header):
            parsed.problems.append(ParseProblem(file, number, None, f"{len(cells)} cells for {len(header)} columns"))
            continue
        row = dict(zip(header, cells, strict=True))
        repeat = tuple(" ".join(row[c].split()) for c in COLUMNS)  # a trailing space makes no other row
        if repeat in seen:
            first_file, first_row = seen[repeat]
            parsed.not_loaded.append(
                ParseProblem(file, number, None, f"exact repeat of {first_file} row {first_row}: kept once")
            )
            continue
        seen[repeat] = (file, number)
        recommendation = _read(row, file, number, parsed.problems)
        if recommendation is not None:
            parsed.recommendations.append(recommendation)
    return parsed


def _read(row: dict[str, str], file: str, number: int, problems: list[ParseProblem]) -> Recommendation | None:
    found: list[ParseProblem] = []
    under_review = row["To"].strip()
    if not under_review:
        found.append(ParseProblem(file, number, "To", "no State under review"))
    recommending: str | None = html.unescape(row["From"]).strip()
    if not recommending:
        found.append(ParseProblem(file, number, "From", "no recommending State"))
    elif recommending == "(Unknown)":
        recommending = None
    text = row["Text"].strip()
    if not text:
        found.append(ParseProblem(file, number, "Text", "no recommendation text"))
    response = row["Response"].strip()
    if response not in RESPONSES:
        found.append(ParseProblem(file, number, "Response", f"{response!r} is not one of {', '.join(RESPONSES)}"))
    action = row["Action"].strip()
    if action not in ACTIONS:
        found.append(ParseProblem(file, number, "Action", f"{action!r} is not a UPR Info action category (1-5)"))
    session = row["Session"].strip()
    if not session.isdigit() or int(session) < 1:
        found.append(ParseProblem(file, number, "Session", f"{session!r} is not a session number"))
    issues = tuple(dict.fromkeys(t.strip() for t in row["Issue"].split(",") if t.strip()))
    if found:
        problems.extend(found)
        return None
    return Recommendation(file, number, under_review, recommending, text, response, int(action), issues, int(session))
