"""Import both law datasets from scratch: GLOBALCIT v3.1 and the bilateral labour agreements (target: under 15 s).

Parses the raw files of ../shared/data and loads them through the one loader into a database holding the embedded
data but no law rows (each round empties the two tables first), as `migrights import globalcit` and
`migrights import bla` do; the embedded data are loaded once before the clock starts. Also times the derived
files' share of the first start (`import csv` of the two committed files).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")

import django

django.setup()
from migrights.bootstrap import LAW_FILES, ensure_ready  # noqa: E402
from migrights.law.importing import import_bla, import_globalcit  # noqa: E402
from migrights.law.models import Agreement, LawValue  # noqa: E402
from migrights.lib.paths import EMBEDDED_DATA_DIR  # noqa: E402
from migrights.reference.importing import import_csv  # noqa: E402

SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "data"
GLOBALCIT = SHARED / "globalcit" / "v3.1" / "data_v3.1_country-year.csv"
FORMATION = SHARED / "bla" / "chilton-woda-2022" / "BLAs_Formation_Data.dta"
CODING = SHARED / "bla" / "chilton-woda-2022" / "BLAs_Coding_Data.dta"

start = time.perf_counter()
ensure_ready()
first_start = time.perf_counter() - start


def empty() -> None:
    LawValue.objects.all().delete()
    Agreement.objects.all().delete()


def measure(work, rounds: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        empty()
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


both, (law_report, bla_report) = measure(lambda: (import_globalcit(GLOBALCIT), import_bla(FORMATION, CODING)))
print(
    f"GLOBALCIT: {law_report.rows_read} rows read, {len(law_report.plan.added)} runs loaded; "
    f"agreements: {len(bla_report.plan.added)} loaded"
)
law, _ = measure(lambda: import_globalcit(GLOBALCIT))
agreements, _ = measure(lambda: import_bla(FORMATION, CODING))
print(f"import both from scratch: median {both:.2f} s over 3 rounds (target < 15 s)")
print(f"  globalcit alone {law:.2f} s, bla alone {agreements:.2f} s")
derived, _ = measure(
    lambda: [import_csv(k, EMBEDDED_DATA_DIR / "law" / n, dataset=d, allow_removals=True) for k, n, d in LAW_FILES]
)
print(
    f"the derived files' share of the first start (import csv of both): median {derived:.2f} s "
    f"of this run's first start, {first_start:.1f} s (migrate + every embedded file)"
)
