"""`migrights up` on a port another program holds, an unwritable data folder, a missing system library: one line
saying so and how to fix it, at once, before anything is loaded."""

from __future__ import annotations

import os
import socket

import pytest
from typer.testing import CliRunner

from migrights.cli import app


def test_a_port_in_use_is_refused_in_one_line_before_the_data_are_loaded(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = CliRunner().invoke(app, ["up", "--port", str(port), "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert f"error: cannot listen on 127.0.0.1:{port}: Address already in use" in said
    assert "choose another --port" in said and "Traceback" not in result.output
    assert not (tmp_path / "data").exists()  # refused before the first start's loading


@pytest.fixture(autouse=True)
def _allocator_left_alone(monkeypatch):
    """`up` sets the server's allocators (glibc's, Arrow's pool) for its process: not for the test process."""
    from migrights.lib import system

    monkeypatch.setattr(system, "tune_allocator", lambda: [])


@pytest.fixture(autouse=True)
def _data_folder_variable_restored(monkeypatch):
    """`up --data-dir` sets MIGRIGHTS_DATA_DIR for the rest of its process: monkeypatch puts it back afterwards."""
    before = os.environ.get("MIGRIGHTS_DATA_DIR")
    monkeypatch.setenv("MIGRIGHTS_DATA_DIR", before or "unset")  # recorded as it was, even when it was unset
    if before is None:
        monkeypatch.delenv("MIGRIGHTS_DATA_DIR")


def test_an_unwritable_data_folder_is_refused_in_one_line(tmp_path, monkeypatch):
    from migrights.lib import system

    monkeypatch.setattr(system, "PANGO", {})  # this test is about the folder, whatever libraries the machine has
    # /sys refuses a new folder even to root (CI runs as root, where a folder's permissions would not stop it)
    folder = "/sys/migrights-data" if os.getuid() == 0 else str(tmp_path / "locked" / "data")
    if os.getuid() != 0:
        (tmp_path / "locked").mkdir(mode=0o500)
    result = CliRunner().invoke(app, ["up", "--port", str(free_port()), "--data-dir", folder])
    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert f"error: the data folder {folder} cannot be written" in said
    assert "--data-dir or MIGRIGHTS_DATA_DIR" in said and "Traceback" not in result.output


def test_a_missing_system_library_is_named_with_its_package_in_one_line(tmp_path, monkeypatch):
    from migrights.lib import system

    monkeypatch.setattr(system, "PANGO", {"pango-1.0": "libpango-1.0-0", "pango-none-such-9": "libpango-none-such"})
    result = CliRunner().invoke(app, ["up", "--port", str(free_port()), "--data-dir", str(tmp_path / "data")])
    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "error: Pango, which the policy briefs (PDF) need, is missing" in said
    assert "apt-get install libpango-none-such" in said and "libpango-1.0-0 " not in said
    assert "Traceback" not in result.output and not (tmp_path / "data").exists()  # refused before anything


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
