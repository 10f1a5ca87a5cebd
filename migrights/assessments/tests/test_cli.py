"""The workflow's command line as scripts use it: exit codes, one-line reasons, nothing changed on refusal."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

CLI = [str(Path(sys.executable).with_name("migrights"))]
TINY = Path(__file__).resolve().parents[2] / "framework" / "tests" / "files" / "tiny-1.0.yaml"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, loaded_data_folder):
    return loaded_data_folder(tmp_path_factory.mktemp("workflow-cli"))


def run(data_dir, *args, ok=True):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MIGRIGHTS_DATA_DIR")}
    result = subprocess.run([*CLI, *args, "--data-dir", str(data_dir)], capture_output=True, text=True, env=env)
    assert (result.returncode == 0) == ok, result.stderr[-3000:]
    return result


def refused(data_dir, *args):
    result = run(data_dir, *args, ok=False)
    assert result.returncode == 1
    return result.stderr.strip().splitlines()[-1]


def test_the_workflow_from_the_command_line(data_dir, tmp_path):
    password = tmp_path / "password"
    password.write_text("a long enough secret\n")
    run(data_dir, "framework", "load", str(TINY))
    for name, role in (("amara", "expert"), ("chen", "reviewer"), ("dana", "coordinator")):
        run(data_dir, "users", "add", name, "--role", role, "--password-file", str(password))
    assert "already exists" in refused(
        data_dir, "users", "add", "amara", "--role", "expert", "--password-file", str(password)
    )
    run(data_dir, "assign", "amara", "--country", "PHL", "--as", "expert")
    assert "does not hold the role reviewer" in refused(
        data_dir, "assign", "amara", "--country", "PHL", "--as", "reviewer"
    )
    run(data_dir, "assign", "chen", "--country", "PHL", "--as", "reviewer")
    run(data_dir, "assessment", "open", "--country", "PHL", "--year", "2024", "--framework", "TINY:1.0")

    xlsx = tmp_path / "phl.xlsx"
    run(data_dir, "answers", "export", "--country", "PHL", "--year", "2024", "--output", str(xlsx))
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
    reason = refused(data_dir, "answers", "import", str(xlsx), "--as", "amara", "--country", "PHL", "--year", "2024")
    assert reason == "error: phl.xlsx: sheet 'LAB Labour', row 4, column value: 140 is above the maximum 100"
    rows["LAB.1.I1"][column["value"]].value = "12"
    rows["LAB.1.I1"][column["evidence_url"]].value = "https://example.org/inspection-report"
    book.save(xlsx)
    dry = run(
        data_dir, "answers", "import", str(xlsx), "--as", "amara", "--country", "PHL", "--year", "2024", "--dry-run"
    )
    assert "would save 3 answer(s)" in dry.stderr
    assert "3 unanswered (LAB.1.P1, LAB.1.P2, LAB.1.I1)" in refused(
        data_dir, "assessment", "submit", "--country", "PHL", "--year", "2024", "--as", "amara"
    )  # the dry run saved nothing
    run(data_dir, "answers", "import", str(xlsx), "--as", "amara", "--country", "PHL", "--year", "2024")
    assert "1 without required evidence (LAB.1.P1)" in refused(
        data_dir, "assessment", "submit", "--country", "PHL", "--year", "2024", "--as", "amara"
    )

    csv_file = tmp_path / "fix.csv"
    with csv_file.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "value", "confidence", "comment", "evidence_citation", "evidence_url"])
        writer.writerow(["LAB.1.P1", "Yes", "high", "", "Labor Code, art. 3", ""])
    run(data_dir, "answers", "import", str(csv_file), "--as", "amara", "--country", "PHL", "--year", "2024")
    assert "is not a peer reviewer" in refused(
        data_dir, "assessment", "review", "--country", "PHL", "--year", "2024", "--as", "amara", "--approve"
    )
    run(data_dir, "assessment", "submit", "--country", "PHL", "--year", "2024", "--as", "amara")
    run(data_dir, "assessment", "review", "--country", "PHL", "--year", "2024", "--as", "chen", "--approve")
    assert "does not hold the role coordinator" in refused(data_dir, "release", "create", "2026.1", "--as", "chen")
    out = run(data_dir, "release", "create", "2026.1", "--as", "dana", "--notes", "first")
    assert "release 2026.1: 3 values (3 added, 0 changed, 0 removed)" in out.stderr
    assert "already exists" in refused(data_dir, "release", "create", "2026.1", "--as", "dana")
    exported = run(data_dir, "export", "answers", "--country", "PHL").stdout.splitlines()
    assert exported[0].startswith("release,country,year,framework,indicator")
    assert len(exported) == 4 and "Labor Code, art. 3" in "\n".join(exported)
