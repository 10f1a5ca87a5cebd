"""``migrights import upr FILE...`` and ``migrights import general-comments DIR``.

The raw corpora are parsed (``migrights.importers.upr`` / ``.general_comments``, pure), UPR Info's State names are
mapped through ``migrights/data/names/upr-info.csv`` (an unknown name refuses the import, naming file, row and
column), and the rows go through the project's one loader (``reference.importing.load_rows``): every bad cell is
reported and nothing is written; ``--dry-run`` shows what would change. ``--output`` also writes the derived file
the observatory commits under ``migrights/data/documents/`` and loads at first start.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.utils import timezone

from migrights.documents.loading import PASSAGES
from migrights.documents.models import GC_PARAGRAPH, SEPARATOR, UPR_RECOMMENDATION
from migrights.documents.upr_reports import REPORTS_FILE, report_symbols
from migrights.documents.vocabulary import upr_sessions
from migrights.importers.general_comments import ParsedCorpus, parse_general_comments
from migrights.importers.records import ParseProblem
from migrights.importers.upr import ParsedUPR, parse_upr
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.reference.importing import (
    FileRead,
    ImportReport,
    dataset_source,
    file_checksum,
    load_rows,
    write_derived,
)
from migrights.reference.models import Source
from migrights.reference.names import name_map

UPR_DATASET = "upr-info"
GC_DATASET = "general-comments"
UPR_SOURCE = "upr-info-2008-2014"
GC_SOURCE = "unhrd-general-comments-2024"
DERIVED_DIR = EMBEDDED_DATA_DIR / "documents"
SOURCES_FILE = EMBEDDED_DATA_DIR / "sources" / "documents.yaml"
Rows = list[tuple[int | str, dict[str, str]]]


def recommendation_key(session: int, under_review: str, recommending: str, text: str) -> str:
    """A recommendation's key in its dataset: the same recommendation keeps it when the files are re-exported."""
    digest = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:12]
    return f"s{session}-{under_review}-{recommending or 'unknown'}-{digest}"


def upr_rows(parsed: ParsedUPR, source: Source) -> tuple[Rows, list[ParseProblem]]:
    """Loader rows of the recommendations; an unmapped State name is a problem naming file, row and column."""
    names = name_map("upr-info")
    sessions = upr_sessions()
    problems = list(parsed.problems)
    try:  # the Working Group reports' symbols read in public pages (UPR Info gives none)
        symbols = report_symbols()
    except ValueError as error:  # a bad row of upr-reports.csv refuses the import, naming file and row
        problems.append(ParseProblem(REPORTS_FILE.name, None, None, str(error)))
        symbols = {}
    rows: Rows = []
    keys: dict[str, str] = {}  # key → where it was first read
    for rec in parsed.recommendations:
        codes: dict[str, str] = {}
        for column, name in (("To", rec.state_under_review), ("From", rec.recommending_state)):
            if name is None:  # the source says it does not know the recommending State
                codes[column] = ""
                continue
            code = names.lookup(name)
            if not code:
                reason = f"State name {name!r} is not in {names.file.name}: add it (never guessed)"
                problems.append(ParseProblem(rec.file, rec.row, column, reason))
            codes[column] = code or ""
        if not codes["To"] or (rec.recommending_state is not None and not codes["From"]):
            continue  # the unmapped name is the problem: the row is not checked further
        session = sessions.get(rec.session)
        if session is None:
            problems.append(
                ParseProblem(rec.file, rec.row, "Session", f"session {rec.session} is not declared in vocabulary.yaml")
            )
            continue
        where = f"{Path(rec.file).name} row {rec.row}"
        key = recommendation_key(rec.session, codes["To"], codes["From"], rec.text)
        note = ""
        if key in keys:  # same States, session and text, other cells differing (e.g. the tags): both kept
            note = f"UPR Info also lists this recommendation at {keys[key]}, with other cells"
            key = f"{key}-{sum(1 for k in keys if k.startswith(key)) + 1}"
        keys[key] = where
        rows.append(
            (
                where,
                {
                    "key": key,
                    "kind": UPR_RECOMMENDATION,
                    "symbol": symbols.get((rec.session, codes["To"]), ""),
                    "title": "",
                    "committees": "",
                    "year": str(session.get("year") or ""),
                    "cycle": str(session["cycle"]),
                    "session": str(rec.session),
                    "state_under_review": codes["To"],
                    "recommending_state": codes["From"],
                    "recommending_name": "" if rec.recommending_state else "(Unknown)",
                    "response": rec.response,
                    "action": str(rec.action),
                    "issues": SEPARATOR.join(rec.issues),
                    "groups": "",
                    "paragraph": "",
                    "position": str(len(rows) + 1),
                    "text": rec.text,
                    "url": "",
                    "licence": source.licence,
                    "note": note,
                    "source": source.key,
                },
            )
        )
    return rows, problems


