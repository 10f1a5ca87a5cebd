"""The allocator settings of a server process (docs/operations.md, "Memory")."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from migrights.lib.system import ARROW_POOL, SERVER_ALLOCATOR

GLIBC = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
CODE = (  # Arrow's pool said when tune_allocator() imported pyarrow to set it
    "import sys; from migrights.lib.system import tune_allocator; done = tune_allocator(); arrow = "
    "sys.modules.get('pyarrow'); print(','.join([*done, *(['pool ' + arrow.default_memory_pool().backend_name] "
    "if arrow else [])]))"
)


def _set_in_a_process(**variables: str) -> list[str]:
    names = {name for name, *_ in SERVER_ALLOCATOR} | {ARROW_POOL}
    environment = {k: v for k, v in os.environ.items() if k not in names}
    result = subprocess.run(
        [sys.executable, "-c", CODE], env={**environment, **variables}, capture_output=True, text=True, check=True
    )
    return [item for item in result.stdout.strip().split(",") if item]


@GLIBC
def test_a_server_process_limits_its_arenas_and_returns_large_blocks():
    set_here = ["MALLOC_ARENA_MAX=2", "MALLOC_MMAP_THRESHOLD_=262144", f"{ARROW_POOL}=system", "pool system"]
    assert _set_in_a_process() == set_here


@GLIBC
def test_a_setting_the_operator_made_is_left_to_take_effect():
    assert _set_in_a_process(MALLOC_ARENA_MAX="4", **{ARROW_POOL: "mimalloc"}) == ["MALLOC_MMAP_THRESHOLD_=262144"]


ARROW_CODE = (  # what a worker process does first (``migrights worker``)
    "from migrights.lib.system import arrow_from_malloc; set_here = arrow_from_malloc(); import pyarrow; "
    "print(set_here, pyarrow.default_memory_pool().backend_name)"
)


def _arrow_pool_in_a_process(**variables: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != ARROW_POOL}
    result = subprocess.run(
        [sys.executable, "-c", ARROW_CODE], env={**environment, **variables}, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_a_worker_process_has_arrow_allocate_through_malloc_unless_the_operator_chose():
    assert _arrow_pool_in_a_process() == "True system"
    assert _arrow_pool_in_a_process(**{ARROW_POOL: "mimalloc"}) == "False mimalloc"
