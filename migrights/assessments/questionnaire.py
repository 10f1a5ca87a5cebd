"""Offline coding: the questionnaire as XLSX or CSV out, a filled file back in (all or nothing).

The XLSX has an "About" sheet, then one sheet per category with the guidance beside each
question and drop-down lists of the allowed answers. An import reports every bad cell with
its sheet, row and column, and saves through ``workflow.save_answer`` like the screens do.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from migrights.assessments.models import Answer, Assessment
from migrights.assessments.workflow import (
    AnswerInput,
    EvidenceInput,
    Refused,
    check_editable,
    check_expert,
    coded_indicator,
    parse_answer,
    save_answer,
)
from migrights.framework.definition import IndicatorDef
from migrights.importers.textfiles import UnreadableFile, csv_rows, decode_text
from migrights.lib.tables import spreadsheet_row, write_csv

COLUMNS = (
    "indicator",
    "right",
    "question",
    "guidance",
    "allowed",
    "value",
    "confidence",
    "comment",
    "evidence_citation",
    "evidence_url",
    "evidence_excerpt",
    "evidence_accessed",
    "version",
)
REQUIRED = ("indicator", "value", "confidence", "comment", "evidence_citation", "evidence_url")
NOT_APPLICABLE = ("not applicable", "na", "n/a")
UNKNOWN = ("unknown",)
# Bounds checked before an XLSX is read: a questionnaire is a few hundred rows of text.
XLSX_MAX_BYTES = 50_000_000  # uncompressed, from the zip directory
XLSX_MAX_MEMBERS = 1_000
XLSX_MAX_ROWS = 10_000  # per sheet (a sheet without a <dimension> is otherwise read to its end)
# `version`: the version of the coder's answer when the file was written (blank: none yet); an import refuses a
# row edited in the file whose answer was also changed on screen since (a conflict), never overwriting it.
WIDTHS = {
    "version": 9,
    "indicator": 12,
    "right": 28,
    "question": 60,
    "guidance": 60,
    "allowed": 28,
    "value": 16,
    "comment": 40,
}


def _allowed(indicator: IndicatorDef) -> list[str]:
    scale = indicator.scale
    labels = [level.label for level in scale.levels]
    return [*labels, "not applicable", "unknown"] if labels else []


def _allowed_text(indicator: IndicatorDef) -> str:
    return indicator.scale.allowed_text() + "; or: not applicable, unknown"


def _saved_cells(indicator: IndicatorDef, answer: Answer | None) -> dict[str, Any]:
    """A saved answer as the questionnaire's cells (the value as its level label), with its version."""
    if answer is None:
        return {}
    if answer.status == Answer.Status.NOT_APPLICABLE:
        value: Any = NOT_APPLICABLE[0]
    elif answer.status == Answer.Status.UNKNOWN:
        value = UNKNOWN[0]
    elif indicator.scale.levels:
        value = indicator.scale.label_of(answer.value)
    else:
        value = answer.value
    cells = {"value": value, "confidence": answer.confidence, "comment": answer.comment, "version": answer.version}
    for item in answer.evidence.all():  # the first item of each kind; the others stay as they are
        column = {"legal-citation": "evidence_citation", "url": "evidence_url", "excerpt": "evidence_excerpt"}
        text = {"legal-citation": item.citation, "url": item.url, "excerpt": item.excerpt}.get(item.kind, "")
        if item.kind in column and column[item.kind] not in cells:
            cells[column[item.kind]] = text
            if item.accessed and "evidence_accessed" not in cells:
                cells["evidence_accessed"] = item.accessed.isoformat()
    return cells


def _question_rows(
    assessment: Assessment, coder: User | None = None
) -> Iterator[tuple[str, IndicatorDef, dict[str, Any]]]:
    definition = assessment.framework.definition()
    rights = {r.code: r.title for c in definition.categories for r in c.rights}
    saved: dict[str, Answer] = {}
    if coder is not None:
        found = Answer.objects.filter(assessment=assessment, coder=coder).select_related("indicator")
        saved = {a.indicator.code: a for a in found.prefetch_related("evidence")}
    for category in definition.categories:
        for indicator in category.indicators:
            if not indicator.coded:
                continue
            yield (
                f"{category.code} {category.title}",
                indicator,
                {
                    "indicator": indicator.code,
                    "right": rights[indicator.right],
                    "question": indicator.wording,
                    "guidance": indicator.guidance,
                    "allowed": _allowed_text(indicator),
                }
                | _saved_cells(indicator, saved.get(indicator.code)),
            )