def gc_rows(parsed: ParsedCorpus, source: Source) -> tuple[Rows, list[ParseProblem]]:
    """Loader rows of the General Comment paragraphs, each labelled with the corpus's licence."""
    rows: Rows = []
    for paragraph in parsed.paragraphs:
        document = paragraph.document
        rows.append(
            (
                f"{document.file} paragraph {paragraph.position}",
                {
                    "key": f"{Path(document.file).stem}-{paragraph.position}",
                    "kind": GC_PARAGRAPH,
                    "symbol": document.symbol,
                    "title": document.name,
                    "committees": SEPARATOR.join(document.committees),
                    "year": str(document.year),
                    "cycle": "",
                    "session": "",
                    "state_under_review": "",
                    "recommending_state": "",
                    "recommending_name": "",
                    "response": "",
                    "action": "",
                    "issues": "",
                    "groups": SEPARATOR.join(paragraph.labels),
                    "paragraph": paragraph.number,
                    "position": str(paragraph.position),
                    "text": paragraph.text,
                    "url": document.url,
                    "licence": source.licence,
                    "note": paragraph.note,
                    "source": source.key,
                },
            )
        )
    return rows, list(parsed.problems)


def _load(
    dataset: str, path: Path, content: bytes, rows: Rows, problems: list[ParseProblem], started: Any, **options: Any
) -> ImportReport:
    return load_rows(PASSAGES, "passages", dataset, FileRead(path, content, rows, problems, started), **options)


def import_upr(
    paths: list[Path],
    *,
    dry_run: bool = False,
    allow_removals: bool = False,
    encoding: str = "mac_roman",
    output: Path | None = None,
) -> ImportReport:
    """Import UPR Info exports (one or several files, read together) as the ``upr-info`` dataset, replacing it."""
    started = timezone.now()
    ordered = sorted(paths, key=lambda p: p.name)
    contents = [p.read_bytes() for p in ordered]
    parsed = ParsedUPR()
    for path, content in zip(ordered, contents, strict=True):
        parse_upr(content, str(path), encoding, into=parsed)
    joined = b"".join(contents)
    source = dataset_source(UPR_SOURCE, SOURCES_FILE, file_checksum(joined), ", ".join(p.name for p in ordered))
    rows, problems = upr_rows(parsed, source)
    report = _load(
        UPR_DATASET,
        ordered[0],
        joined,
        rows,
        problems,
        started,
        dry_run=dry_run,
        source=source,
        run_kind="upr",
        allow_removals=allow_removals,
    )
    report.file = ", ".join(p.name for p in ordered)
    report.rows_read = parsed.rows_read
    report.not_loaded = [str(p) for p in parsed.not_loaded]
    if output is not None:
        write_derived(PASSAGES, rows, output)
    return report


def import_general_comments(
    folder: Path, *, dry_run: bool = False, allow_removals: bool = False, output: Path | None = None
) -> ImportReport:
    """Import a General Comments corpus folder as the ``general-comments`` dataset, replacing it."""
    started = timezone.now()
    parsed = parse_general_comments(folder)
    joined = b"".join(p.read_bytes() for p in parsed.files_read)
    source = dataset_source(GC_SOURCE, SOURCES_FILE, file_checksum(joined), folder.name)
    rows, problems = gc_rows(parsed, source)
    index = parsed.files_read[0] if parsed.files_read else folder
    report = _load(
        GC_DATASET,
        index,
        joined,
        rows,
        problems,
        started,
        dry_run=dry_run,
        source=source,
        run_kind="general-comments",
        allow_removals=allow_removals,
    )
    report.file = str(folder)
    report.not_loaded = [str(p) for p in parsed.not_loaded]
    report.notes = parsed.notes
    if output is not None:
        write_derived(PASSAGES, rows, output)
    return report
