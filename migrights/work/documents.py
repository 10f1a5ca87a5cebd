"""PDFs attached as evidence, stored once by checksum under ``DATA_DIR / "documents"``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF"


class BadDocument(ValueError):
    """An upload that is not a PDF or is too large; the message says which."""


def documents_dir() -> Path:
    return Path(settings.DATA_DIR) / "documents"


def document_path(sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise BadDocument(_("%(value)r is not a document checksum") % {"value": sha256})
    return documents_dir() / f"{sha256}.pdf"


def store_pdf(upload: UploadedFile) -> str:
    """Check and keep an uploaded PDF; return its sha256 (storing the same file twice keeps one copy)."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        named = {"file": upload.name, "size": f"{upload.size / 1e6:.1f}", "limit": f"{limit / 1e6:.0f}"}
        raise BadDocument(_("%(file)s is %(size)s MB; documents may be at most %(limit)s MB") % named)
    digest = hashlib.sha256()
    chunks = []
    size = 0
    for chunk in upload.chunks():
        if not chunks and not chunk.startswith(PDF_MAGIC):
            raise BadDocument(_("%(file)s is not a PDF (it does not start with %%PDF)") % {"file": upload.name})
        size += len(chunk)
        if size > limit:
            raise BadDocument(
                _("%(file)s is larger than %(limit)s MB") % {"file": upload.name, "limit": f"{limit / 1e6:.0f}"}
            )
        digest.update(chunk)
        chunks.append(chunk)
    if not chunks:
        raise BadDocument(_("%(file)s is empty") % {"file": upload.name})
    sha256 = digest.hexdigest()
    path = document_path(sha256)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(b"".join(chunks))
        partial.replace(path)
    return sha256
