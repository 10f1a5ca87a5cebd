"""``migrights export datapackage``: the package in a folder, or a one-line error and nothing written."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from migrights.cli import app

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(app, ["export", "datapackage", *args])


def test_writes_the_same_package_as_the_site(tmp_path, small_scores):
    """Both ways write every table (the long ones cut to a few countries, alike: their size is not the point)."""
    from migrights.opendata.downloads import package_folder
    from migrights.opendata.tables import resolve

    output = tmp_path / "package"
    result = run("--output", str(output))
    assert result.exit_code == 0, result.output
    written = json.loads((output / "datapackage.json").read_text())
    # the site's package built now, from the same database (the session's shared one may come from another state)
    site = json.loads((package_folder(resolve("commitments")) / "datapackage.json").read_text())
    assert written["version"] == "commitments"
    assert [(r["name"], r["hash"]) for r in written["resources"]] == [(r["name"], r["hash"]) for r in site["resources"]]
    assert not [p.name for p in output.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_an_unknown_release_writes_nothing(tmp_path):
    output = tmp_path / "package"
    result = run("--release", "1999.1", "--output", str(output))
    assert result.exit_code == 1
    assert "no release 1999.1" in result.output.strip().splitlines()[-1]
    assert not output.exists()


def test_an_unwritable_folder_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("--output", str(blocker / "package"))
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("error: cannot write into")
    result = run("--output", str(blocker))
    assert result.exit_code == 1 and "is not a folder" in result.output


def test_a_failure_midway_leaves_nothing(tmp_path, monkeypatch):
    from migrights.opendata import downloads

    def broken(edition, folder):
        (folder / "countries.csv").write_text("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(downloads, "write_package", broken)
    output = tmp_path / "package"
    result = run("--output", str(output))
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert not output.exists()
