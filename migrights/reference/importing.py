"""Importers users run: publishers' files and hand-filled CSV, through the one loader.

``import_publisher`` reads a publisher's own format (UN Treaty Collection pages, OHCHR's
export, NORMLEX's table), maps names through the source's mapping file, and loads the rows
as the dataset of that publisher, replacing what the same publisher said before about the same
instruments. ``import_csv`` loads the documented hand-filled layout (docs/data-formats.md).

Guards (docs/import-formats.md): every text file goes through
:mod:`migrights.importers.textfiles` (UTF-8 only, no NUL byte, balanced quotes); a UNTC page
must state the treaty reference of the instrument it is imported as; an import may remove at
most :data:`REMOVAL_SHARE` of an instrument's acts in the dataset (or :data:`REMOVAL_FLOOR`
acts, whichever is more) unless ``allow_removals``; only one import runs at a time.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import OperationalError
from django.db.models import Q
from django.utils import timezone

from migrights.importers.normlex import parse_normlex_csv
from migrights.importers.ohchr import parse_ohchr_xls
from migrights.importers.records import ParseProblem, ParseResult
from migrights.importers.textfiles import UnreadableFile, csv_rows, decode_text
from migrights.importers.untc_csv import parse_untc_csv
from migrights.importers.untc_html import parse_untc_html
from migrights.lib.yamlfiles import load_yaml, text_or_none
from migrights.reference.loading import (
    TREATY_ACTIONS,
    ImportFailed,
    Lookups,
    Plan,
    RowSchema,
    apply,
    check_header,
    load_in_transaction,
    plan,
    record_run,
    validate_rows,
)
from migrights.reference.models import Instrument, Source
from migrights.reference.names import name_map

# Row schemas by import kind; other apps add theirs in their AppConfig.ready().
SCHEMAS: dict[str, RowSchema] = {"treaty-actions": TREATY_ACTIONS}
# How a kind's rows limit what a re-import may remove: rows of the dataset within this scope.
SCOPES: dict[str, Callable[[list[dict[str, Any]]], Q]] = {
    "treaty-actions": lambda rows: Q(instrument__in={r["instrument"] for r in rows}),
}


# An import may remove at most this share of an instrument's acts in the dataset (or
# REMOVAL_FLOOR acts, whichever is more) unless --allow-removals: a truncated or mismatched file
# would otherwise delete what it does not mention.
REMOVAL_SHARE = 0.10
REMOVAL_FLOOR = 2
ANOTHER_IMPORT = "another import is running; nothing was loaded: try again when it has finished"


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    kind: str
    dataset: str
    file: str
    plan: Plan
    dry_run: bool
    rows_read: int
    excluded: list[str] = field(default_factory=list)  # names deliberately not loaded
    # removals beyond the allowed share, shown by a dry run (a real import is refused)
    warnings: list[str] = field(default_factory=list)
    # rows the parser read and left out with a reason (e.g. an acceptance without a date)
    not_loaded: list[str] = field(default_factory=list)
    # what else the import should say (e.g. a value kept as an observation rather than carried forward)
    notes: list[str] = field(default_factory=list)


def excessive_removals(plan_: Plan, rows: list[dict[str, Any]]) -> list[str]:
    """Labels (instruments) whose removals exceed the allowed share, one line each."""
    label = plan_.schema.label
    read = Counter(label(values) for values in rows)
    added = Counter(label(values) for values in plan_.added)
    removed = {name: counts["removed"] for name, counts in plan_.counts_by_label().items() if counts["removed"]}
    lines = []
    for name, count in sorted(removed.items()):
        existing = read[name] - added[name] + count  # rows matched (changed or not) + rows removed
        if count > max(REMOVAL_FLOOR, REMOVAL_SHARE * existing):
            lines.append(
                f"{name}: would remove {count} of its {existing} acts ({count / existing:.0%}; at most "
                f"{REMOVAL_SHARE:.0%} may go without --allow-removals): is the file complete and about {name}?"
            )
    return lines


_held = threading.local()  # how deeply this thread holds the import lock (it is re-entrant)


@contextmanager
def import_lock(file: str, *, wait: bool = False) -> Iterator[None]:
    """Hold the data folder's import lock; refuse at once when another process holds it.

    ``wait``: block until the other holder finishes instead (the embedded data load at start-up).
    Re-entrant within a thread: the embedded load holds it around the imports it makes.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the database's own lock decides
        yield
        return
    depth = getattr(_held, "depth", 0)
    if depth:
        _held.depth = depth + 1
        try:
            yield
        finally:
            _held.depth = depth
        return
    path = Path(settings.DATA_DIR) / "import.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError:
            raise ImportFailed([ParseProblem(file, None, None, ANOTHER_IMPORT)]) from None
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


