"""Time parsing all 18 UNTC Chapter IV status pages (target: under 10 s in total)."""

import statistics
import sys
import time
from pathlib import Path

from migrights.importers.untc_html import parse_untc_html

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "untc" / "2026-02-03"
folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
files = sorted(folder.glob("*.html"))
texts = [(f.name, f.read_text(encoding="utf-8")) for f in files]
size = sum(len(t) for _, t in texts)
rounds = []
for _ in range(3):
    start = time.perf_counter()
    actions = sum(len(parse_untc_html(text, name).actions) for name, text in texts)
    rounds.append(time.perf_counter() - start)
print(f"{len(files)} pages, {size / 1e6:.1f} MB, {actions} actions")
print(f"parse all: median {statistics.median(rounds):.2f} s over {len(rounds)} rounds (target < 10 s)")
