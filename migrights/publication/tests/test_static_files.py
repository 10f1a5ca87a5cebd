"""Web assets are vendored with their licence and checksum, and served hashed and compressed: no CDN."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.core.management import call_command

VENDOR = Path(__file__).resolve().parents[1] / "static" / "vendor"
PACKAGES = sorted(p for p in VENDOR.iterdir() if p.is_dir())


def test_the_issue_s_packages_are_vendored() -> None:
    assert {p.name for p in PACKAGES} >= {"vega", "vega-lite", "vega-embed", "world-atlas", "htmx"}


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_vendored_files_have_licence_version_and_matching_checksums(package: Path) -> None:
    assert (package / "LICENSE").read_text().strip()
    source = (package / "SOURCE.md").read_text()
    assert re.match(r"[\w.-]+ \d+\.\d+\.\d+ \(`[\w.-]+` on the npm registry\)", source), source
    recorded = dict(re.findall(r"([\w.-]+\.(?:js|json|map)) sha256 ([0-9a-f]{64})", source))
    served = {p.name for p in package.iterdir() if p.suffix in (".js", ".json", ".map")}
    assert served and served == set(recorded), f"{package.name}: files and SOURCE.md disagree"
    for name, digest in recorded.items():
        assert hashlib.sha256((package / name).read_bytes()).hexdigest() == digest, f"{package.name}/{name} changed"


def test_templates_never_load_from_another_site() -> None:
    templates = Path(__file__).resolve().parents[2].glob("*/templates/**/*.html")
    remote_asset = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""")
    remote = [str(t) for t in templates if remote_asset.search(t.read_text())]
    assert not remote, f"remote scripts or styles in {remote}"


def test_collected_static_files_are_hashed_and_gzipped(settings, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "migrights.publication.storage.HashedGzipStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    vega = sorted(p.name for p in (tmp_path / "vendor" / "vega").iterdir())
    assert any(re.fullmatch(r"vega\.min\.[0-9a-f]{12}\.js", name) for name in vega), vega
    assert any(re.fullmatch(r"vega\.min\.[0-9a-f]{12}\.js\.gz", name) for name in vega), vega
    assert "vega.min.js" not in vega  # only hashed names are served: they can be cached for ever
