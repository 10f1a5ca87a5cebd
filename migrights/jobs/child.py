"""``migrights up``'s worker: ``migrights worker`` run as a child process of the server and stopped with it.

The embedded queue is a SQLite file of the data folder (``lib.queue``), which a process of its own consumes as well
as a thread would: the server stays small (the worker's imports and what its jobs build stay out of it) and batch
work never holds the server's GIL. The person who runs ``migrights up`` starts and stops one command:

- the child writes to the same console; it is in a process group of its own, so a Ctrl+C reaches the server only,
  which then stops the child (SIGTERM: the consumer stops at once; a job it was running is marked interrupted at
  the next start, its work having been written in transactions and atomic files);
- the child stops when the server dies however it dies: on Linux the kernel sends it SIGTERM when its parent ends
  (``PR_SET_PDEATHSIG``); elsewhere it looks every second whether its parent is still there (``watch_parent``);
- a child that stops by itself is logged (``migrights.jobs.child``, on the same console); it is started again when
  it had run at least ``RESTART_AFTER`` seconds, not when it stopped sooner (a failure at its start would repeat).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time

logger = logging.getLogger(__name__)

PARENT_VARIABLE = "MIGRIGHTS_WORKER_PARENT"  # the server's pid, given to its worker child
RESTART_AFTER = 60.0  # seconds a child must have run for a stop to be taken for an accident and the child restarted
STOP_WAIT = 10.0  # seconds the server waits for its child to stop before it kills it
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class WorkerChild:
    """The queue's worker as a child process of this one (``start``, then ``stop`` when the server stops)."""

    def __init__(self, workers: int | None = None) -> None:
        self.command = [sys.executable, "-m", "migrights.cli", "worker"]
        if workers is not None:
            self.command += ["--workers", str(workers)]
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def start(self) -> None:
        """Start the child and, beside it, the thread that reports it and restarts it if it stops."""
        self._spawn()
        threading.Thread(target=self._supervise, name="migrights-worker-child", daemon=True).start()

    def _spawn(self) -> None:
        with self.lock:
            if self.stopping.is_set():
                return
            environment = {**os.environ, PARENT_VARIABLE: str(os.getpid())}
            # its own process group: the terminal's Ctrl+C reaches the server, which stops the child (``stop``)
            self.process = subprocess.Popen(self.command, env=environment, process_group=0)
            self.started = time.monotonic()

    def _supervise(self) -> None:
        """Wait for the child; say why it stopped; start it once more when it had run long enough.

        The thread lives as long as a child it started: the kernel's parent-death signal is tied to the thread
        that started the child, and this thread only ends once no child of its own runs."""
        while self.process is not None:
            code = self.process.wait()
            if self.stopping.is_set():
                return
            ran = time.monotonic() - self.started
            how = f"exit code {code}" if code >= 0 else f"killed by {signal.Signals(-code).name}"
            if ran < RESTART_AFTER:
                logger.error(
                    "the job queue's worker (pid %s) stopped %.0f s after its start (%s): releases, downloads and "
                    "briefs wait until `migrights up` is started again",
                    self.process.pid,
                    ran,
                    how,
                )
                return
            pid = self.process.pid
            logger.warning("the job queue's worker (pid %s) stopped after %.0f s (%s); started again", pid, ran, how)
            self._spawn()

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after ``STOP_WAIT`` seconds); nothing when it has stopped."""
        with self.lock:
            self.stopping.set()
            process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def stop_with_parent() -> bool:
    """In a worker started by ``WorkerChild``: end this process (SIGTERM) when the server that started it ends;
    whether it was started so."""
    parent = os.environ.pop(PARENT_VARIABLE, "")
    if not parent.isdigit():
        return False
    signalled = False
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the parent is watched by a thread instead
        signalled = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
    if os.getppid() != int(parent):  # the server ended before the signal was asked for
        os.kill(os.getpid(), signal.SIGTERM)
    if not signalled:
        threading.Thread(target=watch_parent, args=(int(parent),), name="migrights-parent-watch", daemon=True).start()
    return True


def watch_parent(parent: int, every: float = 1.0) -> None:
    """Send this process SIGTERM once its parent is no longer ``parent`` (it ended; where no kernel signal does)."""
    while os.getppid() == parent:
        time.sleep(every)
    os.kill(os.getpid(), signal.SIGTERM)
