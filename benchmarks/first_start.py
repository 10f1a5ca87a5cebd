"""First start on an empty data folder (target < 30 s, issue 17), then a later start (target < 5 s).

Each start is `migrights export status` in its own process, so it pays what a user's first command pays: migrate,
load the embedded data, compute the commitments edition (with the spec's Monte Carlo draws), then one small export.
Wall and CPU (user + system of the process) of each, and the machine's load average beside them: the CPU is the
figure to compare between runs on a shared machine.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

cli = Path(sys.executable).with_name("migrights")
parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--rounds", type=int, default=1, help="first starts, each on a new empty folder")
args = parser.parse_args()


def start(folder: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(
        [str(cli), "export", "status", "--on", "2000-01-01", "--data-dir", folder, "-o", f"{folder}/s.csv"],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


for _round in range(args.rounds):
    folder = tempfile.mkdtemp(prefix="migrights-start-")
    for label in ("first start", "later start"):
        load = os.getloadavg()[0]
        wall, cpu = start(folder)
        print(
            f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU (load average {load:.1f} on {os.cpu_count()} CPUs;"
            " migrate + load if needed + one export)",
            flush=True,
        )
