"""Briefs kept on disk: one file per subject, language, format and edition inputs, written whole or not at all."""

from __future__ import annotations

import glob
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
    return _subject_stem(kind, key) + brief_key("", language, edition).lstrip("-")


def _subject_stem(kind: str, key: str) -> str:
    readable = re.sub(r"[^A-Za-z0-9]+", "_", key)[:40]
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{kind}-{readable}-{digest}-"


def briefs_dir() -> Path:
    return Path(settings.DATA_DIR) / "briefs"


def _name_prefix(kind: str, subject: str, language: str) -> str:
    """The start of every file name of a subject in a language, whatever the edition inputs: what its keys share."""
    if kind == "country":
        return f"{subject.upper()}-{language}-"
    return f"{_subject_stem(kind, subject)}{language}-"


def brief_file(kind: str, subject: str, language: str, fmt: str = "pdf") -> Path:
    """Where a brief is kept under the current edition inputs (built or not): ``kind`` and ``subject`` as
    ``render.build_document`` reads them, ``country`` with an ISO3 code being the country's brief."""
    from migrights.scores.editions import current_edition

    edition = current_edition()
    if kind == "country":
        name = brief_key(subject, language, edition)
    else:
        name = document_key(kind, subject, language, edition)
    return briefs_dir() / f"{name}.{fmt}"


def build_file(kind: str, subject: str, language: str, fmt: str = "pdf") -> Path:
    """Build the brief's file unless it is kept (``brief_file``; the job of ``briefs.tasks``), then delete the
    older files of the same subject, language and format: a new release or new data made them stale.

    A file is written whole or not at all (a concurrent request sees no file or all of it); a request serving an old
    file keeps reading it from its open handle after it is deleted. Raises ``brief.UnknownCountry``,
    ``groups.UnknownArea`` or ``groups.UnknownInstrument``."""
    path = brief_file(kind, subject, language, fmt)
    if not path.exists():
        if kind == "country" and fmt == "pdf":
            content = build_brief(subject, language)
        else:
            content = build_document(kind, subject, language, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda part: part.write_bytes(content))
    if brief_file(kind, subject, language, fmt) == path:  # still the newest (no change while it was built)
        drop_stale(path, _name_prefix(kind, subject, language))
    return path


def drop_stale(path: Path, prefix: str) -> int:
    """Delete the kept files named ``prefix…`` with ``path``'s suffix, except ``path``; how many were deleted.

    Temporary files being written (``.name-….part``) are not matched."""
    dropped = 0
    for old in path.parent.glob(f"{glob.escape(prefix)}*{path.suffix}"):
        if old.name != path.name:
            old.unlink(missing_ok=True)  # another build may have deleted it first
            dropped += 1
    return dropped
