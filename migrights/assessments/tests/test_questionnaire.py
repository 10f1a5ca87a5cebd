"""The XLSX and CSV questionnaire in-process: export, fill, import, refuse (the CLI tests run it in subprocesses)."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from migrights.assessments import workflow
from migrights.assessments.models import Answer, AuditEntry
from migrights.assessments.questionnaire import COLUMNS, export_questionnaire, import_answers
from migrights.assessments.tests.builders import build_cast
from migrights.assessments.workflow import Refused

pytestmark = pytest.mark.django_db

VALUE, CONFIDENCE, CITATION, URL = (
    COLUMNS.index(c) + 1 for c in ("value", "confidence", "evidence_citation", "evidence_url")
)


@pytest.fixture
def cast():
    return build_cast()


def filled(path, answers: dict[str, dict[int, object]]):
    """Write ``{indicator: {column number: value}}`` into the exported workbook at ``path``."""
    book = load_workbook(path)
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for column, value in answers.get(row[0].value, {}).items():
                row[column - 1].value = value
    book.save(path)
    return path


def test_the_exported_workbook_asks_every_coded_question(cast, tmp_path):
    path = tmp_path / "PHL-2024.xlsx"
    assert export_questionnaire(cast.assessment, path) == 3
    book = load_workbook(path)
    assert book.sheetnames[0] == "About"
    about = [c.value for c in book["About"]["B"] if c.value]
    assert about[:2] == ["PHL", 2024]
    asked = {}
    for sheet in book.worksheets[1:]:
        header = [c.value for c in sheet[1]]
        assert header == list(COLUMNS)
        asked |= {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert sorted(asked) == ["LAB.1.I1", "LAB.1.P1", "LAB.1.P2"]  # the commitment indicators are not asked
    assert asked["LAB.1.P2"]["allowed"].endswith("; or: not applicable, unknown")
    assert asked["LAB.1.P2"]["value"] is None
    lists = [v.formula1 for sheet in book.worksheets[1:] for v in sheet.data_validations.dataValidation]
    assert '"high,medium,low"' in lists


def test_a_filled_workbook_imports_once_then_nothing_changes(cast, tmp_path):
    path = tmp_path / "q.xlsx"
    export_questionnaire(cast.assessment, path)
    filled(
        path,
        {
            "LAB.1.P1": {VALUE: "Yes", CITATION: "Labor Code, art. 3", CONFIDENCE: "high"},
            "LAB.1.P2": {VALUE: "Partial"},
            "LAB.1.I1": {VALUE: 12.5, URL: "https://example.org/report"},
        },
    )
    dry = import_answers(path, cast.expert, cast.assessment, dry_run=True)
    assert (dry.saved, dry.unchanged, dry.skipped) == (3, 0, 0)
    assert not Answer.objects.exists()
    report = import_answers(path, cast.expert, cast.assessment)
    assert (report.saved, report.unchanged, report.skipped) == (3, 0, 0)
    answers = {a.indicator.code: a for a in Answer.objects.filter(coder=cast.expert)}
    assert {code: a.value for code, a in answers.items()} == {"LAB.1.P1": 1, "LAB.1.P2": 50, "LAB.1.I1": 12.5}
    assert answers["LAB.1.P1"].confidence == "high" and answers["LAB.1.P2"].confidence == "medium"
    assert [e.citation for e in answers["LAB.1.P1"].evidence.all()] == ["Labor Code, art. 3"]
    assert AuditEntry.objects.filter(action="save-answer", why="imported from q.xlsx").count() == 3
    again = import_answers(path, cast.expert, cast.assessment)
    assert (again.saved, again.unchanged) == (0, 3)
    assert answers["LAB.1.P1"].evidence.count() == 1  # the same evidence is not added twice
    assert workflow.submit(cast.expert, cast.assessment).state == "submitted"


def test_blank_questions_stay_unanswered_and_special_answers_are_understood(cast, tmp_path):
    path = tmp_path / "q.xlsx"
    export_questionnaire(cast.assessment, path)
    filled(path, {"LAB.1.P1": {VALUE: "Not applicable"}, "LAB.1.P2": {VALUE: "unknown"}})
    report = import_answers(path, cast.expert, cast.assessment)
    assert (report.saved, report.skipped) == (2, 1)
    statuses = dict(Answer.objects.values_list("indicator__code", "status"))
    assert statuses == {"LAB.1.P1": "not-applicable", "LAB.1.P2": "unknown"}


def test_every_bad_cell_is_named_and_nothing_is_saved(cast, tmp_path):
    path = tmp_path / "q.xlsx"
    export_questionnaire(cast.assessment, path)
    filled(
        path,
        {
            "LAB.1.P1": {VALUE: "Yes", URL: "ftp://example.org"},
            "LAB.1.P2": {VALUE: "Mostly"},
            "LAB.1.I1": {VALUE: "12.5", CONFIDENCE: "certain"},
        },
    )
    with pytest.raises(Refused) as refusal:
        import_answers(path, cast.expert, cast.assessment)
    lines = str(refusal.value).splitlines()
    assert lines == [
        "q.xlsx: sheet 'LAB Labour', row 2, column evidence_url: 'ftp://example.org' is not a web address "
        "(http or https)",
        "q.xlsx: sheet 'LAB Labour', row 3, column value: 'Mostly' is not one of 0 (None), 50 (Partial), 100 (Full)",
        "q.xlsx: sheet 'LAB Labour', row 4, column confidence: confidence must be one of high, medium, low",
    ]
    assert not Answer.objects.exists()


def test_a_formula_without_a_saved_value_is_refused_with_its_cell(cast, tmp_path):
    path = tmp_path / "q.xlsx"
    export_questionnaire(cast.assessment, path)
    filled(path, {"LAB.1.I1": {VALUE: "=10+2.5"}})
    with pytest.raises(Refused, match=r"column value \(cell F\d\): a formula \(=10\+2.5\) with no saved value"):
        import_answers(path, cast.expert, cast.assessment)
    assert not Answer.objects.exists()


def test_only_the_assigned_expert_imports_and_only_while_editable(cast, tmp_path):
    path = tmp_path / "q.xlsx"
    export_questionnaire(cast.assessment, path)
    filled(path, {"LAB.1.P2": {VALUE: "Full"}})
    with pytest.raises(Refused, match="chen is not a country expert"):
        import_answers(path, cast.reviewer, cast.assessment)
    assert not Answer.objects.exists()


def test_the_csv_questionnaire_round_trips(cast, tmp_path):
    path = tmp_path / "q.csv"
    assert export_questionnaire(cast.assessment, path) == 3
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["indicator"] for r in rows] == ["LAB.1.P1", "LAB.1.P2", "LAB.1.I1"]
    rows[1]["value"] = "Full"
    rows[2]["value"] = "na"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = import_answers(path, cast.expert, cast.assessment)
    assert (report.saved, report.skipped) == (2, 1)
    assert dict(Answer.objects.values_list("indicator__code", "value")) == {"LAB.1.P2": 100, "LAB.1.I1": None}


def test_other_formats_are_refused(cast, tmp_path):
    with pytest.raises(Refused, match=r"q.ods: the questionnaire is written as .xlsx or .csv"):
        export_questionnaire(cast.assessment, tmp_path / "q.ods")
    document = tmp_path / "q.ods"
    document.write_bytes(b"not a questionnaire")
    with pytest.raises(Refused, match=r"q.ods: answers are imported from .xlsx or .csv files"):
        import_answers(document, cast.expert, cast.assessment)
