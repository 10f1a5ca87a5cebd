"""Briefs kept on disk: one file per subject, language, format and edition inputs, written whole or not at all."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from django.conf import settings

from migrights.briefs.render import build_brief, build_document
from migrights.lib import generations
from migrights.lib.files import atomic_write

LAYOUT = 2  # raise when the brief's content or layout changes, so kept PDFs are made again


def brief_key(code: str, language: str, edition: Any | None) -> str:
    """``PHL-fr-2026.1-f6d4303196b520c8-0c1d2e3f4a5b6c7d-2``: a new release, new edition inputs, a new method or a
    change to the public data a brief shows besides the scores (treaty actions, memberships, law: their
    generations, ``lib.generations``) make a new key."""
    release = edition.release.version if edition is not None and edition.release is not None else "none"
    basis = edition.fingerprint if edition is not None else "none"
    return f"{code.upper()}-{language}-{release}-{basis}-{generations.digest(*generations.PUBLIC)}-{LAYOUT}"


def document_key(kind: str, key: str, language: str, edition: Any | None) -> str:
    """A comparative brief's file name (without suffix): the kind, a readable and a hashed form of the subject."""
    readable = re.sub(r"[^A-Za-z0-9]+", "_", key)[:40]
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{kind}-{readable}-{digest}-" + brief_key("", language, edition).lstrip("-")


def briefs_dir() -> Path:
    return Path(settings.DATA_DIR) / "briefs"


def _kept(path: Path, build: Any) -> Path:
    if path.exists():
        return path
    content = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, lambda part: part.write_bytes(content))  # a concurrent request sees no file or all of it


def cached_brief(code: str, language: str) -> Path:
    """The kept PDF of the country's brief, built first when missing; raises ``brief.UnknownCountry``."""
    from migrights.scores.editions import current_edition

    path = briefs_dir() / f"{brief_key(code, language, current_edition())}.pdf"
    return _kept(path, lambda: build_brief(code, language))


def cached_document(kind: str, key: str, language: str, fmt: str) -> Path:
    """The kept PDF or HTML of a comparative or instrument brief (``render.build_document``), built when missing."""
    from migrights.scores.editions import current_edition

    path = briefs_dir() / f"{document_key(kind, key, language, current_edition())}.{fmt}"
    return _kept(path, lambda: build_document(kind, key, language, fmt))