def file_checksum(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def keep_raw_file(path: Path, content: bytes) -> str:
    """Keep the raw file, named by its checksum, under the data folder; return its relative path."""
    digest = hashlib.sha256(content).hexdigest()
    target = Path(settings.RAW_FILES_DIR) / digest[:2] / f"{digest}{path.suffix.lower()}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return str(target.relative_to(settings.DATA_DIR))


# ---- sources ---------------------------------------------------------------------------------


def source_values(entry: dict[str, Any]) -> dict[str, Any]:
    """Model values of one sources-file entry."""
    return {
        "producer": entry["producer"],
        "title": entry["title"],
        "url": entry.get("url") or "",
        "accessed": dt.date.fromisoformat(str(entry["accessed"])),
        "published": text_or_none(entry.get("published")),
        "licence": entry.get("licence") or "",
        "citation": entry.get("citation") or "",
        "checksum": entry.get("checksum") or "",
        "note": entry.get("note") or "",
        "kind": entry.get("kind") or "",
        "read": entry.get("read"),
        "language": entry.get("language") or "en",
    }


def load_sources(paths: Iterable[Path]) -> int:
    """Add or update the sources of YAML files (validated); sources are never removed."""
    count = 0
    for path in paths:
        for entry in load_yaml(path, "sources"):
            Source.objects.update_or_create(key=entry["key"], defaults=source_values(entry))
            count += 1
    return count


# ---- CSV -------------------------------------------------------------------------------------


def read_csv_rows(path: Path, schema: RowSchema) -> tuple[list[tuple[int, dict[str, str]]], list[ParseProblem]]:
    """Rows numbered as a spreadsheet shows them (header = row 1), with header problems."""
    try:
        lines = csv_rows(decode_text(path.read_bytes(), str(path)), str(path))
    except UnreadableFile as error:
        return [], [error.problem]
    if not lines:
        return [], check_header(str(path), None, schema)
    header = lines[0][1]
    problems = check_header(str(path), header, schema)
    rows = []
    for line, cells in lines[1:]:
        if len(cells) > len(header):
            problems.append(ParseProblem(str(path), line, None, "more cells than columns in the header"))
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        if any(v.strip() for v in row.values()):
            rows.append((line, row))
    return rows, problems


def import_csv(
    kind: str, path: Path, *, dataset: str | None = None, dry_run: bool = False, allow_removals: bool = False
) -> ImportReport:
    """Load a hand-filled CSV of ``kind``; re-importing a file replaces what that file said before."""
    if kind not in SCHEMAS:
        raise ImportFailed(
            [ParseProblem(str(path), None, None, f"unknown kind {kind!r}: use one of {', '.join(SCHEMAS)}")]
        )
    schema = SCHEMAS[kind]
    started = timezone.now()
    content = path.read_bytes()
    rows, problems = read_csv_rows(path, schema)
    read = FileRead(path, content, rows, problems, started)
    return load_rows(schema, kind, dataset or path.stem, read, dry_run=dry_run, allow_removals=allow_removals)


def dataset_source(key: str, sources_file: Path, checksum: str, file_name: str) -> Source:
    """The source ``key`` declared in ``sources_file`` when the files read are the ones it describes (a source with
    the same checksum), else a new source citing it, keyed by the checksum (a published dataset's other release)."""
    known = Source.objects.filter(checksum=checksum).first()
    if known is not None:
        return known
    entry = next(e for e in load_yaml(sources_file, "sources") if e["key"] == key)
    new_key = f"{key}-{checksum[7:19]}"
    return Source.objects.filter(key=new_key).first() or Source(
        key=new_key,
        producer=entry["producer"],
        title=entry["title"],
        url=entry.get("url") or "",
        accessed=dt.date.today(),
        licence=entry.get("licence") or "",
        citation=entry.get("citation") or "",
        checksum=checksum,
        kind="dataset",
        read=True,
        note=f"imported from {file_name}; files other than the ones {key} describes",
    )


def write_derived(schema: RowSchema, rows: list[tuple[int | str, dict[str, str]]], path: Path) -> None:
    """The rows as the derived CSV the observatory commits (``import csv`` reads it back)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(schema.columns), lineterminator="\n")
        writer.writeheader()
        for _row, values in rows:
            writer.writerow(values)


@dataclass(frozen=True)
class FileRead:
    """A file as read for an import: its bytes, its numbered rows, the problems met reading it, and when
    reading began (the import run's start)."""

    path: Path
    content: bytes
    rows: list[tuple[int | str, dict[str, str]]]
    problems: list[ParseProblem]
    started: dt.datetime


def load_rows(
    schema: RowSchema,
    kind: str,
    dataset: str,
    read: FileRead,
    *,
    dry_run: bool,
    source: Source | None = None,
    excluded: Iterable[str] = (),
    run_kind: str | None = None,
    allow_removals: bool = False,
) -> ImportReport:
    """The one loader of row imports: validate every row, plan the changes against what ``dataset`` said before,
    apply them in one transaction (or, in a dry run, roll them back) and record the run, failed or not."""
    path, content, rows, problems = read.path, read.content, read.rows, read.problems
    checksum = file_checksum(content)
    warnings: list[str] = []

    def work() -> Plan:
        if source is not None and not source.pk:
            source.save()
        lookups = Lookups.load()
        good, bad = validate_rows(str(path), rows, schema, lookups)
        all_problems = problems + bad
        if all_problems:
            raise ImportFailed(all_problems)
        changes = plan(schema, dataset, good, SCOPES[kind](good) if kind in SCOPES else None)
        if not allow_removals:
            warnings.extend(excessive_removals(changes, good))
            if warnings and not dry_run:
                raise ImportFailed([ParseProblem(str(path), None, None, line) for line in warnings])
        apply(changes)
        if source is not None and not dry_run:
            source.raw_file = keep_raw_file(path, content)
            source.save(update_fields=["raw_file"])
        return changes

    run = {
        "kind": run_kind or kind,
        "dataset": dataset,
        "file_name": path.name,
        "checksum": checksum,
        "started": read.started,
        "rows_read": len(rows),
        "dry_run": dry_run,
    }
    with import_lock(str(path)):
        try:
            changes = load_in_transaction(work, dry_run)
        except ImportFailed as failure:
            record_run(**run, source=None, plan_=None, problems=failure.problems)
            raise
        except OperationalError as error:  # the database is busy with another writer
            if "locked" not in str(error) and "could not obtain lock" not in str(error):
                raise
            raise ImportFailed([ParseProblem(str(path), None, None, ANOTHER_IMPORT)]) from None
        record_run(**run, source=source, plan_=changes, problems=[])
    return ImportReport(run_kind or kind, dataset, path.name, changes, dry_run, len(rows), list(excluded), warnings)


# ---- publishers' formats -----------------------------------------------------------------------


@dataclass(frozen=True)
class Publisher:
    dataset: str  # the channel: a new file replaces what the same channel said on the same instruments
    names: str  # the name-mapping file under data/names/
    producer: str
    parse: Callable[[bytes, str], dict[str, ParseResult]]
    needs_instrument: bool
    states_reference: bool = False  # the file names its treaty (UNTC's mtdsg_no): it must match


def _text(
    parse: Callable[[str, str], ParseResult | dict[str, ParseResult]],
) -> Callable[[bytes, str], dict[str, ParseResult]]:
    """A parser of text, given the bytes: an unreadable file is a problem, not a traceback."""

    def parse_bytes(content: bytes, file: str) -> dict[str, ParseResult]:
        try:
            parsed = parse(decode_text(content, file), file)
        except UnreadableFile as error:
            return {"": ParseResult(file, problems=[error.problem])}
        except ValueError as error:  # a parser's "nothing in this file can be read"
            reason = str(error).removeprefix(f"{file}: ")
            return {"": ParseResult(file, problems=[ParseProblem(file, None, None, reason)])}
        return parsed if isinstance(parsed, dict) else {"": parsed}

    return parse_bytes


PUBLISHERS: dict[str, Publisher] = {
    "untc": Publisher(
        "untc",
        "untc",
        "United Nations, Office of Legal Affairs, Treaty Section",
        _text(parse_untc_html),
        True,
        states_reference=True,
    ),
    "untc-csv": Publisher(
        "untc", "untc", "United Nations, Office of Legal Affairs, Treaty Section", _text(parse_untc_csv), True
    ),
    "ohchr": Publisher(
        "ohchr",
        "ohchr",
        "Office of the United Nations High Commissioner for Human Rights",
        lambda content, file: {"": parse_ohchr_xls(content, file)},
        True,
    ),
    "normlex": Publisher(
        "normlex",
        "ilo",
        "International Labour Organization, NORMLEX",
        _text(parse_normlex_csv),
        False,
    ),
}


def parsed_rows(
    publisher: Publisher,
    results: dict[str, ParseResult],
    instrument: str | None,
    source_key: str,
) -> tuple[list[tuple[int | str, dict[str, str]]], list[ParseProblem], list[str]]:
    """Rows in the hand-filled layout from parser output, names mapped; plus problems and exclusions."""
    names = name_map(publisher.names)
    rows: list[tuple[int | str, dict[str, str]]] = []
    problems: list[ParseProblem] = []
    excluded: list[str] = []
    for code, result in results.items():
        problems.extend(result.problems)
        for act in result.actions:
            country = names.lookup(act.participant)
            if country is None:
                problems.append(
                    ParseProblem(
                        result.file,
                        act.location or None,
                        "participant",
                        f"name {act.participant!r} is not in {names.file.name}: add it "
                        "(with an empty code to leave it out on purpose)",
                    )
                )
                continue
            if country == "":
                excluded.append(act.participant)
                continue
            rows.append(
                (
                    act.location or "?",
                    {
                        "country": country,
                        "instrument": code or instrument or "",
                        "action": act.action,
                        "date": act.date.iso(),
                        "effective": act.effective.iso() if act.effective else "",
                        "reservation": "true" if act.reservation else "false",
                        "declaration": "true" if act.declaration else "false",
                        "articles": ";".join(act.articles),
                        "source": source_key,
                        "verified": "true",
                        "note": act.note,
                    },
                )
            )
    return rows, problems, sorted(set(excluded))


def _reference_problems(result: ParseResult, instrument: Instrument) -> list[ParseProblem]:
    """The file must name the treaty it is imported as (UNTC's reference, e.g. IV-13)."""
    stated = str(result.stated.get("reference") or "")
    if result.problems and not stated:
        return []  # an unreadable file: its own problems say why
    if not stated:
        reason = f"the page states no treaty reference (mtdsg_no): cannot check that it is {instrument.code}'s"
    elif instrument.reference and stated != instrument.reference:
        title = result.stated.get("title") or "another treaty"
        reason = (
            f"the page is about {stated} ({title}), not {instrument.code} ({instrument.reference}): "
            "wrong file or wrong --instrument"
        )
    else:
        return []
    return [ParseProblem(result.file, None, None, reason)]


def import_publisher(
    importer: str,
    path: Path,
    *,
    instrument: str | None = None,
    dry_run: bool = False,
    accessed: dt.date | None = None,
    url: str | None = None,
    allow_removals: bool = False,
) -> ImportReport:
    """Import a publisher's file; it becomes a Source with its checksum, and the raw file is kept."""
    publisher = PUBLISHERS[importer]
    started = timezone.now()
    content = path.read_bytes()
    checksum = file_checksum(content)
    file = str(path)
    if publisher.needs_instrument:
        known = Instrument.objects.filter(code=instrument).first()
        if known is None:
            raise ImportFailed(
                [ParseProblem(file, None, None, f"--instrument {instrument!r} is not a known instrument code")]
            )
        results = publisher.parse(content, file)
        if publisher.states_reference:
            results[""].problems[:0] = _reference_problems(results[""], known)
        title = f"{known.short_title}: status of the instrument"
        default_url = known.depositary_url
    else:
        results = publisher.parse(content, file)
        title = "Ratifications by country and convention"
        default_url = ""
    key = f"{importer}-{(instrument or 'table').lower()}-{checksum[7:19]}"
    # the same file imported again (or the file the embedded data was built from) keeps its source
    source = (
        Source.objects.filter(checksum=checksum).first()
        or Source.objects.filter(key=key).first()
        or Source(
            key=key,
            producer=publisher.producer,
            title=title,
            url=url or default_url,
            accessed=accessed or dt.date.today(),
            checksum=checksum,
            note=f"imported from {path.name}",
        )
    )
    rows, problems, excluded = parsed_rows(publisher, results, instrument, source.key)

    report = load_rows(
        TREATY_ACTIONS,
        "treaty-actions",
        publisher.dataset,
        FileRead(path, content, rows, problems, started),
        dry_run=dry_run,
        source=source,
        excluded=excluded,
        run_kind=importer,
        allow_removals=allow_removals,
    )
    report.not_loaded = [str(skipped) for result in results.values() for skipped in result.not_loaded]
    return report
