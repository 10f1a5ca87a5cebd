"""First start on an empty data folder (target < 60 s), then a later start (target < 5 s)."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

cli = Path(sys.executable).with_name("migrights")
folder = tempfile.mkdtemp(prefix="migrights-start-")
for label in ("first start", "later start"):
    start = time.perf_counter()
    subprocess.run(
        [str(cli), "export", "status", "--on", "2000-01-01", "--data-dir", folder, "-o", f"{folder}/s.csv"],
        check=True,
        capture_output=True,
    )
    print(f"{label}: {time.perf_counter() - start:.1f} s (migrate + load if needed + one export)")
