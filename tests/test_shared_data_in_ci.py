"""A test that reads ../shared/data skips where it is absent, except in CI (``CI=true``), where it fails.

(That it skips elsewhere is seen in every run without the folder; one pytest subprocess is the cost of this check.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# a test reading the folder (`shared_data`) and one reading a file of it (`shared_file`); neither needs a database
FOLDER_TEST = "migrights/importers/tests/test_untc_csv.py::test_real_file_details"
FILE_TEST = "migrights/importers/tests/test_normlex.py::test_real_file_dates_are_years_only"


def run_pytest(shared: Path, ci: bool, tests: list[str]) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["MIGRIGHTS_SHARED_DATA"] = str(shared)
    if ci:
        env["CI"] = "true"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-rs", *tests]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_in_ci_absent_shared_data_fails_the_tests_instead_of_skipping_them(tmp_path):
    result = run_pytest(tmp_path / "absent", ci=True, tests=[FOLDER_TEST, FILE_TEST])
    assert result.returncode == 1, result.stdout
    assert "2 errors" in result.stdout and result.stdout.count("CI must run this test") >= 2, result.stdout
