"""Making briefs: a country brief's data with and without its narrative, and each kind of brief as HTML and PDF.

Prints seconds (best of 3) and the narrative's share; no target fails (issue 12 asks the briefs to stay fast).
"""

import os
import tempfile
import time
from unittest import mock

os.environ.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrights.settings")

import django

django.setup()
from django.utils import translation  # noqa: E402

from migrights.bootstrap import ensure_ready  # noqa: E402
from migrights.briefs import brief  # noqa: E402
from migrights.briefs.render import build_document  # noqa: E402

ensure_ready()


def best(action, runs=3):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


with translation.override("en"):
    brief.gather("MEX")  # first read of the edition's table
    for code in ("MEX", "NGA"):
        full = best(lambda code=code: brief.gather(code))
        with mock.patch.object(brief, "country_narrative", return_value=[]):
            bare = best(lambda code=code: brief.gather(code))
        print(f"{code}: gather {full:.2f} s with the narrative, {bare:.2f} s without ({full / bare:.1f}x)")
for kind, key in (("country", "MEX"), ("region", "South-eastern Asia"), ("region", "Africa"), ("instrument", "ICRMW")):
    html = best(lambda kind=kind, key=key: build_document(kind, key, "en", "html"))
    pdf = best(lambda kind=kind, key=key: build_document(kind, key, "en", "pdf"), runs=2)
    print(f"{kind} {key}: HTML {html:.2f} s, PDF {pdf:.2f} s")
