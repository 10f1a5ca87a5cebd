from __future__ import annotations

import pytest

from migrights.lib.files import atomic_write


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
