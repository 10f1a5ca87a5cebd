"""HTML to PDF with WeasyPrint, nothing fetched: the path the policy briefs and the codebook share.

The stylesheet sits in the HTML, fonts are the system's (DejaVu), and the URL fetcher refuses everything but
``data:`` addresses, so a rendered document never reaches the network. A part that many documents share can be
laid out once and kept on disk under the hash of its HTML (``kept_pdf``), then joined to each document's own
part (``join_pdfs``, pypdf).
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from migrights.lib.cpu import collector_paused
from migrights.lib.files import atomic_write, beyond_most_recent

if TYPE_CHECKING:
    import weasyprint

# how many kept parts stay on disk (the most recently used): a document's few parts for each of some states of
# the framework and the data
KEPT_PARTS = 32


def LocalOnlyFetcher() -> Any:  # it stands for the class, built on WeasyPrint's when first asked for
    """WeasyPrint's fetcher limited to inline ``data:`` resources: a document never reaches the network.

    WeasyPrint (about 50 MB of a process) is imported when a PDF is made, not by every server that might make one.
    """
    from weasyprint.urls import URLFetcher

    class _LocalOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)

    return _LocalOnlyFetcher()


def _document(html: str) -> weasyprint.Document:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=LocalOnlyFetcher(), base_url=None).render()


def html_to_pdf(html: str) -> bytes:
    """The PDF of a whole HTML document whose styles and images are inline."""
    return html_to_pdf_pages(html)[0]


def html_to_pdf_pages(html: str) -> tuple[bytes, int]:
    """The PDF of a whole HTML document (as ``html_to_pdf``) and its number of pages, laid out with the garbage
    collector paused (``lib.cpu``: millions of short-lived boxes)."""
    with collector_paused():
        document = _document(html)
        return document.write_pdf(), len(document.pages)


def kept_pdf(html: str, folder: Path) -> tuple[bytes, int]:
    """The PDF of ``html`` and its number of pages, laid out once and kept in ``folder`` under the hash of the HTML
    and WeasyPrint's version (``<hash>-<pages>.pdf``, written whole or not at all: the pages known without reading
    the file); only the ``KEPT_PARTS`` most recently used are kept."""
    import weasyprint

    key = hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode()).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    for found in folder.glob(f"{key}-*.pdf"):
        try:
            data = found.read_bytes()
            os.utime(found)  # recently used
            return data, int(found.stem.rsplit("-", 1)[1])
        except (FileNotFoundError, ValueError):  # removed by another process meanwhile, or not one of ours
            continue
    data, pages = html_to_pdf_pages(html)
    atomic_write(folder / f"{key}-{pages}.pdf", lambda path: path.write_bytes(data))
    for old in beyond_most_recent(folder.glob("*.pdf"), KEPT_PARTS):
        old.unlink(missing_ok=True)
    return data, pages


def join_pdfs(parts: Sequence[bytes]) -> bytes:
    """PDFs joined into one, in order, as if laid out as one document: the first one's metadata (title, author),
    every part's pages, and the later parts' bookmarks nested under the first part's first one (its title
    heading). pypdf is imported here: the briefs, which never join, do without it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    title = None  # the first part's first bookmark
    for n, part in enumerate(parts):
        reader = PdfReader(io.BytesIO(part))
        offset = len(writer.pages)
        writer.append(reader, import_outline=False)
        if n == 0:
            if reader.metadata:
                writer.add_metadata(reader.metadata)
            if "/Lang" in reader.root_object:  # the language a reader's voice reads it in
                writer.root_object[NameObject("/Lang")] = reader.root_object["/Lang"]
            title = _copy_outline(writer, reader, reader.outline, offset, None)
        else:
            _copy_outline(writer, reader, reader.outline, offset, title)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_outline(writer: Any, reader: Any, outline: list[Any], offset: int, parent: Any) -> Any:
    """A reader's bookmarks (a list of destinations, each followed by the list of its children) added to the
    writer under ``parent``, their pages moved on by ``offset``, their place on the page kept; the first one
    added (None if none)."""
    from pypdf.generic import Fit

    first = last = None
    for item in outline:
        if isinstance(item, list):
            _copy_outline(writer, reader, item, offset, last)
            continue
        fit = Fit.xyz(left=item.left, top=item.top, zoom=item.zoom)
        page = reader.get_destination_page_number(item) + offset
        last = writer.add_outline_item(title=item.title, page_number=page, parent=parent, fit=fit)
        first = first or last
    return first
