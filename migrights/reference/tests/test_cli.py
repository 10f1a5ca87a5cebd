"""The command line as a user runs it: its own data folder, exit codes, exports."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [str(Path(sys.executable).with_name("migrights"))]
FILES = Path(__file__).parent / "files"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, loaded_data_folder):
    # a data folder as the first start leaves it (loading the embedded data again in a subprocess took 40-80 s)
    return loaded_data_folder(tmp_path_factory.mktemp("cli-data"))


def run(*args, data_dir, ok=True):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MIGRIGHTS_DATA_DIR")}
    result = subprocess.run(
        [*CLI, *args, "--data-dir", str(data_dir)], capture_output=True, text=True, timeout=300, env=env
    )
    assert (result.returncode == 0) == ok, result.stderr[-2000:]
    return result


def test_status_export_on_a_date(tmp_path):
    # the command line as a user first meets it: an empty data folder, migrated and loaded on the first command
    # (the other tests start from a copy of the loaded database)
    first = run("export", "status", "--on", "1995-01-01", "--format", "csv", data_dir=tmp_path / "new")
    assert (tmp_path / "new" / "migrights.sqlite3").exists()
    out = first.stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["country", "instrument", "status", "since"]
    status = {(r["country"], r["instrument"]): r for r in rows}
    assert status[("PHL", "ICRMW")]["status"] == "signatory" and status[("PHL", "ICRMW")]["since"] == "1993-11-15"
    assert ("CSHH", "ICCPR") not in status  # Czechoslovakia no longer existed in 1995
    earlier = run("export", "status", "--on", "1980-01-01", data_dir=tmp_path / "new").stdout
    assert "CSHH,ICCPR,party,1975-12-23" in earlier.splitlines()


def test_treaty_action_export_in_json(data_dir):
    out = run("export", "treaty-actions", "--format", "json", "--instrument", "ILO-C087", data_dir=data_dir).stdout
    records = json.loads(out)
    albania = next(r for r in records if r["country"] == "ALB")
    assert albania["date"] == "1957" and albania["precision"] == "year"
    assert {"country", "instrument", "action", "date", "precision", "reservation", "source_url"} <= set(albania)


def test_dry_run_import_prints_the_changes_and_a_bad_file_exits_non_zero(data_dir):
    good = run("import", "csv", "treaty-actions", str(FILES / "actions_good.csv"), "--dry-run", data_dir=data_dir)
    assert "+ NZL ICRMW signature 2031-01-15" in good.stderr and "dry run" in good.stderr
    bad = run("import", "csv", "treaty-actions", str(FILES / "actions_bad.csv"), data_dir=data_dir, ok=False)
    assert "row 3, column 'country': unknown country code 'ZZZ'" in bad.stderr
    assert "nothing was loaded" in bad.stderr


def test_a_mismatched_or_cut_page_exits_non_zero_with_one_line(data_dir, shared_data, tmp_path):
    page = shared_data / "untc" / "2026-02-03" / "cmw.html"
    bad = run("import", "untc", str(page), "--instrument", "CAT", data_dir=data_dir, ok=False)
    lines = bad.stderr.strip().splitlines()
    (reason,) = [line for line in lines if "is about IV-13" in line]
    assert reason.startswith(str(page)) and "not CAT (IV-9)" in reason and "Traceback" not in bad.stderr
    assert lines[-1] == "error: 1 problem(s) found; nothing was loaded"
    # the table cut after 20 rows but closed, and the page complete: its own counts disagree
    html = page.read_text(encoding="utf-8")
    start = html.index("tblgrid")
    end = html.index("</table>", start)
    rows = [i for i in range(start, end) if html.startswith("<tr", i)]
    cut = tmp_path / "cmw.html"
    cut.write_text(html[: rows[20]] + html[end:], encoding="utf-8")
    refused = run("import", "untc", str(cut), "--instrument", "ICRMW", data_dir=data_dir, ok=False)
    assert "the page states Parties: 60 but" in refused.stderr
