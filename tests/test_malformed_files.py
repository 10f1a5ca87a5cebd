"""The corpus of malformed files (tests/files/malformed/): each refused with one line, nothing changed.

The files are small and hand-made (tests/files/malformed/README.md says what each is).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrights.assessments import questionnaire
from migrights.assessments.models import Answer
from migrights.assessments.questionnaire import import_answers
from migrights.assessments.tests.builders import build_cast
from migrights.assessments.workflow import Refused
from migrights.lib.yamlfiles import DataFileError
from migrights.reference.importing import import_csv, import_publisher, load_sources
from migrights.reference.loading import ImportFailed
from migrights.reference.models import ImportRun, Source, TreatyAction

MALFORMED = Path(__file__).parent / "files" / "malformed"
pytestmark = pytest.mark.django_db


def _one_problem(failure: pytest.ExceptionInfo) -> str:
    (problem,) = failure.value.problems
    text = str(problem)
    assert "\n" not in text
    return text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("actions_cp1252.csv", "row 2: not UTF-8: byte 0x96 cannot be read; the file looks like Windows-1252"),
        ("actions_unclosed_quote.csv", "row 2: a quoted cell is never closed"),
        ("actions_nul.csv", "row 2: a NUL byte"),
    ],
)
def test_treaty_action_csv(name, expected):
    with pytest.raises(ImportFailed) as failure:
        import_csv("treaty-actions", MALFORMED / name)
    assert expected in _one_problem(failure)
    assert not TreatyAction.objects.filter(dataset=Path(name).stem).exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("normlex_cp1252.csv", "row 2: not UTF-8: byte 0xf4 cannot be read; the file looks like Windows-1252"),
        ("normlex_unclosed_quote.csv", "row 2: a quoted cell is never closed"),
        ("normlex_nul.csv", "row 2: a NUL byte"),
    ],
)
def test_normlex_csv(name, expected):
    before = TreatyAction.objects.filter(dataset="normlex").count()
    with pytest.raises(ImportFailed) as failure:
        import_publisher("normlex", MALFORMED / name)
    assert expected in _one_problem(failure)
    assert TreatyAction.objects.filter(dataset="normlex").count() == before
    assert ImportRun.objects.get(file_name=name).outcome == "failed"


@pytest.mark.parametrize(
    ("importer", "name", "expected"),
    [
        ("untc-csv", "untc_unclosed_quote.csv", "row 2: a quoted cell is never closed"),
        ("untc-csv", "untc_quote_swallows_row.csv", "row 2: a quoted cell runs on to line 3"),
        ("ohchr", "ohchr_nul.xls", "row 3: a NUL byte"),
    ],
)
def test_other_publishers(importer, name, expected):
    before = TreatyAction.objects.count()
    with pytest.raises(ImportFailed) as failure:
        import_publisher(importer, MALFORMED / name, instrument="ICRMW")
    assert expected in _one_problem(failure)
    assert TreatyAction.objects.count() == before


def test_yaml_alias_bomb_given_to_import_sources():
    before = Source.objects.count()
    with pytest.raises(DataFileError) as failure:
        load_sources([MALFORMED / "sources_alias_bomb.yaml"])
    assert str(failure.value).endswith("line 3: not valid YAML: an alias (*a): aliases are not allowed in data files")
    assert Source.objects.count() == before


@pytest.fixture
def cast():
    return build_cast()


def _refused_answers(cast, name: str) -> list[str]:
    with pytest.raises(Refused) as failure:
        import_answers(MALFORMED / name, cast.expert, cast.assessment)
    assert not Answer.objects.filter(assessment=cast.assessment).exists()
    return str(failure.value).splitlines()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "questionnaire_cp1252.csv",
            "questionnaire_cp1252.csv: row 2: not UTF-8: byte 0x96 cannot be read; "
            "the file looks like Windows-1252: save it as UTF-8",
        ),
        ("questionnaire_unclosed_quote.csv", "questionnaire_unclosed_quote.csv: row 2: a quoted cell"),
        ("questionnaire_nul.csv", "questionnaire_nul.csv: row 2: a NUL byte"),
        (
            "questionnaire_unknown_column.csv",
            "questionnaire_unknown_column.csv: row 1, column valeur: not a column of the questionnaire",
        ),
        (
            "questionnaire_wrong_sheet.xlsx",
            "questionnaire_wrong_sheet.xlsx: sheet 'HEA Health', row 1: not a sheet of this questionnaire",
        ),
        (
            "questionnaire_wrong_header.xlsx",
            "questionnaire_wrong_header.xlsx: sheet 'LAB Labour', row 1, column valeur: not a column",
        ),
        (
            "questionnaire_formula.xlsx",
            "questionnaire_formula.xlsx: sheet 'LAB Labour', row 3, column value (cell F3): a formula (=10+2.5) "
            "with no saved value",
        ),
        (
            "questionnaire_zip_bomb.xlsx",
            "questionnaire_zip_bomb.xlsx: sheet 'LAB Labour', row 10001: more than 10000 rows",
        ),
    ],
)
def test_questionnaire(cast, name, expected):
    (line,) = _refused_answers(cast, name)
    assert line.startswith(expected), line


def test_questionnaire_zip_bomb_is_refused_from_its_directory_before_reading(cast, monkeypatch):
    monkeypatch.setattr(questionnaire, "XLSX_MAX_BYTES", 500_000)  # the file expands to about 1 MB
    monkeypatch.setattr("openpyxl.load_workbook", None)  # never opened (the questionnaire imports it when reading)
    (line,) = _refused_answers(cast, "questionnaire_zip_bomb.xlsx")
    assert line.startswith("questionnaire_zip_bomb.xlsx: the file would take 1.0 MB once uncompressed (at most 0.5 MB)")