def export_questionnaire(assessment: Assessment, output: Path, coder: User | None = None) -> int:
    """Write the questionnaire of ``assessment`` (with ``coder``'s saved answers); returns the number of questions."""
    rows = list(_question_rows(assessment, coder))
    if output.suffix.lower() == ".csv":
        with output.open("w", newline="", encoding="utf-8") as handle:
            write_csv(({"category": category, **row} for category, _, row in rows), ["category", *COLUMNS], handle)
        return len(rows)
    if output.suffix.lower() != ".xlsx":
        raise Refused(f"{output}: the questionnaire is written as .xlsx or .csv")
    from openpyxl import Workbook  # imported where used: a server that never writes one keeps 37 MB less
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    about = book.active
    about.title = "About"
    for line in (
        ("Migrant Rights Observatory questionnaire",),
        ("Country", assessment.country.code, assessment.country.name),
        ("Year", assessment.year),
        ("Framework", str(assessment.framework)),
        ("Exported", dt.date.today().isoformat()),
        *([("Answers of", coder.username)] if coder is not None else []),
        (),
        ("Answer in the `value` column of each category sheet: pick from the list, or type a number.",),
        ("Write `not applicable` when the question does not arise, `unknown` when you could not find out.",),
        ("Give evidence: the law and article (evidence_citation), a web address (evidence_url), or an excerpt.",),
        ("Leave the `version` column as it is: it tells which answers were changed on screen since this export.",),
        ("Upload: the workspace's page `Questionnaire as a spreadsheet` of this assessment, or",),
        (
            f"Import: migrights answers import FILE --as NAME --country {assessment.country.code} "
            f"--year {assessment.year}",
        ),
    ):
        about.append(spreadsheet_row(about, line))
    about["A1"].font = Font(bold=True, size=14)
    by_category: dict[str, list[tuple[IndicatorDef, dict[str, Any]]]] = {}
    for category, indicator, row in rows:
        by_category.setdefault(category, []).append((indicator, row))
    for category, items in by_category.items():
        sheet = book.create_sheet(_sheet_title(category))
        sheet.append(list(COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE7F0")
        confidence = DataValidation(type="list", formula1='"high,medium,low"', allow_blank=True)
        sheet.add_data_validation(confidence)
        for number, (indicator, row) in enumerate(items, start=2):
            sheet.append(spreadsheet_row(sheet, [row.get(column, "") for column in COLUMNS]))
            allowed = _allowed(indicator)
            if allowed:
                choice = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
                choice.error = "Pick one of the listed answers"
                sheet.add_data_validation(choice)
                choice.add(f"F{number}")
            confidence.add(f"G{number}")
            for cell in sheet[number]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, column in enumerate(COLUMNS):
            sheet.column_dimensions[get_column_letter(index + 1)].width = WIDTHS.get(column, 24)
        sheet.freeze_panes = "B2"
    book.save(output)
    return len(rows)


def _sheet_title(category: str) -> str:
    """Excel limits sheet names to 31 characters and forbids a few."""
    for bad in "[]:*?/\\":
        category = category.replace(bad, " ")
    return category[:31]


@dataclass(frozen=True)
class CellProblem:
    file: str
    sheet: str | None
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = [f"sheet {self.sheet!r}"] if self.sheet else []
        if self.row > 0:  # 0: the whole file
            where.append(f"row {self.row}")
        if self.column != "-":  # "-": the whole row
            where.append(f"column {self.column}")
        return f"{self.file}: {', '.join(where)}: {self.reason}" if where else f"{self.file}: {self.reason}"


@dataclass(frozen=True)
class ImportReport:
    saved: int
    unchanged: int
    skipped: int
    kept: int = 0  # rows left as exported whose answer changed on screen since: the newer answer stays


class ImportRefused(Refused):
    """A questionnaire refused: every bad cell (or conflicting answer) with its sheet, row and column."""

    def __init__(self, problems: list[CellProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _row_version(row: dict[str, str]) -> int | None:
    """The answer's version when the file was written: None without the column (older files), 0 if blank."""
    if "version" not in row:
        return None
    text = row["version"].strip()
    return int(text) if text.isdigit() else -1 if text else 0


def _content(status: str, value: float | None, confidence: str, comment: str) -> tuple[Any, ...]:
    return (status, value, confidence, comment.strip())


def _same_as(current: Answer, given: AnswerInput) -> bool:
    status, value = parse_answer(current.indicator, given)
    mine = _content(status, value, given.confidence, given.comment)
    return mine == _content(current.status, current.value, current.confidence, current.comment)


def _conflict(assessment: Assessment, coder: User, given: AnswerInput, exported: int) -> tuple[str, str] | None:
    """("kept", why) when the row is as exported and the answer changed on screen since; ("conflict", why) when
    both changed; None when the row may be saved (the answer is as exported, or the row equals it)."""
    current = (
        Answer.objects.filter(assessment=assessment, indicator__code=given.indicator, coder=coder)
        .select_related("indicator")
        .first()
    )
    if current is None or current.version == exported:
        return None
    status, value = parse_answer(current.indicator, given)
    mine = _content(status, value, given.confidence, given.comment)
    if mine == _content(current.status, current.value, current.confidence, current.comment):
        return None
    definition = current.indicator.definition()
    now = _saved_cells(definition, current)
    if exported > 0:
        then = current.revisions.filter(version=exported).first()
        if then is not None:
            was = then.content
            if mine == _content(was["status"], was["value"], was["confidence"], was["comment"] or ""):
                return "kept", _("kept version %(version)s saved on screen since the export") % {
                    "version": current.version
                }
    since = _("version %(version)s") % {"version": exported} if exported > 0 else _("no answer")
    message = _(
        "changed on screen since this file was exported (the file has %(since)s, the screen now has version "
        "%(version)s: %(screen)r); the file says %(file)r. Nothing was overwritten: export the questionnaire "
        "again, or change the answer on screen"
    )
    named = {"since": since, "version": current.version, "screen": now["value"], "file": given.value}
    return "conflict", message % named


def _sheets(assessment: Assessment) -> dict[str, set[str]]:
    """The category sheets of the exported questionnaire and the indicator codes each asks."""
    sheets: dict[str, set[str]] = {}
    for category, indicator, _row in _question_rows(assessment):
        sheets.setdefault(_sheet_title(category), set()).add(indicator.code)
    return sheets


def _check_xlsx_size(path: Path) -> str | None:
    """Why an XLSX must not be opened (not a zip, or too big once uncompressed), or None.

    Read from the zip's directory before openpyxl decompresses anything: the directory's sizes
    bound what can be read, so a zip bomb is refused without being expanded.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        return _("not a readable XLSX file (%(error)s)") % {"error": error}
    if len(members) > XLSX_MAX_MEMBERS:
        named = {"count": len(members), "limit": XLSX_MAX_MEMBERS}
        return _("the file holds %(count)d parts (at most %(limit)d): not a questionnaire") % named
    size = sum(member.file_size for member in members)
    if size > XLSX_MAX_BYTES:
        return (
            f"the file would take {size / 1e6:,.1f} MB once uncompressed (at most {XLSX_MAX_BYTES / 1e6:,.1f} MB): "
            "not a questionnaire"
        )
    return None


def _read_csv(path: Path, known: set[str]) -> Iterator[tuple[str | None, int, dict[str, str]] | CellProblem]:
    try:
        lines = csv_rows(decode_text(path.read_bytes(), path.name), path.name)
    except UnreadableFile as error:
        yield CellProblem(path.name, None, int(error.problem.row or 0), "-", error.problem.reason)
        return
    header = [cell.strip() for cell in lines[0][1]] if lines else []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        yield CellProblem(path.name, None, 1, ", ".join(missing), _("missing column(s)"))
        return
    unknown = [c for c in header if c and c not in known]
    if unknown:
        yield CellProblem(path.name, None, 1, ", ".join(unknown), _("not a column of the questionnaire"))
        return
    for number, cells in lines[1:]:
        if len(cells) > len(header):
            yield CellProblem(
                path.name,
                None,
                number,
                "-",
                _("%(count)d cells, the header has %(header)d") % {"count": len(cells), "header": len(header)},
            )
            continue
        yield None, number, {k: v.strip() for k, v in zip(header, cells, strict=False) if k}


def _read_rows(path: Path, assessment: Assessment) -> Iterator[tuple[str | None, int, dict[str, str]] | CellProblem]:
    """Rows as text dicts with their sheet and row number (file and header problems come as CellProblem)."""
    if path.suffix.lower() == ".csv":
        yield from _read_csv(path, {"category", *COLUMNS})
        return
    if path.suffix.lower() != ".xlsx":
        yield CellProblem(path.name, None, 0, "-", _("answers are imported from .xlsx or .csv files"))
        return
    refused = _check_xlsx_size(path)
    if refused:
        yield CellProblem(path.name, None, 0, "-", refused)
        return
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises several kinds for a damaged file
        yield CellProblem(path.name, None, 0, "-", _("not a readable XLSX file (%(error)s)") % {"error": error})
        return
    expected = _sheets(assessment)
    home = {code: title for title, codes in expected.items() for code in codes}
    try:
        for sheet in book.worksheets:
            if sheet.title == "About":
                continue
            if sheet.title not in expected:
                yield CellProblem(
                    path.name, sheet.title, 1, "-", _("not a sheet of this questionnaire (export it again)")
                )
                continue
            yield from _sheet_rows(path.name, sheet, formulas[sheet.title], expected[sheet.title], home)
    finally:
        book.close()
        formulas.close()


def _sheet_rows(
    file: str, sheet: Any, formulas: Any, codes: set[str], home: dict[str, str]
) -> Iterator[tuple[str | None, int, dict[str, str]] | CellProblem]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        yield CellProblem(file, sheet.title, 1, ", ".join(missing), _("missing column(s)"))
        return
    unknown = [c for c in header if c and c not in COLUMNS]
    if unknown:
        yield CellProblem(file, sheet.title, 1, ", ".join(unknown), _("not a column of the questionnaire"))
        return
    width = len(header)
    raw_rows = formulas.iter_rows(min_row=2, max_col=width, values_only=True)
    for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        if number > XLSX_MAX_ROWS:
            yield CellProblem(
                file,
                sheet.title,
                number,
                "-",
                _("more than %(limit)d rows: not a questionnaire") % {"limit": XLSX_MAX_ROWS},
            )
            return
        raw = next(raw_rows, ())
        uncached = False
        for index, (value, written) in enumerate(zip(values, raw, strict=False)):
            if value is None and isinstance(written, str) and written.startswith("="):
                uncached = True
                yield CellProblem(
                    file,
                    sheet.title,
                    number,
                    _("%(column)s (cell %(cell)s)")
                    % {"column": header[index] or "-", "cell": f"{_column_letter(index + 1)}{number}"},
                    _(
                        "a formula (%(formula)s) with no saved value: type the value, or open and save the file in "
                        "a spreadsheet program"
                    )
                    % {"formula": written[:40]},
                )
        row = {h: _cell_text(v) for h, v in zip(header, values, strict=False) if h}
        if uncached or not any(row.values()):
            continue
        code = row.get("indicator", "")
        if code in home and code not in codes:
            yield CellProblem(
                file,
                sheet.title,
                number,
                "indicator",
                _("%(code)s is asked on sheet %(sheet)r, not on this one") % {"code": code, "sheet": home[code]},
            )
            continue
        yield sheet.title, number, row


def _column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _answer_from_row(assessment: Assessment, row: dict[str, str], problem: Any) -> AnswerInput | None:
    code = row.get("indicator", "")
    try:
        indicator = coded_indicator(assessment, code)
    except Refused as refusal:
        problem("indicator", str(refusal) if code else _("the indicator code is empty"))
        return None
    raw = row.get("value", "")
    status = Answer.Status.VALUE
    if raw.casefold() in NOT_APPLICABLE:
        status = Answer.Status.NOT_APPLICABLE
    elif raw.casefold() in UNKNOWN:
        status = Answer.Status.UNKNOWN
    confidence = (row.get("confidence") or Answer.Confidence.MEDIUM).casefold()
    given = AnswerInput(indicator=code, status=status, value=raw, confidence=confidence, comment=row.get("comment", ""))
    try:
        parse_answer(indicator, given)
    except Refused as refusal:
        column = "confidence" if "confidence" in str(refusal) else "value"
        problem(column, str(refusal).split(": ", 1)[-1])
        return None
    evidence = _evidence_from_row(row, problem)
    if evidence is None:
        return None
    given.evidence = evidence
    return given


def _evidence_from_row(row: dict[str, str], problem: Any) -> list[EvidenceInput] | None:
    accessed = None
    if row.get("evidence_accessed"):
        try:
            accessed = dt.date.fromisoformat(row["evidence_accessed"][:10])
        except ValueError:
            problem(
                "evidence_accessed", _("%(value)r is not a date (YYYY-MM-DD)") % {"value": row["evidence_accessed"]}
            )
            return None
    items = []
    if row.get("evidence_citation"):
        items.append(EvidenceInput("legal-citation", citation=row["evidence_citation"][:500], accessed=accessed))
    if row.get("evidence_url"):
        try:
            URLValidator(schemes=["http", "https"])(row["evidence_url"])
        except ValidationError:
            problem(
                "evidence_url", _("%(value)r is not a web address (http or https)") % {"value": row["evidence_url"]}
            )
            return None
        items.append(EvidenceInput("url", url=row["evidence_url"], accessed=accessed))
    if row.get("evidence_excerpt"):
        items.append(EvidenceInput("excerpt", excerpt=row["evidence_excerpt"], accessed=accessed))
    return items


def import_answers(path: Path, coder: User, assessment: Assessment, dry_run: bool = False) -> ImportReport:
    """Save every answer of a filled questionnaire as ``coder``'s, or none when any cell is bad.

    A row whose answer was changed on screen since the file was exported (its `version` cell is older than the
    saved answer) is a conflict when the file changes it too, and refuses the whole import; left as exported, it
    keeps the newer answer. Files without the `version` column (older exports, CSV written by hand) save as is.
    """
    check_expert(coder, assessment)
    check_editable(assessment)
    problems: list[CellProblem] = []
    given: list[tuple[AnswerInput, int | None, Any]] = []
    seen: dict[str, str] = {}
    skipped = 0
    for item in _read_rows(path, assessment):
        if isinstance(item, CellProblem):
            problems.append(item)
            continue
        sheet, number, row = item

        def problem(column: str, reason: str, sheet: str | None = sheet, number: int = number) -> None:
            problems.append(CellProblem(path.name, sheet, number, column, reason))

        if not row.get("value") and not any(row.get(c) for c in ("comment", "evidence_citation", "evidence_url")):
            skipped += 1  # a question left blank stays unanswered
            continue
        if not row.get("value"):
            problem("value", _("the value is empty (write `unknown` if you could not find out)"))
            continue
        code = row.get("indicator", "")
        if code in seen:
            problem(
                "indicator", _("%(code)s is answered twice (also at %(where)s)") % {"code": code, "where": seen[code]}
            )
            continue
        seen[code] = f"row {number}" + (f" of {sheet!r}" if sheet else "")
        version = _row_version(row)
        if version == -1:
            named = {"value": row["version"]}
            problem("version", _("%(value)r is not a version number: leave this column as exported") % named)
            continue
        answer = _answer_from_row(assessment, row, problem)
        if answer is not None:
            given.append((answer, version, problem))
    if problems:
        raise ImportRefused(problems)
    saved = unchanged = kept = 0
    with transaction.atomic():
        Assessment.objects.select_for_update().filter(pk=assessment.pk).first()  # no save in between
        to_save = []
        for answer, version, problem in given:
            found = _conflict(assessment, coder, answer, version) if version is not None else None
            if found is None:
                to_save.append(answer)
            elif found[0] == "kept":
                kept += 1
            else:
                problem("value", found[1])
        if problems:
            raise ImportRefused(problems)
        for answer in to_save:
            current = Answer.objects.filter(
                assessment=assessment, indicator__code=answer.indicator, coder=coder
            ).first()
            if current is not None and current.carried_over and _same_as(current, answer):
                unchanged += 1  # a carried-over answer is confirmed on screen, not by an upload that repeats it
                continue
            if current is not None:
                known = {(e.kind, e.citation, e.url, e.excerpt) for e in current.evidence.all()}
                answer.evidence = [e for e in answer.evidence if (e.kind, e.citation, e.url, e.excerpt) not in known]
            stored = save_answer(
                coder, assessment, answer, current.version if current else None, reason=f"imported from {path.name}"
            )
            if current is not None and stored.version == current.version:
                unchanged += 1
            else:
                saved += 1
        if dry_run:
            transaction.set_rollback(True)
    return ImportReport(saved=saved, unchanged=unchanged, skipped=skipped, kept=kept)
