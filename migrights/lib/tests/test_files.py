from __future__ import annotations

import os
import stat

import pytest

from migrights.lib.files import aside, atomic_write


def test_the_file_appears_whole_and_nothing_else_is_left(tmp_path):
    target = tmp_path / "out.bin"
    assert atomic_write(target, lambda path: path.write_bytes(b"whole")) == target
    assert target.read_bytes() == b"whole"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def fail(path):
        path.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, fail)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_files_and_folders_written_aside_get_the_modes_of_plain_ones(tmp_path) -> None:
    previous = os.umask(0o022)
    try:
        written = atomic_write(tmp_path / "scores.csv", lambda part: part.write_text("a\n"))
        with aside(tmp_path / "2026.1", folder=True) as folder:
            os.replace(folder, tmp_path / "2026.1")
    finally:
        os.umask(previous)
    # readable by an app server running as another user than the worker that built them
    assert stat.S_IMODE(written.stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "2026.1").stat().st_mode) == 0o755
