"""No download runs a formula: text starting with =, @, +, - is inert in every CSV and XLSX; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from migrights.assessments import workflow
from migrights.assessments.tests.builders import build_cast
from migrights.assessments.workflow import AnswerInput, EvidenceInput
from migrights.opendata.downloads import write_workbook
from migrights.opendata.package import BY_NAME, PackageInfo, read_csv_table, write_package

FORMULAS = ["=1+2", "@SUM(A1)", "+1", "-1+2"]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_package_and_its_workbook_keep_formula_like_text_inert(tmp_path):
    sources = [
        {"key": f"s{n}", "producer": text, "title": text, "accessed": "2026-01-01", "facts": 1}
        for n, text in enumerate(FORMULAS)
    ]
    gaps = [{"country": "PHL", "year": 2024, "gap": "commitment-protection", "value": -12.5}]
    info = PackageInfo("t", "Test", "A test package", "2026-01-01T00:00:00Z", tuple(sources))
    write_package(tmp_path, info, {"sources": sources, "gaps": gaps})

    written = csv_rows((tmp_path / "sources.csv").read_text("utf-8"))
    assert [row["title"] for row in written] == ["'" + text for text in FORMULAS]
    assert csv_rows((tmp_path / "gaps.csv").read_text("utf-8"))[0]["value"] == "-12.5"  # a number, unquoted
    read = read_csv_table(BY_NAME["sources"], tmp_path / "sources.csv")
    assert read["title"].tolist() == FORMULAS  # read back (JSON, Python API) as written

    write_workbook(tmp_path, tmp_path / "book.xlsx")
    book = load_workbook(tmp_path / "book.xlsx")
    titles = [row[2] for row in book["sources"].iter_rows(min_row=2)]
    assert [(c.value, c.data_type, c.quotePrefix) for c in titles] == [(text, "s", True) for text in FORMULAS]
    facts = book["sources"]["J2"]  # numbers stay numbers
    assert (facts.value, facts.data_type) == (1, "n")
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)


@pytest.mark.django_db
def test_a_released_citation_stays_inert_text_in_every_download_and_export(client, small_scores):
    cast = build_cast()
    given = [
        AnswerInput("LAB.1.P1", value="Yes", evidence=[EvidenceInput("legal-citation", citation="=1+2")]),
        AnswerInput("LAB.1.P2", value="Partial", evidence=[EvidenceInput("legal-citation", citation="@SUM(A1)")]),
        AnswerInput("LAB.1.I1", value="12.5", evidence=[EvidenceInput("legal-citation", citation="-1+2")]),
    ]
    for answer in given:
        workflow.save_answer(cast.expert, cast.assessment, answer, None)
    workflow.submit(cast.expert, cast.assessment)
    workflow.approve(cast.reviewer, cast.assessment)
    workflow.create_release(cast.coordinator, "2026.1")
    expected = {"LAB.1.P1": "=1+2", "LAB.1.P2": "@SUM(A1)", "LAB.1.I1": "-1+2"}
    neutralised = {code: "'" + text for code, text in expected.items()}

    def body(path: str) -> bytes:
        response = client.get(path)
        assert response.status_code == 200, path
        return b"".join(response.streaming_content)

    answers = csv_rows(body("/data/2026.1/answers.csv").decode())
    assert {a["indicator"]: a["evidence"] for a in answers} == neutralised
    assert {a["indicator"]: a["value"] for a in answers}["LAB.1.I1"] == "12.5"
    archive = zipfile.ZipFile(io.BytesIO(body("/data/2026.1/datapackage.zip")))
    assert {a["indicator"]: a["evidence"] for a in csv_rows(archive.read("answers.csv").decode())} == neutralised
    as_json = json.loads(body("/data/2026.1/answers.json"))["data"]
    assert {a["indicator"]: a["evidence"] for a in as_json} == expected  # JSON has no formulas: the text as given

    # the workbook names the answers table's files (no sheet of it) and holds no formula; read-only: streamed
    book = load_workbook(io.BytesIO(body("/data/2026.1/migrights-2026.1.xlsx")), read_only=True)
    assert "answers" not in book.sheetnames
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)

    from migrights.cli import app

    exported = CliRunner().invoke(app, ["export", "answers", "--release", "2026.1"])
    assert exported.exit_code == 0, exported.output
    rows = csv_rows(exported.stdout)
    assert {a["indicator"]: a["evidence"] for a in rows} == neutralised
    assert {a["indicator"]: a["value"] for a in rows}["LAB.1.I1"] == "12.5"
