"""Bytes a first visit transfers (HTML, styles, scripts, map and data), measured in headless Chromium.

Target (issue 5): the country page under 1.5 MB on first load. Serves the observatory with gunicorn as in
production (hashed, gzip-compressed static files) and sums Chromium's encoded (on-the-wire) response sizes.

    .venv/bin/python benchmarks/portal_transfer.py [/countries/PHL/ /compare/?countries=FRA,DEU ...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import sync_playwright
from portal_load import BIN, ROOT, free_port, prepare

PAGES = ["/countries/PHL/", "/", "/instruments/ICRMW/", "/compare/?countries=PHL,MEX", "/rankings/"]


def transferred(page_url: str, browser) -> tuple[int, int, dict[str, int]]:
    context = browser.new_context()
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    sizes: dict[str, int] = {}
    kinds: dict[str, str] = {}
    session.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
    session.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(page_url, wait_until="networkidle")
    by_kind: dict[str, int] = {}
    for request_id, size in sizes.items():
        kind = kinds.get(request_id, "Other")
        by_kind[kind] = by_kind.get(kind, 0) + size
    context.close()
    return sum(sizes.values()), len(sizes), by_kind


def main() -> None:
    pages = sys.argv[1:] or PAGES
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "migrights.settings"}
    env.setdefault("MIGRIGHTS_DATA_DIR", tempfile.mkdtemp(prefix="migrights-bench-"))
    prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "migrights.wsgi:application", "-w", "2", "-b", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for path in pages:
                total, count, by_kind = transferred(base + path, browser)
                detail = ", ".join(f"{kind} {size / 1024:.0f} KB" for kind, size in sorted(by_kind.items()))
                print(f"{path}: {total / 1024 / 1024:.2f} MB in {count} responses ({detail}) (target: < 1.5 MB)")
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
