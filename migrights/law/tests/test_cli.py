"""`migrights import globalcit` from the command line: a dry run lists the changes, a bad cell is one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrights.law.tests.test_law import globalcit_file, row

pytestmark = pytest.mark.django_db


def run(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MIGRIGHTS_DATA_DIR")}
    env["MIGRIGHTS_DATA_DIR"] = str(data)
    command = [str(Path(sys.executable).with_name("migrights")), "import", "globalcit", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def test_dry_run_then_a_refused_file(tmp_path, loaded_data_folder):
    data = loaded_data_folder(tmp_path / "data")
    good = globalcit_file(tmp_path, [row("Germany", "DEU", 2023), row("Germany", "DEU", 2024, years="5")])
    derived = tmp_path / "derived.csv"
    result = run(data, str(good), "--dry-run", "--allow-removals", "--output", str(derived))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "dry run: nothing written" in result.stderr and "+ DEU A06a_yrs_cat 2024" in result.stderr
    assert "Note: Germany A06a_yrs_cat: 2024 reads '5'" in result.stderr
    assert derived.read_text().startswith("country,variable,year_from,year_to,carried_to,value,source\n")
    bad = globalcit_file(tmp_path, [row("Germany", "DEU", 2023, a03b="2")])
    result = run(data, str(bad), "--allow-removals")
    assert result.returncode == 1
    assert "row 2, column 'A03b_bin': '2' is not 0, 1 or NA" in result.stderr
    assert "nothing was loaded" in result.stderr
