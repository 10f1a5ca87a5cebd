"""`migrights compute` on files, as researchers and later checks run it."""

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrights.cli import app

FILES = Path(__file__).parent / "files"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["compute", *map(str, args)])


def read(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_default_spec_on_a_csv_framework(tmp_path):
    output = tmp_path / "scores.csv"
    result = run(
        "--framework", FILES / "framework_good.csv", "--answers", FILES / "answers_good.csv", "--output", output
    )
    assert result.exit_code == 0, result.output
    rows = read(output)
    assert list(rows[0]) == ["country", "year", "level", "code", "score", "coverage", "rank"]
    assert {r["level"] for r in rows} == {"indicator", "right", "category", "dimension", "overall"}
    by_key = {(r["country"], r["year"], r["level"], r["code"]): r for r in rows}
    assert float(by_key[("FRA", "2020", "indicator", "PRO1")]["score"]) == 50  # two coders, mean
    assert by_key[("FRA", "2020", "indicator", "PRO3")]["score"] == ""  # not applicable
    assert by_key[("FRA", "2020", "right", "R3")]["coverage"] == ""  # nothing applicable
    assert float(by_key[("DEU", "2020", "indicator", "IMP2")]["score"]) == 0  # numeric, direction -
    assert float(by_key[("DEU", "2020", "right", "R1")]["score"]) == pytest.approx(50)
    manifest = json.loads((tmp_path / "scores.edition.json").read_text())
    assert manifest["spec"]["name"] == "default" and manifest["inputs_hash"].startswith("sha256:")


def test_spec_and_uncertainty_add_interval_columns(tmp_path):
    output = tmp_path / "scores.csv"
    result = run(
        "--framework", FILES / "framework_good.csv", "--answers", FILES / "answers_good.csv",
        "--spec", FILES / "spec_good.yaml", "--output", output, "--uncertainty", 24, "--seed", 3,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read(output)
    assert list(rows[0])[-5:] == ["score_low", "score_median", "score_high", "rank_low", "rank_high"]
    assert json.loads((tmp_path / "scores.edition.json").read_text())["seed"] == 3


def test_yaml_framework(tmp_path):
    output = tmp_path / "scores.csv"
    result = run(
        "--framework", FILES / "framework_good.yaml", "--answers", FILES / "answers_good.csv", "--output", output
    )
    assert result.exit_code == 0, result.output
    assert {r["code"] for r in read(output) if r["level"] == "right"} == {"R1", "R2", "R3"}


@pytest.mark.parametrize(
    ("framework", "answers", "spec", "expected"),
    [
        (
            "framework_bad.csv",
            "answers_good.csv",
            None,
            ["framework_bad.csv:3:indicator:", "framework_bad.csv:6:weight:"],
        ),
        (
            "framework_good.csv",
            "answers_bad.csv",
            None,
            [
                "answers_bad.csv:3:year:",
                "answers_bad.csv:4:value:",
                "answers_bad.csv:5:indicator:",
                "answers_bad.csv:7:country:",
            ],
        ),
        (
            "framework_good.csv",
            "answers_good.csv",
            "spec_bad.yaml",
            ["spec_bad.yaml:2:coders:", "spec_bad.yaml:8:colour:"],
        ),
        ("framework_good.csv", "missing.csv", None, ["missing.csv:0:-: file not found"]),
    ],
)
def test_bad_inputs_exit_1_with_located_lines_and_write_nothing(tmp_path, framework, answers, spec, expected):
    output = tmp_path / "scores.csv"
    args = ["--framework", FILES / framework, "--answers", FILES / answers, "--output", output]
    result = run(*args, *(["--spec", FILES / spec] if spec else []))
    assert result.exit_code == 1
    for line in expected:
        assert line in result.output
    assert not list(tmp_path.iterdir())


def test_one_file_only_is_refused():
    result = run("--framework", FILES / "framework_good.csv", "--output", "x.csv")
    assert result.exit_code == 1 and "give both --framework and --answers" in result.output
