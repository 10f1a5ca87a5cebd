"""HTMX autosave round trip of one answer: POST, version check, save, revision, audit, fragment.

Target: median under 100 ms.
"""

import statistics
import time

from _workspace import signed_in_expert

client, assessment = signed_in_expert()
url = f"/work/assessments/{assessment.pk}/answers/BEN.1.Q4/"
timings = []
for n in range(100):
    version = n  # no answer yet (0), then one more version per save
    form = {"status": "value", "value": ["None", "Partial", "Full"][n % 3], "confidence": "medium"}
    form |= {"comment": f"edit {n}", "version": str(version)}
    start = time.perf_counter()
    response = client.post(url, form, HTTP_HX_REQUEST="true")
    timings.append((time.perf_counter() - start) * 1000)
    assert b"BEN.1.Q4 saved" in response.content, response.content[:300]
timings.sort()
print(
    f"autosave round trip: {len(timings)} saves, median {statistics.median(timings):.1f} ms, "
    f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms (target: median < 100 ms)"
)
