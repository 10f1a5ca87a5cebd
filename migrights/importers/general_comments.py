"""UN treaty-body General Comments and Recommendations, paragraph by paragraph (Szoszkiewicz and Kowalska's corpus).

A folder holds ``GC-info.json`` (one entry per document: ``File PATH``, ``Name``, ``Simplified Name``,
``Signature`` = the UN document symbol, ``Adoption Date``, ``Adoption Year``, ``Committee``, ``Link``) and
``json_data/*.json`` (a list of paragraphs ``{ID, Labels, Text}``: ``Labels`` are "concerned group" labels).
Pure: returns documents and paragraphs as the corpus states them.

Quirks read in the 2024 copy, handled and reported:
- ``ID`` is a number or text like ``"31."`` / ``"4.\\u00a0"`` (the paragraph number); three paragraphs have none
  and begin with their number (``"15.There are..."``): the number is read from the text's start, said so.
- a paragraph number may repeat within a document (``CEDAW/C/GC/31/Rev.1`` has two ``31.``): paragraphs are
  keyed by their position in the file, and the number is kept as written.
- ``GC-info.json`` lists a file that is not in ``json_data`` (``Annotated_CRC-GC18-Harmful.json``: the revised
  joint text is there): reported as not loaded; a paragraph file the index does not list is a problem.
- ``json_data/json_new`` is a gzip archive, not a paragraph file: not read, reported.
- ``Committee`` may name two committees (``"CRC, CMW"``): kept as a list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from migrights.importers.records import ParseProblem

INDEX_FILE = "GC-info.json"
PARAGRAPHS_DIR = "json_data"
INDEX_FIELDS = ("File PATH", "Name", "Signature", "Adoption Year", "Committee")
NUMBER = re.compile(r"^\s*(\d+)\.?\s*$")
LEADING_NUMBER = re.compile(r"^(\d+)\.\s*")


@dataclass(frozen=True)
class GeneralComment:
    file: str  # the paragraph file's name
    name: str
    short_name: str
    symbol: str  # the UN document symbol(s) as the corpus writes them
    committees: tuple[str, ...]
    year: int
    adopted: str  # as written ("16 November 2019")
    url: str


@dataclass(frozen=True)
class Paragraph:
    document: GeneralComment
    position: int  # 1-based place in the paragraph file
    number: str  # the paragraph number as the document gives it ("" when it has none)
    labels: tuple[str, ...]
    text: str
    note: str = ""


@dataclass
class ParsedCorpus:
    documents: list[GeneralComment] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    not_loaded: list[ParseProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files_read: list[Path] = field(default_factory=list)


def _read_json(path: Path, parsed: ParsedCorpus) -> object | None:
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        parsed.problems.append(ParseProblem(str(path), None, None, f"not UTF-8 text: {error}"))
    except json.JSONDecodeError as error:
        parsed.problems.append(ParseProblem(str(path), f"line {error.lineno}", None, f"not JSON: {error.msg}"))
    return None


def _document(entry: object, index: Path, number: int, parsed: ParsedCorpus) -> GeneralComment | None:
    where = f"entry {number}"
    if not isinstance(entry, dict):
        parsed.problems.append(ParseProblem(str(index), where, None, "not an object"))
        return None
    missing = [f for f in INDEX_FIELDS if not str(entry.get(f) or "").strip()]
    if missing:
        parsed.problems.append(ParseProblem(str(index), where, missing[0], "missing"))
        return None
    year = entry["Adoption Year"]
    if not isinstance(year, int) and not str(year).isdigit():
        parsed.problems.append(ParseProblem(str(index), where, "Adoption Year", f"{year!r} is not a year"))
        return None
    return GeneralComment(
        file=Path(str(entry["File PATH"])).name,
        name=str(entry["Name"]).strip(),
        short_name=str(entry.get("Simplified Name") or "").strip(),
        symbol=str(entry["Signature"]).strip(),
        committees=tuple(c.strip() for c in str(entry["Committee"]).split(",") if c.strip()),
        year=int(year),
        adopted=str(entry.get("Adoption Date") or "").strip(),
        url=str(entry.get("Link") or "").strip(),
    )


def _paragraphs(document: GeneralComment, path: Path, parsed: ParsedCorpus) -> None:
    items = _read_json(path, parsed)
    if items is None:
        return
    if not isinstance(items, list):
        parsed.problems.append(ParseProblem(str(path), None, None, "expected a list of paragraphs"))
        return
    for position, item in enumerate(items, start=1):
        where = f"paragraph {position}"
        if not isinstance(item, dict) or not isinstance(item.get("Text"), str) or not item["Text"].strip():
            parsed.problems.append(ParseProblem(str(path), where, "Text", "no text"))
            continue
        labels = item.get("Labels") or []
        if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
            parsed.problems.append(ParseProblem(str(path), where, "Labels", "expected a list of labels"))
            continue
        text = item["Text"].strip()
        raw = item.get("ID")
        note = ""
        if raw is None:
            leading = LEADING_NUMBER.match(text)
            number = leading.group(1) if leading else ""
            note = "the corpus gives no paragraph number; read from the start of the text" if leading else ""
        else:
            matched = NUMBER.match(str(raw))
            if not matched:
                parsed.problems.append(ParseProblem(str(path), where, "ID", f"{raw!r} is not a paragraph number"))
                continue
            number = matched.group(1)
        parsed.paragraphs.append(
            Paragraph(document, position, number, tuple(dict.fromkeys(s.strip() for s in labels)), text, note)
        )


def parse_general_comments(folder: Path) -> ParsedCorpus:
    """Read the corpus folder: its index and every paragraph file the index lists."""
    parsed = ParsedCorpus()
    index = folder / INDEX_FILE
    if not index.is_file():
        parsed.problems.append(ParseProblem(str(folder), None, None, f"no {INDEX_FILE}: not a General Comments folder"))
        return parsed
    entries = _read_json(index, parsed)
    if entries is None:
        return parsed
    if not isinstance(entries, list):
        parsed.problems.append(ParseProblem(str(index), None, None, "expected a list of documents"))
        return parsed
    parsed.files_read.append(index)
    paragraphs_dir = folder / PARAGRAPHS_DIR
    listed: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        document = _document(entry, index, number, parsed)
        if document is None:
            continue
        listed.add(document.file)
        path = paragraphs_dir / document.file
        if not path.is_file():
            parsed.not_loaded.append(
                ParseProblem(str(index), f"entry {number}", "File PATH", f"{document.file} is not in {PARAGRAPHS_DIR}/")
            )
            continue
        parsed.documents.append(document)
        parsed.files_read.append(path)
        _paragraphs(document, path, parsed)
    for path in sorted(paragraphs_dir.iterdir()) if paragraphs_dir.is_dir() else []:
        if path.name in listed:
            continue
        if path.suffix != ".json":
            parsed.notes.append(f"{path}: not a paragraph file (not .json): not read")
            continue
        parsed.problems.append(ParseProblem(str(path), None, None, f"a paragraph file {INDEX_FILE} does not list"))
    return parsed
