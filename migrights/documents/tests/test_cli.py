"""`migrights import upr` / `import general-comments` from the command line: a dry run, a refused file in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrights.documents.tests.test_importing import upr_sample

pytestmark = pytest.mark.django_db


def run(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MIGRIGHTS_DATA_DIR")}
    env["MIGRIGHTS_DATA_DIR"] = str(data)
    command = [str(Path(sys.executable).with_name("migrights")), "import", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def test_a_dry_run_then_an_unknown_state_refused(tmp_path, loaded_data_folder, shared_file):
    data = loaded_data_folder(tmp_path / "data")
    good = upr_sample(shared_file, tmp_path)
    result = run(data, "upr", str(good), "--dry-run", "--allow-removals")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "dry run: nothing written" in result.stderr and "3 rows read; 0 added" in result.stderr
    bad = upr_sample(shared_file, tmp_path, replace=(b"Afghanistan,", b"Atlantis,"))
    result = run(data, "upr", str(bad))
    assert result.returncode == 1
    assert "row 3, column 'To': State name 'Atlantis' is not in upr-info.csv" in result.stderr
    assert "nothing was loaded" in result.stderr
    assert run(data, "general-comments", str(tmp_path / "absent")).returncode != 0
