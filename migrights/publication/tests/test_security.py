"""Hardening: a CSP without inline script on every page, private pages never stored, production settings that
``check --deploy`` finds clean, and a server that refuses to start in production with a weak key."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from migrights.assessments.tests.builders import build_cast

ROOT = Path(__file__).resolve().parents[3]
OPERATIONS = ROOT / "docs" / "operations.md"
CLI = [sys.executable, "-c", "import sys; from migrights.cli import main; sys.argv[0] = 'migrights'; main()"]


def test_templates_have_no_inline_script_or_event_handler() -> None:
    inline = re.compile(r"<script\b(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>")
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
    found = []
    for template in (ROOT / "migrights").glob("*/templates/**/*.html"):
        text = template.read_text("utf-8")
        if inline.search(text) or handler.search(text) or "javascript:" in text:
            found.append(str(template.relative_to(ROOT)))
    assert not found, f"inline script or handlers (move them to a static file): {found}"


def test_the_policy_allows_no_inline_script_and_no_eval() -> None:
    directives = dict(d.strip().split(" ", 1) for d in settings.CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/", "/fr/countries/PHL/", "/countries/PHL.json", "/api/v1/countries", "/data/"])
def test_public_answers_carry_the_policy_and_may_be_cached(client, address) -> None:
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_private_pages_are_never_stored(client) -> None:
    cast = build_cast()
    login = client.get("/accounts/login/")
    assert "no-store" in login["Cache-Control"] and "private" in login["Cache-Control"]
    client.force_login(cast.expert)
    for address in ("/work/", f"/work/assessments/{cast.assessment.pk}/category/LAB/", "/"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], address
        assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


def production_environment(tmp_path: Path, **changes: str) -> dict[str, str]:
    """The variables docs/operations.md tells a production server to set, with a fresh strong key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIGRIGHTS_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="migrights.settings",
        MIGRIGHTS_DATA_DIR=str(tmp_path),
        MIGRIGHTS_PRODUCTION="1",
        MIGRIGHTS_SECRET_KEY=secrets.token_urlsafe(50),
        MIGRIGHTS_ALLOWED_HOSTS="migrights.example.org",
        MIGRIGHTS_CSRF_TRUSTED_ORIGINS="https://migrights.example.org",
    )
    env.update(changes)
    return env


def test_the_documented_production_variables_are_those_tested() -> None:
    text = OPERATIONS.read_text("utf-8")
    for name in ("MIGRIGHTS_PRODUCTION=1", "MIGRIGHTS_SECRET_KEY", "MIGRIGHTS_ALLOWED_HOSTS", "check --deploy"):
        assert name in text, name


def test_check_deploy_is_clean_with_the_production_settings(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("key", ["", "changeme", "django-insecure-" + "x" * 60, "ab" * 40])
def test_production_refuses_to_start_with_a_weak_key(tmp_path, key) -> None:
    env = production_environment(tmp_path, MIGRIGHTS_SECRET_KEY=key)
    result = subprocess.run([*CLI, "manage", "check"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines() or result.stdout.strip().splitlines()
    assert len(lines) == 1 and "needs a strong MIGRIGHTS_SECRET_KEY" in lines[0], result.stdout + result.stderr
    wsgi = subprocess.run(
        [sys.executable, "-c", "import migrights.wsgi"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert wsgi.returncode != 0 and "needs a strong MIGRIGHTS_SECRET_KEY" in wsgi.stderr  # gunicorn's import


def test_the_documented_collectstatic_command_works(monkeypatch, settings, tmp_path) -> None:
    from typer.testing import CliRunner

    from migrights import cli

    command = re.search(r"`(migrights manage collectstatic[^`]*)`", OPERATIONS.read_text("utf-8")).group(1)
    settings.STATIC_ROOT = tmp_path
    monkeypatch.setattr(cli, "setup", lambda data_dir, quiet=False: None)  # Django is set up by the tests
    result = CliRunner().invoke(cli.app, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "portal" / "charts.js").exists()
