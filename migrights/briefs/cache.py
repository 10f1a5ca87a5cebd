"""Briefs kept on disk: one PDF per country, language and edition inputs, written whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from migrights.briefs.render import build_brief
from migrights.lib.files import atomic_write

LAYOUT = 1  # raise when the brief's content or layout changes, so kept PDFs are made again


def brief_key(code: str, language: str, edition: Any | None) -> str:
    """``PHL-fr-2026.1-f6d4303196b520c8-1``: a new release, new edition inputs or a new method make a new key."""
    release = edition.release.version if edition is not None and edition.release is not None else "none"
    basis = edition.fingerprint if edition is not None else "none"
    return f"{code.upper()}-{language}-{release}-{basis}-{LAYOUT}"


def briefs_dir() -> Path:
    return Path(settings.DATA_DIR) / "briefs"


def cached_brief(code: str, language: str) -> Path:
    """The kept PDF of the country's brief, built first when missing; raises ``brief.UnknownCountry``."""
    from migrights.scores.editions import current_edition

    path = briefs_dir() / f"{brief_key(code, language, current_edition())}.pdf"
    if path.exists():
        return path
    pdf = build_brief(code, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, lambda part: part.write_bytes(pdf))  # a concurrent request sees no file or all of it
