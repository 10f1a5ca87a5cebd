"""``migrights up``'s worker as a child process: stopped with the server however the server ends, reported (and
started again after an accident) when it stops by itself. A short Python program stands for ``migrights worker``."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time

from migrights.jobs import child
from migrights.jobs.child import PARENT_VARIABLE, WorkerChild

SLEEPER = [sys.executable, "-c", "import time; time.sleep(30)"]


def waited(condition, seconds: float = 5.0) -> bool:
    until = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > until:
            return False
        time.sleep(0.02)
    return True


def test_the_child_runs_in_its_own_group_and_stops_with_the_server(caplog) -> None:
    worker = WorkerChild()
    worker.command = SLEEPER
    worker.start()
    process = worker.process
    assert process is not None and process.poll() is None
    assert os.getpgid(process.pid) == process.pid != os.getpgid(0)  # a Ctrl+C at the terminal reaches the server only
    worker.stop()
    assert process.returncode == -signal.SIGTERM
    worker.stop()  # twice: nothing more
    time.sleep(0.05)
    assert not [r for r in caplog.records if r.name == "migrights.jobs.child"]  # a stop asked for is not an accident


def test_a_child_that_stops_at_its_start_is_reported_and_not_restarted(caplog) -> None:
    worker = WorkerChild()
    worker.command = [sys.executable, "-c", "raise SystemExit(3)"]
    with caplog.at_level(logging.WARNING, logger="migrights.jobs.child"):
        worker.start()
        assert waited(lambda: caplog.records)
        time.sleep(0.1)
    worker.stop()
    (record,) = caplog.records
    assert record.levelname == "ERROR" and "(exit code 3)" in record.getMessage()
    assert "wait until `migrights up` is started again" in record.getMessage()


def test_a_child_that_stops_after_a_while_is_started_again(caplog, monkeypatch) -> None:
    monkeypatch.setattr(child, "RESTART_AFTER", 0.0)
    worker = WorkerChild()
    worker.command = [sys.executable, "-c", "raise SystemExit(1)"]
    with caplog.at_level(logging.WARNING, logger="migrights.jobs.child"):
        worker.start()
        first = worker.process
        assert waited(lambda: worker.process is not first)
    worker.stop()
    assert "stopped after 0 s (exit code 1); started again" in caplog.records[0].getMessage()


def test_the_child_ends_when_the_server_is_killed() -> None:
    """The server killed (SIGKILL: no ``finally`` of its own runs): the kernel, or the child's watch, ends the child."""
    worker = (
        "import time; from migrights.jobs.child import stop_with_parent; "
        "assert stop_with_parent(); print('ready', flush=True); time.sleep(30)"
    )
    server = (
        "import os, subprocess, sys, time; "
        f"child = subprocess.Popen([sys.executable, '-c', {worker!r}], env={{**os.environ, {PARENT_VARIABLE!r}: "
        "str(os.getpid())}, stdout=subprocess.PIPE); child.stdout.readline(); print(child.pid, flush=True); "
        "time.sleep(30)"
    )
    with subprocess.Popen([sys.executable, "-c", server], stdout=subprocess.PIPE, text=True) as parent:
        worker_pid = int(parent.stdout.readline())
        parent.kill()
        parent.wait()
        assert waited(lambda: not _running(worker_pid), 3.0), "the worker outlived its server"


def _running(pid: int) -> bool:
    """A process that has not ended (a zombie waiting for its new parent to reap it has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
