"""``/health`` for a load balancer; one log line per request, as JSON for a log collector."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from django.core.cache import caches

from migrights.lib import health


@pytest.mark.django_db
def test_health_reports_each_part_and_is_never_cached(client, settings) -> None:
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "migrations", "data", "cache"} <= set(body["checks"])
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["data"]["embedded_loaded"]
    assert "no-store" in response["Cache-Control"]
    assert not any("health" in str(key) for key in caches["default"]._cache)  # never kept by the page cache


@pytest.mark.django_db
def test_a_part_that_is_down_or_cannot_be_asked_answers_503(client, monkeypatch) -> None:
    monkeypatch.setitem(health.CHECKS, "storage", lambda: (False, {"error": "the data folder is not writable"}))
    monkeypatch.setitem(health.CHECKS, "broken", lambda: 1 / 0)
    response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down" and body["checks"]["database"]["ok"]
    assert body["checks"]["storage"] == {"ok": False, "error": "the data folder is not writable"}
    assert body["checks"]["broken"] == {"ok": False, "error": "ZeroDivisionError: division by zero"}


@pytest.mark.django_db
def test_a_part_the_server_can_serve_without_makes_it_degraded_not_down(client, monkeypatch) -> None:
    monkeypatch.setitem(health.CHECKS, "worker", lambda: (False, {"error": "no worker has reported for 200 s"}))
    monkeypatch.setattr(health, "OPTIONAL", {"worker"})
    response = client.get("/health")
    assert response.status_code == 200  # a load balancer keeps the server: pages need no worker
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"] == {"ok": False, "error": "no worker has reported for 200 s", "required": False}
    monkeypatch.setattr(health, "OPTIONAL", set())  # the same part, required: the server is down
    assert client.get("/health").status_code == 503


@pytest.mark.django_db
def test_each_request_is_logged_with_its_id_path_status_and_duration(client, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="migrights.requests"):
        response = client.get("/health", HTTP_X_REQUEST_ID="proxy-7f3a9c21")
        fresh = client.get("/health", HTTP_X_REQUEST_ID="<script>")
    first, second = (r for r in caplog.records if r.name == "migrights.requests")
    assert response["X-Request-ID"] == first.request_id == "proxy-7f3a9c21"  # the proxy's id, kept
    assert (first.method, first.path, first.status) == ("GET", "/health", 200) and first.duration_ms >= 0
    assert fresh["X-Request-ID"] == second.request_id != "<script>" and len(second.request_id) == 32


def test_json_logs_are_one_object_per_line(tmp_path) -> None:
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('migrights.requests').info('GET /health 200', "
        "extra={'request_id': 'abc12345', 'path': '/health', 'status': 200, 'duration_ms': 1.5})"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "migrights.settings",
        "MIGRIGHTS_DATA_DIR": str(tmp_path),
        "MIGRIGHTS_LOG_FORMAT": "json",
    }
    done = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["logger"] == "migrights.requests" and line["level"] == "INFO" and line["message"] == "GET /health 200"
    assert (line["request_id"], line["path"], line["status"], line["duration_ms"]) == ("abc12345", "/health", 200, 1.5)
    assert "time" in line


def test_a_mistyped_log_format_stops_the_start_in_one_line(tmp_path) -> None:
    environment = {**os.environ, "MIGRIGHTS_DATA_DIR": str(tmp_path), "MIGRIGHTS_LOG_FORMAT": "jsn"}
    done = subprocess.run(
        [sys.executable, "-m", "migrights.cli", "manage", "check"], env=environment, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "MIGRIGHTS_LOG_FORMAT is 'jsn': it must be text or json" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
