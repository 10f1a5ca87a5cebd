"""The workflow's command line as scripts use it: exit codes, one-line reasons, nothing changed on refusal.

The commands run in this process on the test database (typer's runner), as `migrights` runs them once its data
folder is ready: twenty-five subprocesses, each importing the observatory again, took two to three minutes.
The real process's exit code and last line are checked by the reference and backup commands' tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from migrights.cli import app

TINY = Path(__file__).resolve().parents[2] / "framework" / "tests" / "files" / "tiny-1.0.yaml"


def run(*args, ok=True):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert (result.exit_code == 0) == ok, (result.stderr or "")[-3000:] + repr(result.exception)
    return result


def refused(*args):
    result = run(*args, ok=False)
    # a refusal exits 1 with its reason, never through an uncaught exception
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), repr(result.exception)
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.django_db
def test_the_workflow_from_the_command_line(tmp_path):
    password = tmp_path / "password"
    password.write_text("a long enough secret\n")
    run("framework", "load", str(TINY))
    for name, role in (("amara", "expert"), ("chen", "reviewer"), ("dana", "coordinator")):
        run("users", "add", name, "--role", role, "--password-file", str(password))
    assert "already exists" in refused("users", "add", "amara", "--role", "expert", "--password-file", str(password))
    run("assign", "amara", "--country", "PHL", "--as", "expert")
    assert "does not hold the role reviewer" in refused("assign", "amara", "--country", "PHL", "--as", "reviewer")
    run("assign", "chen", "--country", "PHL", "--as", "reviewer")
    run("assessment", "open", "--country", "PHL", "--year", "2024", "--framework", "TINY:1.0")

    xlsx = tmp_path / "phl.xlsx"
    run("answers", "export", "--country", "PHL", "--year", "2024", "--output", str(xlsx))
    book = load_workbook(xlsx)
    assert book.sheetnames == ["About", "LAB Labour"]
    sheet = book["LAB Labour"]
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"LAB.1.P1", "LAB.1.P2", "LAB.1.I1"}  # derived commitment indicators are not asked
    assert any('"No,Yes,not applicable,unknown"' in str(v.formula1) for v in sheet.data_validations.dataValidation)
    column = {name: header.index(name) for name in header}
    rows["LAB.1.P1"][column["value"]].value = "Yes"
    rows["LAB.1.P2"][column["value"]].value = "Partial"
    rows["LAB.1.I1"][column["value"]].value = "140"
    book.save(xlsx)
    reason = refused("answers", "import", str(xlsx), "--as", "amara", "--country", "PHL", "--year", "2024")
    assert reason == "error: phl.xlsx: sheet 'LAB Labour', row 4, column value: 140 is above the maximum 100"
    rows["LAB.1.I1"][column["value"]].value = "12"
    rows["LAB.1.I1"][column["evidence_url"]].value = "https://example.org/inspection-report"
    book.save(xlsx)
    dry = run("answers", "import", str(xlsx), "--as", "amara", "--country", "PHL", "--year", "2024", "--dry-run")
    assert "would save 3 answer(s)" in dry.stderr
    assert "3 unanswered (LAB.1.P1, LAB.1.P2, LAB.1.I1)" in refused(
        "assessment", "submit", "--country", "PHL", "--year", "2024", "--as", "amara"
    )  # the dry run saved nothing
    run("answers", "import", str(xlsx), "--as", "amara", "--country", "PHL", "--year", "2024")
    assert "1 without required evidence (LAB.1.P1)" in refused(
        "assessment", "submit", "--country", "PHL", "--year", "2024", "--as", "amara"
    )

    csv_file = tmp_path / "fix.csv"
    with csv_file.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "value", "confidence", "comment", "evidence_citation", "evidence_url"])
        writer.writerow(["LAB.1.P1", "Yes", "high", "", "Labor Code, art. 3", ""])
    run("answers", "import", str(csv_file), "--as", "amara", "--country", "PHL", "--year", "2024")
    assert "is not a peer reviewer" in refused(
        "assessment", "review", "--country", "PHL", "--year", "2024", "--as", "amara", "--approve"
    )
    run("assessment", "submit", "--country", "PHL", "--year", "2024", "--as", "amara")
    run("assessment", "review", "--country", "PHL", "--year", "2024", "--as", "chen", "--approve")
    assert "does not hold the role coordinator" in refused("release", "create", "2026.1", "--as", "chen")
    out = run("release", "create", "2026.1", "--as", "dana", "--notes", "first")
    assert "release 2026.1: 3 values (3 added, 0 changed, 0 removed)" in out.stderr
    assert "already exists" in refused("release", "create", "2026.1", "--as", "dana")
    exported = run("export", "answers", "--country", "PHL").stdout.splitlines()
    assert exported[0].startswith("release,country,year,framework,indicator")
    assert len(exported) == 4 and "Labor Code, art. 3" in "\n".join(exported)
