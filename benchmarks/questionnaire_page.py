"""Render a questionnaire page with 15 indicators, half answered with evidence (target: median < 200 ms)."""

import statistics
import time

from _workspace import signed_in_expert

client, assessment = signed_in_expert()
url = f"/work/assessments/{assessment.pk}/category/BEN/"
response = client.get(url)
assert response.status_code == 200 and response.content.count(b'class="indicator') == 15, response.status_code
timings = []
for _ in range(50):
    start = time.perf_counter()
    client.get(url)
    timings.append((time.perf_counter() - start) * 1000)
timings.sort()
print(
    f"questionnaire page, 15 indicators: {len(timings)} renders, median {statistics.median(timings):.1f} ms, "
    f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms (target: median < 200 ms)"
)
